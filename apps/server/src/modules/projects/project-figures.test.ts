import type { ProjectFigures, ProjectWarningPage } from "@zonedesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { assignProject, createOrgUnit, createProject, createUser } from "../../../test/factories.js";
import type { FigureProjectRow } from "./project-investment.queries.js";
import { gapPointsOf, gapTextOf, reportMonthOf, resolvePeriod } from "./project-periods.js";
import { warningsOf } from "./project-warnings.js";
import { projectAnnualPlans, projectInvestmentReports } from "./projects.table.js";

/*
 * The figures of domain.md §3 on fixtures whose answers are worked out by hand below.
 * Money is in yuan; 1 万元 = 10,000 元.
 */

let t: TestApp;
let admin: string;
let cadre: string;
let county: Awaited<ReturnType<typeof createOrgUnit>>;
let small: Awaited<ReturnType<typeof createOrgUnit>>;
let empty: Awaited<ReturnType<typeof createOrgUnit>>;
let unplanned: Awaited<ReturnType<typeof createOrgUnit>>;
let foreignZone: Awaited<ReturnType<typeof createOrgUnit>>;
let p5Id = "";
let p4Id = "";
const wan = (n: number) => `${n * 10_000}.00`;

async function plan(projectId: string, year: number, plannedInvestment: string) {
  await t.database.db.insert(projectAnnualPlans).values({ projectId, year, plannedInvestment });
}
async function reports(rows: { projectId: string; year: number; month: number; amount: string }[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await t.database.db.insert(projectInvestmentReports).values(
      rows.slice(i, i + 500).map((r) => ({
        projectId: r.projectId,
        year: r.year,
        month: r.month,
        completedInMonth: r.amount,
      })),
    );
  }
}
async function figures(cookie: string, query: string): Promise<ProjectFigures> {
  const response = await t.app.inject({ method: "GET", url: `/api/projects/figures?${query}`, headers: { cookie } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body).not.toContain("NaN");
  return response.json();
}
const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  county = await createOrgUnit(db, { parent: city, name: "示例县" });
  small = await createOrgUnit(db, { parent: city, name: "经开区" });
  empty = await createOrgUnit(db, { parent: city, name: "空白园区" });
  unplanned = await createOrgUnit(db, { parent: city, name: "无计划园区" });
  await createUser(db, { role: "admin", orgUnit: city, username: "f_admin" });
  const cadreUser = await createUser(db, { role: "cadre", orgUnit: city, username: "f_cadre" });
  admin = await t.signIn("f_admin");
  cadre = await t.signIn("f_cadre");

  // ── The worked example: 109 projects, 35.53 billion in all, 13.909 billion planned for 2026,
  // 8.79 billion completed January–July. 108 × 325,000,000 + 430,000,000 = 35,530,000,000;
  // 108 × 127,000,000 + 193,000,000 = 13,909,000,000; 109 × 7 × 11,500,000 = 8,774,500,000,
  // plus 15,500,000 more in one project's July = 8,790,000,000.
  const rows: { projectId: string; year: number; month: number; amount: string }[] = [];
  for (let i = 0; i < 109; i++) {
    const last = i === 108;
    const project = await createProject(db, {
      orgUnit: county,
      name: `示例县重点项目${i + 1}`,
      totalInvestment: last ? "430000000.00" : "325000000.00",
      dates: { signed: { actual: "2025-06-01" } },
    });
    await plan(project.id, 2026, last ? "193000000.00" : "127000000.00");
    for (let month = 1; month <= 7; month++) {
      rows.push({
        projectId: project.id,
        year: 2026,
        month,
        amount: i === 0 && month === 7 ? "27000000.00" : "11500000.00",
      });
    }
    // August and last year do not count "by the end of July 2026".
    if (i < 3) rows.push({ projectId: project.id, year: 2026, month: 8, amount: "50000000.00" });
    if (i < 3) rows.push({ projectId: project.id, year: 2025, month: 7, amount: "80000000.00" });
  }
  await reports(rows);
  // An archived project of the county is not counted.
  const archived = await createProject(db, { orgUnit: county, status: "archived", totalInvestment: "999000000.00" });
  await plan(archived.id, 2026, "500000000.00");

  // ── The small fixture (经开区), as of the end of October 2026 (asOf 2026-10-31). In the set of 2026 as of
  // 10-31: P1 P2 P3 (signed in 2026), P5 P6 P7 (signed before, planned for 2026); not P4 (signed 11-05).
  const p1 = await createProject(db, {
    orgUnit: small,
    name: "P1",
    level: "city",
    batch: "signing",
    dates: { signed: { actual: "2026-02-01" }, landed: { actual: "2026-03-01" }, started: { actual: "2026-05-01" } },
  });
  const p2 = await createProject(db, {
    orgUnit: small,
    name: "P2",
    level: "province",
    batch: "production",
    dates: {
      signed: { actual: "2026-03-10" },
      landed: { actual: "2026-06-01" },
      started: { planned: "2026-11-05" },
    },
  });
  const p3 = await createProject(db, {
    orgUnit: small,
    name: "P3",
    dates: { signed: { actual: "2026-04-01" }, landed: { planned: "2026-09-30" } },
  });
  const p4 = await createProject(db, { orgUnit: small, name: "P4", dates: { signed: { actual: "2026-11-05" } } });
  p4Id = p4.id;
  const p5 = await createProject(db, {
    orgUnit: small,
    name: "P5",
    projectType: "continuing",
    dates: {
      signed: { actual: "2025-05-01" },
      landed: { actual: "2025-08-01" },
      started: { actual: "2025-10-01" },
      in_production: { actual: "2026-06-01" },
      reached_output: { actual: "2026-09-01" },
    },
  });
  const p6 = await createProject(db, {
    orgUnit: small,
    name: "P6",
    projectType: "continuing",
    dates: {
      signed: { actual: "2024-03-01" },
      landed: { actual: "2024-05-01" },
      started: { actual: "2024-09-01" },
      in_production: { actual: "2025-12-01" },
    },
  });
  // P7 is at 开工 now, but started on 11-10: as of 10-31 it is at 落地 and its 开工 is overdue.
  const p7 = await createProject(db, {
    orgUnit: small,
    name: "P7",
    dates: {
      signed: { actual: "2025-12-01" },
      landed: { actual: "2026-02-15" },
      started: { planned: "2026-10-20", actual: "2026-11-10" },
    },
  });
  await plan(p1.id, 2026, wan(1000));
  await plan(p2.id, 2026, wan(500));
  await plan(p5.id, 2026, wan(2000));
  p5Id = p5.id;
  await plan(p6.id, 2026, wan(800));
  await plan(p7.id, 2026, wan(600));
  await reports([
    { projectId: p1.id, year: 2026, month: 3, amount: wan(300) },
    { projectId: p1.id, year: 2026, month: 10, amount: wan(400) },
    { projectId: p1.id, year: 2026, month: 11, amount: wan(100) },
    { projectId: p2.id, year: 2026, month: 7, amount: wan(100) },
    { projectId: p5.id, year: 2026, month: 1, amount: wan(1000) },
    { projectId: p5.id, year: 2026, month: 10, amount: wan(1000) },
    { projectId: p6.id, year: 2026, month: 10, amount: wan(200) },
  ]);
  await assignProject(db, { user: cadreUser, project: p1, role: "helper_cadre" });
  void p3;

  // A zone whose only project, signed in 2026, has no plan, no report and no other dates.
  await createProject(db, { orgUnit: unplanned, name: "无计划项目", dates: { signed: { actual: "2026-03-01" } } });

  // A real unit outside the admin's scope: a zone of another city.
  const otherCity = await createOrgUnit(db, { name: "郑州市", kind: "city" });
  foreignZone = await createOrgUnit(db, { parent: otherCity, name: "郑州经开区" });
  await createProject(db, { orgUnit: foreignZone, name: "外市项目", dates: { signed: { actual: "2026-02-01" } } });
});
afterAll(() => t.close());

describe("key-project figures", () => {
  it("reproduces the worked example of domain.md §3: 63.2%, time progress 58.3%, 4.9 points ahead", async () => {
    const f = await figures(admin, `orgUnitId=${county.id}&year=2026&month=7`);
    expect(f.projectCount).toBe(109);
    expect(f.totalInvestment).toBe("35530000000.00");
    expect(f.plannedInvestment).toBe("13909000000.00");
    expect(f.completedInvestment).toBe("8790000000.00");
    // 8.79 ÷ 13.909 = 0.63196…; 7 ÷ 12 = 0.58333…; (0.63196 − 0.58333) × 100 = 4.863 → 4.9
    expect(f.completionRate?.toFixed(3)).toBe("0.632");
    expect(percent(f.completionRate)).toBe("63.2%");
    expect(percent(f.timeProgress)).toBe("58.3%");
    expect(f.gapPoints).toBe(4.9);
    expect(f.gapText).toBe("超时序进度4.9个百分点");
    expect(f.asOf).toBe("2026-07-31");
    expect(f.series.find((s) => s.month === 7)?.completedToDate).toBe("8790000000.00");
    expect(f.series.find((s) => s.month === 8)?.completed).toBeNull();
    // 109 × 11,500,000 = 1,253,500,000 in each of January–June
    expect(f.series.find((s) => s.month === 1)?.completed).toBe("1253500000.00");
  });

  it("computes 落地率, 开工率, 开工项目投资率, 达效率 and the gap on the small fixture", async () => {
    const f = await figures(admin, `orgUnitId=${small.id}&year=2026&month=10`);
    // P1 P2 P3 P5 P6 P7; P4, signed 11-05, after the as-of date, is not counted.
    expect(f.projectCount).toBe(6);
    expect(f.totalInvestment).toBe("600000000.00");
    // Signed in 2026 up to 10-31: P1, P2, P3; landed by 10-31: P1, P2 → 2/3
    expect(f.landing).toEqual({ signed: 3, landed: 2, rate: expect.closeTo(2 / 3, 10) });
    expect(percent(f.landing.rate)).toBe("66.7%");
    // Landed in 2026 up to 10-31: P1, P2, P7; started by 10-31: P1 (P7 starts 11-10) → 1/3
    expect(f.starting).toEqual({ landed: 3, started: 1, rate: expect.closeTo(1 / 3, 10) });
    // Started by 10-31: P1, P5, P6: completed 700 + 2000 + 200 = 2900万 of planned 1000 + 2000 + 800 = 3800万
    expect(f.startedInvestment).toMatchObject({ projects: 3, planned: wan(3800), completed: wan(2900) });
    expect(percent(f.startedInvestment.rate)).toBe("76.3%");
    // In production by 10-31: P5, P6; reached output: P5 → 1/2
    expect(f.output).toEqual({ inProduction: 2, reached: 1, rate: 0.5 });
    // 3000万 of 1000 + 500 + 2000 + 800 + 600 = 4900万 = 61.22%; time progress 10/12 = 83.33%; gap −22.109 → −22.1
    expect(f.plannedInvestment).toBe(wan(4900));
    expect(f.completedInvestment).toBe(wan(3000));
    expect(percent(f.completionRate)).toBe("61.2%");
    expect(f.gapPoints).toBe(-22.1);
    expect(f.gapText).toBe("落后时序进度22.1个百分点");
    // Stages as of 10-31 from the actual dates: P3 签约; P2 and P7 落地 (P7 is at 开工 only since 11-10);
    // P1 开工; P6 投产; P5 达效.
    expect(f.stageCounts).toEqual({ signed: 1, landed: 2, started: 1, in_production: 1, reached_output: 1 });
  });

  it("takes the year's projects only: 2025 counts what was signed or planned then, not the 2026 signings", async () => {
    // As of 2025-12-31: P5 (signed 2025-05-01) and P7 (signed 2025-12-01); P6 was signed in 2024 and has no
    // 2025 plan; P1–P4 were signed in 2026.
    const f = await figures(admin, `orgUnitId=${small.id}&year=2025&month=12`);
    expect(f.projectCount).toBe(2);
    // Landed by 2025-12-31: P5 (2025-08-01), not P7 (2026-02-15).
    expect(f.landing).toEqual({ signed: 2, landed: 1, rate: 0.5 });
    // As of 2025-12-31 P5 was at 开工 (投产 2026-06-01) and P7 at 签约.
    expect(f.stageCounts).toEqual({ signed: 1, landed: 0, started: 1, in_production: 0, reached_output: 0 });
    // November 2026 takes P4 in, signed 11-05.
    expect((await figures(admin, `orgUnitId=${small.id}&year=2026&month=11`)).projectCount).toBe(7);
    // The list's year filter is the same rule (signed or planned that year); it has no as-of date, and no signing
    // date lies after today, so P4 is listed for 2026.
    const listed = async (year: number) => {
      const response = await t.app.inject({
        method: "GET",
        url: `/api/projects?orgUnitId=${small.id}&year=${year}&sort=name&pageSize=50`,
        headers: { cookie: admin },
      });
      return response.json().data.map((p: { name: string }) => p.name);
    };
    expect(await listed(2025)).toEqual(["P5", "P7"]);
    expect(await listed(2026)).toEqual(["P1", "P2", "P3", "P4", "P5", "P6", "P7"]);
  });

  it("filters the figures and the warnings by level, batch and type", async () => {
    const cases: [string, number, string, string[]][] = [
      ["level=city", 1, wan(1000), ["P1"]],
      ["batch=production", 1, wan(500), ["P2"]],
      ["projectType=continuing", 2, wan(2800), ["P6"]],
      ["level=county", 4, wan(3400), ["P3", "P6", "P7"]],
    ];
    for (const [filter, count, planned, warned] of cases) {
      const query = `orgUnitId=${small.id}&year=2026&month=10&${filter}`;
      const f = await figures(admin, query);
      expect({ filter, count: f.projectCount, planned: f.plannedInvestment }).toEqual({ filter, count, planned });
      const response = await t.app.inject({
        method: "GET",
        url: `/api/projects/warnings?${query}`,
        headers: { cookie: admin },
      });
      expect(response.statusCode, response.body).toBe(200);
      const names = (response.json() as ProjectWarningPage).data.map((r) => r.projectName).sort();
      expect({ filter, names }).toEqual({ filter, names: warned });
    }
  });

  it("colours the rows the project list asks about, including those without warnings", async () => {
    const f = await figures(admin, `orgUnitId=${small.id}&year=2026&month=10`);
    expect(f.projectCount).toBe(6);
    const list = await t.app.inject({
      method: "GET",
      url: `/api/projects/warnings?year=2026&month=10&pageSize=200&orgUnitId=${small.id}&color=any`,
      headers: { cookie: admin },
    });
    const byName = new Map<string, string>(
      list.json().data.map((r: { projectName: string; projectId: string }) => [r.projectName, r.projectId]),
    );
    const ids = [byName.get("P3"), byName.get("P1")].join(",");
    const response = await t.app.inject({
      method: "GET",
      url: `/api/projects/warnings?year=2026&month=10&projectIds=${ids}`,
      headers: { cookie: admin },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(
      response.json().data.map((r: { projectName: string; color: string | null }) => [r.projectName, r.color]),
    ).toEqual([
      ["P3", "red"],
      ["P1", "yellow"],
    ]);
    const noWarnings = await t.app.inject({
      method: "GET",
      url: `/api/projects/warnings?year=2026&month=10&projectIds=${p5Id}`,
      headers: { cookie: admin },
    });
    expect(noWarnings.json().data).toEqual([expect.objectContaining({ projectName: "P5", color: null, warnings: [] })]);
    // P4 was signed after 10-31: no row as of October (not in the figures), one as of November.
    const p4 = (month: number) =>
      t.app.inject({
        method: "GET",
        url: `/api/projects/warnings?year=2026&month=${month}&projectIds=${p4Id}`,
        headers: { cookie: admin },
      });
    expect((await p4(10)).json().data).toEqual([]);
    expect((await p4(11)).json().data).toEqual([expect.objectContaining({ projectName: "P4" })]);
  });

  it("answers null rates (shown as —), never NaN, when every denominator is zero", async () => {
    for (const zone of [empty, unplanned]) {
      const f = await figures(admin, `orgUnitId=${zone.id}&year=2026&month=10`);
      expect(f.completionRate).toBeNull();
      expect(f.gapPoints).toBeNull();
      expect(f.gapText).toBeNull();
      expect(f.starting.rate).toBeNull();
      expect(f.startedInvestment.rate).toBeNull();
      expect(f.output.rate).toBeNull();
      expect(percent(f.completionRate)).toBe("—");
      expect(f.plannedInvestment).toBe("0.00");
      expect(f.series.every((s) => s.planned === null)).toBe(true);
    }
    expect((await figures(admin, `orgUnitId=${empty.id}&year=2026&month=10`)).landing.rate).toBeNull();
    // The unplanned zone's project was signed in 2026 and has not landed: 0 of 1, a real 0%.
    const f = await figures(admin, `orgUnitId=${unplanned.id}&year=2026&month=10`);
    expect(f.projectCount).toBe(1);
    expect(f.landing).toEqual({ signed: 1, landed: 0, rate: 0 });
    expect(f.warnings.red + f.warnings.yellow).toBe(0);
  });

  it("gives a cadre the figures of the assigned projects only", async () => {
    const f = await figures(cadre, "year=2026&month=10");
    expect(f.projectCount).toBe(1);
    expect(f.plannedInvestment).toBe(wan(1000));
    expect(f.completedInvestment).toBe(wan(700));
    expect(percent(f.completionRate)).toBe("70.0%");
    const warnings = await t.app.inject({
      method: "GET",
      url: "/api/projects/warnings?year=2026&month=10",
      headers: { cookie: cadre },
    });
    expect(warnings.json().data.map((r: { projectName: string }) => r.projectName)).toEqual(["P1"]);
  });

  it("defaults to the last complete month in Beijing time", async () => {
    const f = await figures(admin, `orgUnitId=${small.id}`);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    expect({ year: f.year, month: f.month }).toEqual(m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 });
    expect(f.warningsAsOf).toBe(today);
  });

  it("refuses a real unit of another zone as not found on the figures, the warnings and the lead figures", async () => {
    for (const url of [
      `/api/projects/figures?orgUnitId=${foreignZone.id}`,
      `/api/projects/warnings?orgUnitId=${foreignZone.id}`,
      `/api/leads/figures?from=2026-01-01&to=2026-10-31&orgUnitId=${foreignZone.id}`,
    ]) {
      const response = await t.app.inject({ method: "GET", url, headers: { cookie: admin } });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ code: "NOT_FOUND", message: "单位不存在或无权访问" });
    }
  });
});

describe("periods and the investment gap, worked by hand", () => {
  const november = new Date("2026-11-22T02:00:00Z"); // 10:00 on 2026-11-22 in Beijing

  it("refuses a month after the current Beijing month, naming the field", () => {
    expect(() => resolvePeriod({ month: 12 }, november)).toThrow(/2026年12月尚未到来/);
    try {
      resolvePeriod({ year: 2026, month: 12 }, november);
    } catch (error) {
      expect(error).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "month" }] } });
    }
    expect(() => resolvePeriod({ year: 2027 }, november)).toThrow(/2027年尚未到来/);
    // The current month (partial) and past months are fine.
    expect(resolvePeriod({ month: 11 }, november)).toMatchObject({ year: 2026, month: 11, asOf: "2026-11-30" });
    expect(resolvePeriod({ year: 2025 }, november)).toMatchObject({ year: 2025, month: 12 });
  });

  it("checks the report of the last month ended by the warnings' date, and none before the year", () => {
    const december3 = new Date("2026-12-03T02:00:00Z"); // 10:00 on 2026-12-03 in Beijing
    // The current, unfinished month: warnings as of today, the report due is November's.
    expect(resolvePeriod({ year: 2026, month: 12 }, december3)).toMatchObject({
      asOf: "2026-12-31",
      warningsAsOf: "2026-12-03",
      reportMonth: { year: 2026, month: 11 },
    });
    // A month that has ended: its own report.
    expect(resolvePeriod({ year: 2026, month: 10 }, december3)).toMatchObject({
      warningsAsOf: "2026-10-31",
      reportMonth: { year: 2026, month: 10 },
    });
    expect(resolvePeriod({}, december3)).toMatchObject({ month: 11, reportMonth: { year: 2026, month: 11 } });
    // In January nothing of the new year is due yet; the default period (December) still checks December.
    const january4 = new Date("2027-01-04T01:00:00Z");
    expect(resolvePeriod({ year: 2027, month: 1 }, january4).reportMonth).toBeNull();
    expect(resolvePeriod({}, january4)).toMatchObject({
      year: 2026,
      month: 12,
      reportMonth: { year: 2026, month: 12 },
    });
    expect(reportMonthOf(2026, "2026-02-28")).toEqual({ year: 2026, month: 2 });
    expect(reportMonthOf(2026, "2026-02-27")).toEqual({ year: 2026, month: 1 });
  });

  it("refuses a future month over HTTP with a Chinese message", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/projects/figures?year=2099&month=1",
      headers: { cookie: admin },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("尚未到来");
  });

  it("calls a gap that rounds to 0.0 持平 and gives no warning", () => {
    // Planned 1,200万, June (time progress 50%): completed 599.52万 is 49.96%, a gap of −0.04 points.
    const row = {
      id: "p",
      name: "P",
      stage: "started",
      planned: "12000000.00",
      completed: "5995200.00",
      isMonthReported: true,
    } as unknown as FigureProjectRow;
    const period = {
      year: 2026,
      month: 6,
      asOf: "2026-06-30",
      warningsAsOf: "2026-06-30",
      reportMonth: { year: 2026, month: 6 },
    };
    const gap = gapPointsOf(5_995_200_00n, 12_000_000_00n, 6);
    expect(gapTextOf(gap)).toBe("与时序进度持平");
    expect(warningsOf(row, new Map(), period)).toEqual([]);
    // 599.4万 is 49.95%: −0.05 rounds to −0.1, yellow, and the text says so.
    const behind = { ...row, completed: "5994000.00" } as FigureProjectRow;
    expect(gapTextOf(gapPointsOf(5_994_000_00n, 12_000_000_00n, 6))).toBe("落后时序进度0.1个百分点");
    expect(warningsOf(behind, new Map(), period)).toEqual([
      expect.objectContaining({ code: "investment_behind", color: "yellow", detail: "完成率落后时序进度0.1个百分点" }),
    ]);
  });
});
