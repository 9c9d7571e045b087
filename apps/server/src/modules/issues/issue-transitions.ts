import {
  type AnswerIssue,
  type ApproveExtension,
  type BounceIssue,
  type CloseIssue,
  type DeclineIssue,
  type EscalateIssue,
  type IssueAction,
  type IssueDetail,
  type IssueProgress,
  type IssueStatus,
  issueRatingLabels,
  issueStatusLabels,
  type RateIssue,
  type RefuseExtension,
  type RequestExtension,
  type RouteIssue,
  roleCan,
  runningIssueStatuses,
} from "@zonedesk/contracts";
import { and, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, isUniqueViolation, notFound, versionConflict } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { type Notice, notify } from "../notifications/notifications.service.js";
import { assertTransitionAllowed, invalidState, issueWorkflow, type WorkflowIssue } from "./issue-workflow.js";
import {
  findPendingExtension,
  type IssueRow,
  type IssueValues,
  lockIssueRow,
  setIssueDepartments,
  updateIssueGuarded,
} from "./issues.queries.js";
import {
  assertDeadlineInRange,
  assertRoutableDepartments,
  categoryDeadline,
  dispatchersOf,
  enterpriseUsersOf,
  getIssue,
  lapsePendingExtension,
  latestDeadline,
  recordIssueEvent,
  workflowStateOf,
} from "./issues.service.js";
import { issueExtensions, issues } from "./issues.table.js";

/*
 * The transitions of an issue (POST /api/issues/:id/<action>). Each runs in one transaction:
 * lock the issue (within what the actor may see), check the workflow table (role, party, state),
 * apply the change with `where status = <expected>` (and the client's version), then the history
 * entry, the audit row and the notices. A refusal changes nothing.
 */

interface Recipients {
  userIds?: string[];
  departmentIds?: string[];
}

interface Effect {
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
  notices?: { to: Recipients; notice: Omit<Notice, "issueId" | "link"> }[];
}

interface Context {
  tx: Db;
  issue: IssueRow;
  workflow: WorkflowIssue;
  today: string;
}

async function runTransition(
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
  await db.transaction(async (tx) => {
    const issue = await lockIssueRow(tx, issueId, visibleIssues(actor));
    if (!issue) throw notFound("问题", { isAccessRefusal: true });
    const workflow = await workflowStateOf(tx, issue);
    assertTransitionAllowed(actor, action, workflow);
    if (version !== undefined && version !== issue.version) throw versionConflict("该问题");
    const effect = await apply({ tx, issue, workflow, today: todayInBeijing() });
    let after: IssueRow = issue;
    if (effect.values !== null) {
      const updated = await updateIssueGuarded(
        tx,
        issueId,
        { expectedStatus: issue.status, version, extra: effect.guard },
        { ...effect.values, status: effect.toStatus },
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
    if (effect.lapsesExtension || !RUNNING.includes(effect.toStatus)) {
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
    for (const n of effect.notices ?? []) {
      await notify(tx, n.to, { ...n.notice, issueId, link: `/issues/${issueId}` });
    }
  });
  return getIssue(db, actor, issueId);
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
    version: i.version,
  };
}

const RUNNING: readonly IssueStatus[] = runningIssueStatuses;

const leadOf = (w: WorkflowIssue) => w.departments.filter((d) => d.role === "lead").map((d) => d.departmentId);
const titleOf = (i: IssueRow) => `${i.serialNo} ${i.title}`;

/** 交办 / 改派: lead and co-departments, and a deadline (explicit, or the category's default from today). */
async function routeEffect(ctx: Context, input: RouteIssue, event: "routed" | "rerouted"): Promise<Effect> {
  const { tx, issue, today, workflow } = ctx;
  const names = await assertRoutableDepartments(tx, issue.orgUnitId, input);
  if (input.dueOn) assertDeadlineInRange("dueOn", "办理时限", input.dueOn, today);
  const dueOn = input.dueOn ?? (await categoryDeadline(tx, issue.categoryId, today));
  await setIssueDepartments(tx, issue.id, input.leadDepartmentId, input.coDepartmentIds);
  const co = [...new Set(input.coDepartmentIds)].filter((id) => id !== input.leadDepartmentId);
  const leadName = names.get(input.leadDepartmentId) ?? "";
  // Departments taken off the issue by a reroute are told they no longer hold it.
  const kept = new Set([input.leadDepartmentId, ...co]);
  const removed =
    event === "rerouted" ? workflow.departments.map((d) => d.departmentId).filter((id) => !kept.has(id)) : [];
  return {
    lapsesExtension: true,
    values: {
      leadDepartmentId: input.leadDepartmentId,
      dueOn,
      originalDueOn: issue.originalDueOn ?? dueOn,
      routedAt: new Date(),
      bounceReason: null,
    },
    toStatus: "routed",
    event,
    note: input.note ?? null,
    data: {
      leadDepartmentId: input.leadDepartmentId,
      leadDepartmentName: names.get(input.leadDepartmentId) ?? null,
      coDepartments: co.map((id) => ({ id, name: names.get(id) ?? null })),
      dueOn,
    },
    notices: [
      {
        to: { departmentIds: [input.leadDepartmentId, ...co] },
        notice: { kind: "issue_routed", title: `新交办问题：${titleOf(issue)}`, body: `办理时限 ${dueOn}` },
      },
      ...(removed.length > 0
        ? [
            {
              to: { departmentIds: removed },
              notice: {
                kind: "issue_routed" as const,
                title: `问题已改派其他单位：${titleOf(issue)}`,
                body: `该问题已改由${leadName}牵头办理，贵单位无需继续办理`,
              },
            },
          ]
        : []),
    ],
  };
}

/** 交办: the dispatcher routes a received (or bounced) issue. */
export function routeIssue(db: Db, actor: Actor, id: string, input: RouteIssue) {
  return runTransition(db, actor, id, "route", input.version, (ctx) => routeEffect(ctx, input, "routed"));
}

/** 改派: the dispatcher routes an issue being handled to other departments; they must accept it again. */
export function rerouteIssue(db: Db, actor: Actor, id: string, input: RouteIssue) {
  return runTransition(db, actor, id, "reroute", input.version, (ctx) => routeEffect(ctx, input, "rerouted"));
}

/** 不予受理: the dispatcher closes a received issue with a reason. */
export function declineIssue(db: Db, actor: Actor, id: string, input: DeclineIssue) {
  return runTransition(db, actor, id, "decline", input.version, async ({ tx, issue }) => ({
    values: { outcome: "declined", closedAt: new Date() },
    toStatus: "closed",
    event: "declined",
    note: input.reason,
    notices: [
      {
        to: { userIds: await reporterAndEnterprise(tx, issue) },
        notice: { kind: "issue_answered", title: `问题不予受理：${titleOf(issue)}`, body: input.reason },
      },
    ],
  }));
}

/** 签收: the lead department takes the issue in hand. */
export function acceptIssue(db: Db, actor: Actor, id: string, input: { note?: string | null; version?: number }) {
  return runTransition(db, actor, id, "accept", input.version, async () => ({
    values: {},
    toStatus: "in_progress",
    event: "accepted",
    note: input.note ?? null,
  }));
}

/** 办理进展: a note by the lead or a co-department; the status does not change. */
export function addIssueProgress(db: Db, actor: Actor, id: string, input: IssueProgress) {
  return runTransition(db, actor, id, "progress", undefined, async ({ issue }) => ({
    values: null,
    toStatus: issue.status,
    event: "progress",
    note: input.note,
    data: { departmentId: actor.departmentId },
  }));
}

/** The enterprise's users and whoever recorded the issue. */
async function reporterAndEnterprise(tx: Db, issue: IssueRow): Promise<string[]> {
  const userIds = await enterpriseUsersOf(tx, issue.enterpriseId);
  if (issue.reportedBy) userIds.push(issue.reportedBy);
  return [...new Set(userIds)];
}

/** 办结答复: the lead department answers; the enterprise and the reporter are told and may rate it. */
export function answerIssue(db: Db, actor: Actor, id: string, input: AnswerIssue) {
  return runTransition(db, actor, id, "answer", input.version, async ({ tx, issue }) => {
    const userIds = await reporterAndEnterprise(tx, issue);
    return {
      values: { answer: input.answer, answeredAt: new Date() },
      toStatus: "answered",
      event: "answered",
      note: input.answer,
      notices: [
        {
          to: { userIds },
          notice: { kind: "issue_answered", title: `问题已办结，请评价：${titleOf(issue)}`, body: input.answer },
        },
      ],
    };
  });
}

/** 退回: the lead department sends a wrongly routed issue back to the dispatcher with a reason. */
export function bounceIssue(db: Db, actor: Actor, id: string, input: BounceIssue) {
  return runTransition(db, actor, id, "bounce", input.version, async ({ tx, issue }) => ({
    values: { bounceReason: input.reason },
    toStatus: "bounced",
    event: "bounced",
    note: input.reason,
    notices: [
      {
        to: { userIds: await dispatchersOf(tx, issue.orgUnitId) },
        notice: { kind: "issue_bounced", title: `问题被退回：${titleOf(issue)}`, body: input.reason },
      },
    ],
  }));
}

/** 延期申请: the lead department asks for a later deadline; one pending request at a time. */
export function requestIssueExtension(db: Db, actor: Actor, id: string, input: RequestExtension) {
  return runTransition(db, actor, id, "request_extension", undefined, async ({ tx, issue, today }) => {
    if (issue.dueOn !== null && input.requestedDueOn <= issue.dueOn) {
      throw fieldError("requestedDueOn", `申请延期的日期应晚于当前办理时限 ${issue.dueOn}`);
    }
    if (input.requestedDueOn <= today) throw fieldError("requestedDueOn", `申请延期的日期应晚于今天（${today}）`);
    const latest = latestDeadline(today);
    if (input.requestedDueOn > latest) {
      throw fieldError("requestedDueOn", `申请延期的日期不能晚于一年后（${latest}）`);
    }
    try {
      await tx.transaction(async (sp) => {
        await sp.insert(issueExtensions).values({
          issueId: issue.id,
          departmentId: actor.departmentId,
          requestedBy: actor.userId,
          currentDueOn: issue.dueOn,
          requestedDueOn: input.requestedDueOn,
          reason: input.reason,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError("INVALID_STATE", "该问题已有一项待审批的延期申请，请等待审批结果");
      }
      throw error;
    }
    return {
      values: {},
      toStatus: issue.status,
      event: "extension_requested",
      note: input.reason,
      data: { currentDueOn: issue.dueOn, requestedDueOn: input.requestedDueOn },
      notices: [
        {
          to: { userIds: await dispatchersOf(tx, issue.orgUnitId) },
          notice: {
            kind: "extension_requested",
            title: `延期申请：${titleOf(issue)}`,
            body: `申请延期至 ${input.requestedDueOn}：${input.reason}`,
          },
        },
      ],
    };
  });
}

async function decideExtension(ctx: Context, actor: Actor, approve: boolean, note: string | null): Promise<Effect> {
  const { tx, issue, workflow } = ctx;
  if (approve) {
    const pending = await findPendingExtension(tx, issue.id);
    if (pending && !leadOf(workflow).includes(pending.departmentId ?? "")) {
      throw new AppError(
        "INVALID_STATE",
        "该延期申请不是当前牵头单位提出的，不能同意；请选择“不同意延期”，由当前牵头单位重新申请",
      );
    }
    if (pending && issue.dueOn !== null && pending.requestedDueOn <= issue.dueOn) {
      throw new AppError(
        "INVALID_STATE",
        `申请延期至 ${pending.requestedDueOn}，不晚于当前办理时限 ${issue.dueOn}，不能同意；请选择“不同意延期”`,
      );
    }
  }
  const [decided] = await tx
    .update(issueExtensions)
    .set({
      status: approve ? "approved" : "refused",
      decidedBy: actor.userId,
      decidedAt: new Date(),
      decisionNote: note,
    })
    .where(and(eq(issueExtensions.issueId, issue.id), eq(issueExtensions.status, "pending")))
    .returning();
  if (!decided) throw new AppError("INVALID_STATE", "该问题没有待审批的延期申请");
  const verdict = approve ? "同意" : "不同意";
  return {
    values: approve ? { dueOn: decided.requestedDueOn, originalDueOn: issue.originalDueOn ?? issue.dueOn } : {},
    toStatus: issue.status,
    event: approve ? "extension_approved" : "extension_refused",
    note,
    data: { extensionId: decided.id, previousDueOn: issue.dueOn, requestedDueOn: decided.requestedDueOn },
    notices: [
      {
        to: { departmentIds: leadOf(workflow) },
        notice: {
          kind: "extension_decided",
          title: `延期申请${verdict}：${titleOf(issue)}`,
          body: approve ? `办理时限延至 ${decided.requestedDueOn}` : note,
        },
      },
    ],
  };
}

/** 同意延期: the deadline moves to the requested date; the first deadline stays in original_due_on. */
export function approveIssueExtension(db: Db, actor: Actor, id: string, input: ApproveExtension) {
  return runTransition(db, actor, id, "approve_extension", undefined, (ctx) =>
    decideExtension(ctx, actor, true, input.note ?? null),
  );
}

/** 不同意延期: the deadline stays. */
export function refuseIssueExtension(db: Db, actor: Actor, id: string, input: RefuseExtension) {
  return runTransition(db, actor, id, "refuse_extension", undefined, (ctx) =>
    decideExtension(ctx, actor, false, input.note),
  );
}

/**
 * 评价: 满意/基本满意 closes the issue as resolved (销号); 不满意 reopens it (办理中) with a fresh deadline,
 * the answer kept in the history only.
 */
export function rateIssue(db: Db, actor: Actor, id: string, input: RateIssue) {
  return runTransition(db, actor, id, "rate", input.version, async ({ tx, issue, workflow, today }) => {
    const label = issueRatingLabels[input.rating];
    const data = { rating: input.rating, byPhone: actor.role === "admin" };
    if (input.rating === "dissatisfied") {
      const dueOn = await categoryDeadline(tx, issue.categoryId, today);
      return {
        // The 不满意 stays in the history (the event's data); the issue itself is unrated again, so closing
        // it later without a rating does not count as rated 不满意.
        values: {
          rating: null,
          ratedAt: null,
          reopenCount: issue.reopenCount + 1,
          answer: null,
          answeredAt: null,
          dueOn,
        },
        toStatus: "in_progress",
        event: "reopened",
        note: input.comment ?? null,
        data: { ...data, dueOn },
        notices: [
          {
            to: { departmentIds: leadOf(workflow) },
            notice: {
              kind: "issue_reopened",
              title: `企业不满意，问题重新办理：${titleOf(issue)}`,
              body: input.comment ?? `新的办理时限 ${dueOn}`,
            },
          },
        ],
      };
    }
    return {
      values: { rating: input.rating, ratedAt: new Date(), outcome: "resolved", closedAt: new Date() },
      toStatus: "closed",
      event: "rated",
      note: input.comment ?? null,
      data,
      notices: [
        {
          to: { departmentIds: leadOf(workflow) },
          notice: { kind: "issue_rated", title: `企业评价“${label}”：${titleOf(issue)}`, body: input.comment ?? null },
        },
      ],
    };
  });
}

/** 销号 without a rating (e.g. 企业逾期未评价): the dispatcher closes an answered issue as resolved. */
export function closeIssue(db: Db, actor: Actor, id: string, input: CloseIssue) {
  return runTransition(db, actor, id, "close", input.version, async ({ tx, issue, workflow }) => ({
    values: { outcome: "resolved", closedAt: new Date() },
    toStatus: "closed",
    event: "closed",
    note: input.note,
    notices: [
      {
        to: { departmentIds: leadOf(workflow), userIds: await reporterAndEnterprise(tx, issue) },
        notice: { kind: "issue_answered", title: `问题已销号：${titleOf(issue)}`, body: input.note },
      },
    ],
  }));
}

/** 督办 (level 1), then 挂牌督办 (level 2), on an open issue. */
export function escalateIssue(db: Db, actor: Actor, id: string, input: EscalateIssue) {
  return runTransition(db, actor, id, "escalate", input.version, async ({ tx, issue, workflow }) => {
    const level = issue.escalationLevel + 1;
    const name = level >= 2 ? "挂牌督办" : "督办";
    return {
      values: { escalationLevel: level, escalatedAt: new Date() },
      guard: eq(issues.escalationLevel, issue.escalationLevel),
      toStatus: issue.status,
      event: "escalated",
      note: input.note,
      data: { level },
      notices: [
        {
          to: { departmentIds: leadOf(workflow), userIds: await dispatchersOf(tx, issue.orgUnitId) },
          notice: { kind: "issue_escalated", title: `${name}：${titleOf(issue)}`, body: input.note },
        },
      ],
    };
  });
}
