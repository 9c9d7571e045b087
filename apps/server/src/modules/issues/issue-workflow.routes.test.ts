import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { atBeijingNoon, inDays, useIssueWorkflow, weekdayBefore } from "../../../test/issue-workflow.js";
import { addCalendarDays } from "../../lib/working-days.js";
import { notifications } from "../notifications/notifications.table.js";

/*
 * The workflow through the API, each transition by the role and party the workflow table names: 交办, 签收,
 * 办理进展, 延期, 办结答复, 评价 (不满意 reopens), 销号, 退回, 不予受理, 改派, 督办; and two transitions at once.
 */

const w = useIssueWorkflow("wf", "要素保障");
const { get, post, ok, detail, newIssue, routed, inProgress, answered, noticesTo } = w;

describe("the workflow, each transition by its role", () => {
  it("routes with the category's default deadline, notifies both departments; the lead accepts", async () => {
    const id = await newIssue();
    // 督办 is not the dispatcher's: a leader's or oversight's.
    expect((await detail("admin", id)).allowedActions).toEqual(["route", "decline"]);
    expect((await detail("leader", id)).allowedActions).toEqual(["escalate"]);
    // Routed on a Friday (要素保障: 7 working days): Monday … Friday after it are 1–5, the next Monday 6,
    // the next Tuesday (11 days after the Friday) is 7.
    const friday = weekdayBefore(5, 14);
    const d = await atBeijingNoon(friday, () =>
      ok("admin", `/api/issues/${id}/route`, {
        leadDepartmentId: w.f.dept.id,
        coDepartmentIds: [w.f.otherDept.id],
        note: "请于时限内办结",
      }),
    );
    expect(d.status).toBe("routed");
    expect(d.dueOn).toBe(addCalendarDays(friday, 11));
    expect(d.originalDueOn).toBe(d.dueOn);
    expect(d.departments.map((x) => [x.name, x.role])).toEqual([
      ["自然资源局", "lead"],
      ["住建局", "co"],
    ]);
    const notices = await w.t.database.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.issueId, id), eq(notifications.kind, "issue_routed")));
    expect(notices[0]?.n).toBe(2); // the lead department's user and the co-department's user

    expect((await detail("department", id)).allowedActions).toEqual([
      "accept",
      "progress",
      "bounce",
      "request_extension",
    ]);
    expect((await detail(w.coDept, id)).allowedActions).toEqual(["progress"]);
    const accepted = await ok("department", `/api/issues/${id}/accept`, {});
    expect(accepted.status).toBe("in_progress");
  });

  it("takes progress notes from lead and co-departments without changing the status", async () => {
    const id = await inProgress();
    await ok("department", `/api/issues/${id}/progress`, { note: "已现场踏勘" });
    const d = await ok(w.coDept, `/api/issues/${id}/progress`, { note: "配合出具规划意见" });
    expect(d.status).toBe("in_progress");
    expect(d.events.filter((e) => e.action === "progress").map((e) => e.note)).toEqual([
      "已现场踏勘",
      "配合出具规划意见",
    ]);
  });

  it("approves an extension: due_on moves, original_due_on stays; one pending request at a time", async () => {
    const id = await inProgress();
    const before = await detail("admin", id);
    const first = before.dueOn ?? "";
    const tooEarly = await post("department", `/api/issues/${id}/extensions`, {
      requestedDueOn: first,
      reason: "需要协调",
    });
    expect(tooEarly.statusCode).toBe(400);
    expect(tooEarly.json().message).toContain("晚于当前办理时限");
    await ok("department", `/api/issues/${id}/extensions`, {
      requestedDueOn: inDays(90),
      reason: "需省电力公司审批",
    });
    const again = await post("department", `/api/issues/${id}/extensions`, {
      requestedDueOn: inDays(120),
      reason: "再延",
    });
    expect(again.statusCode).toBe(409);
    expect((await detail("admin", id)).allowedActions).toContain("approve_extension");
    const d = await ok("admin", `/api/issues/${id}/extensions/approve`, { note: "同意" });
    expect(d.dueOn).toBe(inDays(90));
    expect(d.originalDueOn).toBe(first);
    expect(d.extensions).toMatchObject([{ status: "approved", currentDueOn: first, requestedDueOn: inDays(90) }]);
    const none = await post("admin", `/api/issues/${id}/extensions/approve`, {});
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toContain("没有待审批的延期申请");
  });

  it("refuses an extension: the deadline stays", async () => {
    const id = await inProgress();
    const due = (await detail("admin", id)).dueOn;
    await ok("department", `/api/issues/${id}/extensions`, { requestedDueOn: inDays(150), reason: "材料不全" });
    const d = await ok("admin", `/api/issues/${id}/extensions/refuse`, { note: "请按期办结" });
    expect(d.dueOn).toBe(due);
    expect(d.extensions[0]?.status).toBe("refused");
  });

  it("answers, then 不满意 reopens it with a fresh deadline, then 满意 closes it as resolved", async () => {
    const id = await answered();
    const a = await detail("enterprise", id);
    expect(a.status).toBe("answered");
    expect(a.allowedActions).toEqual(["rate"]);
    const reopened = await ok("enterprise", `/api/issues/${id}/rate`, {
      rating: "dissatisfied",
      comment: "增容仍未落实",
    });
    // The 不满意 is kept in the history, not on the reopened issue.
    expect(reopened).toMatchObject({
      status: "in_progress",
      reopenCount: 1,
      rating: null,
      ratedAt: null,
      answer: null,
    });
    expect(reopened.events.find((e) => e.action === "reopened")?.data).toMatchObject({ rating: "dissatisfied" });
    expect(reopened.events.find((e) => e.action === "answered")?.note).toBe("已协调供电公司完成增容方案");
    const reopenNotice = await w.t.database.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.issueId, id), eq(notifications.kind, "issue_reopened")));
    expect(reopenNotice[0]?.n).toBe(1);
    await ok("department", `/api/issues/${id}/answer`, { answer: "增容工程已送电" });
    const closed = await ok("enterprise", `/api/issues/${id}/rate`, { rating: "satisfied" });
    expect(closed).toMatchObject({ status: "closed", outcome: "resolved", rating: "satisfied" });
    expect(closed.allowedActions).toEqual([]);
    expect(closed.events.map((e) => e.action)).toEqual([
      "created",
      "routed",
      "accepted",
      "answered",
      "reopened",
      "answered",
      "rated",
    ]);
  });

  it("lets the dispatcher record a phone rating and close an unrated answer", async () => {
    const rated = await ok("admin", `/api/issues/${await answered()}/rate`, { rating: "basically_satisfied" });
    expect(rated).toMatchObject({ status: "closed", rating: "basically_satisfied" });
    const closed = await ok("admin", `/api/issues/${await answered()}/close`, { note: "企业逾期未评价" });
    expect(closed).toMatchObject({ status: "closed", outcome: "resolved", rating: null });
  });

  it("bounces back to the dispatcher, who routes it again; declines with a reason", async () => {
    const id = await routed();
    const bounced = await ok("department", `/api/issues/${id}/bounce`, { reason: "不属于本单位职责" });
    // The bounce takes the issue off the departments: the answer is the last the department sees of it.
    expect(bounced).toMatchObject({
      status: "bounced",
      bounceReason: "不属于本单位职责",
      leadDepartmentId: null,
      departments: [],
      allowedActions: [],
    });
    expect((await get("department", `/api/issues/${id}`)).statusCode).toBe(404);
    expect((await get(w.coDept, `/api/issues/${id}`)).statusCode).toBe(404);
    // The zone's dispatcher, and the co-department that no longer needs to help.
    expect(await noticesTo(id, "issue_bounced")).toEqual([w.f.users.admin.username, "wf_codept"].sort());
    const again = await ok("admin", `/api/issues/${id}/route`, {
      leadDepartmentId: w.f.otherDept.id,
      dueOn: inDays(30),
    });
    expect(again).toMatchObject({ status: "routed", leadDepartmentId: w.f.otherDept.id, dueOn: inDays(30) });
    // The first department still does not see it; the new lead does.
    expect((await get("department", `/api/issues/${id}`)).statusCode).toBe(404);
    expect((await get(w.coDept, `/api/issues/${id}`)).statusCode).toBe(200);

    const declined = await ok("admin", `/api/issues/${await newIssue()}/decline`, { reason: "属于司法诉讼事项" });
    expect(declined).toMatchObject({ status: "closed", outcome: "declined" });
  });

  it("reroutes an issue being handled; the new department must accept it", async () => {
    const id = await inProgress();
    const d = await ok("admin", `/api/issues/${id}/reroute`, { leadDepartmentId: w.f.otherDept.id });
    expect(d).toMatchObject({ status: "routed", leadDepartmentName: "住建局" });
    expect((await detail(w.coDept, id)).allowedActions).toContain("accept");
  });

  it("escalates 督办 then 挂牌督办 (leader, oversight), then refuses a third level", async () => {
    const id = await routed();
    expect((await ok("leader", `/api/issues/${id}/escalate`, { note: "请加快办理" })).escalationLevel).toBe(1);
    expect((await ok("oversight", `/api/issues/${id}/escalate`, { note: "挂牌督办" })).escalationLevel).toBe(2);
    const third = await post("oversight", `/api/issues/${id}/escalate`, { note: "再督办" });
    expect(third.statusCode).toBe(409);
    const byDispatcher = await post("admin", `/api/issues/${id}/escalate`, { note: "督办" });
    expect(byDispatcher.statusCode).toBe(403);
    expect(third.json().message).toContain("挂牌督办");
    const notices = await w.t.database.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.issueId, id), eq(notifications.kind, "issue_escalated")));
    expect(notices[0]?.n).toBe(4); // twice: the lead department's user and the dispatcher
  });
});

describe("concurrent transitions", () => {
  it("lets exactly one of two simultaneous accepts through", async () => {
    const id = await routed();
    const results = await Promise.all([1, 2].map(() => post("department", `/api/issues/${id}/accept`, {})));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const d = await detail("admin", id);
    expect(d.events.filter((e) => e.action === "accepted")).toHaveLength(1);
  });

  it("lets exactly one of two simultaneous ratings through", async () => {
    const id = await answered();
    const results = await Promise.all([
      post("enterprise", `/api/issues/${id}/rate`, { rating: "dissatisfied" }),
      post("admin", `/api/issues/${id}/rate`, { rating: "satisfied" }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const d = await detail("admin", id);
    expect(d.events.filter((e) => e.action === "rated" || e.action === "reopened")).toHaveLength(1);
  });
});
