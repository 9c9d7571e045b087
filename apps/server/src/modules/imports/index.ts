export {
  type CellValue,
  changedSincePreview,
  type ImportDefinition,
  type ImportField,
  importFieldsOf,
  type RowIssue,
  type RowOutcome,
} from "./import-definition.js";
export { importRoutes } from "./imports.routes.js";
