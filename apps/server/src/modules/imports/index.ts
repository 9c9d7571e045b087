export type { CellValue, ImportDefinition, ImportField, RowIssue, RowOutcome } from "./import-definition.js";
export { importRoutes } from "./imports.routes.js";
