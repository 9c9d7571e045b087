import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { assign, createEnterprise, createOrgUnit, createUser, createVisitRow } from "../../../test/factories.js";
import { periodContaining } from "./cadence-period.js";

describe("cadence periods (Beijing calendar)", () => {
  it("weeks run Monday to Sunday: a Sunday belongs to its week, Monday starts a new one", () => {
    expect(periodContaining("week", "2026-11-22")).toMatchObject({ start: "2026-11-16", end: "2026-11-22" });
    expect(periodContaining("week", "2026-11-16")).toMatchObject({ start: "2026-11-16", end: "2026-11-22" });
    expect(periodContaining("week", "2026-11-23")).toMatchObject({ start: "2026-11-23", end: "2026-11-29" });
    expect(periodContaining("week", "2027-01-01")).toMatchObject({ start: "2026-12-28", end: "2027-01-03" });
  });
  it("months, quarters and years are calendar ones", () => {
    expect(periodContaining("month", "2026-02-14")).toEqual({
      start: "2026-02-01",
      end: "2026-02-28",
      label: "2026年2月",
    });
    expect(periodContaining("quarter", "2026-11-22")).toEqual({
      start: "2026-10-01",
      end: "2026-12-31",
      label: "2026年第4季度",
    });
    expect(periodContaining("quarter", "2026-03-31")).toMatchObject({ start: "2026-01-01", end: "2026-03-31" });
    expect(periodContaining("year", "2026-07-01")).toEqual({ start: "2026-01-01", end: "2026-12-31", label: "2026年" });
  });
});

let t: TestApp;
let admin: string;
let leaderCookie: string;
let fixture: Awaited<ReturnType<typeof seed>>;

/*
 * Hand-worked fixture. Zone 经开区 under 许昌市.
 *  一周一企 (leader, any, week, 1), as of Sunday 2026-11-22 (week 11-16 … 11-22):
 *   张领导 visited on Sunday 11-22 → 1 done, on track; 李领导 only the previous Sunday 11-15 → 0, 1 behind;
 *   赵领导 took part in a visit recorded by a cadre on Monday 11-16 → on track; a planned and a cancelled visit
 *   of 李领导 this week count for nothing. As of Monday 11-23 everybody starts again: 3 × 1 behind.
 *  每季度每家包联企业 (cadre, each_assigned, quarter, 1), as of 2026-11-22 (Q4 10-01 … 12-31):
 *   刘干部 is assigned to 甲, 乙, 丙 and visited 甲 on 10-05 (乙 on 09-30 is last quarter) → required 3, done 1,
 *   2 behind, 乙 and 丙 listed; 陈干部 is assigned to 甲 and visited it → on track.
 */
async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  const other = await createOrgUnit(db, { parent: city, name: "高新区" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "c_admin" });
  await createUser(db, { role: "admin", orgUnit: city, username: "c_city_admin" });
  const qian = await createUser(db, {
    role: "leader",
    orgUnit: zone,
    username: "c_leader_view",
    displayName: "钱领导",
  });
  const zhang = await createUser(db, { role: "leader", orgUnit: zone, displayName: "张领导" });
  const li = await createUser(db, { role: "leader", orgUnit: zone, displayName: "李领导" });
  const zhao = await createUser(db, { role: "leader", orgUnit: zone, displayName: "赵领导" });
  await createUser(db, { role: "leader", orgUnit: other, displayName: "外区领导" });
  const liu = await createUser(db, { role: "cadre", orgUnit: zone, displayName: "刘干部" });
  const chen = await createUser(db, { role: "cadre", orgUnit: zone, displayName: "陈干部" });
  const jia = await createEnterprise(db, { orgUnit: zone, name: "甲公司" });
  const yi = await createEnterprise(db, { orgUnit: zone, name: "乙公司" });
  const bing = await createEnterprise(db, { orgUnit: zone, name: "丙公司" });
  for (const e of [jia, yi, bing]) await assign(db, { user: liu, enterprise: e, role: "helper_cadre" });
  await assign(db, { user: chen, enterprise: jia, role: "helper_cadre" });
  await createVisitRow(db, { recordedBy: zhang, enterprise: jia, visitedOn: "2026-11-22" });
  await createVisitRow(db, { recordedBy: li, enterprise: yi, visitedOn: "2026-11-15" });
  await createVisitRow(db, { recordedBy: li, enterprise: yi, visitedOn: "2026-11-22", status: "planned" });
  await createVisitRow(db, { recordedBy: li, enterprise: yi, visitedOn: "2026-11-18", status: "cancelled" });
  await createVisitRow(db, { recordedBy: chen, enterprise: jia, visitedOn: "2026-11-16", participants: [zhao] });
  await createVisitRow(db, { recordedBy: liu, enterprise: jia, visitedOn: "2026-10-05" });
  await createVisitRow(db, { recordedBy: liu, enterprise: yi, visitedOn: "2026-09-30" });
  return { qian, yi };
}

beforeAll(async () => {
  t = await createTestApp();
  fixture = await seed(t.database.db);
  admin = await t.signIn("c_admin");
  leaderCookie = await t.signIn("c_leader_view");
});
afterAll(() => t.close());

const send = (cookie: string, method: "POST" | "PATCH", url: string, payload: object) =>
  t.app.inject({ method, url, payload, headers: { cookie } });
const get = (cookie: string, url: string) => t.app.inject({ method: "GET", url, headers: { cookie } });

async function createRule(payload: object): Promise<{ id: string; version: number }> {
  const response = await send(admin, "POST", "/api/visits/cadence-rules", payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe("cadence report", () => {
  it("一周一企: a leader with a visit this week is on track, one without is 1 behind; Monday starts anew", async () => {
    const rule = await createRule({
      name: "一周一企",
      appliesToRole: "leader",
      target: "any",
      period: "week",
      minVisits: 1,
    });
    const report = (await get(leaderCookie, `/api/visits/cadence?ruleId=${rule.id}&asOf=2026-11-22`)).json();
    expect(report.periodStart).toBe("2026-11-16");
    expect(report.periodEnd).toBe("2026-11-22");
    const byName = Object.fromEntries(
      report.rows.map((r: { displayName: string; done: number; behind: number; isOnTrack: boolean }) => [
        r.displayName,
        [r.done, r.behind, r.isOnTrack],
      ]),
    );
    expect(byName).toEqual({
      张领导: [1, 0, true],
      李领导: [0, 1, false],
      赵领导: [1, 0, true],
      钱领导: [0, 1, false],
    });
    expect(report.rows[0].behind).toBe(1);
    expect(report.people).toBe(4);
    expect(report.onTrack).toBe(2);

    const monday = (await get(leaderCookie, `/api/visits/cadence?ruleId=${rule.id}&asOf=2026-11-23`)).json();
    expect(monday.periodStart).toBe("2026-11-23");
    expect(monday.rows.every((r: { behind: number }) => r.behind === 1)).toBe(true);
  });

  it("each assigned enterprise once a quarter: 3 assigned, 1 visited → 2 behind, the 2 names listed", async () => {
    const rule = await createRule({
      name: "每季度走访每家包联企业",
      appliesToRole: "cadre",
      target: "each_assigned",
      period: "quarter",
      minVisits: 1,
    });
    const report = (await get(admin, `/api/visits/cadence?ruleId=${rule.id}&asOf=2026-11-22`)).json();
    expect(report.periodLabel).toBe("2026年第4季度");
    expect(report.rows.map((r: { displayName: string }) => r.displayName)).toEqual(["刘干部", "陈干部"]);
    const [liu, chen] = report.rows;
    expect([liu.assignedCount, liu.required, liu.done, liu.behind]).toEqual([3, 3, 1, 2]);
    expect(liu.unvisitedEnterprises.map((e: { name: string }) => e.name)).toEqual(["丙公司", "乙公司"].sort());
    expect([chen.required, chen.done, chen.behind, chen.isOnTrack]).toEqual([1, 1, 0, true]);

    const exported = await get(admin, `/api/visits/cadence/export?ruleId=${rule.id}&asOf=2026-11-22`);
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("走访频次");
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      "序号",
      "姓名",
      "单位",
      "应走访",
      "已走访",
      "差额",
      "状态",
      "未走访企业",
    ]);
    const first = sheet?.getRow(3).values as unknown[];
    expect(first.slice(1, 8)).toEqual([1, "刘干部", "经开区", 3, 1, 2, "差2次"]);
    expect(String(first[8])).toContain("乙公司");
  });
});

describe("cadence report: names a leader may see", () => {
  it("shows a leader only the unvisited enterprises assigned to him; a colleague's others are counted", async () => {
    const rule = await createRule({
      name: "每季度走访每家包联企业（领导查看）",
      appliesToRole: "cadre",
      target: "each_assigned",
      period: "quarter",
      minVisits: 1,
    });
    // 钱领导 is assigned to 乙公司 only; 刘干部's 丙公司 is nothing to him.
    await assign(t.database.db, { user: fixture.qian, enterprise: fixture.yi, role: "lead_leader" });
    const response = await get(leaderCookie, `/api/visits/cadence?ruleId=${rule.id}&asOf=2026-11-22`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain("丙公司");
    const liu = response.json().rows.find((r: { displayName: string }) => r.displayName === "刘干部");
    expect([liu.behind, liu.unvisitedCount]).toEqual([2, 2]);
    expect(liu.unvisitedEnterprises.map((e: { name: string }) => e.name)).toEqual(["乙公司"]);
    const asAdmin = (await get(admin, `/api/visits/cadence?ruleId=${rule.id}&asOf=2026-11-22`)).json();
    const liuForAdmin = asAdmin.rows.find((r: { displayName: string }) => r.displayName === "刘干部");
    expect(liuForAdmin.unvisitedEnterprises.map((e: { name: string }) => e.name).sort()).toEqual(
      ["丙公司", "乙公司"].sort(),
    );

    const exported = await get(leaderCookie, `/api/visits/cadence/export?ruleId=${rule.id}&asOf=2026-11-22`);
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const row = workbook.getWorksheet("走访频次")?.getRow(3).values as unknown[];
    expect(row[2]).toBe("刘干部");
    expect(row[8]).toBe("乙公司、另有1家");
  });
});

describe("cadence rules", () => {
  it("lists the rules of the unit and its ancestors; only the owning unit may change one", async () => {
    const cityAdmin = await t.signIn("c_city_admin");
    const cityRule = (
      await send(cityAdmin, "POST", "/api/visits/cadence-rules", {
        name: "全市一月一企",
        appliesToRole: "leader",
        target: "any",
        period: "month",
        minVisits: 1,
      })
    ).json();
    const list = (await get(admin, "/api/visits/cadence-rules")).json();
    const cityEntry = list.find((r: { id: string }) => r.id === cityRule.id);
    expect(cityEntry.isEditable).toBe(false);
    expect(cityEntry.orgUnitName).toBe("许昌市");
    const refused = await send(admin, "PATCH", `/api/visits/cadence-rules/${cityRule.id}`, {
      name: "改",
      appliesToRole: "leader",
      target: "any",
      period: "month",
      minVisits: 2,
      version: cityRule.version,
    });
    expect(refused.statusCode).toBe(403);

    const own = await createRule({
      name: "两周",
      appliesToRole: "leader",
      target: "any",
      period: "week",
      minVisits: 1,
    });
    const patched = await send(admin, "PATCH", `/api/visits/cadence-rules/${own.id}`, {
      name: "一周两企",
      appliesToRole: "leader",
      target: "any",
      period: "week",
      minVisits: 2,
      version: own.version,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().minVisits).toBe(2);
    const stale = await send(admin, "PATCH", `/api/visits/cadence-rules/${own.id}`, {
      name: "一周三企",
      appliesToRole: "leader",
      target: "any",
      period: "week",
      minVisits: 3,
      version: own.version,
    });
    expect(stale.statusCode).toBe(409);
    const bad = await send(admin, "POST", "/api/visits/cadence-rules", {
      name: "x",
      appliesToRole: "leader",
      target: "any",
      period: "fortnight",
      minVisits: 0,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .details.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(["minVisits", "period"]);
    expect(
      (
        await send(leaderCookie, "POST", "/api/visits/cadence-rules", {
          name: "x",
          appliesToRole: "leader",
          target: "any",
          period: "week",
          minVisits: 1,
        })
      ).statusCode,
    ).toBe(403);
  });
});
