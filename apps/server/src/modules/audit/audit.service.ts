import type { AuditEntry, AuditListQuery, Page } from "@zonedesk/contracts";
import { auditActionLabels } from "@zonedesk/contracts";
import { or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { inOrgScope, isTopLevelScope, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { writeSheet } from "../../lib/excel/index.js";
import { formatBeijingTime, type SheetWriter } from "../../lib/format.js";
import { type AuditFilter, findAuditEntries } from "./audit.queries.js";
import { auditLog } from "./audit.table.js";

type AuditRow = typeof auditLog.$inferSelect;

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    ip: row.ip,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    orgUnitId: row.orgUnitId,
    summary: row.summary,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

/** Rows of the actor's subtree; rows tied to no unit (unknown usernames) only for top-level scopes. */
function auditScope(actor: Actor): SQL {
  const scoped = inOrgScope(actor, auditLog.orgUnitId);
  return isTopLevelScope(actor) ? (or(scoped, sql`${auditLog.orgUnitId} is null`) as SQL) : scoped;
}

function filterOf(actor: Actor, query: Omit<AuditListQuery, "page" | "pageSize">): AuditFilter {
  return { scope: auditScope(actor), ...query };
}

/** The audit trail for admins and oversight, newest first. */
export async function listAuditEntries(db: Db, actor: Actor, query: AuditListQuery): Promise<Page<AuditEntry>> {
  requirePermission(actor, "audit.read");
  const { page, pageSize, ...filters } = query;
  const { rows, total } = await findAuditEntries(db, filterOf(actor, filters), pageSize, (page - 1) * pageSize);
  return { data: rows.map(toEntry), total, page, pageSize };
}

const exportLimit = 100_000;

/**
 * Checks access and audits the export, then returns the writer of the filtered trail (at most
 * 100,000 rows) as .xlsx, so the route can stream it.
 */
export async function prepareAuditExport(
  db: Db,
  actor: Actor,
  query: Omit<AuditListQuery, "page" | "pageSize">,
): Promise<SheetWriter> {
  requirePermission(actor, "audit.read");
  const filter = filterOf(actor, query);
  await writeAudit(db, actor, { action: "audit.export", orgUnitId: actor.orgUnitId, summary: JSON.stringify(query) });
  async function* rows() {
    const batch = 2000;
    for (let offset = 0; offset < exportLimit; offset += batch) {
      const { rows: chunk } = await findAuditEntries(db, filter, batch, offset);
      for (const r of chunk) {
        yield [
          formatBeijingTime(r.at),
          r.actorName,
          r.ip,
          auditActionLabels[r.action] ?? r.action,
          r.entityType,
          r.entityId,
          r.summary,
          r.before === null ? null : JSON.stringify(r.before),
          r.after === null ? null : JSON.stringify(r.after),
        ];
      }
      if (chunk.length < batch) return;
    }
  }
  return (output) =>
    writeSheet(output, {
      sheetName: "审计日志",
      columns: [
        { header: "时间", width: 20 },
        { header: "操作人", width: 14 },
        { header: "来源IP", width: 16 },
        { header: "操作", width: 16 },
        { header: "对象类型", width: 12 },
        { header: "对象ID", width: 38 },
        { header: "摘要", width: 40 },
        { header: "修改前", width: 50 },
        { header: "修改后", width: 50 },
      ],
      rows: rows(),
    });
}
