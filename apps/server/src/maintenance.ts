import { lt } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import { auditLog } from "./modules/audit/audit.table.js";
import { purgeStaleSessions } from "./modules/auth/index.js";
import { importJobs } from "./modules/imports/imports.table.js";

/**
 * Periodic housekeeping, idempotent so every instance may run it: stale sessions, audit rows past
 * retention (never under 180 days), abandoned import previews older than a day.
 */
export async function runMaintenance(db: Db, config: Config): Promise<void> {
  await purgeStaleSessions(db, config);
  const auditCutoff = new Date(Date.now() - Math.max(180, config.AUDIT_RETENTION_DAYS) * 86_400_000);
  await db.delete(auditLog).where(lt(auditLog.at, auditCutoff));
  await db.delete(importJobs).where(lt(importJobs.createdAt, new Date(Date.now() - 86_400_000)));
}

export function startMaintenance(db: Db, config: Config, log: FastifyBaseLogger): () => void {
  const tick = () => runMaintenance(db, config).catch((error: unknown) => log.error(error, "maintenance failed"));
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, 10 * 60_000);
  timer.unref();
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
