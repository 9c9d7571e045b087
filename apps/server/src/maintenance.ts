import { lt } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import { auditLog } from "./modules/audit/audit.table.js";
import { purgeStaleSessions } from "./modules/auth/index.js";
import { importJobs } from "./modules/imports/imports.table.js";
import { runIssueDeadlineCheck } from "./modules/issues/issue-deadlines.job.js";
import { createOutboundChannel, drainOutbox } from "./modules/notifications/index.js";

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

/**
 * Starts the periodic jobs of this instance: housekeeping every 10 minutes, the issue deadline check
 * (due soon, overdue → 自动督办) every ISSUE_DEADLINE_CHECK_MINUTES, and the outbound notice queue every
 * OUTBOX_DRAIN_SECONDS. Each job is safe on several instances at once; a run still going when the next
 * is due is not started twice in this process. Returns the function that stops them.
 */
export function startMaintenance(db: Db, config: Config, log: FastifyBaseLogger): () => void {
  const channel = createOutboundChannel(config, log);
  const timers: NodeJS.Timeout[] = [];
  const every = (name: string, ms: number, firstAfterMs: number, job: () => Promise<unknown>) => {
    let isRunning = false;
    const tick = () => {
      if (isRunning) return;
      isRunning = true;
      job()
        .catch((error: unknown) => log.error(error, `${name} failed`))
        .finally(() => {
          isRunning = false;
        });
    };
    const first = setTimeout(tick, firstAfterMs);
    const timer = setInterval(tick, ms);
    first.unref();
    timer.unref();
    timers.push(first, timer);
  };
  every("maintenance", 10 * 60_000, 5_000, () => runMaintenance(db, config));
  every("issue deadline check", config.ISSUE_DEADLINE_CHECK_MINUTES * 60_000, 15_000, () => runIssueDeadlineCheck(db));
  every("outbound notices", config.OUTBOX_DRAIN_SECONDS * 1000, 20_000, () => drainOutbox(db, channel));
  return () => {
    for (const timer of timers) clearTimeout(timer);
  };
}
