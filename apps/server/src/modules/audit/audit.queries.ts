import { and, count, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { auditLog } from "./audit.table.js";

export interface AuditFilter {
  scope: SQL;
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

export function auditWhere(p: AuditFilter): SQL | undefined {
  return and(
    p.scope,
    p.action ? eq(auditLog.action, p.action) : undefined,
    p.actor ? ilike(auditLog.actorName, `%${p.actor}%`) : undefined,
    p.entityType ? eq(auditLog.entityType, p.entityType) : undefined,
    p.entityId ? eq(auditLog.entityId, p.entityId) : undefined,
    p.from ? gte(auditLog.at, new Date(`${p.from}T00:00:00+08:00`)) : undefined,
    p.to ? lt(auditLog.at, new Date(new Date(`${p.to}T00:00:00+08:00`).getTime() + 86_400_000)) : undefined,
  );
}

export async function findAuditEntries(db: Db, filter: AuditFilter, limit: number, offset: number) {
  const where = auditWhere(filter);
  const [rows, [total]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
