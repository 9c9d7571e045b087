import type { IssueDetail, IssuePage, Role } from "@zonedesk/contracts";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createEnterprise, createUser, ensureIssueCategory } from "../../../test/factories.js";
import { type RoleFixture, seedRoleFixture, signInRoles } from "../../../test/permission-matrix.js";
import { todayInBeijing } from "../../lib/format.js";
import { addWorkingDaysWith, loadCalendarOverrides } from "../../lib/working-days.js";
import { auditLog } from "../audit/audit.table.js";
import { notifications } from "../notifications/notifications.table.js";
import { issueEvents, issues, workingCalendar } from "./issues.table.js";

let t: TestApp;
let f: RoleFixture;
let cookies: Map<Role, string>;
/** A user of the co-department (住建局) and of another zone-A enterprise. */
let coDept: string;
let otherEnterprise: string;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  f = await seedRoleFixture(db, "wf");
  cookies = await signInRoles(t, f);
  await createUser(db, { role: "department", orgUnit: f.zoneA, username: "wf_codept", departmentId: f.otherDept.id });
  coDept = await t.signIn("wf_codept");
  const e4 = await createEnterprise(db, { orgUnit: f.zoneA, name: "另一家企业有限公司" });
  await createUser(db, { role: "enterprise", orgUnit: f.zoneA, username: "wf_ent2", enterpriseId: e4.id });
  otherEnterprise = await t.signIn("wf_ent2");
  categoryId = (await ensureIssueCategory(db, "要素保障")).id;
});
afterAll(() => t.close());

const cookieOf = (who: Role | string) => (who.startsWith("zd_session=") ? who : (cookies.get(who as Role) ?? ""));
const post = (who: Role | string, url: string, payload: object = {}) =>
  t.app.inject({ method: "POST", url, payload, headers: { cookie: cookieOf(who) } });
const get = (who: Role | string, url: string) =>
  t.app.inject({ method: "GET", url, headers: { cookie: cookieOf(who) } });
const detail = async (who: Role | string, id: string) => {
  const r = await get(who, `/api/issues/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as IssueDetail;
};
const ok = async (who: Role | string, url: string, payload: object = {}) => {
  const r = await post(who, url, payload);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as IssueDetail;
};

async function newIssue(who: Role | string = "enterprise", extra: object = {}): Promise<string> {
  const r = await post(who, "/api/issues", {
    enterpriseId: f.e1.id,
    categoryId,
    title: "厂区供电容量不足",
    description: "新上生产线需增容至2000千伏安，申请已提交两个月未有答复",
    ...extra,
  });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { id: string }).id;
}

async function routed(): Promise<string> {
  const id = await newIssue();
  await ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id, coDepartmentIds: [f.otherDept.id] });
  return id;
}

async function inProgress(): Promise<string> {
  const id = await routed();
  await ok("department", `/api/issues/${id}/accept`, {});
  return id;
}

async function answered(): Promise<string> {
  const id = await inProgress();
  await ok("department", `/api/issues/${id}/answer`, { answer: "已协调供电公司完成增容方案" });
  return id;
}

/** What a refusal must leave untouched: the row, its history and its audit rows. */
async function snapshot(id: string) {
  const db = t.database.db;
  const [row] = await db.select().from(issues).where(eq(issues.id, id));
  const [events] = await db.select({ n: count() }).from(issueEvents).where(eq(issueEvents.issueId, id));
  const [audits] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "issue"), eq(auditLog.entityId, id)));
  return { row, events: events?.n, audits: audits?.n };
}

describe("creating issues", () => {
  it("numbers issues WT-<year>-<6 digits> and takes the enterprise user's own enterprise", async () => {
    const r = await post("enterprise", "/api/issues", {
      enterpriseId: f.e2.id, // not theirs: ignored
      categoryId,
      title: "招工难",
      description: "需要普工50名，请人社部门协助组织招聘会",
    });
    expect(r.statusCode, r.body).toBe(200);
    const { id, serialNo } = r.json() as { id: string; serialNo: string };
    expect(serialNo).toMatch(new RegExp(`^WT-${todayInBeijing().slice(0, 4)}-\\d{6}$`));
    const d = await detail("enterprise", id);
    expect(d).toMatchObject({ status: "received", source: "enterprise", enterpriseId: f.e1.id });
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
      enterpriseId: f.e2.id,
      categoryId,
      title: "问题",
      description: "未包联企业的问题描述",
    });
    expect(r.statusCode).toBe(404);
    const none = await post("admin", "/api/issues", { categoryId, title: "问题", description: "没有企业的问题描述" });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toContain("企业或项目");
  });
});

describe("the workflow, each transition by its role", () => {
  it("routes with the category's default deadline, notifies both departments; the lead accepts", async () => {
    const id = await newIssue();
    expect((await detail("admin", id)).allowedActions).toEqual(["route", "decline", "escalate"]);
    const d = await ok("admin", `/api/issues/${id}/route`, {
      leadDepartmentId: f.dept.id,
      coDepartmentIds: [f.otherDept.id],
      note: "请于时限内办结",
    });
    const today = todayInBeijing();
    const overrides = await loadCalendarOverrides(t.database.db, today, "2027-12-31");
    expect(d.status).toBe("routed");
    expect(d.dueOn).toBe(addWorkingDaysWith(overrides, today, 7));
    expect(d.originalDueOn).toBe(d.dueOn);
    expect(d.departments.map((x) => [x.name, x.role])).toEqual([
      ["自然资源局", "lead"],
      ["住建局", "co"],
    ]);
    const notices = await t.database.db
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
    expect((await detail(coDept, id)).allowedActions).toEqual(["progress"]);
    const accepted = await ok("department", `/api/issues/${id}/accept`, {});
    expect(accepted.status).toBe("in_progress");
  });

  it("takes progress notes from lead and co-departments without changing the status", async () => {
    const id = await inProgress();
    await ok("department", `/api/issues/${id}/progress`, { note: "已现场踏勘" });
    const d = await ok(coDept, `/api/issues/${id}/progress`, { note: "配合出具规划意见" });
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
      requestedDueOn: "2027-03-31",
      reason: "需省电力公司审批",
    });
    const again = await post("department", `/api/issues/${id}/extensions`, {
      requestedDueOn: "2027-04-30",
      reason: "再延",
    });
    expect(again.statusCode).toBe(409);
    expect((await detail("admin", id)).allowedActions).toContain("approve_extension");
    const d = await ok("admin", `/api/issues/${id}/extensions/approve`, { note: "同意" });
    expect(d.dueOn).toBe("2027-03-31");
    expect(d.originalDueOn).toBe(first);
    expect(d.extensions).toMatchObject([{ status: "approved", currentDueOn: first, requestedDueOn: "2027-03-31" }]);
    const none = await post("admin", `/api/issues/${id}/extensions/approve`, {});
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toContain("没有待审批的延期申请");
  });

  it("refuses an extension: the deadline stays", async () => {
    const id = await inProgress();
    const due = (await detail("admin", id)).dueOn;
    await ok("department", `/api/issues/${id}/extensions`, { requestedDueOn: "2027-05-31", reason: "材料不全" });
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
    expect(reopened).toMatchObject({ status: "in_progress", reopenCount: 1, rating: "dissatisfied", answer: null });
    expect(reopened.events.find((e) => e.action === "answered")?.note).toBe("已协调供电公司完成增容方案");
    const reopenNotice = await t.database.db
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
    expect(bounced).toMatchObject({ status: "bounced", bounceReason: "不属于本单位职责" });
    const notices = await t.database.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.issueId, id), eq(notifications.kind, "issue_bounced")));
    expect(notices[0]?.n).toBe(1); // the zone's dispatcher
    const again = await ok("admin", `/api/issues/${id}/route`, {
      leadDepartmentId: f.otherDept.id,
      dueOn: "2027-01-15",
    });
    expect(again).toMatchObject({ status: "routed", leadDepartmentId: f.otherDept.id, dueOn: "2027-01-15" });
    // The first department no longer sees it.
    expect((await get("department", `/api/issues/${id}`)).statusCode).toBe(404);

    const declined = await ok("admin", `/api/issues/${await newIssue()}/decline`, { reason: "属于司法诉讼事项" });
    expect(declined).toMatchObject({ status: "closed", outcome: "declined" });
  });

  it("reroutes an issue being handled; the new department must accept it", async () => {
    const id = await inProgress();
    const d = await ok("admin", `/api/issues/${id}/reroute`, { leadDepartmentId: f.otherDept.id });
    expect(d).toMatchObject({ status: "routed", leadDepartmentName: "住建局" });
    expect((await detail(coDept, id)).allowedActions).toContain("accept");
  });

  it("escalates 督办 then 挂牌督办 (leader, oversight), then refuses a third level", async () => {
    const id = await routed();
    expect((await ok("leader", `/api/issues/${id}/escalate`, { note: "请加快办理" })).escalationLevel).toBe(1);
    expect((await ok("oversight", `/api/issues/${id}/escalate`, { note: "挂牌督办" })).escalationLevel).toBe(2);
    const third = await post("admin", `/api/issues/${id}/escalate`, { note: "再督办" });
    expect(third.statusCode).toBe(409);
    expect(third.json().message).toContain("挂牌督办");
    const notices = await t.database.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.issueId, id), eq(notifications.kind, "issue_escalated")));
    expect(notices[0]?.n).toBe(4); // twice: the lead department's user and the dispatcher
  });
});

describe("refusals change nothing", () => {
  const cases: {
    name: string;
    setup: () => Promise<string>;
    who: () => Role | string;
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
      who: () => coDept,
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
      who: () => coDept,
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
    const r = await post("cadre", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id });
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toContain("交办");
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
    const other = await newIssue("admin", { enterpriseId: f.e2.id });
    const list = (await get("enterprise", "/api/issues?pageSize=200")).json() as IssuePage;
    expect(list.data.every((i) => i.enterpriseId === f.e1.id)).toBe(true);
    expect(list.data.map((i) => i.id)).toContain(own);
    expect((await get("enterprise", `/api/issues/${other}`)).statusCode).toBe(404);
    const otherList = (await get(otherEnterprise, "/api/issues")).json() as IssuePage;
    expect(otherList.total).toBe(0);
  });

  it("a cadre sees only the issues of assigned enterprises", async () => {
    const assigned = await newIssue("admin");
    const unassigned = await newIssue("admin", { enterpriseId: f.e2.id });
    const list = (await get("cadre", "/api/issues?pageSize=200")).json() as IssuePage;
    expect(list.data.map((i) => i.id)).toContain(assigned);
    expect(list.data.map((i) => i.id)).not.toContain(unassigned);
    expect((await get("cadre", `/api/issues/${unassigned}`)).statusCode).toBe(404);
    expect((await get(await t.signIn(f.otherCadre.username), `/api/issues/${assigned}`)).statusCode).toBe(404);
    expect((await post("leader", `/api/issues/${unassigned}/escalate`, { note: "督办" })).statusCode).toBe(404);
  });

  it("filters by status, department, overdue and text", async () => {
    const id = await routed();
    await t.database.db.update(issues).set({ dueOn: "2026-01-05" }).where(eq(issues.id, id));
    const overdue = (await get("admin", "/api/issues?overdue=true&pageSize=200")).json() as IssuePage;
    expect(overdue.data.find((i) => i.id === id)).toMatchObject({ isOverdue: true });
    expect(overdue.data.every((i) => i.isOverdue)).toBe(true);
    const byStatus = (await get("admin", "/api/issues?status=received,bounced&pageSize=200")).json() as IssuePage;
    expect(byStatus.data.every((i) => ["received", "bounced"].includes(i.status))).toBe(true);
    const byDeptResponse = await get("admin", `/api/issues?departmentId=${f.otherDept.id}&pageSize=200`);
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
    await createUser(t.database.db, { role: "admin", orgUnit: f.city, username: "wf_city_admin" });
    const cityAdmin = await t.signIn("wf_city_admin");
    const created = await post(cityAdmin, "/api/issues/categories", { name: "环保", deadlineDays: 3 });
    expect(created.statusCode, created.body).toBe(200);
    const dup = await post(cityAdmin, "/api/issues/categories", { name: "环保", deadlineDays: 3 });
    expect(dup.statusCode).toBe(409);
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/issues/calendar/2026-12-01",
      headers: { cookie: cityAdmin },
      payload: { isWorkingDay: false, note: "测试假日" },
    });
    expect(put.statusCode, put.body).toBe(200);
    const year = (await get("admin", "/api/issues/calendar?year=2026")).json() as { day: string }[];
    expect(year.map((d) => d.day)).toContain("2026-12-01");
  });

  it("counts a routing deadline in working days across a weekend and a holiday", async () => {
    const db = t.database.db;
    const category = await ensureIssueCategory(db, "测试三日类", 3);
    const today = todayInBeijing();
    const none = new Map<string, boolean>();
    // A holiday on the first working day after today.
    const holiday = addWorkingDaysWith(await loadCalendarOverrides(db, today, "2027-12-31"), today, 1);
    await db
      .insert(workingCalendar)
      .values({ day: holiday, isWorkingDay: false, note: "测试节日" })
      .onConflictDoNothing();
    const overrides = await loadCalendarOverrides(db, today, "2027-12-31");
    const id = await newIssue("admin", { categoryId: category.id });
    const d = await ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id });
    expect(d.dueOn).toBe(addWorkingDaysWith(overrides, today, 3));
    expect(d.dueOn).not.toBe(addWorkingDaysWith(none, today, 3));
    // At least one weekend lies between: more than 3 calendar days.
    expect(Date.parse(d.dueOn ?? "") - Date.parse(today)).toBeGreaterThan(3 * 86_400_000);
  });
});
