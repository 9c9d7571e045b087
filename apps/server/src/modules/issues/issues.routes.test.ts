import type { IssuePage } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, ensureIssueCategory } from "../../../test/factories.js";
import { atBeijingNoon, inDays, useIssueWorkflow, weekdayBefore } from "../../../test/issue-workflow.js";
import { todayInBeijing } from "../../lib/format.js";
import { addCalendarDays } from "../../lib/working-days.js";
import { issueCategories, issues, workingCalendar } from "./issues.table.js";

/*
 * The ledger's own resources: creating issues, the list as each role sees it and its filters, the categories
 * and the working calendar. The workflow's transitions are in issue-workflow.routes.test.ts and the files
 * beside it (routing, extensions, refusals, notices).
 */

const w = useIssueWorkflow("wf", "要素保障");
const { get, post, ok, detail, newIssue, routed } = w;
/** A user of another zone-A enterprise. */
let otherEnterprise: string;
beforeAll(async () => {
  otherEnterprise = await w.otherEnterpriseUser();
});

describe("creating issues", () => {
  it("numbers issues WT-<year>-<6 digits> and takes the enterprise user's own enterprise", async () => {
    const r = await post("enterprise", "/api/issues", {
      enterpriseId: w.f.e2.id, // not theirs: ignored
      categoryId: w.categoryId,
      title: "招工难",
      description: "需要普工50名，请人社部门协助组织招聘会",
    });
    expect(r.statusCode, r.body).toBe(200);
    const { id, serialNo } = r.json() as { id: string; serialNo: string };
    expect(serialNo).toMatch(new RegExp(`^WT-${todayInBeijing().slice(0, 4)}-\\d{6}$`));
    const d = await detail("enterprise", id);
    expect(d).toMatchObject({ status: "received", source: "enterprise", enterpriseId: w.f.e1.id });
    expect(d.events.map((e) => e.action)).toEqual(["created"]);
  });

  it("gives concurrent creations distinct serial numbers", async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => newIssue("admin", { source: "hotline" })));
    const rows = await Promise.all(results.map((id) => detail("admin", id)));
    expect(new Set(rows.map((r) => r.serialNo)).size).toBe(4);
    expect(rows.every((r) => r.source === "hotline")).toBe(true);
  });

  it("refuses a cadre reporting for an enterprise not assigned to them (404) and requires a subject", async () => {
    const r = await post("cadre", "/api/issues", {
      enterpriseId: w.f.e2.id,
      categoryId: w.categoryId,
      title: "问题",
      description: "未包联企业的问题描述",
    });
    expect(r.statusCode).toBe(404);
    const none = await post("admin", "/api/issues", {
      categoryId: w.categoryId,
      title: "问题",
      description: "没有企业的问题描述",
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toContain("企业或项目");
  });
});

describe("scopes", () => {
  it("a department sees only the issues routed to it, in the list, the detail and the transitions", async () => {
    const mine = await routed();
    const notMine = await newIssue();
    const list = (await get("department", "/api/issues?pageSize=200")).json() as IssuePage;
    expect(list.data.map((i) => i.id)).toContain(mine);
    expect(list.data.map((i) => i.id)).not.toContain(notMine);
    expect(list.data.every((i) => i.status !== "received")).toBe(true);
    expect((await get("department", `/api/issues/${notMine}`)).statusCode).toBe(404);
    expect((await post("department", `/api/issues/${notMine}/progress`, { note: "越权" })).statusCode).toBe(404);
  });

  it("an enterprise user sees only its own enterprise's issues", async () => {
    const own = await newIssue("admin");
    const other = await newIssue("admin", { enterpriseId: w.f.e2.id });
    const list = (await get("enterprise", "/api/issues?pageSize=200")).json() as IssuePage;
    expect(list.data.every((i) => i.enterpriseId === w.f.e1.id)).toBe(true);
    expect(list.data.map((i) => i.id)).toContain(own);
    expect((await get("enterprise", `/api/issues/${other}`)).statusCode).toBe(404);
    const otherList = (await get(otherEnterprise, "/api/issues")).json() as IssuePage;
    expect(otherList.total).toBe(0);
  });

  it("a cadre sees only the issues of assigned enterprises", async () => {
    const assigned = await newIssue("admin");
    const unassigned = await newIssue("admin", { enterpriseId: w.f.e2.id });
    const list = (await get("cadre", "/api/issues?pageSize=200")).json() as IssuePage;
    expect(list.data.map((i) => i.id)).toContain(assigned);
    expect(list.data.map((i) => i.id)).not.toContain(unassigned);
    expect((await get("cadre", `/api/issues/${unassigned}`)).statusCode).toBe(404);
    expect((await get(await w.t.signIn(w.f.otherCadre.username), `/api/issues/${assigned}`)).statusCode).toBe(404);
    expect((await post("leader", `/api/issues/${unassigned}/escalate`, { note: "督办" })).statusCode).toBe(404);
  });

  it("filters by status, department, overdue and text", async () => {
    const id = await routed();
    await w.t.database.db
      .update(issues)
      .set({ dueOn: inDays(-30) })
      .where(eq(issues.id, id));
    const overdue = (await get("admin", "/api/issues?overdue=true&pageSize=200")).json() as IssuePage;
    expect(overdue.data.find((i) => i.id === id)).toMatchObject({ isOverdue: true });
    expect(overdue.data.every((i) => i.isOverdue)).toBe(true);
    const byStatus = (await get("admin", "/api/issues?status=received,bounced&pageSize=200")).json() as IssuePage;
    expect(byStatus.data.every((i) => ["received", "bounced"].includes(i.status))).toBe(true);
    const byDeptResponse = await get("admin", `/api/issues?departmentId=${w.f.otherDept.id}&pageSize=200`);
    expect(byDeptResponse.statusCode, byDeptResponse.body).toBe(200);
    const byDept = byDeptResponse.json() as IssuePage;
    expect(byDept.data.map((i) => i.id)).toContain(id);
    const serial = (await detail("admin", id)).serialNo;
    const byText = (await get("admin", `/api/issues?q=${encodeURIComponent(serial)}`)).json() as IssuePage;
    expect(byText.data.map((i) => i.id)).toEqual([id]);
    const byName = (
      await get("admin", `/api/issues?q=${encodeURIComponent("已包联企业")}&pageSize=1`)
    ).json() as IssuePage;
    expect(byName.total).toBeGreaterThan(1);
  });
});

describe("categories and the working calendar", () => {
  it("seeds the categories of domain.md with their default deadlines", async () => {
    const r = await get("cadre", "/api/issues/categories");
    const list = r.json() as { name: string; deadlineDays: number }[];
    expect(list.map((c) => c.name)).toEqual(
      expect.arrayContaining(["前期手续办理", "要素保障", "融资", "政策兑现", "交通运输/物流", "其他"]),
    );
    expect(list.find((c) => c.name === "融资")?.deadlineDays).toBe(10);
  });

  it("lets only a top-level administrator maintain them", async () => {
    const zoneAdmin = await post("admin", "/api/issues/categories", { name: "环保", deadlineDays: 5 });
    expect(zoneAdmin.statusCode).toBe(403);
    await createUser(w.t.database.db, { role: "admin", orgUnit: w.f.city, username: "wf_city_admin" });
    const cityAdmin = await w.t.signIn("wf_city_admin");
    const created = await post(cityAdmin, "/api/issues/categories", { name: "环保", deadlineDays: 3 });
    expect(created.statusCode, created.body).toBe(200);
    const dup = await post(cityAdmin, "/api/issues/categories", { name: "环保", deadlineDays: 3 });
    expect(dup.statusCode).toBe(409);
    const holiday = inDays(200);
    const put = await w.t.app.inject({
      method: "PUT",
      url: `/api/issues/calendar/${holiday}`,
      headers: { cookie: cityAdmin },
      payload: { isWorkingDay: false, note: "测试假日" },
    });
    expect(put.statusCode, put.body).toBe(200);
    const year = (await get("admin", `/api/issues/calendar?year=${holiday.slice(0, 4)}`)).json() as { day: string }[];
    expect(year.map((d) => d.day)).toContain(holiday);
  });

  it("counts a routing deadline in working days across a weekend and a holiday", async () => {
    const db = w.t.database.db;
    const category = await ensureIssueCategory(db, "测试三日类", 3);
    const id = await newIssue("admin", { categoryId: category.id });
    const friday = weekdayBefore(5, 35);
    await db
      .insert(workingCalendar)
      .values({ day: addCalendarDays(friday, 3), isWorkingDay: false, note: "测试节日" })
      .onConflictDoNothing();
    // Routed on a Friday: Saturday, Sunday and the holiday Monday do not count; Tuesday is 1, Wednesday 2,
    // Thursday (6 days after the Friday) 3.
    const d = await atBeijingNoon(friday, () =>
      ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: w.f.dept.id }),
    );
    expect(d.dueOn).toBe(addCalendarDays(friday, 6));
  });

  it("moves a calendar-day deadline that falls on a weekend to the next working day", async () => {
    const db = w.t.database.db;
    const category = await ensureIssueCategory(db, "测试三个自然日", 3);
    await db.update(issueCategories).set({ deadlineInWorkingDays: false }).where(eq(issueCategories.id, category.id));
    const id = await newIssue("admin", { categoryId: category.id });
    // A Wednesday + 3 calendar days = Saturday: the deadline is the Monday after (5 days after the Wednesday).
    const wednesday = weekdayBefore(3, 56);
    const d = await atBeijingNoon(wednesday, () =>
      ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: w.f.dept.id }),
    );
    expect(d.dueOn).toBe(addCalendarDays(wednesday, 5));
  });
});
