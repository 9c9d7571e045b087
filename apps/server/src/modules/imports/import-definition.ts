import type { Permission } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";
import { AppError } from "../../lib/errors.js";

export type CellValue = string | number | boolean | null;

export interface ImportField {
  key: string;
  header: string;
  required: boolean;
  aliases?: readonly string[];
}

/**
 * A template's columns as import fields, each with the other headers the offices' own sheets use for it (a sheet's
 * header is matched against the column's header and then its aliases).
 */
export function importFieldsOf<K extends string>(
  columns: readonly { key: K; header: string; required: boolean }[],
  aliases: Partial<Record<K, readonly string[]>>,
): ImportField[] {
  return columns.map((c) => ({ key: c.key, header: c.header, required: c.required, aliases: aliases[c.key] }));
}

/**
 * The refusal of an import whose records changed between its preview and its confirmation (a row checked against
 * a record another user has since written): nothing was applied.
 */
export const changedSincePreview = () =>
  new AppError("CONFLICT", "导入期间数据已被他人修改，本次导入未做任何修改，请重新上传预览");

export interface RowIssue {
  /** Field key; shown with the sheet header it was mapped from. */
  field: string;
  message: string;
}

export interface RowOutcome<T> {
  rowNumber: number;
  action: "create" | "update" | "unchanged" | "refused";
  key: string;
  label: string;
  changes: string[];
  issues: RowIssue[];
  value?: T;
}

/**
 * What one kind of import (enterprises, assignments, …) supplies to the shared machinery: its fields,
 * how to check a batch of rows against the database, and how to apply checked rows in a transaction.
 */
export interface ImportDefinition<Context, T> {
  kind: string;
  /** Audit action written when an import is applied. */
  auditAction: string;
  permission: Permission;
  fields: readonly ImportField[];
  maxRows: number;
  /** Problems with the column mapping itself (e.g. a column in the wrong unit); each blocks the import. */
  mappingIssues?(mapping: Record<string, string | null>): RowIssue[];
  /** Reference data loaded once per check (org units, tags, …) and state kept across batches (duplicates). */
  loadContext(db: Db, actor: Actor): Promise<Context>;
  checkRows(
    db: Db,
    actor: Actor,
    context: Context,
    rows: { rowNumber: number; values: Record<string, CellValue> }[],
  ): Promise<RowOutcome<T>[]>;
  applyRows(db: Db, actor: Actor, rows: RowOutcome<T>[]): Promise<void>;
}
