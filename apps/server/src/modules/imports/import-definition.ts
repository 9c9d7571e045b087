import type { Permission } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";

export type CellValue = string | number | boolean | null;

export interface ImportField {
  key: string;
  header: string;
  required: boolean;
  aliases?: readonly string[];
}

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
