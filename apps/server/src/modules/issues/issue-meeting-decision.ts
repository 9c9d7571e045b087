import { type IssueStatus, issueStatusLabels } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { inOrgScope } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import {
  assertDeadlineInRange,
  assertRoutableDepartments,
  categoryDeadline,
  isRunning,
  lapsePendingExtension,
  type PlannedNotice,
  recordIssueEvent,
  routingNotices,
  sendIssueNotices,
  titleOf,
} from "./issue-common.js";
import { recordMissedDeadline } from "./issue-deadline-misses.js";
import {
  findIssueDepartments,
  type IssueRow,
  type IssueValues,
  lockIssueRow,
  setIssueDepartments,
  updateIssueGuarded,
} from "./issues.queries.js";
import { issues } from "./issues.table.js";

/** One decision of a concluded joint review meeting (联审联批会议) on one issue. */
export interface MeetingDecision {
  /** The text of the history entry (the decision with who answers for it). */
  decision: string;
  responsibleDepartmentId: string | null;
  responsibleLeaderId: string | null;
  newDueOn: string | null;
  meeting: { id: string; title: string; chairName: string | null };
}

/** Who routed an issue by a meeting decision, as the routing slip (交办单) shows it. */
export function meetingRouter(meeting: { title: string; chairName: string | null }): string {
  return `${meeting.title}${meeting.chairName ? `（主持人：${meeting.chairName}）` : ""}`;
}

/**
 * Gives the issue to the meeting's responsible unit (keeping the co-departments of an issue already routed)
 * and prepares the routed / rerouted history entry and the notices of a routing, with the meeting's deadline
 * or the category's default from today.
 */
async function routeByMeeting(
  tx: Db,
  p: {
    issue: IssueRow;
    depts: Awaited<ReturnType<typeof findIssueDepartments>>;
    currentLead: string | null;
    isRouted: boolean;
    newLead: string;
    decision: MeetingDecision;
    today: string;
  },
) {
  const { issue, depts, currentLead, isRouted, newLead, decision } = p;
  const names = await assertRoutableDepartments(
    tx,
    issue.orgUnitId,
    { leadDepartmentId: newLead, coDepartmentIds: [] },
    { lead: "responsibleDepartmentId", co: "coDepartmentIds" },
  );
  // A bounced issue has no departments left; a rerouted one keeps its co-departments.
  const co = isRouted ? depts.filter((d) => d.role === "co" && d.departmentId !== newLead) : [];
  await setIssueDepartments(
    tx,
    issue.id,
    newLead,
    co.map((d) => d.departmentId),
  );
  const dueOn = decision.newDueOn ?? (await categoryDeadline(tx, issue.categoryId, p.today));
  const leadName = names.get(newLead) ?? "";
  return {
    dueOn,
    routing: {
      event: isRouted ? ("rerouted" as const) : ("routed" as const),
      data: {
        leadDepartmentId: newLead,
        leadDepartmentName: leadName,
        coDepartments: co.map((d) => ({ id: d.departmentId, name: d.name })),
        dueOn,
        meeting: decision.meeting,
      },
    },
    notices: routingNotices(issue, {
      leadDepartmentId: newLead,
      leadName,
      coDepartmentIds: co.map((d) => d.departmentId),
      removed: isRouted && currentLead !== null ? [currentLead] : [],
      body: `办理时限 ${dueOn}（${decision.meeting.title}决定）`,
    }),
  };
}

/**
 * Applies a joint review meeting's decision to an issue of the actor's org-unit scope, in the caller's
 * transaction. An issue not routed to a department (待受理, 已退回) must get a responsible unit (a field
 * error otherwise) and is routed to it (交办); an issue being handled whose responsible unit differs from its
 * lead is rerouted (改派: back to 已交办, for the new lead to accept). Either way the history gets a
 * routed / rerouted entry naming the meeting and its chair, and the departments the same 新交办问题 notices
 * (inbox and WeCom) as a dispatcher's routing, with the deadline set by the meeting or the category's
 * default. Otherwise a new deadline replaces due_on. The responsible leader is stored on the issue and told
 * in the inbox. A closed issue only gets the meeting_decision history entry.
 */
export async function applyMeetingDecisionInTx(
  tx: Db,
  actor: Actor,
  issueId: string,
  decision: MeetingDecision,
): Promise<void> {
  const issue = await lockIssueRow(tx, issueId, inOrgScope(actor, issues.orgUnitId));
  if (!issue) throw notFound("问题", { isAccessRefusal: true });
  const depts = await findIssueDepartments(tx, [issueId]);
  const currentLead = depts.find((d) => d.role === "lead")?.departmentId ?? null;
  const isRouted = issue.status !== "received" && issue.status !== "bounced" && currentLead !== null;
  const newLead = decision.responsibleDepartmentId;
  const closed = issue.status === "closed";
  if (!closed && !isRouted && newLead === null) {
    throw fieldError(
      "responsibleDepartmentId",
      `问题 ${issue.serialNo} 当前为“${issueStatusLabels[issue.status]}”，尚未交办到承办单位，会议决定必须确定责任单位`,
    );
  }
  const today = todayInBeijing();
  let toStatus: IssueStatus = issue.status;
  let values: Partial<IssueValues> = {};
  const notices: PlannedNotice[] = [];
  let routing: { event: "routed" | "rerouted"; data: unknown } | null = null;
  if (!closed) {
    if (decision.newDueOn !== null) assertDeadlineInRange("newDueOn", "会议确定的完成时限", decision.newDueOn, today);
    // The issue changes hands when it is not routed yet, or given to another lead; it is routed anew unless it
    // was already answered (an answered issue keeps its status and only changes hands).
    const changesHands = newLead !== null && (!isRouted || newLead !== currentLead);
    if (newLead !== null && changesHands) {
      const routed = await routeByMeeting(tx, { issue, depts, currentLead, isRouted, newLead, decision, today });
      values.leadDepartmentId = newLead;
      if (!isRouted || isRunning(issue.status)) {
        toStatus = "routed";
        values = { ...values, routedAt: new Date(), bounceReason: null, dueOn: routed.dueOn };
        routing = routed.routing;
        notices.push(...routed.notices);
      }
    }
    if (values.dueOn === undefined && decision.newDueOn !== null) values.dueOn = decision.newDueOn;
    if (values.dueOn !== undefined && issue.originalDueOn === null) values.originalDueOn = values.dueOn;
    if (decision.responsibleLeaderId !== null) values.responsibleLeaderId = decision.responsibleLeaderId;
    values = { ...(await recordMissedDeadline(tx, issue, today)), ...values, status: toStatus };
    const updated = await updateIssueGuarded(tx, issueId, { expectedStatus: issue.status }, values);
    if (!updated) {
      throw new AppError(
        "INVALID_STATE",
        `该问题状态已变为其他状态，请刷新（原状态“${issueStatusLabels[issue.status]}”）`,
      );
    }
  }
  await recordIssueEvent(tx, {
    issueId,
    action: "meeting_decision",
    fromStatus: issue.status,
    toStatus: issue.status,
    actor,
    note: decision.decision,
    data: {
      meetingId: decision.meeting.id,
      meetingTitle: decision.meeting.title,
      responsibleDepartmentId: decision.responsibleDepartmentId,
      responsibleLeaderId: decision.responsibleLeaderId,
      newDueOn: decision.newDueOn,
    },
  });
  if (routing) {
    await recordIssueEvent(tx, {
      issueId,
      action: routing.event,
      fromStatus: issue.status,
      toStatus,
      actor,
      note: `${decision.meeting.title}决定交办`,
      data: routing.data,
    });
  }
  if (routing || (!closed && values.leadDepartmentId !== undefined)) await lapsePendingExtension(tx, issueId, toStatus);
  await writeAudit(tx, actor, {
    action: "issue.meeting_decision",
    entityType: "issue",
    entityId: issueId,
    orgUnitId: issue.orgUnitId,
    summary: `${issue.serialNo} ${decision.meeting.title}`,
    before: {
      status: issue.status,
      dueOn: issue.dueOn,
      leadDepartmentId: issue.leadDepartmentId,
      responsibleLeaderId: issue.responsibleLeaderId,
    },
    after: { status: toStatus, ...values },
  });
  const departmentIds = [...new Set([...(newLead ? [newLead] : []), ...depts.map((d) => d.departmentId)])];
  notices.push({
    to: { departmentIds },
    notice: { kind: "meeting_decision", title: `联审联批会议决定：${titleOf(issue)}`, body: decision.decision },
  });
  if (!closed && decision.responsibleLeaderId !== null) {
    notices.push({
      to: { userIds: [decision.responsibleLeaderId] },
      notice: {
        kind: "meeting_decision",
        title: `您被确定为责任领导：${titleOf(issue)}`,
        body: `${decision.meeting.title}：${decision.decision}`,
      },
    });
  }
  await sendIssueNotices(tx, issueId, notices);
}
