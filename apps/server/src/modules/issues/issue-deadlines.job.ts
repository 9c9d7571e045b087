import { and, eq, gte, inArray, isNotNull, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { writeAuditMany } from "../../lib/audit.js";
import { todayInBeijing } from "../../lib/format.js";
import { addWorkingDays } from "../../lib/working-days.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { notify } from "../notifications/index.js";
import { projects } from "../projects/projects.table.js";
import { activeUsersAbove, dispatchersOf, recordIssueEvent } from "./issue-common.js";
import { markMissedDeadlines } from "./issue-deadline-misses.js";
import { issues } from "./issues.table.js";

/** The name the history and the audit log show for the scheduled check. */
export const systemActorName = "系统";
const system = { userId: null, displayName: systemActorName, ip: null };
/** A notice "due soon" goes out when the deadline is at most this many working days away. */
export const dueSoonWorkingDays = 2;
/** Issues escalated per transaction; the check loops until none is left. */
const escalationBatch = 200;

const running = sql`${issues.status} in ('routed', 'in_progress')`;

export interface DeadlineCheckResult {
  /** Issues whose lead department was told (this run or before) that the deadline is near. */
  dueSoon: number;
  /** Issues whose missed deadline this run recorded (逾期未办结, once per deadline). */
  missedIssueIds: string[];
  /** Issues this run escalated automatically (逾期自动督办). */
  escalatedIssueIds: string[];
}

/**
 * The scheduled deadline check, safe to run twice in a row and on several instances at once:
 *  (a) issues held by a department and due within 2 working days (Beijing today included): a notice
 *      to the lead department, once per deadline (the dedupe key carries the due date, so an extended
 *      deadline warns again);
 *  (b) issues held by a department past their deadline: the miss is recorded once per deadline against the
 *      lead department holding it, with the sticky deadline_missed_at marker, a deadline_missed history entry
 *      and an audit row (按期办结率: a later deadline move does not undo the miss; issue-deadline-misses.ts);
 *  (c) the same issues escalated (督办) exactly once per deadline by a conditional UPDATE … WHERE
 *      auto_escalated_due_on IS DISTINCT FROM due_on, with a history row, an audit row and notices to the
 *      lead department, the dispatchers and the oversight users of the zone, all in one transaction. An
 *      issue overdue again on a new deadline (reopened, rerouted, extended, a meeting's deadline) is
 *      escalated again, once.
 */
export async function runIssueDeadlineCheck(db: Db, options: { now?: Date } = {}): Promise<DeadlineCheckResult> {
  const today = todayInBeijing(options.now);
  const dueSoon = await notifyDueSoon(db, today);
  const missedIssueIds = await markMissedDeadlines(db, today);
  const escalatedIssueIds: string[] = [];
  for (;;) {
    const batch = await escalateOverdueBatch(db, today);
    escalatedIssueIds.push(...batch);
    if (batch.length < escalationBatch) break;
  }
  return { dueSoon, missedIssueIds, escalatedIssueIds };
}

function subjectName(row: { enterpriseName: string | null; projectName: string | null }): string {
  return row.enterpriseName ?? row.projectName ?? "";
}

async function notifyDueSoon(db: Db, today: string): Promise<number> {
  const horizon = await addWorkingDays(db, today, dueSoonWorkingDays);
  const rows = await db
    .select({
      id: issues.id,
      serialNo: issues.serialNo,
      title: issues.title,
      dueOn: issues.dueOn,
      leadDepartmentId: issues.leadDepartmentId,
      enterpriseName: enterprises.name,
      projectName: projects.name,
    })
    .from(issues)
    .leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
    .leftJoin(projects, eq(projects.id, issues.projectId))
    .where(and(running, isNotNull(issues.leadDepartmentId), gte(issues.dueOn, today), lte(issues.dueOn, horizon)));
  for (const row of rows) {
    if (row.leadDepartmentId === null || row.dueOn === null) continue;
    const departmentId = row.leadDepartmentId;
    const dueOn = row.dueOn;
    await db.transaction(async (tx) => {
      await notify(
        tx,
        { departmentIds: [departmentId] },
        {
          kind: "issue_due_soon",
          title: `问题 ${row.serialNo} 将于 ${dueOn} 到期`,
          body: `${subjectName(row)}：${row.title}。请于 ${dueOn} 前办结并反馈。`,
          issueId: row.id,
          link: `/issues/${row.id}`,
          dedupeKey: `issue_due_soon:${row.id}:${dueOn}`,
        },
      );
    });
  }
  return rows.length;
}

/** Escalates one batch of overdue issues in one transaction; returns their ids. */
async function escalateOverdueBatch(db: Db, today: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const notYetForThisDeadline = sql`${issues.autoEscalatedDueOn} is distinct from ${issues.dueOn}`;
    const overdue: SQL = and(running, sql`${issues.dueOn} < ${today}`, notYetForThisDeadline) as SQL;
    // The claim: rows another instance is escalating right now are skipped, and the WHERE is
    // re-checked on the locked row, so each issue is escalated by exactly one run.
    const escalated = await tx
      .update(issues)
      .set({
        autoEscalatedAt: sql`now()`,
        autoEscalatedDueOn: sql`${issues.dueOn}`,
        escalationLevel: sql`greatest(${issues.escalationLevel}, 1)`,
        escalatedAt: sql`coalesce(${issues.escalatedAt}, now())`,
        updatedAt: sql`now()`,
        version: sql`${issues.version} + 1`,
      })
      .where(
        and(
          overdue,
          sql`${issues.id} in (select i.id from ${issues} i where i.status in ('routed', 'in_progress') and i.due_on < ${today} and i.auto_escalated_due_on is distinct from i.due_on order by i.due_on limit ${escalationBatch} for update skip locked)`,
        ),
      )
      .returning({
        id: issues.id,
        serialNo: issues.serialNo,
        title: issues.title,
        status: issues.status,
        dueOn: issues.dueOn,
        orgUnitId: issues.orgUnitId,
        enterpriseId: issues.enterpriseId,
        projectId: issues.projectId,
        leadDepartmentId: issues.leadDepartmentId,
        escalationLevel: issues.escalationLevel,
      });
    if (escalated.length === 0) return [];
    const names = await subjectNames(tx, escalated);
    for (const issue of escalated) {
      const note = `已超过办理时限（${issue.dueOn ?? ""}）未办结，系统自动督办`;
      await recordIssueEvent(tx, {
        issueId: issue.id,
        action: "auto_escalated",
        fromStatus: issue.status,
        toStatus: issue.status,
        actor: null,
        note,
        data: { dueOn: issue.dueOn, escalationLevel: issue.escalationLevel },
      });
      const subject = names.get(issue.id) ?? "";
      await notify(
        tx,
        {
          departmentIds: issue.leadDepartmentId ? [issue.leadDepartmentId] : [],
          userIds: [...(await dispatchersOf(tx, issue.orgUnitId)), ...(await oversightOf(tx, issue.orgUnitId))],
        },
        {
          kind: "issue_overdue",
          title: `问题 ${issue.serialNo} 已逾期，已自动督办`,
          body: `${subject ? `${subject}：` : ""}${issue.title}。办理时限 ${issue.dueOn ?? ""}，请尽快办结并反馈。`,
          issueId: issue.id,
          link: `/issues/${issue.id}`,
          // Once per deadline: a new deadline missed again is told again.
          dedupeKey: `issue_overdue:${issue.id}:${issue.dueOn ?? ""}`,
        },
      );
    }
    await writeAuditMany(
      tx,
      system,
      escalated.map((issue) => ({
        action: "issue.auto_escalate",
        entityType: "issue",
        entityId: issue.id,
        orgUnitId: issue.orgUnitId,
        summary: `${issue.serialNo} 逾期（时限 ${issue.dueOn ?? ""}）自动督办`,
        after: { escalationLevel: issue.escalationLevel },
      })),
    );
    return escalated.map((i) => i.id);
  });
}

async function subjectNames(
  db: Db,
  rows: { id: string; enterpriseId: string | null; projectId: string | null }[],
): Promise<Map<string, string>> {
  const enterpriseIds = rows.flatMap((r) => (r.enterpriseId ? [r.enterpriseId] : []));
  const projectIds = rows.flatMap((r) => (r.projectId ? [r.projectId] : []));
  const [es, ps] = await Promise.all([
    enterpriseIds.length
      ? db
          .select({ id: enterprises.id, name: enterprises.name })
          .from(enterprises)
          .where(inArray(enterprises.id, enterpriseIds))
      : [],
    projectIds.length
      ? db.select({ id: projects.id, name: projects.name }).from(projects).where(inArray(projects.id, projectIds))
      : [],
  ]);
  const byId = new Map([...es, ...ps].map((r) => [r.id, r.name]));
  return new Map(rows.map((r) => [r.id, byId.get(r.enterpriseId ?? "") ?? byId.get(r.projectId ?? "") ?? ""] as const));
}

/** The active oversight users (纪委/督查室) whose scope holds the issue's org unit. */
async function oversightOf(db: Db, orgUnitId: string): Promise<string[]> {
  return (await activeUsersAbove(db, "oversight", orgUnitId)).map((r) => r.id);
}
