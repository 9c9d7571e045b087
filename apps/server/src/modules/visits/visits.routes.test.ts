import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  assign,
  createEnterprise,
  createOrgUnit,
  createUser,
  createVisitRow,
  ensureIssueCategory,
} from "../../../test/factories.js";
import { todayInBeijing } from "../../lib/format.js";
import { auditLog } from "../audit/audit.table.js";
import { issueEvents, issues } from "../issues/issues.table.js";
import { visits } from "./visits.table.js";

let t: TestApp;
let f: Awaited<ReturnType<typeof seed>>;
const cookies: Record<string, string> = {};

function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const today = todayInBeijing();

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zoneA = await createOrgUnit(db, { parent: city, name: "经开区" });
  const zoneB = await createOrgUnit(db, { parent: city, name: "高新区" });
  const e1 = await createEnterprise(db, { orgUnit: zoneA, name: "许昌瑞贝卡发制品股份有限公司" });
  const e2 = await createEnterprise(db, { orgUnit: zoneA, name: "未包联企业有限公司" });
  const e3 = await createEnterprise(db, { orgUnit: zoneB, name: "高新区企业有限公司" });
  const admin = await createUser(db, { role: "admin", orgUnit: zoneA, username: "v_admin" });
  const leader = await createUser(db, { role: "leader", orgUnit: zoneA, username: "v_leader", displayName: "王局长" });
  const cadre = await createUser(db, { role: "cadre", orgUnit: zoneA, username: "v_cadre", displayName: "李干部" });
  const colleague = await createUser(db, { role: "cadre", orgUnit: zoneA, username: "v_colleague" });
  const outsider = await createUser(db, { role: "cadre", orgUnit: zoneB, username: "v_outsider" });
  await assign(db, { user: leader, enterprise: e1, role: "lead_leader" });
  await assign(db, { user: cadre, enterprise: e1, role: "helper_cadre" });
  await assign(db, { user: colleague, enterprise: e1, role: "helper_cadre" });
  await assign(db, { user: outsider, enterprise: e3, role: "helper_cadre" });
  const category = await ensureIssueCategory(db, "要素保障");
  return { city, zoneA, zoneB, e1, e2, e3, admin, leader, cadre, colleague, outsider, category };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  for (const u of ["v_admin", "v_leader", "v_cadre", "v_colleague", "v_outsider"]) cookies[u] = await t.signIn(u);
});
afterAll(() => t.close());

const as = (user: string) => ({
  get: (url: string) => t.app.inject({ method: "GET", url, headers: { cookie: cookies[user] ?? "" } }),
  send: (method: "POST" | "PATCH" | "PUT", url: string, payload: object) =>
    t.app.inject({ method, url, payload, headers: { cookie: cookies[user] ?? "" } }),
});

const visitCount = async () => (await t.database.db.select().from(visits)).length;
const issueCount = async () => (await t.database.db.select().from(issues)).length;

describe("recording a visit", () => {
  it("records a visit with two issues in one go: both enter the ledger with source visit", async () => {
    const response = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e1.id,
      visitedOn: today,
      method: "on_site",
      participantIds: [f.colleague.id],
      otherParticipants: "企业总经理 张三",
      summary: "了解企业扩产用电需求",
      issues: [
        { categoryId: f.category.id, title: "扩产用电增容", description: "新厂房需增容至2000千伏安" },
        { categoryId: f.category.id, title: "员工通勤公交", description: "希望增设一条公交线路到园区" },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const { visit } = response.json();
    expect(visit.status).toBe("done");
    expect(visit.enterpriseName).toBe("许昌瑞贝卡发制品股份有限公司");
    expect(visit.recordedByName).toBe("李干部");
    expect(visit.participants.map((p: { userId: string }) => p.userId).sort()).toEqual(
      [f.cadre.id, f.colleague.id].sort(),
    );
    expect(visit.issues).toHaveLength(2);
    expect(visit.issues.map((i: { title: string }) => i.title).sort()).toEqual(["员工通勤公交", "扩产用电增容"]);
    for (const i of visit.issues) {
      expect(i.serialNo).toMatch(/^WT-\d{4}-\d{6}$/);
      expect(i.status).toBe("received");
    }
    const rows = await t.database.db.select().from(issues).where(eq(issues.visitId, visit.id));
    expect(rows.map((r) => [r.source, r.enterpriseId, r.reportedBy])).toEqual([
      ["visit", f.e1.id, f.cadre.id],
      ["visit", f.e1.id, f.cadre.id],
    ]);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "visit.create"), eq(auditLog.entityId, visit.id)));
    expect(audit).toHaveLength(1);

    const detail = await as("v_cadre").get(`/api/visits/${visit.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().issues).toHaveLength(2);
  });

  it("refuses the whole visit when one issue row is invalid, naming the row", async () => {
    const [visitsBefore, issuesBefore] = [await visitCount(), await issueCount()];
    const response = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e1.id,
      visitedOn: today,
      summary: "走访",
      issues: [
        { categoryId: f.category.id, title: "用工短缺", description: "缺少熟练焊工二十名" },
        { categoryId: f.category.id, title: "融资", description: "短" },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("VALIDATION_FAILED");
    expect(response.json().details.issues[0].path).toBe("issues.1.description");
    expect(response.json().details.issues[0].message).toBe("问题描述至少5个字");
    expect([await visitCount(), await issueCount()]).toEqual([visitsBefore, issuesBefore]);
  });

  it("refuses the whole visit when the ledger refuses one issue (an unknown category), naming the row", async () => {
    const [visitsBefore, issuesBefore] = [await visitCount(), await issueCount()];
    const response = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e1.id,
      visitedOn: today,
      summary: "走访",
      issues: [
        { categoryId: f.category.id, title: "用工短缺", description: "缺少熟练焊工二十名" },
        { categoryId: crypto.randomUUID(), title: "融资需求", description: "需要流动资金贷款500万元" },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues[0].path).toBe("issues.1.categoryId");
    expect(response.json().message).toContain("第 2 个问题");
    expect([await visitCount(), await issueCount()]).toEqual([visitsBefore, issuesBefore]);
  });

  it("checks dates against the status: done not in the future, planned not in the past", async () => {
    const future = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e1.id,
      visitedOn: shift(today, 1),
      summary: "走访",
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().details.issues[0].path).toBe("visitedOn");
    const past = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e1.id,
      status: "planned",
      visitedOn: shift(today, -1),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().details.issues[0].path).toBe("visitedOn");
    const both = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e1.id,
      projectId: crypto.randomUUID(),
      visitedOn: today,
      summary: "走访",
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().details.issues[0].path).toBe("enterpriseId");
  });

  it("refuses participants outside the scope", async () => {
    const response = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e1.id,
      visitedOn: today,
      summary: "走访",
      participantIds: [f.outsider.id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues[0].path).toBe("participantIds");
  });
});

describe("scope", () => {
  it("a cadre cannot record a visit to an enterprise not assigned to them (404)", async () => {
    const before = await visitCount();
    const response = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e2.id,
      visitedOn: today,
      summary: "走访",
    });
    expect(response.statusCode).toBe(404);
    expect(await visitCount()).toBe(before);
  });

  it("a cadre cannot see another zone's visits", async () => {
    const other = await createVisitRow(t.database.db, { recordedBy: f.outsider, enterprise: f.e3, visitedOn: today });
    expect((await as("v_cadre").get(`/api/visits/${other.id}`)).statusCode).toBe(404);
    const list = (await as("v_cadre").get("/api/visits?pageSize=200")).json();
    expect(list.data.map((v: { id: string }) => v.id)).not.toContain(other.id);
    expect((await as("v_outsider").get(`/api/visits/${other.id}`)).statusCode).toBe(200);
    expect((await as("v_admin").get(`/api/visits/${other.id}`)).statusCode).toBe(404);
  });
});

describe("planned visits", () => {
  it("plans a visit, completes it with an issue, and refuses to cancel it afterwards", async () => {
    const planned = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: f.e1.id,
      status: "planned",
      visitedOn: shift(today, 3),
      method: "phone",
    });
    expect(planned.statusCode, planned.body).toBe(200);
    const visit = planned.json().visit;
    expect(visit.status).toBe("planned");
    const done = await as("v_cadre").send("POST", `/api/visits/${visit.id}/complete`, {
      summary: "电话了解到企业需要办理施工许可",
      issues: [{ categoryId: f.category.id, title: "施工许可", description: "二期厂房施工许可办理缓慢" }],
      version: visit.version,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().visit.status).toBe("done");
    expect(done.json().visit.visitedOn).toBe(today);
    expect(done.json().visit.issues).toHaveLength(1);
    expect(Array.isArray(done.json().recentVisitsByOthers)).toBe(true);
    const again = await as("v_cadre").send("POST", `/api/visits/${visit.id}/complete`, {
      summary: "再次",
      version: done.json().visit.version,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("INVALID_STATE");
    const cancel = await as("v_cadre").send("POST", `/api/visits/${visit.id}/cancel`, {
      version: done.json().visit.version,
    });
    expect(cancel.statusCode).toBe(409);
  });

  it("cancels a planned visit", async () => {
    const planned = (
      await as("v_cadre").send("POST", "/api/visits", {
        enterpriseId: f.e1.id,
        status: "planned",
        visitedOn: today,
      })
    ).json().visit;
    const cancel = await as("v_cadre").send("POST", `/api/visits/${planned.id}/cancel`, {
      reason: "企业负责人出差",
      version: planned.version,
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe("cancelled");
  });
});

describe("editing a visit", () => {
  it("the recorder edits with the current version; a stale version and another person are refused", async () => {
    const visit = (
      await as("v_cadre").send("POST", "/api/visits", { enterpriseId: f.e1.id, visitedOn: today, summary: "初稿" })
    ).json().visit;
    const edited = await as("v_cadre").send("PATCH", `/api/visits/${visit.id}`, {
      summary: "修改后的走访情况",
      method: "online",
      version: visit.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().summary).toBe("修改后的走访情况");
    expect(edited.json().method).toBe("online");
    const stale = await as("v_cadre").send("PATCH", `/api/visits/${visit.id}`, {
      summary: "旧版本",
      version: visit.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    const other = await as("v_colleague").send("PATCH", `/api/visits/${visit.id}`, {
      summary: "别人改",
      version: edited.json().version,
    });
    expect(other.statusCode).toBe(403);
    const admin = await as("v_admin").send("PATCH", `/api/visits/${visit.id}`, {
      summary: "管理员更正",
      version: edited.json().version,
    });
    expect(admin.statusCode).toBe(200);
  });
});

describe("coordination (无事不扰)", () => {
  it("shows visits by others around the date, with who, unit, summary and issues; not one's own", async () => {
    const db = t.database.db;
    const fresh = await createEnterprise(db, { orgUnit: f.zoneA, name: "许昌远东传动轴股份有限公司" });
    await assign(db, { user: f.leader, enterprise: fresh, role: "lead_leader" });
    await assign(db, { user: f.cadre, enterprise: fresh, role: "helper_cadre" });
    const byLeader = await as("v_leader").send("POST", "/api/visits", {
      enterpriseId: fresh.id,
      visitedOn: shift(today, -2),
      summary: "王局长了解企业融资需求",
      issues: [{ categoryId: f.category.id, title: "流动资金贷款", description: "需要流动资金贷款500万元" }],
    });
    expect(byLeader.statusCode, byLeader.body).toBe(200);
    await createVisitRow(db, { recordedBy: f.leader, enterprise: fresh, visitedOn: shift(today, -10) });
    await createVisitRow(db, { recordedBy: f.cadre, enterprise: fresh, visitedOn: shift(today, -1) });

    const recent = await as("v_cadre").get(`/api/visits/recent?enterpriseId=${fresh.id}`);
    expect(recent.statusCode).toBe(200);
    expect(recent.json().days).toBe(7);
    expect(recent.json().visits).toHaveLength(1);
    const [seen] = recent.json().visits;
    expect(seen.recordedByName).toBe("王局长");
    expect(seen.unitName).toBe("经开区");
    expect(seen.visitedOn).toBe(shift(today, -2));
    expect(seen.summary).toBe("王局长了解企业融资需求");
    expect(seen.issues.map((i: { title: string }) => i.title)).toEqual(["流动资金贷款"]);

    const mine = await as("v_cadre").send("POST", "/api/visits", {
      enterpriseId: fresh.id,
      visitedOn: today,
      summary: "再次走访",
    });
    expect(mine.json().recentVisitsByOthers.map((v: { recordedByName: string }) => v.recordedByName)).toEqual([
      "王局长",
    ]);

    expect((await as("v_leader").send("PUT", "/api/visits/settings", { coordinationDays: 14 })).statusCode).toBe(403);
    const set = await as("v_admin").send("PUT", "/api/visits/settings", { coordinationDays: 14 });
    expect(set.statusCode).toBe(200);
    expect((await as("v_cadre").get("/api/visits/settings")).json()).toEqual({ coordinationDays: 14 });
    const wider = (await as("v_cadre").get(`/api/visits/recent?enterpriseId=${fresh.id}`)).json();
    expect(wider.visits.map((v: { visitedOn: string }) => v.visitedOn)).toEqual([shift(today, -2), shift(today, -10)]);
    await as("v_admin").send("PUT", "/api/visits/settings", { coordinationDays: 7 });

    expect((await as("v_cadre").get(`/api/visits/recent?enterpriseId=${f.e2.id}`)).statusCode).toBe(404);
  });
});

describe("the 无事不扰 window per unit", () => {
  it("a zone admin sets the window of his own zone; the nearest unit's setting applies", async () => {
    const db = t.database.db;
    await createUser(db, { role: "admin", orgUnit: f.zoneB, username: "v_zoneb_admin" });
    await createUser(db, { role: "admin", orgUnit: f.city, username: "v_city_admin" });
    const zoneBAdmin = await t.signIn("v_zoneb_admin");
    const cityAdmin = await t.signIn("v_city_admin");
    const settings = async (cookie: string) =>
      (await t.app.inject({ method: "GET", url: "/api/visits/settings", headers: { cookie } })).json();
    const put = (cookie: string, coordinationDays: number) =>
      t.app.inject({ method: "PUT", url: "/api/visits/settings", payload: { coordinationDays }, headers: { cookie } });

    expect((await put(zoneBAdmin, 1)).statusCode).toBe(200);
    expect(await settings(zoneBAdmin)).toEqual({ coordinationDays: 1 });
    expect((await as("v_outsider").get("/api/visits/settings")).json()).toEqual({ coordinationDays: 1 });
    // Zone A is untouched by zone B's setting.
    expect((await as("v_admin").get("/api/visits/settings")).json()).toEqual({ coordinationDays: 7 });
    expect((await as("v_cadre").get(`/api/visits/recent?enterpriseId=${f.e1.id}`)).json().days).toBe(7);

    // The city's value applies to a zone without a setting of its own, not to zone B (its own setting) nor to
    // zone A (the earlier test set it explicitly).
    const zoneC = await createOrgUnit(db, { parent: f.city, name: "东城区" });
    await createUser(db, { role: "cadre", orgUnit: zoneC, username: "v_zonec_cadre" });
    const zoneCCadre = await t.signIn("v_zonec_cadre");
    expect((await put(cityAdmin, 10)).statusCode).toBe(200);
    expect(await settings(zoneCCadre)).toEqual({ coordinationDays: 10 });
    expect((await as("v_outsider").get("/api/visits/settings")).json()).toEqual({ coordinationDays: 1 });
    expect((await as("v_admin").get("/api/visits/settings")).json()).toEqual({ coordinationDays: 7 });
    expect(await settings(cityAdmin)).toEqual({ coordinationDays: 10 });
  });
});

describe("the visit log", () => {
  it("filters by mine, person, status and dates", async () => {
    const all = (await as("v_cadre").get("/api/visits?pageSize=200")).json();
    expect(all.total).toBeGreaterThan(0);
    const mine = (await as("v_cadre").get("/api/visits?mine=true&pageSize=200")).json();
    for (const v of mine.data) {
      expect(
        v.recordedBy === f.cadre.id || v.participants.some((p: { userId: string }) => p.userId === f.cadre.id),
      ).toBe(true);
    }
    const byLeader = (await as("v_admin").get(`/api/visits?userId=${f.leader.id}&pageSize=200`)).json();
    expect(byLeader.data.length).toBeGreaterThan(0);
    expect(byLeader.data.every((v: { recordedBy: string }) => v.recordedBy === f.leader.id)).toBe(true);
    const cancelled = (await as("v_cadre").get("/api/visits?status=cancelled")).json();
    expect(cancelled.data.every((v: { status: string }) => v.status === "cancelled")).toBe(true);
    expect(cancelled.total).toBe(1);
    const window = (await as("v_admin").get(`/api/visits?from=${shift(today, -3)}&to=${shift(today, -1)}`)).json();
    expect(
      window.data.every((v: { visitedOn: string }) => v.visitedOn >= shift(today, -3) && v.visitedOn < today),
    ).toBe(true);
    expect(window.total).toBeGreaterThan(0);
  });

  it("the issues raised on a visit carry its history entry", async () => {
    const [issue] = await t.database.db.select().from(issues).where(eq(issues.source, "visit"));
    if (!issue) throw new Error("no visit issue");
    const events = await t.database.db.select().from(issueEvents).where(eq(issueEvents.issueId, issue.id));
    expect(events.map((e) => e.action)).toContain("created");
  });
});
