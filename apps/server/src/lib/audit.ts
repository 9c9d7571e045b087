import type { Db } from "../db/client.js";
import { auditLog } from "../modules/audit/audit.table.js";
import type { Actor } from "./actor.js";

export interface AuditEvent {
  action: string;
  entityType?: string;
  entityId?: string;
  orgUnitId?: string | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
}

export type AuditSource =
  | Pick<Actor, "userId" | "displayName" | "ip">
  | { userId: null; displayName: string | null; ip: string | null };

/** Writes one audit row with the caller's db/tx, so it commits or rolls back with the write it records. */
export async function writeAudit(db: Db, source: AuditSource, event: AuditEvent): Promise<void> {
  await writeAuditMany(db, source, [event]);
}

/** Many audit rows in one statement per 500, e.g. one per record of an import. */
export async function writeAuditMany(db: Db, source: AuditSource, events: AuditEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    await db.insert(auditLog).values(
      events.slice(i, i + 500).map((event) => ({
        actorUserId: source.userId,
        actorName: source.displayName,
        ip: source.ip,
        action: event.action,
        entityType: event.entityType ?? null,
        entityId: event.entityId ?? null,
        orgUnitId: event.orgUnitId ?? null,
        summary: event.summary ?? null,
        before: event.before === undefined ? null : toJson(event.before),
        after: event.after === undefined ? null : toJson(event.after),
      })),
    );
  }
}

function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

/** The fields of `after` that differ from `before`, for audit rows that show only what changed. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
