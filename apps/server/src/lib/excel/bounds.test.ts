import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { crc32, deflateRawSync } from "node:zlib";
import type { MultipartFile } from "@fastify/multipart";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { assertXlsxBounds } from "./bounds.js";
import { readSheet } from "./read-sheet.js";
import { saveUpload } from "./upload.js";

let dir = "";
let validFile = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "bounds-"));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sheet1");
  sheet.addRow(["企业名称", "成立日期"]);
  for (let i = 0; i < 200; i++) sheet.addRow([`公司${i}`, "2024-03-05"]);
  validFile = path.join(dir, "valid.xlsx");
  await workbook.xlsx.writeFile(validFile);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const roomy = { maxEntries: 1000, maxUnpackedBytes: 100 * 1024 * 1024 };

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** A deflated zip whose headers declare `declaredSize` (when given) instead of the real size. */
function buildZip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declaredSize } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const compressed = deflateRawSync(data);
    const size = declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe("assertXlsxBounds", () => {
  it("lets a normal workbook through", async () => {
    await expect(assertXlsxBounds(validFile, roomy)).resolves.toBeUndefined();
  });

  it("refuses a file that is not a zip with UNSUPPORTED_FILE", async () => {
    const file = path.join(dir, "not-zip.xlsx");
    await writeFile(file, "企业名称,成立日期\n甲公司,2024-03-05\n");
    const error = await refusal(assertXlsxBounds(file, roomy));
    expect(error.code).toBe("UNSUPPORTED_FILE");
    expect(error.message).toContain(".xls 请另存为 .xlsx");
  });

  it("recognises an old .xls (or password-protected) file", async () => {
    const file = path.join(dir, "old.xls.xlsx");
    await writeFile(file, Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(512)]));
    const error = await refusal(assertXlsxBounds(file, roomy));
    expect(error.code).toBe("UNSUPPORTED_FILE");
    expect(error.message).toContain("密码");
  });

  it("refuses a zip that is not a workbook", async () => {
    const file = path.join(dir, "other.xlsx");
    await writeFile(file, buildZip([{ name: "word/document.xml", data: Buffer.from("<w/>") }]));
    expect((await refusal(assertXlsxBounds(file, roomy))).code).toBe("UNSUPPORTED_FILE");
  });

  it("refuses more unpacked bytes than allowed, naming the limit", async () => {
    const error = await refusal(assertXlsxBounds(validFile, { maxEntries: 1000, maxUnpackedBytes: 2048 }));
    expect(error.code).toBe("UPLOAD_TOO_LARGE");
    expect(error.message).toBe("文件解压后超过 2 KB，可能是压缩炸弹，已拒绝");
  });

  it("refuses more entries than allowed", async () => {
    const error = await refusal(
      assertXlsxBounds(validFile, { maxEntries: 3, maxUnpackedBytes: roomy.maxUnpackedBytes }),
    );
    expect(error.code).toBe("UPLOAD_TOO_LARGE");
    expect(error.message).toContain("3 个");
  });
});

describe("readSheet on hostile files", () => {
  it("refuses a zip whose declared sizes lie, although the declared sizes pass the bounds", async () => {
    const file = path.join(dir, "liar.xlsx");
    const bomb = Buffer.from(`<workbook>${" ".repeat(2 * 1024 * 1024)}</workbook>`);
    await writeFile(file, buildZip([{ name: "xl/workbook.xml", data: bomb, declaredSize: 100 }]));
    const limits = { maxEntries: 10, maxUnpackedBytes: 64 * 1024 };
    await expect(assertXlsxBounds(file, limits)).resolves.toBeUndefined();
    const error = await refusal(readSheet(file, { knownHeaders: [], maxUnpackedBytes: limits.maxUnpackedBytes }));
    // yauzl checks inflated sizes against the declared ones and stops at the first byte too many.
    expect(error.code).toBe("IMPORT_INVALID_FILE");
  });

  it("refuses a workbook over the limit as read, with UPLOAD_TOO_LARGE", async () => {
    const error = await refusal(readSheet(validFile, { knownHeaders: ["企业名称"], maxUnpackedBytes: 4096 }));
    expect(error.code).toBe("UPLOAD_TOO_LARGE");
  });

  it("refuses a worksheet cut short instead of importing the rows before the cut", async () => {
    const file = path.join(dir, "truncated.xlsx");
    const parts = [
      ["xl/workbook.xml", '<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      ["xl/worksheets/sheet1.xml", `<worksheet><sheetData>${rowsXml(["企业名称", "成立日期"], ["甲", "乙"])}`],
    ];
    await writeFile(file, buildZip(parts.map(([name = "", xml = ""]) => ({ name, data: Buffer.from(xml) }))));
    const sheet = await readSheet(file, { knownHeaders: ["企业名称", "成立日期"] });
    const error = await refusal(
      (async () => {
        for await (const row of sheet.rows) void row;
      })(),
    );
    expect(error.code).toBe("IMPORT_INVALID_FILE");
  });

  it("answers a corrupt worksheet with IMPORT_INVALID_FILE, not a crash", async () => {
    const file = path.join(dir, "corrupt.xlsx");
    const parts = [
      ["[Content_Types].xml", "<Types/>"],
      ["xl/workbook.xml", '<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      [
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>x</t></is></c></row></sheetData><</worksheet>",
      ],
    ];
    await writeFile(file, buildZip(parts.map(([name = "", xml = ""]) => ({ name, data: Buffer.from(xml) }))));
    const error = await refusal(readSheet(file, { knownHeaders: ["企业名称"] }));
    expect(error.code).toBe("IMPORT_INVALID_FILE");
    expect(error.message).toContain("文件已损坏");
  });
});

/** A multipart file part as @fastify/multipart hands it over (busboy marks a part cut at the limit). */
function part(filename: string, data: Buffer, truncatedAt?: number): MultipartFile {
  const file = Object.assign(Readable.from([data]), {
    truncated: truncatedAt !== undefined,
    bytesRead: truncatedAt ?? data.length,
  });
  return {
    type: "file",
    toBuffer: async () => data,
    file,
    fieldname: "file",
    filename,
    encoding: "7bit",
    mimetype: "application/octet-stream",
    fields: {},
  };
}

describe("saveUpload", () => {
  it("streams an .xlsx part to a temp file under the directory", async () => {
    const uploads = path.join(dir, "uploads-ok", "nested");
    const data = await readFile(validFile);
    const saved = await saveUpload(part("C:\\Users\\张三\\企业名录.XLSX", data), uploads);
    expect(saved.fileName).toBe("企业名录.XLSX");
    expect(saved.size).toBe(data.length);
    expect(path.dirname(saved.path)).toBe(uploads);
    expect((await readFile(saved.path)).equals(data)).toBe(true);
  });

  it("refuses an old .xls and other extensions with UNSUPPORTED_FILE", async () => {
    const uploads = path.join(dir, "uploads-ext");
    const xls = await refusal(saveUpload(part("名录.xls", Buffer.from("x")), uploads));
    expect(xls.code).toBe("UNSUPPORTED_FILE");
    expect(xls.message).toContain("另存为");
    expect((await refusal(saveUpload(part("名录.csv", Buffer.from("x")), uploads))).code).toBe("UNSUPPORTED_FILE");
  });

  it("refuses a part cut at the size limit and removes what was written", async () => {
    const uploads = path.join(dir, "uploads-big");
    const error = await refusal(saveUpload(part("big.xlsx", Buffer.alloc(1024), 1024 * 1024), uploads));
    expect(error.code).toBe("UPLOAD_TOO_LARGE");
    expect(error.message).toContain("1 MB");
    expect(await readdir(uploads)).toEqual([]);
  });
});

function rowsXml(...rows: string[][]): string {
  return rows
    .map((cells, r) => {
      const xml = cells.map(
        (text, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${text}</t></is></c>`,
      );
      return `<row r="${r + 1}">${xml.join("")}</row>`;
    })
    .join("");
}
