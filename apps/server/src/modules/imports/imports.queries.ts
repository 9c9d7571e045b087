import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { importJobs, importRows } from "./imports.table.js";

export type ImportJobRow = typeof importJobs.$inferSelect;
export type StagedRow = { rowNumber: number; cells: Record<string, string | number | boolean | null> };

export async function insertImportJob(db: Db, values: typeof importJobs.$inferInsert): Promise<ImportJobRow> {
  const [row] = await db.insert(importJobs).values(values).returning();
  if (!row) throw new Error("insert import job returned nothing");
  return row;
}

export async function insertStagedRows(db: Db, jobId: string, rows: StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(importRows).values(rows.map((r) => ({ jobId, rowNumber: r.rowNumber, cells: r.cells })));
}

/** The job, only for the user who uploaded it. `forUpdate` locks it so two confirms cannot both apply. */
export async function getImportJob(db: Db, p: { id: string; kind: string; createdBy: string; forUpdate?: boolean }) {
  const query = db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, p.id), eq(importJobs.kind, p.kind), eq(importJobs.createdBy, p.createdBy)));
  const [row] = p.forUpdate ? await query.for("update") : await query;
  return row;
}

/** Staged rows in row order, a batch at a time, so a 50,000-row sheet is never all in memory. */
export async function* stagedRowBatches(db: Db, jobId: string, batchSize = 2000): AsyncGenerator<StagedRow[]> {
  let after = 0;
  for (;;) {
    const batch = await db
      .select({ rowNumber: importRows.rowNumber, cells: importRows.cells })
      .from(importRows)
      .where(and(eq(importRows.jobId, jobId), gt(importRows.rowNumber, after)))
      .orderBy(asc(importRows.rowNumber))
      .limit(batchSize);
    if (batch.length === 0) return;
    yield batch;
    const last = batch[batch.length - 1];
    if (!last || batch.length < batchSize) return;
    after = last.rowNumber;
  }
}

export function updateImportJob(db: Db, id: string, values: Partial<typeof importJobs.$inferInsert>) {
  return db.update(importJobs).set(values).where(eq(importJobs.id, id));
}

export async function deleteStagedRows(db: Db, jobId: string): Promise<void> {
  await db.delete(importRows).where(eq(importRows.jobId, jobId));
}

export const stagedRowCount = (jobId: string) =>
  sql`(select count(*) from ${importRows} where ${importRows.jobId} = ${jobId})`;
