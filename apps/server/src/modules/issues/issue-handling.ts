import type { AnswerIssue, BounceIssue, EscalateIssue, IssueProgress } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";
import { departments } from "../departments/departments.table.js";
import { dispatchersOf, titleOf } from "./issue-common.js";
import { leadOf, reporterAndEnterprise, runTransition } from "./issue-transition-runner.js";
import { clearIssueDepartments } from "./issues.queries.js";
import { issues } from "./issues.table.js";

// The departments' transitions (签收, 办理进展, 办结答复, 退回) and 督办 by a leader or oversight.

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

/**
 * 办结答复: the lead department answers; the enterprise and the reporter are told and may rate it. An answer
 * after the deadline in force records the missed deadline (the transition runner does, for any change).
 */
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

/**
 * 退回: the lead department sends a wrongly routed issue back to the dispatcher with a reason. The issue
 * leaves every department (lead and co): it is no longer in their queues, their figures or their sight,
 * as after a reroute; the co-departments are told. The dispatcher routes it again (or a meeting does).
 */
export function bounceIssue(db: Db, actor: Actor, id: string, input: BounceIssue) {
  return runTransition(db, actor, id, "bounce", input.version, async ({ tx, issue }) => {
    const [bouncing] = actor.departmentId
      ? await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, actor.departmentId))
      : [];
    const removed = await clearIssueDepartments(tx, issue.id);
    const co = removed.filter((d) => d !== actor.departmentId);
    return {
      values: { bounceReason: input.reason, leadDepartmentId: null },
      toStatus: "bounced",
      event: "bounced",
      note: input.reason,
      data: { departmentId: actor.departmentId, departmentName: bouncing?.name ?? null, coDepartmentIds: co },
      leavesActorSight: true,
      notices: [
        {
          to: { userIds: await dispatchersOf(tx, issue.orgUnitId) },
          notice: { kind: "issue_bounced", title: `问题被退回：${titleOf(issue)}`, body: input.reason },
        },
        ...(co.length > 0
          ? [
              {
                to: { departmentIds: co },
                notice: {
                  kind: "issue_bounced" as const,
                  title: `问题已被牵头单位退回：${titleOf(issue)}`,
                  body: "该问题已退回受理窗口重新交办，贵单位暂无需继续配合办理",
                },
              },
            ]
          : []),
      ],
    };
  });
}

/** 督办 (level 1), then 挂牌督办 (level 2), on an open issue, by a leader or oversight. */
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
