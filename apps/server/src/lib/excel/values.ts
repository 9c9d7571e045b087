/**
 * Cell values as real sheets hold them: codes with full-width characters and stray spaces, dates in
 * five spellings or as Excel serial numbers, amounts in 万元 with thousands separators. Every parser
 * returns a reason in Chinese that names the value it refused.
 */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const zeroWidth = /[\u200B-\u200D\u2060\uFEFF]/g;
const nbsp = /\u00A0/g;
/** Strings our exports prefix with an apostrophe so no spreadsheet runs them as formulas. */
const formulaTrigger = /^'*[=+\-@\t\r]/;
const escapedFormula = /^'+[=+\-@\t\r]/;

/** Full-width ASCII (U+FF01–FF5E) to half-width and the ideographic space to a space. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** Prefixes an apostrophe to text a spreadsheet would run as a formula (OWASP formula injection). */
export function escapeFormulaText(text: string): string {
  return formulaTrigger.test(text) ? `'${text}` : text;
}

/**
 * A number as a plain decimal string without binary noise: 0.1 + 0.2 → "0.3", 1e21 → "1000…0".
 * Excel itself keeps 15 significant digits, so toPrecision(15) loses nothing the user typed.
 */
export function numberToPlainString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const [mantissa = "0", exponentText = "0"] = n.toPrecision(15).split("e");
  const negative = mantissa.startsWith("-");
  const [intPart = "0", fracPart = ""] = mantissa.replace("-", "").split(".");
  const digits = intPart + fracPart;
  const point = intPart.length + Number(exponentText);
  let result: string;
  if (point <= 0) result = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + "0".repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  result = trimDecimal(result);
  return negative && result !== "0" ? `-${result}` : result;
}

/** Removes trailing fractional zeros and leading integer zeros: "001.500" → "1.5". */
function trimDecimal(text: string): string {
  let [intPart = "0", fracPart = ""] = text.split(".");
  intPart = intPart.replace(/^0+(?=\d)/, "");
  fracPart = fracPart.replace(/0+$/, "");
  return fracPart ? `${intPart}.${fracPart}` : intPart;
}

/** Flattens whatever a cell may hold (rich text, formula result, hyperlink) to a primitive. */
function primitiveOf(v: unknown): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v !== "object") return null;
  if ("richText" in v && Array.isArray(v.richText)) {
    return v.richText.map((run: unknown) => (isRecord(run) && typeof run.text === "string" ? run.text : "")).join("");
  }
  if ("error" in v) return null;
  if ("result" in v) return primitiveOf(v.result);
  if ("formula" in v || "sharedFormula" in v) return null;
  if ("text" in v) return primitiveOf(v.text);
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** A Date as "YYYY-MM-DD" read in UTC, which is how ExcelJS hands out date cells. */
export function isoDateOf(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, "0")}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

export interface CleanTextOptions {
  /** Full-width letters, digits and punctuation to half-width (codes, numbers). */
  toHalfWidth?: boolean;
  /** Drop every space inside the text too (codes typed with spaces between groups). */
  removeSpaces?: boolean;
}

/**
 * Any cell value → trimmed text, or null when empty. Strips zero-width characters, turns NBSP into a
 * space and removes the one apostrophe our exports add before = + - @ (see escapeFormulaText).
 */
export function cleanText(v: unknown, options: CleanTextOptions = {}): string | null {
  const p = primitiveOf(v);
  if (p === null) return null;
  let text: string;
  if (typeof p === "number") text = Number.isFinite(p) ? numberToPlainString(p) : "";
  else if (typeof p === "boolean") text = p ? "TRUE" : "FALSE";
  else if (p instanceof Date) text = isoDateOf(p) ?? "";
  else text = p;
  text = text.replace(zeroWidth, "").replace(nbsp, " ");
  if (escapedFormula.test(text)) text = text.slice(1);
  if (options.toHalfWidth) text = toHalfWidth(text);
  text = options.removeSpaces ? text.replace(/\s+/g, "") : text.trim();
  return text === "" ? null : text;
}

/** How a refused value is named in a reason: quoted, shortened. */
function shown(v: unknown): string {
  const text = cleanText(v) ?? "";
  return `“${text.length > 30 ? `${text.slice(0, 30)}…` : text}”`;
}

const minYear = 1900;
const maxYear = 2100;
const dayMs = 86_400_000;

/** Excel 1900 date system: serial 1 = 1900-01-01, 60 = the 1900-02-29 Excel believes in, 61 = 1900-03-01. */
function serialToIso(serial: number): ParseResult<string> {
  if (!Number.isFinite(serial) || serial < 1) return { ok: false, reason: `${shown(serial)}不是有效日期` };
  const day = Math.floor(serial);
  if (day === 60) return { ok: false, reason: "1900-02-29 不存在（Excel 的 1900 年闰年错误），请核对日期" };
  const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return checkedIso(new Date(base + day * dayMs), serial);
}

function checkedIso(d: Date, original: unknown): ParseResult<string> {
  const iso = isoDateOf(d);
  if (iso === null) return { ok: false, reason: `${shown(original)}不是有效日期` };
  const year = d.getUTCFullYear();
  if (year < minYear || year > maxYear) {
    return { ok: false, reason: `日期${shown(iso)}超出范围（应在 ${minYear}–${maxYear} 年之间）` };
  }
  return { ok: true, value: iso };
}

const datePatterns: RegExp[] = [/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/, /^(\d{4})(\d{2})(\d{2})$/];

/**
 * A date cell → "YYYY-MM-DD". Takes Date objects (read in UTC), Excel serial numbers and the
 * spellings 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 and 20240305, with full-width digits
 * and stray spaces; refuses dates that do not exist (2024-02-30) and years outside 1900–2100.
 */
export function parseDate(v: unknown): ParseResult<string> {
  const p = primitiveOf(v);
  if (p instanceof Date) return checkedIso(p, p);
  if (typeof p === "number") return serialToIso(p);
  const text = cleanText(p, { toHalfWidth: true });
  if (text === null) return { ok: false, reason: "日期未填写" };
  // A time after the date ("2024-03-05 00:00:00") is dropped; stray spaces inside are not meaningful.
  const compact = text.replace(/[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, "").replace(/\s+/g, "");
  for (const pattern of datePatterns) {
    const m = pattern.exec(compact);
    if (!m) continue;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const d = new Date(Date.UTC(year, month - 1, day));
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
      return { ok: false, reason: `${shown(text)}不是真实存在的日期` };
    }
    return checkedIso(d, text);
  }
  return { ok: false, reason: `${shown(text)}不是有效日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日` };
}

const maxWanYuanIntegerDigits = 12;

/**
 * An amount in 万元 → exact yuan with two decimals ("1234.5" → "12345000.00"), by decimal string
 * arithmetic, never floating-point multiplication. Accepts numbers and text such as "1,234.5",
 * "１２３４．５", "1234.5万元"; refuses negatives, non-numbers and more than 6 decimals (below 1 分).
 */
export function parseWanYuan(v: unknown): ParseResult<string> {
  const p = primitiveOf(v);
  if (typeof p === "number" && !Number.isFinite(p)) return { ok: false, reason: `${shown(p)}不是有效金额` };
  let text = typeof p === "number" ? numberToPlainString(p) : cleanText(p, { toHalfWidth: true, removeSpaces: true });
  if (text === null) return { ok: false, reason: "金额未填写" };
  const original = text;
  text = text.replace(/^[¥￥]/, "").replace(/万元?$/, "");
  if (/^[-−]/.test(text)) return { ok: false, reason: `金额${shown(original)}不能为负数` };
  if (/(亿|元)$/.test(text)) return { ok: false, reason: `金额${shown(original)}请以万元为单位填写数字` };
  if (text.includes(",")) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text))
      return { ok: false, reason: `金额${shown(original)}的千分位逗号位置不对` };
    text = text.replace(/,/g, "");
  }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  const intPart = m?.[1] ?? "";
  const fracPart = (m?.[2] ?? "").replace(/0+$/, "");
  if (!m || (intPart === "" && (m[2] ?? "") === "")) return { ok: false, reason: `金额${shown(original)}不是数字` };
  if (fracPart.length > 6) return { ok: false, reason: `金额${shown(original)}万元超过 6 位小数（不足 1 分）` };
  if (intPart.replace(/^0+/, "").length > maxWanYuanIntegerDigits) {
    return { ok: false, reason: `金额${shown(original)}万元过大，请核对单位` };
  }
  const fen = BigInt(`${intPart || "0"}${fracPart.padEnd(6, "0")}`);
  return { ok: true, value: `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}` };
}

/**
 * Yuan (a decimal string as stored, "12345000.00") → 万元 for exports ("1234.5"): up to 6 decimals,
 * trailing zeros trimmed, so parseWanYuan reads back exactly the stored amount.
 */
export function formatWanYuan(yuan: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(yuan.trim());
  if (!m) throw new TypeError(`formatWanYuan: not a decimal string: ${yuan}`);
  const sign = m[1] ?? "";
  const digits = (m[2] ?? "0").padStart(5, "0");
  const plain = trimDecimal(`${digits.slice(0, -4)}.${digits.slice(-4)}${m[3] ?? ""}`);
  return sign && plain !== "0" ? `-${plain}` : plain;
}

/**
 * A choice written as its Chinese label or its key → the key, e.g. 企业规模 "中型" → "medium".
 * `labels` maps key → label; the reason lists the labels allowed.
 */
export function parseEnumLabel(v: unknown, labels: Record<string, string>): ParseResult<string> {
  const text = cleanText(v, { toHalfWidth: true, removeSpaces: true });
  if (text === null) return { ok: false, reason: "未填写" };
  for (const [key, label] of Object.entries(labels)) {
    if (text === toHalfWidth(label).replace(/\s+/g, "") || text.toLowerCase() === key.toLowerCase()) {
      return { ok: true, value: key };
    }
  }
  return { ok: false, reason: `${shown(text)}不是可选的值，可选：${Object.values(labels).join("、")}` };
}

/** "高新技术企业、重点企业, 规上工业企业；…" → the trimmed, non-empty, distinct items in order. */
export function splitList(v: unknown): string[] {
  const text = cleanText(v);
  if (text === null) return [];
  const items = text
    .split(/[、，,;；/／\r\n]+/)
    .map((item) => item.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .filter((item) => item !== "");
  return [...new Set(items)];
}

/** What a sheet cell holds once read: numbers stay numbers, everything else is text or null. */
export type CellValue = string | number | boolean | null;

/** Rich text → text, formula → its result, hyperlink → its text, Date → "YYYY-MM-DD", errors → null. */
export function sheetCellValue(value: unknown, numFmt?: string): CellValue {
  return flatten(value, isDateFormat(numFmt));
}

function flatten(v: unknown, isDate: boolean): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return isoDateOf(v);
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") return cleanText(v) === null ? null : v;
  if (typeof v === "boolean") return v;
  if (typeof v !== "object" || "error" in v) return null;
  if ("richText" in v && Array.isArray(v.richText)) {
    const text = v.richText.map((run: unknown) => flatten(Reflect.get(Object(run), "text"), false) ?? "").join("");
    return cleanText(text) === null ? null : text;
  }
  if ("result" in v) {
    // ExcelJS converts plain date-formatted numbers to Date, but not formula results.
    const result = flatten(v.result, false);
    if (typeof result === "number" && isDate) {
      const date = parseDate(result);
      return date.ok ? date.value : result;
    }
    return result;
  }
  if ("text" in v) return flatten(v.text, false);
  return null;
}

/** A number format that shows a date (y or d outside quotes and brackets), e.g. yyyy"年"m"月"d"日". */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[yd]/i.test(numFmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}
