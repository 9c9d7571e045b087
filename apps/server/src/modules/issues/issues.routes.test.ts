import type { IssueDetail, IssuePage, Role } from "@zonedesk/contracts";
import { and, asc, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createDepartment, createEnterprise, createUser, ensureIssueCategory } from "../../../test/factories.js";
import { type RoleFixture, seedRoleFixture, signInRoles } from "../../../test/permission-matrix.js";
import type { Actor } from "../../lib/actor.js";
import { todayInBeijing } from "../../lib/format.js";
import { auditLog } from "../audit/audit.table.js";
import { notifications } from "../notifications/notifications.table.js";
import { users } from "../users/users.table.js";
import { applyMeetingDecisionInTx } from "./issues.service.js";
import { issueCategories, issueEvents, issueExtensions, issues, workingCalendar } from "./issues.table.js";

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

/**
 * Runs `fn` with the clock at noon (Beijing) of `day`, a day before the real today (a later one would make the
 * test sessions look idle): only Date is faked, timers stay real.
 */
async function atBeijingNoon<T>(day: string, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(`${day}T12:00:00+08:00`));
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
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
    // Routed on Friday 2026-11-20 (要素保障: 7 working days): Mon 11-23 … Fri 11-27 are 1–5, Mon 11-30 is 6,
    // Tuesday 12-01 is 7.
    const d = await atBeijingNoon("2026-11-20", () =>
      ok("admin", `/api/issues/${id}/route`, {
        leadDepartmentId: f.dept.id,
        coDepartmentIds: [f.otherDept.id],
        note: "请于时限内办结",
      }),
    );
    expect(d.status).toBe("routed");
    expect(d.dueOn).toBe("2026-12-01");
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

/** Notices of `kind` on the issue, by recipient username. */
async function noticesTo(id: string, kind: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ username: users.username })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.issueId, id), eq(notifications.kind, kind as never)));
  return rows.map((r) => r.username).sort();
}

const extensionsOf = (id: string) =>
  t.database.db
    .select()
    .from(issueExtensions)
    .where(eq(issueExtensions.issueId, id))
    .orderBy(asc(issueExtensions.createdAt));

describe("a pending extension request follows the issue", () => {
  const ask = (who: Role | string, id: string, requestedDueOn = "2027-03-31") =>
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
    await ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.otherDept.id });
    await ok(coDept, `/api/issues/${id}/accept`, {});
    const d = await ask(coDept, id, "2027-04-30");
    expect(d.extensions.map((x) => [x.departmentName, x.status])).toEqual([
      ["自然资源局", "refused"],
      ["住建局", "pending"],
    ]);
  });

  it("lapses on a reroute, on a rating and on closing: a closed issue shows no pending request", async () => {
    const rerouted = await inProgress();
    await ask("department", rerouted);
    await ok("admin", `/api/issues/${rerouted}/reroute`, { leadDepartmentId: f.otherDept.id });
    expect((await extensionsOf(rerouted)).map((x) => x.status)).toEqual(["refused"]);

    for (const finish of ["rate", "close"] as const) {
      const id = await inProgress();
      await ask("department", id);
      // An older request left pending (data from before this rule): answering lapses it anyway; insert one
      // again to see that rating or closing lapses it too.
      await ok("department", `/api/issues/${id}/answer`, { answer: "已答复" });
      await t.database.db.insert(issueExtensions).values({
        issueId: id,
        departmentId: f.dept.id,
        requestedBy: f.users.department.id,
        requestedDueOn: "2027-05-31",
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
    const db = t.database.db;
    await db.insert(issueExtensions).values({
      issueId: id,
      departmentId: f.otherDept.id, // the co-department, not the lead
      requestedBy: f.users.department.id,
      requestedDueOn: "2027-05-31",
      reason: "非牵头单位的申请",
    });
    const notLead = await post("admin", `/api/issues/${id}/extensions/approve`, {});
    expect(notLead.statusCode).toBe(409);
    expect(notLead.json().message).toContain("不是当前牵头单位");
    await ok("admin", `/api/issues/${id}/extensions/refuse`, { note: "请牵头单位申请" });

    const due = (await detail("admin", id)).dueOn ?? "";
    await db.insert(issueExtensions).values({
      issueId: id,
      departmentId: f.dept.id,
      requestedBy: f.users.department.id,
      requestedDueOn: due, // not later than the current deadline (e.g. a meeting moved it since)
      reason: "过时的申请",
    });
    const notLater = await post("admin", `/api/issues/${id}/extensions/approve`, {});
    expect(notLater.statusCode).toBe(409);
    expect(notLater.json().message).toContain("不晚于当前办理时限");
    expect((await detail("admin", id)).dueOn).toBe(due);
  });
});

describe("routing stays within the issue's zone", () => {
  it("refuses a city administrator routing a zone-A issue to a zone-B department; a city bureau is fine", async () => {
    const db = t.database.db;
    const zoneBDept = await createDepartment(db, { orgUnit: f.zoneB, name: "高新区住建局" });
    const cityDept = await createDepartment(db, { orgUnit: f.city, name: "市发展改革委" });
    await createUser(db, { role: "admin", orgUnit: f.city, username: "wf_city_router" });
    const cityAdmin = await t.signIn("wf_city_router");
    const id = await newIssue();
    const refused = await post(cityAdmin, `/api/issues/${id}/route`, { leadDepartmentId: zoneBDept.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain("不属于该问题所在区域");
    const co = await post(cityAdmin, `/api/issues/${id}/route`, {
      leadDepartmentId: f.dept.id,
      coDepartmentIds: [zoneBDept.id],
    });
    expect(co.statusCode).toBe(400);
    expect((await detail("admin", id)).status).toBe("received");
    const d = await ok(cityAdmin, `/api/issues/${id}/route`, { leadDepartmentId: cityDept.id });
    expect(d.leadDepartmentName).toBe("市发展改革委");
  });

  it("refuses the same for a meeting decision", async () => {
    const db = t.database.db;
    const zoneBDept = await createDepartment(db, { orgUnit: f.zoneB, name: "高新区发改局" });
    const cityUser = await createUser(db, { role: "admin", orgUnit: f.city, username: "wf_city_meeting" });
    const id = await routed();
    const actor: Actor = {
      userId: cityUser.id,
      username: "wf_city_meeting",
      displayName: "市级管理员",
      role: "admin",
      orgUnitId: f.city.id,
      orgUnitPath: f.city.path,
      departmentId: null,
      enterpriseId: null,
      ip: null,
    };
    const decide = (patch: { responsibleDepartmentId?: string | null; newDueOn?: string | null }) =>
      db.transaction((tx) =>
        applyMeetingDecisionInTx(tx, actor, id, {
          decision: "由高新区牵头",
          responsibleDepartmentId: null,
          newDueOn: null,
          meetingTitle: "联审联批会",
          ...patch,
        }),
      );
    await expect(decide({ responsibleDepartmentId: zoneBDept.id })).rejects.toMatchObject({
      message: expect.stringContaining("不属于该问题所在区域"),
    });
    await expect(decide({ newDueOn: "2099-12-31" })).rejects.toMatchObject({
      message: expect.stringContaining("会议确定的完成时限不能晚于一年后"),
    });
    expect((await detail("admin", id)).leadDepartmentId).toBe(f.dept.id);
  });
});

describe("deadline bounds", () => {
  it("refuses a routing deadline in the past or more than a year ahead, naming the field", async () => {
    const id = await newIssue();
    const past = await post("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id, dueOn: "2026-01-05" });
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toContain("办理时限不能早于今天");
    const far = await post("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id, dueOn: "2100-12-31" });
    expect(far.statusCode).toBe(400);
    expect(far.json().message).toContain("办理时限不能晚于一年后");
    expect(far.json().details.issues[0].path).toBe("dueOn");
  });

  it("refuses an extension to a date not after today (an overdue issue) or more than a year ahead", async () => {
    const id = await inProgress();
    await t.database.db.update(issues).set({ dueOn: "2026-11-02" }).where(eq(issues.id, id));
    const today = todayInBeijing();
    const notAfterToday = await post("department", `/api/issues/${id}/extensions`, {
      requestedDueOn: today,
      reason: "需要协调",
    });
    expect(notAfterToday.statusCode).toBe(400);
    expect(notAfterToday.json().message).toContain("应晚于今天");
    const far = await post("department", `/api/issues/${id}/extensions`, { requestedDueOn: "2099-01-01", reason: "x" });
    expect(far.statusCode).toBe(400);
    expect(far.json().message).toContain("不能晚于一年后");
    expect(await extensionsOf(id)).toEqual([]);
  });
});

describe("who is told", () => {
  it("tells the lead department and the enterprise when an unrated answer is closed", async () => {
    const id = await answered();
    await ok("admin", `/api/issues/${id}/close`, { note: "企业逾期未评价" });
    const told = await noticesTo(id, "issue_answered");
    // The lead department once (the closing); the enterprise user twice (the answer, then the closing).
    expect(told.filter((u) => u === f.users.department.username)).toHaveLength(1);
    expect(told.filter((u) => u === f.users.enterprise.username)).toHaveLength(2);
    const [closing] = await t.database.db
      .select({ title: notifications.title })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(and(eq(notifications.issueId, id), eq(users.username, f.users.department.username)))
      .orderBy(desc(notifications.createdAt))
      .limit(1);
    expect(closing?.title).toContain("问题已销号");
  });

  it("tells the enterprise's users when an issue recorded by the dispatcher is declined", async () => {
    const id = await newIssue("admin");
    await ok("admin", `/api/issues/${id}/decline`, { reason: "属于司法诉讼事项" });
    const told = await noticesTo(id, "issue_answered");
    expect(told).toContain(f.users.enterprise.username);
    expect(told).toContain(f.users.admin.username);
  });

  it("tells the departments taken off an issue by a reroute", async () => {
    const id = await inProgress(); // lead 自然资源局, co 住建局
    const cityDept = await createDepartment(t.database.db, { orgUnit: f.zoneA, name: "应急管理局" });
    await createUser(t.database.db, {
      role: "department",
      orgUnit: f.zoneA,
      username: "wf_emergency",
      departmentId: cityDept.id,
    });
    await ok("admin", `/api/issues/${id}/reroute`, {
      leadDepartmentId: cityDept.id,
      coDepartmentIds: [f.otherDept.id],
    });
    const [off] = await t.database.db
      .select({ title: notifications.title, body: notifications.body })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(and(eq(notifications.issueId, id), eq(users.username, f.users.department.username)))
      .orderBy(desc(notifications.createdAt))
      .limit(1);
    expect(off?.title).toContain("问题已改派其他单位");
    expect(off?.body).toContain("应急管理局");
    // The co-department kept on the issue is told of the new routing, not of being taken off.
    const co = await noticesTo(id, "issue_routed");
    expect(co.filter((u) => u === "wf_codept")).toHaveLength(2);
  });
});

describe("what the enterprise sees", () => {
  it("shows a reduced timeline: no internal notes, bounces, 督办 or extensions, and no staff names", async () => {
    const id = await newIssue();
    await ok("admin", `/api/issues/${id}/route`, {
      leadDepartmentId: f.dept.id,
      coDepartmentIds: [f.otherDept.id],
      note: "内部：请优先办理",
    });
    await ok("department", `/api/issues/${id}/bounce`, { reason: "内部：不属于本局职责" });
    await ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id, note: "内部：仍由你局牵头" });
    await ok("department", `/api/issues/${id}/accept`, {});
    await ok("leader", `/api/issues/${id}/escalate`, { note: "内部：督办意见" });
    await ask2(id);
    await ok("department", `/api/issues/${id}/progress`, { note: "已现场踏勘" });
    await ok("department", `/api/issues/${id}/answer`, { answer: "已完成增容" });

    const staff = await detail("admin", id);
    expect(staff.extensions).toHaveLength(1);
    expect(staff.events.map((e) => e.action)).toContain("escalated");

    const seen = await detail("enterprise", id);
    expect(seen.events.map((e) => e.action)).toEqual([
      "created",
      "routed",
      "routed",
      "accepted",
      "progress",
      "answered",
    ]);
    expect(seen.extensions).toEqual([]);
    expect(seen.bounceReason).toBeNull();
    const text = JSON.stringify(seen.events);
    expect(text).not.toContain("内部");
    expect(text).not.toContain(f.users.admin.displayName);
    expect(text).not.toContain(f.users.department.displayName);
    expect(seen.events.map((e) => e.actorName)).toEqual([
      f.users.enterprise.displayName,
      "园区服务中心",
      "园区服务中心",
      "自然资源局",
      "自然资源局",
      "自然资源局",
    ]);
    expect(seen.events[1]?.data).toEqual({ leadDepartmentName: "自然资源局", coDepartments: [{ name: "住建局" }] });
    expect(seen.events.find((e) => e.action === "progress")?.note).toBe("已现场踏勘");
    expect(seen.events.find((e) => e.action === "answered")?.note).toBe("已完成增容");
  });
});

async function ask2(id: string) {
  await ok("department", `/api/issues/${id}/extensions`, { requestedDueOn: "2027-03-31", reason: "内部：延期理由" });
}

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
      url: "/api/issues/calendar/2027-06-01",
      headers: { cookie: cityAdmin },
      payload: { isWorkingDay: false, note: "测试假日" },
    });
    expect(put.statusCode, put.body).toBe(200);
    const year2027 = (await get("admin", "/api/issues/calendar?year=2027")).json() as { day: string }[];
    expect(year2027.map((d) => d.day)).toContain("2027-06-01");
  });

  it("counts a routing deadline in working days across a weekend and a holiday", async () => {
    const db = t.database.db;
    const category = await ensureIssueCategory(db, "测试三日类", 3);
    const id = await newIssue("admin", { categoryId: category.id });
    await db
      .insert(workingCalendar)
      .values({ day: "2026-11-16", isWorkingDay: false, note: "测试节日" })
      .onConflictDoNothing();
    // Routed on Friday 2026-11-13: Saturday, Sunday and the holiday Monday 11-16 do not count;
    // Tuesday 11-17 is 1, Wednesday 11-18 is 2, Thursday 11-19 is 3.
    const d = await atBeijingNoon("2026-11-13", () =>
      ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id }),
    );
    expect(d.dueOn).toBe("2026-11-19");
  });

  it("moves a calendar-day deadline that falls on a weekend to the next working day", async () => {
    const db = t.database.db;
    const category = await ensureIssueCategory(db, "测试三个自然日", 3);
    await db.update(issueCategories).set({ deadlineInWorkingDays: false }).where(eq(issueCategories.id, category.id));
    const id = await newIssue("admin", { categoryId: category.id });
    // Wednesday 2026-11-04 + 3 calendar days = Saturday 11-07: the deadline is Monday 11-09.
    const d = await atBeijingNoon("2026-11-04", () =>
      ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id }),
    );
    expect(d.dueOn).toBe("2026-11-09");
  });
});
