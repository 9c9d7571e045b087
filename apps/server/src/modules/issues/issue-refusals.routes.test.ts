import { and, asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type Caller, inDays, useIssueWorkflow } from "../../../test/issue-workflow.js";
import { auditLog } from "../audit/audit.table.js";
import { notifications } from "../notifications/notifications.table.js";
import { issueDepartments, issueEvents, issueExtensions, issueRatings, issues } from "./issues.table.js";

/* A transition refused (wrong role, wrong party, wrong state, stale version) changes nothing at all. */

const w = useIssueWorkflow("wf", "要素保障");
const { post, ok, newIssue, routed, inProgress, answered } = w;
/** A user of another zone-A enterprise. */
let otherEnterprise: string;
beforeAll(async () => {
  otherEnterprise = await w.otherEnterpriseUser();
});

/**
 * What a refusal must leave untouched: the row, the departments it is routed to, its history, its extension
 * requests, its ratings, the notices about it and its audit rows.
 */
async function snapshot(id: string) {
  const db = w.t.database.db;
  const [row] = await db.select().from(issues).where(eq(issues.id, id));
  const departments = await db
    .select()
    .from(issueDepartments)
    .where(eq(issueDepartments.issueId, id))
    .orderBy(asc(issueDepartments.departmentId));
  const [events] = await db.select({ n: count() }).from(issueEvents).where(eq(issueEvents.issueId, id));
  const extensions = await db
    .select()
    .from(issueExtensions)
    .where(eq(issueExtensions.issueId, id))
    .orderBy(asc(issueExtensions.id));
  const ratings = await db.select().from(issueRatings).where(eq(issueRatings.issueId, id));
  const notices = await db
    .select({ id: notifications.id, userId: notifications.userId, kind: notifications.kind })
    .from(notifications)
    .where(eq(notifications.issueId, id))
    .orderBy(asc(notifications.id));
  const [audits] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "issue"), eq(auditLog.entityId, id)));
  return { row, departments, events: events?.n, extensions, ratings, notices, audits: audits?.n };
}

describe("refusals change nothing", () => {
  const cases: {
    name: string;
    setup: () => Promise<string>;
    who: () => Caller;
    action: string;
    payload: object;
    status: number;
    message: string;
  }[] = [
    {
      name: "a department declining",
      setup: () => newIssue(),
      who: () => "department",
      action: "decline",
      payload: { reason: "不办" },
      status: 403,
      message: "角色无权",
    },
    {
      name: "a department bouncing an issue it only co-handles",
      setup: () => routed(),
      who: () => w.coDept,
      action: "bounce",
      payload: { reason: "不办" },
      status: 403,
      message: "牵头单位",
    },
    {
      name: "an enterprise answering",
      setup: () => inProgress(),
      who: () => "enterprise",
      action: "answer",
      payload: { answer: "自己答复" },
      status: 403,
      message: "角色无权",
    },
    {
      name: "a co-department answering",
      setup: () => inProgress(),
      who: () => w.coDept,
      action: "answer",
      payload: { answer: "配合单位答复" },
      status: 403,
      message: "牵头单位",
    },
    {
      name: "answering before accepting",
      setup: () => routed(),
      who: () => "department",
      action: "answer",
      payload: { answer: "答复" },
      status: 409,
      message: "“已交办”",
    },
    {
      name: "rating while in progress",
      setup: () => inProgress(),
      who: () => "enterprise",
      action: "rate",
      payload: { rating: "satisfied" },
      status: 409,
      message: "“办理中”",
    },
    {
      name: "another enterprise rating",
      setup: () => answered(),
      who: () => otherEnterprise,
      action: "rate",
      payload: { rating: "satisfied" },
      status: 404,
      message: "不存在或无权访问",
    },
    {
      name: "oversight rating",
      setup: () => answered(),
      who: () => "oversight",
      action: "rate",
      payload: { rating: "satisfied" },
      status: 403,
      message: "角色无权",
    },
    {
      name: "routing a routed issue",
      setup: () => routed(),
      who: () => "admin",
      action: "route",
      payload: { leadDepartmentId: "00000000-0000-4000-8000-000000000000" },
      status: 409,
      message: "“已交办”",
    },
    {
      name: "closing an unanswered issue",
      setup: () => inProgress(),
      who: () => "admin",
      action: "close",
      payload: { note: "销号" },
      status: 409,
      message: "“办理中”",
    },
    {
      name: "a cadre escalating",
      setup: () => routed(),
      who: () => "cadre",
      action: "escalate",
      payload: { note: "督办" },
      status: 403,
      message: "角色无权",
    },
    {
      name: "a stale version",
      setup: () => routed(),
      who: () => "department",
      action: "accept",
      payload: { version: 1 },
      status: 409,
      message: "已被他人修改",
    },
    {
      name: "the dispatcher escalating (督办 is a leader's or oversight's)",
      setup: () => routed(),
      who: () => "admin",
      action: "escalate",
      payload: { note: "督办" },
      status: 403,
      message: "角色无权",
    },
    {
      name: "bouncing an answered issue (its departments stay)",
      setup: () => answered(),
      who: () => "department",
      action: "bounce",
      payload: { reason: "不属于本单位职责" },
      status: 409,
      message: "“已办结”",
    },
    {
      name: "a second extension request while one is pending",
      setup: async () => {
        const id = await inProgress();
        await ok("department", `/api/issues/${id}/extensions`, { requestedDueOn: inDays(60), reason: "需要协调" });
        return id;
      },
      who: () => "department",
      action: "extensions",
      payload: { requestedDueOn: inDays(90), reason: "再次申请" },
      status: 409,
      message: "待审批的延期申请",
    },
    {
      name: "a department rating its own answer",
      setup: () => answered(),
      who: () => w.coDept,
      action: "rate",
      payload: { rating: "satisfied" },
      status: 403,
      message: "角色无权",
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} (${c.status})`, async () => {
      const id = await c.setup();
      const before = await snapshot(id);
      const r = await post(c.who(), `/api/issues/${id}/${c.action}`, c.payload);
      expect(r.statusCode, r.body).toBe(c.status);
      if (c.message) expect(r.json().message).toContain(c.message);
      expect(await snapshot(id)).toEqual(before);
    });
  }

  it("refuses a wrong-role transition with 403 even before validating the target", async () => {
    const id = await newIssue();
    const r = await post("cadre", `/api/issues/${id}/route`, { leadDepartmentId: w.f.dept.id });
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toContain("交办");
  });
});
