import type { ApproveExtension, RefuseExtension, RequestExtension } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";
import { AppError, fieldError, isUniqueViolation } from "../../lib/errors.js";
import { dispatchersOf, latestDeadline, titleOf } from "./issue-common.js";
import { type Context, type Effect, leadOf, runTransition } from "./issue-transition-runner.js";
import { findPendingExtension } from "./issues.queries.js";
import { issueExtensions } from "./issues.table.js";

// 延期: the lead department asks for a later deadline, the dispatcher approves or refuses.

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
