import { once } from "node:events";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import ExcelJS, { type Row, type Worksheet } from "exceljs";
import { escapeFormulaText } from "./values.js";

export type SheetCell = string | number | null;

export interface SheetColumn {
  header: string;
  /** Width in characters; a CJK character counts about two. */
  width?: number;
  /** "date" cells take "YYYY-MM-DD" text and become real dates; "number" cells take numbers or numeric text. */
  kind?: "text" | "number" | "date";
  /** Long text (a description, progress notes): wrapped in the cell, top-aligned, the row made tall enough to print it. */
  wrap?: boolean;
}

export interface WriteSheetOptions {
  sheetName: string;
  /** A title row above the header (our import finds the header below it). */
  title?: string;
  columns: SheetColumn[];
  rows: AsyncIterable<SheetCell[]> | Iterable<SheetCell[]>;
}

export interface TemplateColumn extends SheetColumn {
  required: boolean;
  note?: string;
}

export interface TemplateOptions {
  sheetName: string;
  columns: TemplateColumn[];
  /** One or two filled-in examples, shown in grey; the instructions should ask to delete them. */
  sampleRows: SheetCell[][];
  instructions: string[];
}

const headerFill: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDCE6F1" } };
const red = { argb: "FFC00000" };
const grey = { argb: "FF808080" };
const yieldEvery = 500;

/**
 * Streams one sheet as .xlsx to `output`, committing each row as it is written: optional title row,
 * bold filled header that stays frozen, autofilter, column widths. Text that a spreadsheet would run as
 * a formula (= + - @, tab, CR) gets a leading apostrophe; cleanText removes it again on import.
 * Resolves when `output` has received the whole file; rejects (and destroys the output) on failure.
 */
export async function writeSheet(output: NodeJS.WritableStream, options: WriteSheetOptions): Promise<void> {
  await streamWorkbook(output, async (workbook, checkAborted) => {
    const headerRowNumber = options.title ? 2 : 1;
    const sheet = addSheet(workbook, options.sheetName, options.columns, headerRowNumber);
    const width = options.columns.length;
    if (options.title) {
      const row = sheet.addRow([escapeFormulaText(options.title)]);
      row.font = { bold: true, size: 14 };
      if (width > 1) sheet.mergeCells(1, 1, 1, width);
      row.commit();
    }
    writeHeaderRow(
      sheet,
      options.columns.map((c) => c.header),
    );
    sheet.autoFilter = { from: { row: headerRowNumber, column: 1 }, to: { row: headerRowNumber, column: width } };
    let count = 0;
    for await (const values of options.rows) {
      const row = sheet.addRow(cellsOf(values, options.columns));
      const height = wrappedRowHeight(values, options.columns);
      if (height !== null) row.height = height;
      row.commit();
      if (++count % yieldEvery === 0) await checkAborted();
    }
    sheet.commit();
  });
}

/**
 * Streams an import template: the header row (required columns in red, each with a note), grey sample
 * rows, and a second sheet "填写说明" with the instructions and every column's requirements.
 */
export async function buildTemplate(output: NodeJS.WritableStream, options: TemplateOptions): Promise<void> {
  await streamWorkbook(output, async (workbook) => {
    const sheet = addSheet(workbook, options.sheetName, options.columns, 1);
    writeHeaderRow(
      sheet,
      options.columns.map((c) => c.header),
      (row) => {
        options.columns.forEach((c, i) => {
          const cell = row.getCell(i + 1);
          if (c.required) cell.font = { bold: true, color: red };
          cell.note = [c.required ? "必填" : "选填", c.note].filter(Boolean).join("。");
        });
      },
    );
    for (const values of options.sampleRows) {
      const row = sheet.addRow(cellsOf(values, options.columns));
      row.font = { italic: true, color: grey };
      row.commit();
    }
    sheet.commit();

    const help = workbook.addWorksheet("填写说明");
    help.columns = [{ width: 24 }, { width: 10 }, { width: 70 }];
    const title = help.addRow(["填写说明"]);
    title.font = { bold: true, size: 14 };
    title.commit();
    for (const line of options.instructions) help.addRow([escapeFormulaText(line)]).commit();
    help.addRow([]).commit();
    writeHeaderRow(help, ["列名", "是否必填", "说明"]);
    for (const c of options.columns) {
      help.addRow([c.header, c.required ? "必填" : "选填", escapeFormulaText(c.note ?? "")]).commit();
    }
    help.commit();
  });
}

type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;

/** Runs `build` against a streaming workbook piped into `output`, stopping early if `output` fails. */
async function streamWorkbook(
  output: NodeJS.WritableStream,
  build: (workbook: WorkbookWriter, checkAborted: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const zipped = new PassThrough();
  let aborted: unknown = null;
  const piping = pipeline(zipped, output);
  piping.catch((error: unknown) => {
    aborted = error ?? new Error("output closed");
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zipped, useStyles: true, useSharedStrings: false });
  const checkAborted = async () => {
    // Let the zip drain into the output before producing more rows.
    await new Promise((resolve) => setImmediate(resolve));
    if (zipped.writableNeedDrain && aborted === null) await once(zipped, "drain");
    if (aborted !== null) throw aborted;
  };
  try {
    await build(workbook, checkAborted);
    if (aborted !== null) throw aborted;
    const committed = workbook.commit();
    committed.catch(() => undefined);
    await Promise.all([committed, piping]);
  } catch (error) {
    zipped.destroy(error instanceof Error ? error : new Error(String(error)));
    await piping.catch(() => undefined);
    throw error;
  }
}

function addSheet(workbook: WorkbookWriter, name: string, columns: SheetColumn[], headerRowNumber: number): Worksheet {
  const sheet = workbook.addWorksheet(safeSheetName(name), {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRowNumber }],
    // Registers go on paper too: A4 landscape, every column on one page width, the header on every page.
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRowNumber}:${headerRowNumber}`,
    },
  });
  sheet.columns = columns.map((c) => ({
    width: columnWidth(c),
    style: {
      ...(c.kind === "text" ? { numFmt: "@" } : c.kind === "date" ? { numFmt: "yyyy-mm-dd" } : {}),
      // top-aligned everywhere, so that the short cells of a tall (wrapped) row line up with its first line
      alignment: c.wrap ? { wrapText: true, vertical: "top" as const } : { vertical: "top" as const },
    },
  }));
  return sheet;
}

const columnWidth = (c: SheetColumn) => c.width ?? Math.min(50, Math.max(10, textWidth(c.header) + 2));
const lineHeight = 15;
const maxRowHeight = 409;

/**
 * The height (points) that shows every line of the row's wrapped cells, or null when one line does. Spreadsheets
 * keep a written row at one line even when its text wraps, so a printed ledger would cut descriptions off.
 */
function wrappedRowHeight(values: SheetCell[], columns: SheetColumn[]): number | null {
  let lines = 1;
  columns.forEach((c, i) => {
    const value = values[i];
    if (!c.wrap || typeof value !== "string" || value === "") return;
    const perLine = Math.max(1, columnWidth(c) - 1);
    const count = value.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / perLine)), 0);
    lines = Math.max(lines, count);
  });
  return lines > 1 ? Math.min(maxRowHeight, lines * lineHeight + 3) : null;
}

function writeHeaderRow(sheet: Worksheet, headers: string[], decorate?: (row: Row) => void): Row {
  const row = sheet.addRow(headers.map(escapeFormulaText));
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = headerFill;
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  });
  decorate?.(row);
  row.commit();
  return row;
}

/** Values as cells: escaped text, real dates for date columns, numbers for numeric text in number columns. */
function cellsOf(values: SheetCell[], columns: SheetColumn[]): (string | number | Date | null)[] {
  return values.map((v, i) => {
    if (typeof v !== "string") return v;
    const kind = columns[i]?.kind;
    if (kind === "date") {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    }
    // Only when the number prints back as the same text, so nothing is lost to floating point.
    if (kind === "number" && /^-?\d+(\.\d+)?$/.test(v) && String(Number(v)) === v) return Number(v);
    return escapeFormulaText(v);
  });
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/g, "_")
    .slice(0, 31)
    .trim();
  return cleaned === "" ? "Sheet1" : cleaned;
}

function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return width;
}
