import { Readable } from "node:stream";
import ExcelJS, { type Row } from "exceljs";
import type { Entry } from "yauzl";
import { AppError } from "../errors.js";
import { decodeCounted, InflateBudget, openEntryStream, openXlsxZip, type Tail, type XlsxZip } from "./bounds.js";
import { type CellValue, cleanText, sheetCellValue } from "./values.js";

export type { CellValue };

export interface SheetRow {
  /** The row number Excel shows. */
  rowNumber: number;
  /** Cells by (unique) header name; an empty cell has no entry. */
  cells: Record<string, CellValue>;
}

export interface ReadSheetOptions {
  /** Headers (and aliases) the caller expects; a row holding two of them is the header row. */
  knownHeaders: string[];
  /** Refuse once this many bytes have actually been inflated (default 400 MB). */
  maxUnpackedBytes?: number;
  /** Refuse a sheet with more data rows than this. */
  maxRows?: number;
}

export interface SheetReader {
  headers: string[];
  headerRowNumber: number;
  /** The data rows below the header, once; empty rows skipped. Closes the file when done. */
  rows: AsyncIterable<SheetRow>;
  /** Releases the file; needed only when `rows` is not iterated to the end. Safe to call twice. */
  close(): Promise<void>;
}

const defaultMaxUnpackedBytes = 400 * 1024 * 1024;
const headerSearchRows = 10;
/** Registers have a few dozen columns; a header far to the right would inflate every staged row. */
const maxColumns = 200;
const unreadableMessage = "文件已损坏或不是标准的 Excel 格式，无法读取；请用 Excel 打开后另存为 .xlsx 再上传";

/**
 * ExcelJS 4.4's WorkbookReader parses each part of a workbook from a stream it is handed; these are
 * the methods its own parse() calls. We hand them entries read through yauzl so that only the first
 * sheet is inflated (parse() copies every sheet to a temp file first and leaks them if stopped early),
 * every inflated byte is counted, and text is decoded with a streaming decoder (parse() decodes each
 * chunk on its own, garbling a Chinese character split across two chunks).
 */
interface ReaderInternals {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { rId: string; state?: string }[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Iterable<{ value: unknown }>;
}

function hasReaderInternals(reader: object): reader is ReaderInternals {
  const methods = ["_parseRels", "_parseWorkbook", "_parseStyles", "_parseSharedStrings", "_parseWorksheet"];
  return methods.every((m) => typeof Reflect.get(reader, m) === "function");
}

function isRowSource(v: unknown): v is AsyncIterable<Row> {
  return typeof v === "object" && v !== null && typeof Reflect.get(v, Symbol.asyncIterator) === "function";
}

/**
 * Opens the first (visible) worksheet of an .xlsx and finds its header row, streaming: rows are parsed
 * as they are read and never held together. The header row is the first of the first 10 non-empty rows
 * with at least two known headers, else the first with two text cells that has data below it.
 * Refuses with IMPORT_INVALID_FILE (no header, too many rows, corrupt file) or UPLOAD_TOO_LARGE.
 */
export async function readSheet(filePath: string, options: ReadSheetOptions): Promise<SheetReader> {
  const maxUnpackedBytes = options.maxUnpackedBytes ?? defaultMaxUnpackedBytes;
  const opened = await openXlsxZip(filePath, { maxUnpackedBytes });
  let sheetRows: AsyncIterator<Row> | null = null;
  const tail: Tail = { text: "" };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await sheetRows?.return?.().catch(() => undefined);
    opened.close();
  };
  try {
    sheetRows = await openFirstSheet(opened, new InflateBudget(maxUnpackedBytes), tail);
    const source = sheetRows;
    const next = async (): Promise<RawRow | null> => {
      const r = await source.next();
      return r.done ? null : rawRowOf(r.value);
    };
    const found = await findHeader(next, options.knownHeaders);
    const width = found.header.values.reduce<number>((last, v, i) => (cleanText(v) === null ? last : i + 1), 0);
    if (width > maxColumns) {
      throw new AppError(
        "IMPORT_INVALID_FILE",
        `表头超过 ${maxColumns} 列（第 ${width} 列仍有内容），请删除多余的列后再导入`,
      );
    }
    const headers = uniqueHeaders(found.header.values.slice(0, width));
    async function* rows(): AsyncGenerator<SheetRow> {
      try {
        let count = 0;
        for (let raw = found.pending.shift() ?? (await next()); raw; raw = found.pending.shift() ?? (await next())) {
          if (isEmptyRow(raw)) continue;
          count++;
          if (options.maxRows !== undefined && count > options.maxRows) {
            throw new AppError("IMPORT_INVALID_FILE", `数据超过 ${options.maxRows} 行，请分成多个文件导入`);
          }
          const cells: Record<string, CellValue> = {};
          // Only cells with a value are kept: a staged row stays as small as the data in it.
          headers.forEach((h, i) => {
            const value = raw.values[i] ?? null;
            if (value !== null && value !== "") cells[h] = value;
          });
          yield { rowNumber: raw.rowNumber, cells };
        }
        // ExcelJS never closes its XML parser, so a sheet cut short would otherwise end quietly.
        if (!/<\/(\w+:)?worksheet>\s*$/.test(tail.text)) throw new AppError("IMPORT_INVALID_FILE", unreadableMessage);
      } catch (error) {
        throw asReadError(error);
      } finally {
        await close();
      }
    }
    return { headers, headerRowNumber: found.header.rowNumber, rows: rows(), close };
  } catch (error) {
    await close();
    throw asReadError(error);
  }
}

async function openFirstSheet(opened: XlsxZip, budget: InflateBudget, tail: Tail): Promise<AsyncIterator<Row>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
  });
  if (!hasReaderInternals(reader)) throw new ExcelInternalsError("WorkbookReader internals changed; see read-sheet.ts");
  const part = async (name: string) => {
    const entry = opened.entries.get(name);
    return entry ? Readable.from(decodeCounted(await openEntryStream(opened.zip, entry), budget)) : null;
  };
  const rels = await part("xl/_rels/workbook.xml.rels");
  if (rels) await reader._parseRels(rels);
  const workbook = await part("xl/workbook.xml");
  if (workbook) await reader._parseWorkbook(workbook);
  const styles = await part("xl/styles.xml");
  if (styles) await reader._parseStyles(styles);
  const sharedStrings = await part("xl/sharedStrings.xml");
  if (sharedStrings) await drain(reader._parseSharedStrings(sharedStrings));

  const entry = firstSheetEntry(opened.entries, reader);
  if (!entry) throw new AppError("IMPORT_INVALID_FILE", "文件中没有工作表");
  const sheetNo = /(\d+)\.xml$/.exec(entry.fileName)?.[1] ?? "1";
  const chunks = decodeCounted(await openEntryStream(opened.zip, entry), budget, tail);
  for (const { value } of reader._parseWorksheet(chunks, sheetNo)) {
    if (isRowSource(value)) return value[Symbol.asyncIterator]();
  }
  throw new ExcelInternalsError("WorkbookReader did not emit the worksheet");
}

async function drain(events: AsyncIterable<unknown>): Promise<void> {
  for await (const event of events) void event;
}

/** The first visible sheet in workbook (tab) order, found through workbook.xml and its rels. */
function firstSheetEntry(entries: Map<string, Entry>, reader: ReaderInternals): Entry | undefined {
  const sheets = reader.model?.sheets ?? [];
  const sheet = sheets.find((s) => s.state !== "hidden" && s.state !== "veryHidden") ?? sheets[0];
  const target = reader.workbookRels?.find((r) => r.Id === sheet?.rId)?.Target;
  if (target !== undefined) {
    const name = target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
    const entry = entries.get(name);
    if (entry) return entry;
  }
  const sheetNames = [...entries.keys()].filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n));
  sheetNames.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return sheetNames[0] === undefined ? undefined : entries.get(sheetNames[0]);
}

interface RawRow {
  rowNumber: number;
  /** Column A at index 0. */
  values: CellValue[];
}

function rawRowOf(row: Row): RawRow {
  const values: CellValue[] = [];
  row.eachCell((cell, col) => {
    values[col - 1] = sheetCellValue(cell.value, cell.numFmt);
  });
  return { rowNumber: row.number, values: Array.from(values, (v) => v ?? null) };
}

function isEmptyRow(row: RawRow): boolean {
  return row.values.every((v) => v === null);
}

async function findHeader(
  next: () => Promise<RawRow | null>,
  knownHeaders: string[],
): Promise<{ header: RawRow; pending: RawRow[] }> {
  const rows: RawRow[] = [];
  // One row beyond the search window tells whether the last candidate has data below it.
  while (rows.length <= headerSearchRows) {
    const row = await next();
    if (row === null) break;
    if (!isEmptyRow(row)) rows.push(row);
  }
  const known = new Set(knownHeaders.map(normalizeHeader));
  const needed = Math.min(2, known.size);
  const window = rows.slice(0, headerSearchRows);
  const textCells = (r: RawRow) => r.values.filter((v) => typeof v === "string" && cleanText(v) !== null);
  let index = window.findIndex(
    (r) => needed > 0 && textCells(r).filter((v) => known.has(normalizeHeader(String(v)))).length >= needed,
  );
  if (index < 0) index = window.findIndex((r, i) => textCells(r).length >= 2 && i + 1 < rows.length);
  const header = rows[index];
  if (index < 0 || !header) {
    const examples = knownHeaders
      .slice(0, 3)
      .map((h) => `“${h}”`)
      .join("");
    throw new AppError(
      "IMPORT_INVALID_FILE",
      rows.length === 0
        ? "未找到表头行：第一个工作表是空的"
        : `未找到表头行：前 ${headerSearchRows} 行中没有包含${examples}等列名的行，请使用导入模板`,
    );
  }
  return { header, pending: rows.slice(index + 1) };
}

/** Header texts, with blank ones named by column ("列3") and repeats told apart ("备注（列5）"). */
function uniqueHeaders(values: CellValue[]): string[] {
  const seen = new Set<string>();
  return values.map((v, i) => {
    const text = cleanText(v)?.replace(/\s+/g, " ") ?? `列${i + 1}`;
    const name = seen.has(text) ? `${text}（列${i + 1}）` : text;
    seen.add(name);
    return name;
  });
}

/** Our own bug or an ExcelJS upgrade, not the user's file: answered as a 500, not as a bad file. */
class ExcelInternalsError extends Error {}

function asReadError(error: unknown): Error {
  if (error instanceof AppError || error instanceof ExcelInternalsError) return error;
  return new AppError("IMPORT_INVALID_FILE", unreadableMessage);
}

/** Header text for comparison: half-width, no spaces, no "*" marks, no unit in brackets ("注册资本（万元）"). */
export function normalizeHeader(header: string): string {
  const text = cleanText(header, { toHalfWidth: true, removeSpaces: true }) ?? "";
  return text
    .replace(/\([^)]*\)|\[[^\]]*]|【[^】]*】/g, "")
    .replace(/[*＊]/g, "")
    .toLowerCase();
}

/** Headers other offices' sheets use for the same column; any one of a group matches the others. */
const headerAliasGroups: string[][] = [
  ["统一社会信用代码", "信用代码", "统一代码", "社会信用代码", "统一信用代码"],
  ["企业名称", "单位名称", "公司名称"],
  ["成立日期", "成立时间"],
  ["法定代表人", "法人", "法人代表"],
  ["注册资本", "注册资金"],
];

export interface HeaderField {
  key: string;
  header: string;
  aliases?: string[];
}

/**
 * The default column mapping: field key → the sheet header it reads from, or null. Compares
 * normalised headers, the field's aliases, then the common synonyms (信用代码 → 统一社会信用代码…);
 * each sheet header is used by one field at most.
 */
export function matchHeaders(sheetHeaders: string[], fields: HeaderField[]): Record<string, string | null> {
  const available = new Map<string, string>();
  for (const h of sheetHeaders) {
    const n = normalizeHeader(h);
    if (n !== "" && !available.has(n)) available.set(n, h);
  }
  const take = (candidates: string[]) => {
    const hit = candidates.find((c) => available.has(c));
    const header = hit === undefined ? undefined : available.get(hit);
    if (hit !== undefined) available.delete(hit);
    return header ?? null;
  };
  const mapping: Record<string, string | null> = {};
  const ownNames = fields.map((f) => [f.header, ...(f.aliases ?? [])].map(normalizeHeader));
  // A field's own header and aliases win over another field's synonyms.
  fields.forEach((f, i) => {
    mapping[f.key] = take(ownNames[i] ?? []);
  });
  fields.forEach((f, i) => {
    if (mapping[f.key] !== null) return;
    const own = ownNames[i] ?? [];
    const group = headerAliasGroups.find((g) => g.some((name) => own.includes(normalizeHeader(name)))) ?? [];
    mapping[f.key] = take(group.map(normalizeHeader));
  });
  return mapping;
}
