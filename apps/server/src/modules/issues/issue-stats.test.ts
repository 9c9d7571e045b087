import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  createDepartment,
  createEnterprise,
  createIssueRow,
  createOrgUnit,
  createUser,
  ensureIssueCategory,
} from "../../../test/factories.js";

/*
 * The fixture of domain.md §3: 112 issues collected, 53 resolved (47.3%), 59 in progress; plus 3
 * declined issues that must not count, and 2 issues of October for the zero-denominator case.
 *
 *                     collected resolved onTime rated satisfied overdue avgDays
 *  住建局 (产业一园)      60        30       24     20    15+3      10      5.0
 *  自然资源局 (产业二园)  44        23       20     10     5+1       5     10.0
 *  未交办 (经开区本级)     8         0        –      –      –        0       –
 *  total                 112        53       44     30     24       15     (30×5+23×10)/53 = 7.2
 */
let t: TestApp;
let f: Awaited<ReturnType<typeof seed>>;
let admin: string;

const day = (d: string, hour = 10) => new Date(`${d}T${String(hour).padStart(2, "0")}:00:00+08:00`); // Beijing time

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  const park1 = await createOrgUnit(db, { parent: zone, name: "产业一园", kind: "park" });
  const park2 = await createOrgUnit(db, { parent: zone, name: "产业二园", kind: "park" });
  const park3 = await createOrgUnit(db, { parent: zone, name: "产业三园", kind: "park" });
  const housing = await createDepartment(db, { orgUnit: zone, name: "住建局" });
  const land = await createDepartment(db, { orgUnit: zone, name: "自然资源局" });
  const power = await createDepartment(db, { orgUnit: zone, name: "供电公司" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "st_admin" });
  await createUser(db, { role: "statistics", orgUnit: city, username: "st_city_stats" });
  await createUser(db, { role: "department", orgUnit: zone, username: "st_dept", departmentId: housing.id });
  const e1 = await createEnterprise(db, { orgUnit: park1, name: "一园企业有限公司" });
  const e2 = await createEnterprise(db, { orgUnit: park2, name: "二园企业有限公司" });
  const ez = await createEnterprise(db, { orgUnit: zone, name: "本级企业有限公司" });
  const category = await ensureIssueCategory(db, "要素保障");
  const common = { category, createdAt: day("2026-11-02") };

  // 住建局: 30 resolved (20 answered, 10 closed), answered 5 days after; 24 on time; ratings 15/3/2.
  for (let i = 0; i < 30; i++) {
    const rating = i < 15 ? "satisfied" : i < 18 ? "basically_satisfied" : i < 20 ? "dissatisfied" : null;
    await createIssueRow(db, {
      ...common,
      orgUnit: park1,
      enterprise: e1,
      leadDepartment: housing,
      coDepartments: [power],
      status: i < 20 ? "closed" : "answered",
      outcome: i < 20 ? "resolved" : null,
      answeredAt: day("2026-11-07"),
      dueOn: i < 24 ? "2026-11-07" : "2026-11-06",
      rating,
    });
  }
  // 住建局: 30 open: 10 routed (4 overdue), 20 in progress (6 overdue).
  for (let i = 0; i < 30; i++) {
    const overdue = i < 4 || (i >= 10 && i < 16);
    await createIssueRow(db, {
      ...common,
      orgUnit: park1,
      enterprise: e1,
      leadDepartment: housing,
      status: i < 10 ? "routed" : "in_progress",
      dueOn: overdue ? "2026-11-10" : "2027-01-15",
    });
  }
  // 自然资源局: 23 resolved, answered 10 days after; 20 on time; ratings 5/1/4.
  for (let i = 0; i < 23; i++) {
    const rating = i < 5 ? "satisfied" : i < 6 ? "basically_satisfied" : i < 10 ? "dissatisfied" : null;
    await createIssueRow(db, {
      ...common,
      orgUnit: park2,
      enterprise: e2,
      leadDepartment: land,
      status: "answered",
      // The 3 late ones: answered at 01:00 Beijing on the 12th, due the 11th (the UTC date would still say the 11th).
      answeredAt: i < 20 ? day("2026-11-12") : day("2026-11-12", 1),
      createdAt: i < 20 ? day("2026-11-02") : day("2026-11-02", 1),
      dueOn: i < 20 ? "2026-11-12" : "2026-11-11",
      rating,
    });
  }
  // 自然资源局: 21 in progress, 5 overdue.
  for (let i = 0; i < 21; i++) {
    await createIssueRow(db, {
      ...common,
      orgUnit: park2,
      enterprise: e2,
      leadDepartment: land,
      status: "in_progress",
      dueOn: i < 5 ? "2026-11-20" : "2027-01-15",
    });
  }
  // 8 not yet routed, on the zone itself.
  for (let i = 0; i < 8; i++) await createIssueRow(db, { ...common, orgUnit: zone, enterprise: ez });
  // 3 declined (不予受理): not collected.
  for (let i = 0; i < 3; i++) {
    await createIssueRow(db, { ...common, orgUnit: park1, enterprise: e1, status: "closed", outcome: "declined" });
  }
  // October: 2 open issues of 供电公司 in 产业三园.
  for (let i = 0; i < 2; i++) {
    await createIssueRow(db, {
      category,
      orgUnit: park3,
      enterprise: e1,
      leadDepartment: power,
      status: "in_progress",
      dueOn: "2027-01-15",
      createdAt: day("2026-10-15"),
    });
  }
  return { city, zone, park1, park2, park3, housing, land, power };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("st_admin");
});
afterAll(() => t.close());

const stats = async (query: string, cookie = admin) => {
  const response = await t.app.inject({ method: "GET", url: `/api/issues/stats?${query}`, headers: { cookie } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe("issue statistics (问题办理统计)", () => {
  it("reproduces 112 collected, 53 resolved (47.3%), 59 in progress, declined issues left out", async () => {
    const s = await stats("groupBy=department&from=2026-11-01&to=2026-11-30");
    expect(s.total).toEqual({
      key: null,
      name: "合计",
      collected: 112,
      resolved: 53,
      inProgress: 59,
      overdue: 15,
      resolvedOnTime: 44,
      rated: 30,
      satisfied: 24,
      resolutionRate: 0.4732,
      onTimeRate: 0.8302,
      satisfactionRate: 0.8,
      avgDaysToResolve: 7.2,
    });
  });

  it("gives each lead department its own figures, worked out by hand", async () => {
    const s = await stats("groupBy=department&from=2026-11-01&to=2026-11-30");
    expect(s.rows.map((r: { name: string }) => r.name)).toEqual(["住建局", "自然资源局", "未交办"]);
    expect(s.rows[0]).toEqual({
      key: f.housing.id,
      name: "住建局",
      collected: 60,
      resolved: 30,
      inProgress: 30,
      overdue: 10,
      resolvedOnTime: 24,
      rated: 20,
      satisfied: 18,
      resolutionRate: 0.5,
      onTimeRate: 0.8,
      satisfactionRate: 0.9,
      avgDaysToResolve: 5,
    });
    expect(s.rows[1]).toEqual({
      key: f.land.id,
      name: "自然资源局",
      collected: 44,
      resolved: 23,
      inProgress: 21,
      overdue: 5,
      resolvedOnTime: 20,
      rated: 10,
      satisfied: 6,
      resolutionRate: 0.5227,
      onTimeRate: 0.8696,
      satisfactionRate: 0.6,
      avgDaysToResolve: 10,
    });
    expect(s.rows[2]).toMatchObject({ key: null, collected: 8, resolved: 0, inProgress: 8, resolutionRate: 0 });
  });

  it("rolls the subtree up per child unit, with the unit's own issues as 本级", async () => {
    const s = await stats(`groupBy=org_unit&orgUnitId=${f.zone.id}&from=2026-11-01`);
    expect(s.orgUnitName).toBe("经开区");
    const byName = Object.fromEntries(s.rows.map((r: { name: string }) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["产业一园", "产业三园", "产业二园", "经开区本级"].sort());
    expect(byName.产业一园).toMatchObject({ collected: 60, resolved: 30, onTimeRate: 0.8 });
    expect(byName.产业二园).toMatchObject({ collected: 44, resolved: 23, satisfactionRate: 0.6 });
    expect(byName.经开区本级).toMatchObject({ collected: 8, resolved: 0 });
    expect(byName.产业三园).toMatchObject({ collected: 0, resolutionRate: null, onTimeRate: null });
    expect(s.total.collected).toBe(112);

    const city = await stats(`groupBy=org_unit&orgUnitId=${f.city.id}`, await t.signIn("st_city_stats"));
    expect(city.rows).toHaveLength(1);
    expect(city.rows[0]).toMatchObject({ name: "经开区", collected: 114 });
  });

  it("answers null, never NaN, when a denominator is 0", async () => {
    const s = await stats("groupBy=department&from=2026-10-01&to=2026-10-31");
    expect(s.total).toMatchObject({
      collected: 2,
      resolved: 0,
      inProgress: 2,
      resolutionRate: 0,
      onTimeRate: null,
      satisfactionRate: null,
      avgDaysToResolve: null,
    });
    const empty = await stats("from=2025-01-01&to=2025-01-31");
    expect(empty.rows).toEqual([]);
    expect(empty.total).toMatchObject({ collected: 0, resolutionRate: null, onTimeRate: null, satisfactionRate: null });
  });

  it("refuses a reversed period and a unit out of scope", async () => {
    const reversed = await t.app.inject({
      method: "GET",
      url: "/api/issues/stats?from=2026-11-30&to=2026-11-01",
      headers: { cookie: admin },
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().message).toContain("开始日期不能晚于结束日期");
    const outside = await t.app.inject({
      method: "GET",
      url: `/api/issues/stats?orgUnitId=${f.city.id}`,
      headers: { cookie: admin },
    });
    expect(outside.statusCode).toBe(404);
  });
});
