import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSheet } from "./read-sheet.js";
import { cleanText, parseDate, parseWanYuan } from "./values.js";
import { buildTemplate, type SheetCell, writeSheet } from "./write-sheet.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "write-sheet-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

const columns = [
  { header: "企业名称", width: 30 },
  { header: "电话", kind: "text" as const },
  { header: "注册资本（万元）", kind: "number" as const },
  { header: "成立日期", kind: "date" as const },
];

describe("writeSheet", () => {
  it("escapes text a spreadsheet would run as a formula, and cleanText restores it", async () => {
    const file = path.join(dir, "escape.xlsx");
    const risky = ["=1+1", "+86 139 0000 0000", "-5", "@SUM(A1)", '=HYPERLINK("http://x")', "'=already"];
    const rows: SheetCell[][] = risky.map((text, i) => [text, text, i, null]);
    rows.push(["普通公司", "025-88888888", -5, "2024-03-05"]);
    await writeSheet(createWriteStream(file), { sheetName: "导出", title: "企业名录", columns, rows });

    const sheet = (await loadWorkbook(file)).getWorksheet("导出");
    if (!sheet) throw new Error("sheet missing");
    risky.forEach((text, i) => {
      const value = sheet.getCell(i + 3, 1).value;
      expect(typeof value).toBe("string");
      expect(String(value).startsWith("'")).toBe(true);
      expect(sheet.getCell(i + 3, 1).formula).toBeUndefined();
      expect(cleanText(value)).toBe(text);
      expect(sheet.getCell(i + 3, 3).value).toBe(i);
    });
    const plain = sheet.getRow(risky.length + 3);
    expect(plain.getCell(1).value).toBe("普通公司");
    expect(plain.getCell(2).value).toBe("025-88888888");
    expect(plain.getCell(3).value).toBe(-5);
    expect(plain.getCell(4).value).toEqual(new Date(Date.UTC(2024, 2, 5)));
  });

  it("writes a title, a bold filled frozen header with autofilter, and column widths", async () => {
    const file = path.join(dir, "layout.xlsx");
    await writeSheet(createWriteStream(file), { sheetName: "a/b:c", title: "标题", columns, rows: [] });
    const sheet = (await loadWorkbook(file)).worksheets[0];
    if (!sheet) throw new Error("sheet missing");
    expect(sheet.name).toBe("a_b_c");
    expect(sheet.getCell("A1").value).toBe("标题");
    expect(sheet.getCell("B2").value).toBe("电话");
    expect(sheet.getCell("B2").font?.bold).toBe(true);
    expect(sheet.getCell("B2").fill).toMatchObject({ type: "pattern", pattern: "solid" });
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(1).width).toBe(30);
  });

  it("prints on A4 landscape, every column on one page width, the header row repeated on each page", async () => {
    const file = path.join(dir, "print.xlsx");
    await writeSheet(createWriteStream(file), { sheetName: "台账", title: "标题", columns, rows: [] });
    const sheet = (await loadWorkbook(file)).worksheets[0];
    if (!sheet) throw new Error("sheet missing");
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "2:2",
    });
  });

  it("wraps long-text columns and makes their rows tall enough to print every line", async () => {
    const file = path.join(dir, "wrap.xlsx");
    const long = "企业扩建厂房需新增用地约20亩".repeat(4); // 28 width units (a CJK character counts 2) × 4 = 112
    await writeSheet(createWriteStream(file), {
      sheetName: "台账",
      columns: [
        { header: "问题描述", width: 31, wrap: true },
        { header: "电话", kind: "text" },
      ],
      rows: [
        [long, "短"],
        ["一行写得下", "短"],
        ["第一行\n第二行\n第三行", null],
      ],
    });
    const sheet = (await loadWorkbook(file)).worksheets[0];
    if (!sheet) throw new Error("sheet missing");
    expect(sheet.getCell("A2").alignment).toMatchObject({ wrapText: true, vertical: "top" });
    expect(sheet.getCell("B2").alignment).toEqual({ vertical: "top" });
    // 112 width units at 30 a line (31 less a margin) are 4 lines of 15 points, plus 3
    expect(sheet.getRow(2).height).toBe(63);
    expect(sheet.getRow(3).height).toBeUndefined();
    expect(sheet.getRow(4).height).toBe(48);
  });

  it("round-trips an export through readSheet and the value parsers", async () => {
    const file = path.join(dir, "roundtrip.xlsx");
    await writeSheet(createWriteStream(file), {
      sheetName: "企业",
      columns,
      rows: [["=危险公司", "+8613900000000", "1234.567891", "2024-02-29"]],
    });
    const sheet = await readSheet(file, { knownHeaders: columns.map((c) => c.header) });
    const rows = [];
    for await (const row of sheet.rows) rows.push(row);
    const cells = rows[0]?.cells ?? {};
    expect(cleanText(cells.企业名称)).toBe("=危险公司");
    expect(cleanText(cells.电话)).toBe("+8613900000000");
    expect(parseWanYuan(cells["注册资本（万元）"])).toEqual({ ok: true, value: "12345678.91" });
    expect(parseDate(cells.成立日期)).toEqual({ ok: true, value: "2024-02-29" });
  });

  it("stops and rejects when the rows fail, destroying the output", async () => {
    const output = new PassThrough();
    output.resume();
    async function* failing(): AsyncGenerator<SheetCell[]> {
      yield ["a", null, null, null];
      throw new Error("database went away");
    }
    await expect(writeSheet(output, { sheetName: "x", columns, rows: failing() })).rejects.toThrow(
      "database went away",
    );
    expect(output.destroyed).toBe(true);
  });

  it("stops producing rows when the output closes early", async () => {
    const output = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error("client disconnected"));
      },
    });
    let produced = 0;
    function* endless(): Generator<SheetCell[]> {
      for (;;) {
        produced++;
        yield [`公司${produced}`, "x".repeat(200), produced, null];
      }
    }
    await expect(writeSheet(output, { sheetName: "x", columns, rows: endless() })).rejects.toThrow();
    expect(produced).toBeLessThan(5_000);
  });

  it("streams 50,000 rows out and back in", async () => {
    const file = path.join(dir, "big.xlsx");
    const total = 50_000;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sample = () => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    };
    const started = performance.now();
    async function* rows(): AsyncGenerator<SheetCell[]> {
      for (let i = 0; i < total; i++) {
        if (i % 5000 === 0) sample();
        yield [`南京某某科技有限公司${i}`, `1390000${String(i).padStart(4, "0")}`, i / 100, "2024-03-05"];
      }
    }
    await writeSheet(createWriteStream(file), { sheetName: "企业", columns, rows: rows() });
    const written = performance.now();

    const sheet = await readSheet(file, { knownHeaders: columns.map((c) => c.header), maxRows: total });
    let count = 0;
    let last = 0;
    for await (const row of sheet.rows) {
      count++;
      last = row.rowNumber;
      if (count % 5000 === 0) sample();
    }
    const read = performance.now();
    expect(count).toBe(total);
    expect(last).toBe(total + 1);
    console.info(
      `50k rows: write ${Math.round(written - started)} ms, read ${Math.round(read - written)} ms, ` +
        `RSS ${Math.round(rssBefore / 2 ** 20)} MB → peak ${Math.round(rssPeak / 2 ** 20)} MB`,
    );
  }, 60_000);
});

describe("buildTemplate", () => {
  it("marks required headers, adds sample rows and an instructions sheet", async () => {
    const file = path.join(dir, "template.xlsx");
    await buildTemplate(createWriteStream(file), {
      sheetName: "企业导入模板",
      columns: [
        { header: "统一社会信用代码", required: true, note: "18 位", kind: "text" },
        { header: "企业名称", required: true },
        { header: "企业标签", required: false, note: "多个标签用顿号分隔" },
      ],
      sampleRows: [["91320100MA1XY23456", "示例公司（导入前请删除）", "高新技术企业、重点企业"]],
      instructions: ["1. 红色列为必填。", "2. 请删除示例行后再导入。"],
    });
    const workbook = await loadWorkbook(file);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("sheet missing");
    expect(sheet.getRow(1).values).toEqual([undefined, "统一社会信用代码", "企业名称", "企业标签"]);
    expect(sheet.getCell("A1").font?.color?.argb).toBe("FFC00000");
    expect(sheet.getCell("C1").font?.color).toBeUndefined();
    expect(JSON.stringify(sheet.getCell("A1").note)).toContain("必填");
    expect(JSON.stringify(sheet.getCell("C1").note)).toContain("顿号");
    expect(sheet.getCell("B2").value).toBe("示例公司（导入前请删除）");
    const help = workbook.getWorksheet("填写说明");
    expect(help?.getCell("A2").value).toBe("1. 红色列为必填。");
    expect(help?.getCell("A6").value).toBe("统一社会信用代码");
    expect(help?.getCell("B6").value).toBe("必填");
  });
});
