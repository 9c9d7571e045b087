import { type IssueAction, type IssueDetail, type IssueStatus, issueStatusLabels, roleCan } from "@zonedesk/contracts";
import { eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { notFound, versionConflict } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import {
  enterpriseUsersOf,
  isRunning,
  lapsePendingExtension,
  type PlannedNotice,
  recordIssueEvent,
  sendIssueNotices,
} from "./issue-common.js";
import { recordMissedDeadline } from "./issue-deadline-misses.js";
import { getIssue, getIssueAsLeft, workflowStateOf } from "./issue-detail.js";
import { assertTransitionAllowed, invalidState, issueWorkflow, type WorkflowIssue } from "./issue-workflow.js";
import { type IssueRow, type IssueValues, lockIssueRow, updateIssueGuarded } from "./issues.queries.js";
import { issues } from "./issues.table.js";

/*
 * How a transition of an issue (POST /api/issues/:id/<action>) runs, in one transaction: lock the issue
 * (within what the actor may see), check the workflow table (role, party, state), apply the change with
 * `where status = <expected>` (and the client's version), then the history entry, the audit row and the
 * notices. A refusal changes nothing. The transitions themselves are in issue-routing.ts, issue-handling.ts,
 * issue-extensions.ts and issue-closing.ts.
 */

export interface Effect {
  /** Values to set on the issue; null: the issue row is not changed (e.g. a progress note). */
  values: Partial<IssueValues> | null;
  toStatus: IssueStatus;
  /** issue_events.action */
  event: string;
  note?: string | null;
  data?: unknown;
  /** An extra condition for the guarded update (e.g. the escalation level read). */
  guard?: SQL;
  /** Close a pending extension request even though the issue stays with a department (a new lead). */
  lapsesExtension?: boolean;
  /** The change takes the issue out of the actor's sight (a department bouncing it). */
  leavesActorSight?: boolean;
  notices?: PlannedNotice[];
}

export interface Context {
  tx: Db;
  issue: IssueRow;
  workflow: WorkflowIssue;
  today: string;
}

/** Runs one transition of the workflow; answers the issue as the actor now sees it. */
export async function runTransition(
  db: Db,
  actor: Actor,
  issueId: string,
  action: IssueAction,
  version: number | undefined,
  apply: (ctx: Context) => Promise<Effect>,
): Promise<IssueDetail> {
  const permission = issueWorkflow[action].permission;
  if (!roleCan(actor.role, permission)) {
    // Refused by role before looking at the issue, like requirePermission elsewhere.
    assertTransitionAllowed(actor, action, {
      status: "closed",
      enterpriseId: null,
      departments: [],
      hasPendingExtension: false,
      escalationLevel: 0,
    });
  }
  let leftSight = false;
  await db.transaction(async (tx) => {
    const issue = await lockIssueRow(tx, issueId, visibleIssues(actor));
    if (!issue) throw notFound("问题", { isAccessRefusal: true });
    const workflow = await workflowStateOf(tx, issue);
    assertTransitionAllowed(actor, action, workflow);
    if (version !== undefined && version !== issue.version) throw versionConflict("该问题");
    const today = todayInBeijing();
    const effect = await apply({ tx, issue, workflow, today });
    let after: IssueRow = issue;
    if (effect.values !== null) {
      // Touching a running issue whose deadline has passed records the miss first (按期办结率).
      const missed = await recordMissedDeadline(tx, issue, today);
      const updated = await updateIssueGuarded(
        tx,
        issueId,
        { expectedStatus: issue.status, version, extra: effect.guard },
        { ...missed, ...effect.values, status: effect.toStatus },
      );
      if (!updated) {
        const [now] = await tx.select({ status: issues.status }).from(issues).where(eq(issues.id, issueId));
        throw invalidState(action, now?.status ?? issue.status);
      }
      after = updated;
    }
    await recordIssueEvent(tx, {
      issueId,
      action: effect.event,
      fromStatus: issue.status,
      toStatus: effect.toStatus,
      actor,
      note: effect.note ?? null,
      data: effect.data ?? null,
    });
    if (effect.lapsesExtension || !isRunning(effect.toStatus)) {
      await lapsePendingExtension(tx, issueId, effect.toStatus);
    }
    await writeAudit(tx, actor, {
      action: `issue.${action}`,
      entityType: "issue",
      entityId: issueId,
      orgUnitId: issue.orgUnitId,
      summary: `${issue.serialNo} ${issueStatusLabels[issue.status]} → ${issueStatusLabels[effect.toStatus]}${effect.note ? `：${effect.note.slice(0, 100)}` : ""}`,
      before: auditView(issue),
      after: { ...auditView(after), event: effect.event, data: effect.data ?? null },
    });
    await sendIssueNotices(tx, issueId, effect.notices ?? []);
    leftSight = effect.leavesActorSight === true;
  });
  return leftSight ? getIssueAsLeft(db, actor, issueId) : getIssue(db, actor, issueId);
}

function auditView(i: IssueRow) {
  return {
    status: i.status,
    leadDepartmentId: i.leadDepartmentId,
    dueOn: i.dueOn,
    outcome: i.outcome,
    rating: i.rating,
    escalationLevel: i.escalationLevel,
    reopenCount: i.reopenCount,
    deadlineMissedAt: i.deadlineMissedAt,
    version: i.version,
  };
}

/** The lead department(s) of the issue. */
export const leadOf = (w: WorkflowIssue) => w.departments.filter((d) => d.role === "lead").map((d) => d.departmentId);

/** The enterprise's users and whoever recorded the issue. */
export async function reporterAndEnterprise(tx: Db, issue: IssueRow): Promise<string[]> {
  const userIds = await enterpriseUsersOf(tx, issue.enterpriseId);
  if (issue.reportedBy) userIds.push(issue.reportedBy);
  return [...new Set(userIds)];
}
