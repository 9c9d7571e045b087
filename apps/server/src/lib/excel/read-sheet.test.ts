import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { matchHeaders, readSheet, type SheetRow } from "./read-sheet.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "read-sheet-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const knownHeaders = ["统一社会信用代码", "企业名称", "注册资本（万元）", "成立日期"];

async function saveWorkbook(name: string, fill: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function collect(rows: AsyncIterable<SheetRow>): Promise<SheetRow[]> {
  const all: SheetRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

function registerSheet(workbook: ExcelJS.Workbook) {
  const sheet = workbook.addWorksheet("企业名录");
  sheet.getCell("A1").value = "2024年企业名录";
  sheet.mergeCells("A1:H1");
  sheet.getRow(3).values = [
    "统一社会信用代码",
    "企业名称",
    "注册资本(万元)",
    "成立日期",
    "登记日期",
    null,
    "备注",
    "备注",
  ];
  sheet.getRow(4).values = [
    "９１３２０１００ＭＡ１ＸＹ２３４５６",
    "甲公司",
    1234.5,
    new Date(Date.UTC(2024, 2, 5)),
    45356,
  ];
  sheet.getCell("D4").numFmt = "yyyy-mm-dd";
  sheet.getCell("G4").value = "a";
  sheet.getCell("H4").value = "b";
  sheet.getCell("A5").value = "91320100MA1XY23457";
  sheet.getCell("B5").value = { richText: [{ text: "乙" }, { font: { bold: true }, text: "公司" }] };
  sheet.getCell("C5").value = { formula: "100+23.4", result: 123.4 };
  sheet.getCell("D5").value = { formula: "DATE(2024,3,5)", result: 45356 };
  sheet.getCell("D5").numFmt = 'yyyy"年"m"月"d"日"';
  sheet.getCell("A7").value = "91320100MA1XY23458";
  sheet.getCell("B7").value = { text: "丙公司", hyperlink: "https://example.com" };
  sheet.getCell("C7").value = { error: "#N/A" };
  sheet.getCell("D7").value = "2024年3月5日";
  sheet.getCell("B9").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
  sheet.getCell("B10").value = "  ";
  workbook.addWorksheet("说明").getCell("A1").value = "不应被读取";
}

describe("readSheet", () => {
  it("finds the header below a title row and reads values as Excel shows them", async () => {
    const file = await saveWorkbook("register.xlsx", registerSheet);
    const sheet = await readSheet(file, { knownHeaders });
    expect(sheet.headerRowNumber).toBe(3);
    expect(sheet.headers).toEqual([
      "统一社会信用代码",
      "企业名称",
      "注册资本(万元)",
      "成立日期",
      "登记日期",
      "列6",
      "备注",
      "备注（列8）",
    ]);
    const rows = await collect(sheet.rows);
    expect(rows.map((r) => r.rowNumber)).toEqual([4, 5, 7]);
    expect(rows[0]?.cells).toEqual({
      统一社会信用代码: "９１３２０１００ＭＡ１ＸＹ２３４５６",
      企业名称: "甲公司",
      "注册资本(万元)": 1234.5,
      成立日期: "2024-03-05",
      登记日期: 45356,
      备注: "a",
      "备注（列8）": "b",
    });
    expect(rows[1]?.cells).toMatchObject({ 企业名称: "乙公司", "注册资本(万元)": 123.4, 成立日期: "2024-03-05" });
    expect(rows[2]?.cells).toMatchObject({ 企业名称: "丙公司", 成立日期: "2024年3月5日" });
    expect(rows[2]?.cells).not.toHaveProperty("注册资本(万元)");
  });

  it("reads the first visible sheet in tab order", async () => {
    const file = await saveWorkbook("hidden-first.xlsx", (workbook) => {
      const hidden = workbook.addWorksheet("旧数据", { state: "hidden" });
      hidden.addRow(["企业名称", "成立日期"]);
      hidden.addRow(["旧公司", "2000-01-01"]);
      const sheet = workbook.addWorksheet("新数据");
      sheet.addRow(["企业名称", "成立日期"]);
      sheet.addRow(["新公司", "2024-01-01"]);
    });
    const sheet = await readSheet(file, { knownHeaders });
    expect((await collect(sheet.rows)).map((r) => r.cells.企业名称)).toEqual(["新公司"]);
  });

  it("prefers the row holding known headers over an earlier row of text", async () => {
    const file = await saveWorkbook("known.xlsx", (workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["填报单位：", "高新区经发局"]);
      sheet.addRow(["序号", "企业名称 ", "统一社会信用代码"]);
      sheet.addRow([1, "甲公司", "91320100MA1XY23456"]);
      const unknown = workbook.addWorksheet("Sheet2");
      unknown.addRow(["x"]);
    });
    const sheet = await readSheet(file, { knownHeaders });
    expect(sheet.headerRowNumber).toBe(2);
    expect(sheet.headers).toEqual(["序号", "企业名称", "统一社会信用代码"]);
  });

  it("falls back to the first row of two text cells with data below when no header is known", async () => {
    const file = await saveWorkbook("unknown.xlsx", (workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["2024年名单"]);
      sheet.addRow(["名字", "地址"]);
      sheet.addRow(["甲", "南京"]);
    });
    const sheet = await readSheet(file, { knownHeaders });
    expect(sheet.headerRowNumber).toBe(2);
    expect(await collect(sheet.rows)).toEqual([{ rowNumber: 3, cells: { 名字: "甲", 地址: "南京" } }]);
  });

  it("refuses a sheet without a header row with IMPORT_INVALID_FILE", async () => {
    const file = await saveWorkbook("no-header.xlsx", (workbook) => {
      workbook.addWorksheet("Sheet1").addRow(["只有一个标题"]);
    });
    const error = await refusal(readSheet(file, { knownHeaders }));
    expect(error.code).toBe("IMPORT_INVALID_FILE");
    expect(error.message).toContain("未找到表头行");
  });

  it("refuses more data rows than maxRows", async () => {
    const file = await saveWorkbook("many.xlsx", (workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["企业名称", "成立日期"]);
      for (let i = 0; i < 5; i++) sheet.addRow([`公司${i}`, "2024-01-01"]);
    });
    const sheet = await readSheet(file, { knownHeaders, maxRows: 3 });
    const error = await refusal(collect(sheet.rows));
    expect(error.code).toBe("IMPORT_INVALID_FILE");
    expect(error.message).toContain("超过 3 行");
  });

  it("keeps Chinese text intact across decompression chunk boundaries", async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `南京市高新技术产业开发区第${i}号企业有限公司`);
    const file = await saveWorkbook("chinese.xlsx", (workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["企业名称", "成立日期"]);
      for (const name of names) sheet.addRow([name, "2024-01-01"]);
    });
    const sheet = await readSheet(file, { knownHeaders });
    expect((await collect(sheet.rows)).map((r) => r.cells.企业名称)).toEqual(names);
  });
});

describe("matchHeaders", () => {
  const fields = [
    { key: "creditCode", header: "统一社会信用代码" },
    { key: "name", header: "企业名称" },
    { key: "capital", header: "注册资本（万元）" },
    { key: "foundedOn", header: "成立日期" },
    { key: "legal", header: "法定代表人" },
    { key: "phone", header: "联系电话", aliases: ["电话", "手机"] },
    { key: "tags", header: "企业标签" },
  ];

  it("maps exact, normalised and synonymous headers and leaves the rest null", () => {
    expect(
      matchHeaders(["信用代码", "单位名称", "注册资金(万元)", "成立时间", "法人", "手机", "备注"], fields),
    ).toEqual({
      creditCode: "信用代码",
      name: "单位名称",
      capital: "注册资金(万元)",
      foundedOn: "成立时间",
      legal: "法人",
      phone: "手机",
      tags: null,
    });
    expect(matchHeaders(["统一社会信用代码*", "企业名称", "注册资本 （万元）"], fields)).toMatchObject({
      creditCode: "统一社会信用代码*",
      name: "企业名称",
      capital: "注册资本 （万元）",
    });
  });

  it("gives a field its own header before another field's synonym takes it", () => {
    const mapping = matchHeaders(
      ["公司名称", "企业名称"],
      [
        { key: "alias", header: "公司简称", aliases: [] },
        { key: "name", header: "企业名称" },
      ],
    );
    expect(mapping).toEqual({ alias: null, name: "企业名称" });
  });
});
