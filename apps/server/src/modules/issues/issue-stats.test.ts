import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  actorOfUser,
  createDepartment,
  createEnterprise,
  createOrgUnit,
  createUser,
  ensureIssueCategory,
  shiftIssueHistory,
} from "../../../test/factories.js";
import type { Actor } from "../../lib/actor.js";
import { todayInBeijing } from "../../lib/format.js";
import { addCalendarDays } from "../../lib/working-days.js";
import { acceptIssue, answerIssue, bounceIssue, declineIssue, rateIssue, routeIssue } from "./issue-transitions.js";
import { createIssue } from "./issues.service.js";

/*
 * The fixture of domain.md §3, every issue taken through the workflow itself (the services, as the users who
 * take each step); an issue whose history needs a past is moved back in time as a whole between two steps
 * (shiftIssueHistory), as if those steps had been taken that many days ago. Dates are relative to today, so
 * the figures are the same on any day.
 *
 * 112 issues collected in the last 30 days, 53 resolved (47.3%), 59 in progress; plus 3 declined (not
 * collected) and 2 issues of 60 days ago for the zero-denominator case. Ratings count every rating given:
 * a 不满意 reopens the issue and still counts as rated, not satisfied.
 *
 * 住建局 (产业一园, lead; 供电公司 co-department on the resolved ones), created 5 days ago:
 *   A 15 rated 满意, B 3 rated 基本满意, C 2 rated 不满意 → answered again → 满意 (all closed, on time)
 *   D 10 answered, not rated yet: 4 on time, 6 after their deadline
 *   E 10 routed, not accepted: 4 past their deadline;  F 20 in progress: 6 past their deadline, 2 reopened
 *     after a 不满意
 *   → collected 60, resolved 30, in progress 30, overdue 10, on time 24 (0.8),
 *     rated 15+3+2×2+2 = 24, satisfied 15+3+2 = 20 (0.8333), 5.0 days to resolve
 * 自然资源局 (产业二园), created 10 days ago:
 *   G 5 rated 满意, H 1 rated 基本满意 (closed, on time); I 14 answered on time; J 3 answered late
 *   K 21 in progress: 5 past their deadline, 4 reopened after a 不满意
 *   → collected 44, resolved 23, in progress 21, overdue 5, on time 20 (0.8696), rated 5+1+4 = 10,
 *     satisfied 6 (0.6), 10.0 days
 * 经开区本级: 6 received, 2 routed to 住建局 and bounced by it (未交办: not 住建局's any more) → 8 in progress
 * total: 112, 53 (0.4732), 59, overdue 15, on time 44 (0.8302), rated 34, satisfied 26 (0.7647),
 *   (30×5 + 23×10) ÷ 53 = 7.2 days
 */
let t: TestApp;
let f: Awaited<ReturnType<typeof seed>>;
let admin: string;
const today = todayInBeijing();
const daysAgo = (n: number) => addCalendarDays(today, -n);

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  const park1 = await createOrgUnit(db, { parent: zone, name: "产业一园", kind: "park" });
  const park2 = await createOrgUnit(db, { parent: zone, name: "产业二园", kind: "park" });
  const park3 = await createOrgUnit(db, { parent: zone, name: "产业三园", kind: "park" });
  const housing = await createDepartment(db, { orgUnit: zone, name: "住建局" });
  const land = await createDepartment(db, { orgUnit: zone, name: "自然资源局" });
  const power = await createDepartment(db, { orgUnit: zone, name: "供电公司" });
  const e1 = await createEnterprise(db, { orgUnit: park1, name: "一园企业有限公司" });
  const e2 = await createEnterprise(db, { orgUnit: park2, name: "二园企业有限公司" });
  const ez = await createEnterprise(db, { orgUnit: zone, name: "本级企业有限公司" });
  const e3 = await createEnterprise(db, { orgUnit: park3, name: "三园企业有限公司" });
  const as = async (row: Parameters<typeof actorOfUser>[1]) => actorOfUser(db, row);
  const actors = {
    admin: await as(await createUser(db, { role: "admin", orgUnit: zone, username: "st_admin" })),
    housing: await as(
      await createUser(db, { role: "department", orgUnit: zone, username: "st_dept", departmentId: housing.id }),
    ),
    land: await as(await createUser(db, { role: "department", orgUnit: zone, departmentId: land.id })),
    power: await as(await createUser(db, { role: "department", orgUnit: zone, departmentId: power.id })),
    e1: await as(await createUser(db, { role: "enterprise", orgUnit: park1, enterpriseId: e1.id })),
    e2: await as(await createUser(db, { role: "enterprise", orgUnit: park2, enterpriseId: e2.id })),
  };
  await createUser(db, { role: "statistics", orgUnit: city, username: "st_city_stats" });
  const category = await ensureIssueCategory(db, "要素保障");
  return { db, city, zone, park1, park2, park3, housing, land, power, e1, e2, ez, e3, category, actors };
}

type Fixture = Awaited<ReturnType<typeof seed>>;

interface Path {
  enterprise: { id: string };
  /** Days the issue was created before today (its whole history is moved back before it is answered). */
  age: number;
  lead?: { id: string };
  co?: { id: string }[];
  /** The deadline, in days after routing (routed when created): already behind today when less than `age`. */
  dueAfter?: number;
  accept?: boolean;
  /** The ratings of the enterprise, each after an answer by the lead; a 不满意 reopens the issue. */
  ratings?: ("satisfied" | "basically_satisfied" | "dissatisfied")[];
  /** Answer once more after the last rating (an answer awaiting its rating). */
  answerAfter?: boolean;
  bounce?: boolean;
}

/** Takes one issue through the workflow as the users who take each step. */
async function drive(fx: Fixture, who: { enterprise: Actor; department: Actor }, p: Path): Promise<string> {
  const { db, actors } = fx;
  const { id } = await createIssue(db, actors.admin, {
    enterpriseId: p.enterprise.id,
    categoryId: fx.category.id,
    title: "供电容量不足",
    description: "新上生产线需要增容至2000千伏安",
  });
  if (p.lead) {
    // Routed "age" days ago with a deadline "dueAfter" days after that: route now with the deadline that far
    // ahead, then move the history back.
    await routeIssue(db, actors.admin, id, {
      leadDepartmentId: p.lead.id,
      coDepartmentIds: (p.co ?? []).map((c) => c.id),
      dueOn: addCalendarDays(today, p.dueAfter ?? 30),
    });
  }
  if (p.age > 0) await shiftIssueHistory(db, id, p.age);
  if (p.bounce) {
    await bounceIssue(db, who.department, id, { reason: "不属于本单位职责" });
    return id;
  }
  if (!p.accept) return id;
  await acceptIssue(db, who.department, id, {});
  for (const rating of p.ratings ?? []) {
    await answerIssue(db, who.department, id, { answer: "已协调办理" });
    await rateIssue(db, who.enterprise, id, { rating });
  }
  if (p.answerAfter) await answerIssue(db, who.department, id, { answer: "已协调办理" });
  return id;
}

async function times(n: number, fx: Fixture, who: { enterprise: Actor; department: Actor }, p: Path) {
  for (let i = 0; i < n; i++) await drive(fx, who, p);
}

async function buildFixture(fx: Fixture) {
  const { actors } = fx;
  const housing = { enterprise: actors.e1, department: actors.housing };
  const h = { enterprise: fx.e1, age: 5, lead: fx.housing, accept: true };
  const resolved = { ...h, co: [fx.power], dueAfter: 6 }; // due tomorrow: answered today is on time
  await times(15, fx, housing, { ...resolved, ratings: ["satisfied"] }); // A
  await times(3, fx, housing, { ...resolved, ratings: ["basically_satisfied"] }); // B
  await times(2, fx, housing, { ...resolved, ratings: ["dissatisfied", "satisfied"] }); // C
  await times(4, fx, housing, { ...resolved, answerAfter: true }); // D on time
  await times(6, fx, housing, { ...resolved, dueAfter: 2, answerAfter: true }); // D late: due 3 days ago
  await times(4, fx, housing, { ...h, accept: false, dueAfter: 1 }); // E overdue
  await times(6, fx, housing, { ...h, accept: false }); // E
  await times(6, fx, housing, { ...h, dueAfter: 1 }); // F overdue
  await times(12, fx, housing, h); // F
  await times(2, fx, housing, { ...h, ratings: ["dissatisfied"] }); // F reopened

  const land = { enterprise: actors.e2, department: actors.land };
  const l = { enterprise: fx.e2, age: 10, lead: fx.land, accept: true };
  await times(5, fx, land, { ...l, dueAfter: 11, ratings: ["satisfied"] }); // G
  await times(1, fx, land, { ...l, dueAfter: 11, ratings: ["basically_satisfied"] }); // H
  await times(14, fx, land, { ...l, dueAfter: 11, answerAfter: true }); // I
  await times(3, fx, land, { ...l, dueAfter: 2, answerAfter: true }); // J late
  await times(5, fx, land, { ...l, dueAfter: 3 }); // K overdue
  await times(12, fx, land, { ...l, dueAfter: 40 }); // K
  await times(4, fx, land, { ...l, dueAfter: 40, ratings: ["dissatisfied"] }); // K reopened

  await times(6, fx, housing, { enterprise: fx.ez, age: 2 });
  await times(2, fx, housing, { enterprise: fx.ez, age: 2, lead: fx.housing, bounce: true });

  for (let i = 0; i < 3; i++) {
    const id = await drive(fx, housing, { enterprise: fx.e1, age: 0 });
    await declineIssue(fx.db, actors.admin, id, { reason: "属于司法诉讼事项" });
  }
  // 60 days ago: 2 issues of 供电公司 in 产业三园, still in progress (due in 10 days).
  await times(
    2,
    fx,
    { enterprise: actors.e1, department: actors.power },
    {
      enterprise: fx.e3,
      age: 60,
      lead: fx.power,
      dueAfter: 70,
      accept: true,
    },
  );
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  await buildFixture(f);
  admin = await t.signIn("st_admin");
}, 300_000);
afterAll(() => t.close());

const stats = async (query: string, cookie = admin) => {
  const response = await t.app.inject({ method: "GET", url: `/api/issues/stats?${query}`, headers: { cookie } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const lastMonth = () => `from=${daysAgo(30)}&to=${today}`;

/** The SQL statements the database client receives while `run` runs (PGlite, or the PostgreSQL pool). */
async function sqlSentDuring(run: () => Promise<unknown>): Promise<string[]> {
  const { pglite, pool } = t.database;
  const spy = pglite ? vi.spyOn(pglite, "query") : pool ? vi.spyOn(pool, "query") : null;
  if (!spy) throw new Error("no database client to watch");
  try {
    await run();
    const calls: unknown[][] = spy.mock.calls;
    return calls.map(([q]) =>
      typeof q === "string" ? q : typeof q === "object" && q !== null && "text" in q ? String(q.text) : "",
    );
  } finally {
    spy.mockRestore();
  }
}

describe("issue statistics (问题办理统计), from issues taken through the workflow", () => {
  it("reproduces 112 collected, 53 resolved (47.3%), 59 in progress, declined issues left out", async () => {
    const s = await stats(`groupBy=department&${lastMonth()}`);
    expect(s.total).toEqual({
      key: null,
      name: "合计",
      collected: 112,
      resolved: 53,
      inProgress: 59,
      overdue: 15,
      resolvedOnTime: 44,
      rated: 34,
      satisfied: 26,
      resolutionRate: 0.4732,
      onTimeRate: 0.8302,
      satisfactionRate: 0.7647,
      avgDaysToResolve: 7.2,
    });
  });

  it("gives each lead department its own figures, worked out by hand; a bounced issue is no longer its", async () => {
    const s = await stats(`groupBy=department&${lastMonth()}`);
    expect(s.rows.map((r: { name: string }) => r.name)).toEqual(["住建局", "自然资源局", "未交办"]);
    expect(s.rows[0]).toEqual({
      key: f.housing.id,
      name: "住建局",
      collected: 60,
      resolved: 30,
      inProgress: 30,
      overdue: 10,
      resolvedOnTime: 24,
      rated: 24,
      satisfied: 20,
      resolutionRate: 0.5,
      onTimeRate: 0.8,
      satisfactionRate: 0.8333,
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
    const s = await stats(`groupBy=org_unit&orgUnitId=${f.zone.id}&from=${daysAgo(30)}`);
    expect(s.orgUnitName).toBe("经开区");
    const byName = Object.fromEntries(s.rows.map((r: { name: string }) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["产业一园", "产业三园", "产业二园", "经开区本级"].sort());
    expect(byName.产业一园).toMatchObject({
      collected: 60,
      resolved: 30,
      onTimeRate: 0.8,
      rated: 24,
      satisfied: 20,
      satisfactionRate: 0.8333,
    });
    expect(byName.产业二园).toMatchObject({ collected: 44, resolved: 23, satisfactionRate: 0.6, overdue: 5 });
    expect(byName.经开区本级).toMatchObject({ collected: 8, resolved: 0, inProgress: 8 });
    expect(byName.产业三园).toMatchObject({ collected: 0, resolutionRate: null, onTimeRate: null });
    expect(s.total.collected).toBe(112);

    const city = await stats(`groupBy=org_unit&orgUnitId=${f.city.id}`, await t.signIn("st_city_stats"));
    expect(city.rows).toHaveLength(1);
    expect(city.rows[0]).toMatchObject({ name: "经开区", collected: 114, rated: 34 });
  });

  it("answers null, never NaN, when a denominator is 0", async () => {
    const s = await stats(`groupBy=department&from=${daysAgo(90)}&to=${daysAgo(31)}`);
    expect(s.total).toMatchObject({
      collected: 2,
      resolved: 0,
      inProgress: 2,
      resolutionRate: 0,
      onTimeRate: null,
      satisfactionRate: null,
      avgDaysToResolve: null,
    });
    const empty = await stats(`from=${daysAgo(400)}&to=${daysAgo(370)}`);
    expect(empty.rows).toEqual([]);
    expect(empty.total).toMatchObject({ collected: 0, resolutionRate: null, onTimeRate: null, satisfactionRate: null });
  });

  it("reads the ratings of the counted issues only, never the whole ratings table", async () => {
    const statements = await sqlSentDuring(() => stats(`groupBy=department&orgUnitId=${f.park2.id}`));
    const readingRatings = statements.filter((q) => q.includes('"issue_ratings"'));
    expect(readingRatings.length).toBeGreaterThan(0);
    for (const q of readingRatings) {
      expect(q).toMatch(
        /from "issue_ratings" inner join "issues" on "issues"\."id" = "issue_ratings"\."issue_id".* where /s,
      );
    }
  });

  it("refuses a reversed period and a unit out of scope", async () => {
    const reversed = await t.app.inject({
      method: "GET",
      url: `/api/issues/stats?from=${today}&to=${daysAgo(30)}`,
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
