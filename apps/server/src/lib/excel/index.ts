export { assertXlsxBounds, type XlsxLimits } from "./bounds.js";
export {
  type CellValue,
  type HeaderField,
  matchHeaders,
  normalizeHeader,
  type ReadSheetOptions,
  readSheet,
  type SheetReader,
  type SheetRow,
} from "./read-sheet.js";
export { removeQuietly, type SavedUpload, saveUpload } from "./upload.js";
export {
  type CleanTextOptions,
  cleanText,
  escapeFormulaText,
  formatWanYuan,
  type ParseResult,
  parseDate,
  parseEnumLabel,
  parseWanYuan,
  splitList,
  toHalfWidth,
} from "./values.js";
export {
  buildTemplate,
  type SheetCell,
  type SheetColumn,
  type TemplateColumn,
  type TemplateOptions,
  type WriteSheetOptions,
  writeSheet,
} from "./write-sheet.js";
