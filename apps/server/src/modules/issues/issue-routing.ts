import type { DeclineIssue, RouteIssue } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";
import {
  assertDeadlineInRange,
  assertRoutableDepartments,
  categoryDeadline,
  routingNotices,
  titleOf,
} from "./issue-common.js";
import { type Context, type Effect, reporterAndEnterprise, runTransition } from "./issue-transition-runner.js";
import { setIssueDepartments } from "./issues.queries.js";

// The dispatcher's transitions: 交办, 改派, 不予受理.

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
    notices: routingNotices(issue, {
      leadDepartmentId: input.leadDepartmentId,
      leadName,
      coDepartmentIds: co,
      removed,
      body: `办理时限 ${dueOn}`,
    }),
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

/** 不予受理: the dispatcher closes a received (or bounced) issue with a reason. */
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
