import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Caller, inDays, today, useIssueWorkflow } from "../../../test/issue-workflow.js";
import { issueExtensions, issues } from "./issues.table.js";

/* 延期 requests: one pending at a time, lapsing whenever the issue leaves the lead department's hands. */

const w = useIssueWorkflow("wf", "要素保障");
const { post, ok, detail, inProgress } = w;

const extensionsOf = (id: string) =>
  w.t.database.db
    .select()
    .from(issueExtensions)
    .where(eq(issueExtensions.issueId, id))
    .orderBy(asc(issueExtensions.createdAt));

describe("a pending extension request follows the issue", () => {
  const ask = (who: Caller, id: string, requestedDueOn = inDays(90)) =>
    ok(who, `/api/issues/${id}/extensions`, { requestedDueOn, reason: "需要协调" });

  it("lapses when the lead answers; after a 不满意 reopen the dispatcher cannot approve the stale one", async () => {
    const id = await inProgress();
    await ask("department", id);
    const answeredNow = await ok("department", `/api/issues/${id}/answer`, { answer: "已答复" });
    expect(answeredNow.extensions).toMatchObject([
      { status: "refused", decisionNote: "问题状态已变化，申请自动失效", decidedBy: null },
    ]);
    expect(answeredNow.events.map((e) => e.action).slice(-2)).toEqual(["answered", "extension_lapsed"]);
    const reopened = await ok("enterprise", `/api/issues/${id}/rate`, { rating: "dissatisfied" });
    expect(reopened.allowedActions).not.toContain("approve_extension");
    const approve = await post("admin", `/api/issues/${id}/extensions/approve`, {});
    expect(approve.statusCode).toBe(409);
    expect((await detail("admin", id)).dueOn).toBe(reopened.dueOn);
  });

  it("lapses on a bounce, so the new lead department can ask for its own", async () => {
    const id = await inProgress();
    await ask("department", id);
    await ok("department", `/api/issues/${id}/bounce`, { reason: "不属于本单位职责" });
    await ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: w.f.otherDept.id });
    await ok(w.coDept, `/api/issues/${id}/accept`, {});
    const d = await ask(w.coDept, id, inDays(120));
    expect(d.extensions.map((x) => [x.departmentName, x.status])).toEqual([
      ["自然资源局", "refused"],
      ["住建局", "pending"],
    ]);
  });

  it("lapses on a reroute, on a rating and on closing: a closed issue shows no pending request", async () => {
    const rerouted = await inProgress();
    await ask("department", rerouted);
    await ok("admin", `/api/issues/${rerouted}/reroute`, { leadDepartmentId: w.f.otherDept.id });
    expect((await extensionsOf(rerouted)).map((x) => x.status)).toEqual(["refused"]);

    for (const finish of ["rate", "close"] as const) {
      const id = await inProgress();
      await ask("department", id);
      // An older request left pending (data from before this rule): answering lapses it anyway; insert one
      // again to see that rating or closing lapses it too.
      await ok("department", `/api/issues/${id}/answer`, { answer: "已答复" });
      await w.t.database.db.insert(issueExtensions).values({
        issueId: id,
        departmentId: w.f.dept.id,
        requestedBy: w.f.users.department.id,
        requestedDueOn: inDays(150),
        reason: "遗留申请",
      });
      const closed =
        finish === "rate"
          ? await ok("enterprise", `/api/issues/${id}/rate`, { rating: "satisfied" })
          : await ok("admin", `/api/issues/${id}/close`, { note: "企业逾期未评价" });
      expect(closed.status).toBe("closed");
      expect(closed.extensions.every((x) => x.status === "refused")).toBe(true);
    }
  });

  it("approves only a request of the current lead department asking for a later date", async () => {
    const id = await inProgress();
    const db = w.t.database.db;
    await db.insert(issueExtensions).values({
      issueId: id,
      departmentId: w.f.otherDept.id, // the co-department, not the lead
      requestedBy: w.f.users.department.id,
      requestedDueOn: inDays(150),
      reason: "非牵头单位的申请",
    });
    const notLead = await post("admin", `/api/issues/${id}/extensions/approve`, {});
    expect(notLead.statusCode).toBe(409);
    expect(notLead.json().message).toContain("不是当前牵头单位");
    await ok("admin", `/api/issues/${id}/extensions/refuse`, { note: "请牵头单位申请" });

    const due = (await detail("admin", id)).dueOn ?? "";
    await db.insert(issueExtensions).values({
      issueId: id,
      departmentId: w.f.dept.id,
      requestedBy: w.f.users.department.id,
      requestedDueOn: due, // not later than the current deadline (e.g. a meeting moved it since)
      reason: "过时的申请",
    });
    const notLater = await post("admin", `/api/issues/${id}/extensions/approve`, {});
    expect(notLater.statusCode).toBe(409);
    expect(notLater.json().message).toContain("不晚于当前办理时限");
    expect((await detail("admin", id)).dueOn).toBe(due);
  });
});

describe("deadline bounds", () => {
  it("refuses an extension to a date not after today (an overdue issue) or more than a year ahead", async () => {
    const id = await inProgress();
    await w.t.database.db
      .update(issues)
      .set({ dueOn: inDays(-30) })
      .where(eq(issues.id, id));
    const notAfterToday = await post("department", `/api/issues/${id}/extensions`, {
      requestedDueOn: today,
      reason: "需要协调",
    });
    expect(notAfterToday.statusCode).toBe(400);
    expect(notAfterToday.json().message).toContain("应晚于今天");
    const far = await post("department", `/api/issues/${id}/extensions`, { requestedDueOn: inDays(400), reason: "x" });
    expect(far.statusCode).toBe(400);
    expect(far.json().message).toContain("不能晚于一年后");
    expect(await extensionsOf(id)).toEqual([]);
  });
});
