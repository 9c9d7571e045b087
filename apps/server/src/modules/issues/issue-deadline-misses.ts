import { and, asc, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { writeAuditMany } from "../../lib/audit.js";
import { isRunning, recordIssueEvent } from "./issue-common.js";
import { findDepartmentNames, type IssueRow, type IssueValues, insertDeadlineMisses } from "./issues.queries.js";
import { issueDeadlineMisses, issues } from "./issues.table.js";

/*
 * 逾期未办结: a deadline missed is recorded once per deadline (issue_deadline_misses), against the lead department
 * that held the issue then, with a deadline_missed history entry by the system and the sticky
 * deadline_missed_at marker. The scheduled check records it for every running issue past its deadline; a
 * transition that finds the deadline in force behind (a late answer, a bounce, a reroute, an extension granted
 * too late) records it first, in its own transaction, so a check that never ran loses nothing.
 */

/** Issues recorded per transaction by the check; it loops until none is left. */
const missBatch = 200;
const system = { userId: null, displayName: "系统", ip: null };

function missNote(dueOn: string, departmentName: string | null): string {
  return `超过办理时限（${dueOn}）仍未办结${departmentName ? `（牵头单位：${departmentName}）` : ""}`;
}

/** The deadline_missed history entry of a miss just recorded; answers its note. */
async function recordMissEvent(
  tx: Db,
  issue: Pick<IssueRow, "id" | "status">,
  miss: typeof issueDeadlineMisses.$inferSelect,
  departmentName: string | null,
): Promise<string> {
  const note = missNote(miss.dueOn, departmentName);
  await recordIssueEvent(tx, {
    issueId: issue.id,
    action: "deadline_missed",
    fromStatus: issue.status,
    toStatus: issue.status,
    actor: null,
    note,
    data: { dueOn: miss.dueOn, departmentId: miss.departmentId },
  });
  return note;
}

/**
 * Records the miss of the deadline in force when a change finds `issue` still held by a department after it
 * (Beijing `today`), in the caller's transaction, unless that deadline is recorded already; answers the sticky
 * marker to set with the change (the change's own audit row shows it).
 */
export async function recordMissedDeadline(
  tx: Db,
  issue: Pick<IssueRow, "id" | "status" | "dueOn" | "deadlineMissedAt" | "leadDepartmentId">,
  today: string,
): Promise<Partial<IssueValues>> {
  if (!isRunning(issue.status) || issue.dueOn === null || issue.dueOn >= today) return {};
  const [miss] = await insertDeadlineMisses(tx, [
    { issueId: issue.id, dueOn: issue.dueOn, departmentId: issue.leadDepartmentId },
  ]);
  if (miss) {
    const names = await findDepartmentNames(tx, [miss.departmentId]);
    await recordMissEvent(tx, issue, miss, names.get(miss.departmentId ?? "") ?? null);
  }
  return issue.deadlineMissedAt === null ? { deadlineMissedAt: new Date() } : {};
}

/**
 * The check's part: records every running issue past its deadline (Beijing `today`) whose deadline is not
 * recorded yet, with the marker, the history entry and an audit row, one transaction per batch; answers the
 * issues recorded. Safe to run twice and on several instances at once: rows another run or a transition has
 * locked are skipped (FOR UPDATE SKIP LOCKED; the locker records them itself, or the next run does), and the
 * key of issue_deadline_misses keeps one row per deadline whatever happens.
 */
export async function markMissedDeadlines(db: Db, today: string): Promise<string[]> {
  const recorded: string[] = [];
  for (;;) {
    const { claimed, issueIds } = await markMissedBatch(db, today);
    recorded.push(...issueIds);
    if (claimed < missBatch) return recorded;
  }
}

async function markMissedBatch(db: Db, today: string): Promise<{ claimed: number; issueIds: string[] }> {
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({
        id: issues.id,
        serialNo: issues.serialNo,
        status: issues.status,
        dueOn: issues.dueOn,
        orgUnitId: issues.orgUnitId,
        leadDepartmentId: issues.leadDepartmentId,
      })
      .from(issues)
      .where(
        and(
          inArray(issues.status, ["routed", "in_progress"]),
          lt(issues.dueOn, today),
          sql`not exists (select 1 from ${issueDeadlineMisses} m where m.issue_id = ${issues.id} and m.due_on = ${issues.dueOn})`,
        ),
      )
      .orderBy(asc(issues.dueOn), asc(issues.id))
      .limit(missBatch)
      .for("update", { skipLocked: true });
    const misses = await insertDeadlineMisses(
      tx,
      candidates.flatMap((c) =>
        c.dueOn === null ? [] : [{ issueId: c.id, dueOn: c.dueOn, departmentId: c.leadDepartmentId }],
      ),
    );
    if (misses.length === 0) return { claimed: candidates.length, issueIds: [] };
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const missed = await tx
      .update(issues)
      .set({ deadlineMissedAt: sql`coalesce(${issues.deadlineMissedAt}, now())` })
      .where(
        inArray(
          issues.id,
          misses.map((m) => m.issueId),
        ),
      )
      .returning({ id: issues.id, deadlineMissedAt: issues.deadlineMissedAt });
    const markerOf = new Map(missed.map((m) => [m.id, m.deadlineMissedAt]));
    const names = await findDepartmentNames(
      tx,
      misses.map((m) => m.departmentId),
    );
    const audit = [];
    for (const miss of misses) {
      const issue = byId.get(miss.issueId);
      if (!issue) continue;
      const note = await recordMissEvent(tx, issue, miss, names.get(miss.departmentId ?? "") ?? null);
      audit.push({
        action: "issue.deadline_missed",
        entityType: "issue",
        entityId: issue.id,
        orgUnitId: issue.orgUnitId,
        summary: `${issue.serialNo} ${note}`,
        after: { dueOn: miss.dueOn, departmentId: miss.departmentId, deadlineMissedAt: markerOf.get(issue.id) ?? null },
      });
    }
    await writeAuditMany(tx, system, audit);
    return { claimed: candidates.length, issueIds: misses.map((m) => m.issueId) };
  });
}
