import type { ImportPreview, ImportPreviewRow, ImportResult, ImportRowIssue } from "@zonedesk/contracts";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { assertXlsxBounds, matchHeaders, readSheet, removeQuietly } from "../../lib/excel/index.js";
import { type CellValue, changedSincePreview, type ImportDefinition, type RowOutcome } from "./import-definition.js";
import {
  deleteStagedRows,
  getImportJob,
  type ImportJobRow,
  insertImportJob,
  insertStagedRows,
  type StagedRow,
  stagedRowBatches,
  updateImportJob,
} from "./imports.queries.js";

const maxListedIssues = 1000;
const maxSampleRows = 100;
type Limits = Pick<Config, "UPLOAD_MAX_UNPACKED_MB" | "UPLOAD_MAX_ENTRIES">;

/**
 * Reads an uploaded sheet (streaming), stages its rows and answers the preview. Nothing in the
 * registers changes until confirm.
 */
export async function createImport<C, T>(
  db: Db,
  actor: Actor,
  definition: ImportDefinition<C, T>,
  upload: { path: string; fileName: string },
  limits: Limits,
): Promise<ImportPreview> {
  requirePermission(actor, definition.permission);
  let sheet: Awaited<ReturnType<typeof readSheet>> | undefined;
  try {
    const maxUnpackedBytes = limits.UPLOAD_MAX_UNPACKED_MB * 1024 * 1024;
    await assertXlsxBounds(upload.path, { maxEntries: limits.UPLOAD_MAX_ENTRIES, maxUnpackedBytes });
    const knownHeaders = definition.fields.flatMap((f) => [f.header, ...(f.aliases ?? [])]);
    sheet = await readSheet(upload.path, { knownHeaders, maxUnpackedBytes, maxRows: definition.maxRows });
    const { headers, headerRowNumber, rows } = sheet;
    const mapping = matchHeaders(
      headers,
      definition.fields.map((f) => ({ key: f.key, header: f.header, aliases: f.aliases ? [...f.aliases] : [] })),
    );
    const job = await db.transaction(async (tx) => {
      const created = await insertImportJob(tx, {
        kind: definition.kind,
        orgUnitId: actor.orgUnitId,
        createdBy: actor.userId,
        fileName: upload.fileName,
        sheetHeaders: headers,
        headerRowNumber,
        mapping,
        rowCount: 0,
      });
      let batch: StagedRow[] = [];
      let count = 0;
      for await (const row of rows) {
        batch.push(row);
        count++;
        if (batch.length === 1000) {
          await insertStagedRows(tx, created.id, batch);
          batch = [];
        }
      }
      await insertStagedRows(tx, created.id, batch);
      if (count === 0) throw new AppError("IMPORT_INVALID_FILE", "表格中没有数据行（表头下方为空）");
      await updateImportJob(tx, created.id, { rowCount: count });
      return { ...created, rowCount: count };
    });
    return previewOf(db, actor, definition, job);
  } finally {
    await sheet?.close();
    await removeQuietly(upload.path);
  }
}

async function loadJob<C, T>(
  db: Db,
  actor: Actor,
  definition: ImportDefinition<C, T>,
  id: string,
  forUpdate = false,
): Promise<ImportJobRow> {
  requirePermission(actor, definition.permission);
  const job = await getImportJob(db, { id, kind: definition.kind, createdBy: actor.userId, forUpdate });
  if (!job) throw notFound("导入任务", { isAccessRefusal: true });
  return job;
}

export async function getImportPreview<C, T>(
  db: Db,
  actor: Actor,
  definition: ImportDefinition<C, T>,
  id: string,
): Promise<ImportPreview> {
  return previewOf(db, actor, definition, await loadJob(db, actor, definition, id));
}

/** Maps the sheet's columns to fields (for sheets whose headers differ from the template) and re-checks. */
export async function updateImportMapping<C, T>(
  db: Db,
  actor: Actor,
  definition: ImportDefinition<C, T>,
  id: string,
  mapping: Record<string, string | null>,
): Promise<ImportPreview> {
  const job = await loadJob(db, actor, definition, id);
  assertPreviewed(job);
  const clean: Record<string, string | null> = {};
  for (const field of definition.fields) {
    const header = mapping[field.key] ?? null;
    if (header !== null && !job.sheetHeaders.includes(header)) {
      throw fieldError(`mapping.${field.key}`, `表格中没有名为“${header}”的列`);
    }
    clean[field.key] = header;
  }
  const used = Object.values(clean).filter((h): h is string => h !== null);
  const twice = used.find((h, i) => used.indexOf(h) !== i);
  if (twice) throw fieldError("mapping", `“${twice}”列被对应到了多个字段`);
  await updateImportJob(db, id, { mapping: clean });
  return previewOf(db, actor, definition, { ...job, mapping: clean });
}

/**
 * Applies the import in one transaction, re-checking every row against the registers as they are now.
 * Any refused row aborts the whole import: nothing is half-applied.
 */
export async function confirmImport<C, T>(
  db: Db,
  actor: Actor,
  definition: ImportDefinition<C, T>,
  id: string,
): Promise<ImportResult> {
  const result = await applyImport(db, actor, definition, id).catch((error: unknown) => {
    // Someone else registered the same record between our check and our insert: nothing was applied.
    if (isUniqueViolation(error)) {
      throw changedSincePreview();
    }
    throw error;
  });
  return { id, ...result };
}

async function applyImport<C, T>(db: Db, actor: Actor, definition: ImportDefinition<C, T>, id: string) {
  return db.transaction(async (tx) => {
    const job = await loadJob(tx, actor, definition, id, true);
    if (job.status === "applied") throw new AppError("IMPORT_ALREADY_APPLIED", "该导入已执行，不能重复导入");
    assertPreviewed(job);
    assertRequiredMapped(definition, job);
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for await (const outcomes of checkedBatches(tx, actor, definition, job)) {
      const refused = outcomes.filter((o) => o.action === "refused");
      if (refused.length > 0) {
        throw new AppError(
          "IMPORT_HAS_ERRORS",
          `有 ${refused.length} 行（及以后各行）未通过校验，本次导入未做任何修改，请修正后重新上传`,
          {
            details: { issues: toIssues(definition, job, refused).slice(0, 100) },
          },
        );
      }
      await definition.applyRows(
        tx,
        actor,
        outcomes.filter((o) => o.action !== "unchanged"),
      );
      for (const o of outcomes) {
        if (o.action === "create") counts.created++;
        else if (o.action === "update") counts.updated++;
        else counts.unchanged++;
      }
    }
    await updateImportJob(tx, id, { status: "applied", appliedAt: new Date(), result: counts });
    await deleteStagedRows(tx, id);
    await writeAudit(tx, actor, {
      action: definition.auditAction,
      entityType: "import",
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: `${job.fileName}：新增 ${counts.created}，更新 ${counts.updated}，未变 ${counts.unchanged}`,
      after: counts,
    });
    return counts;
  });
}

export async function discardImport<C, T>(
  db: Db,
  actor: Actor,
  definition: ImportDefinition<C, T>,
  id: string,
): Promise<void> {
  const job = await loadJob(db, actor, definition, id);
  if (job.status !== "previewed") return;
  await db.transaction(async (tx) => {
    const locked = await getImportJob(tx, { id, kind: definition.kind, createdBy: actor.userId, forUpdate: true });
    if (locked?.status !== "previewed") return;
    await updateImportJob(tx, id, { status: "discarded" });
    await deleteStagedRows(tx, id);
  });
}

function assertPreviewed(job: ImportJobRow): void {
  if (job.status === "applied") throw new AppError("IMPORT_ALREADY_APPLIED", "该导入已执行，不能重复导入");
  if (job.status !== "previewed") throw new AppError("CONFLICT", "该导入已取消，请重新上传");
}

/** Header-level problems: required fields without a column, and what the definition says of the mapping. */
function mappingProblems<C, T>(definition: ImportDefinition<C, T>, job: ImportJobRow): ImportRowIssue[] {
  const missing = definition.fields
    .filter((f) => f.required && !job.mapping[f.key])
    .map((f) => ({ rowNumber: job.headerRowNumber, column: f.header, message: "缺少必填列，请在“列对应”中选择" }));
  const other = (definition.mappingIssues?.(job.mapping) ?? []).map((i) => ({
    rowNumber: job.headerRowNumber,
    column: job.mapping[i.field] ?? i.field,
    message: i.message,
  }));
  return [...missing, ...other];
}

function assertRequiredMapped<C, T>(definition: ImportDefinition<C, T>, job: ImportJobRow): void {
  const problems = mappingProblems(definition, job);
  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.column}：${p.message}`).join("；");
    throw new AppError("IMPORT_HAS_ERRORS", `表头有误，未做任何导入。${summary}`, { details: { issues: problems } });
  }
}

async function* checkedBatches<C, T>(
  db: Db,
  actor: Actor,
  definition: ImportDefinition<C, T>,
  job: ImportJobRow,
): AsyncGenerator<RowOutcome<T>[]> {
  const context = await definition.loadContext(db, actor);
  for await (const batch of stagedRowBatches(db, job.id)) {
    const rows = batch.map((r) => ({ rowNumber: r.rowNumber, values: valuesByField(definition, job, r.cells) }));
    yield await definition.checkRows(db, actor, context, rows);
  }
}

function valuesByField<C, T>(definition: ImportDefinition<C, T>, job: ImportJobRow, cells: Record<string, CellValue>) {
  const values: Record<string, CellValue> = {};
  for (const field of definition.fields) {
    const header = job.mapping[field.key];
    values[field.key] = header ? (cells[header] ?? null) : null;
  }
  return values;
}

function toIssues<C, T>(
  definition: ImportDefinition<C, T>,
  job: ImportJobRow,
  outcomes: RowOutcome<T>[],
): ImportRowIssue[] {
  return outcomes.flatMap((o) =>
    o.issues.map((issue) => {
      const field = definition.fields.find((f) => f.key === issue.field);
      return {
        rowNumber: o.rowNumber,
        column: (field && job.mapping[field.key]) ?? field?.header ?? issue.field,
        message: issue.message,
      };
    }),
  );
}

async function previewOf<C, T>(
  db: Db,
  actor: Actor,
  definition: ImportDefinition<C, T>,
  job: ImportJobRow,
): Promise<ImportPreview> {
  const counts = { total: 0, create: 0, update: 0, unchanged: 0, refused: 0 };
  const issues: ImportRowIssue[] = mappingProblems(definition, job);
  const rows: ImportPreviewRow[] = [];
  if (job.status === "previewed" && issues.length === 0) {
    for await (const outcomes of checkedBatches(db, actor, definition, job)) {
      for (const o of outcomes) {
        counts.total++;
        counts[o.action]++;
        if (o.action === "refused" && issues.length < maxListedIssues) issues.push(...toIssues(definition, job, [o]));
        if (rows.length < maxSampleRows)
          rows.push({ rowNumber: o.rowNumber, action: o.action, key: o.key, label: o.label, changes: o.changes });
      }
    }
  } else {
    counts.total = job.rowCount;
    if (issues.length > 0) counts.refused = job.rowCount;
  }
  return {
    id: job.id,
    kind: job.kind,
    fileName: job.fileName,
    status: job.status,
    sheetHeaders: job.sheetHeaders,
    headerRowNumber: job.headerRowNumber,
    fields: definition.fields.map((f) => ({ key: f.key, header: f.header, required: f.required })),
    mapping: job.mapping,
    counts,
    issues: issues.slice(0, maxListedIssues),
    rows,
    createdAt: job.createdAt.toISOString(),
  };
}
