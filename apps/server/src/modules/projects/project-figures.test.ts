import type { ProjectFigures, ProjectWarningPage } from "@zonedesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { assignProject, createOrgUnit, createProject, createUser } from "../../../test/factories.js";
import { gapPointsOf, gapTextOf, resolvePeriod, warningsOf } from "./project-figures.js";
import type { FigureProjectRow } from "./project-investment.queries.js";
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
let p5Id = "";
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

  // ── The small fixture (经开区), as of the end of October 2026 (asOf 2026-10-31):
  const p1 = await createProject(db, {
    orgUnit: small,
    name: "P1",
    dates: { signed: { actual: "2026-02-01" }, landed: { actual: "2026-03-01" }, started: { actual: "2026-05-01" } },
  });
  const p2 = await createProject(db, {
    orgUnit: small,
    name: "P2",
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
  await createProject(db, { orgUnit: small, name: "P4", dates: { signed: { actual: "2026-11-05" } } });
  const p5 = await createProject(db, {
    orgUnit: small,
    name: "P5",
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
    dates: {
      signed: { actual: "2024-03-01" },
      landed: { actual: "2024-05-01" },
      started: { actual: "2024-09-01" },
      in_production: { actual: "2025-12-01" },
    },
  });
  await createProject(db, {
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

  // A zone whose only project has no plan, no report and no actual dates.
  await createProject(db, { orgUnit: unplanned, name: "无计划项目" });
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
    expect(f.projectCount).toBe(7);
    expect(f.totalInvestment).toBe("700000000.00");
    // Signed in 2026 up to 10-31: P1, P2, P3 (P4 signs 11-05); landed by 10-31: P1, P2 → 2/3
    expect(f.landing).toEqual({ signed: 3, landed: 2, rate: expect.closeTo(2 / 3, 10) });
    expect(percent(f.landing.rate)).toBe("66.7%");
    // Landed in 2026 up to 10-31: P1, P2, P7; started by 10-31: P1 (P7 starts 11-10) → 1/3
    expect(f.starting).toEqual({ landed: 3, started: 1, rate: expect.closeTo(1 / 3, 10) });
    // Started by 10-31: P1, P5, P6: completed 700 + 2000 + 200 = 2900万 of planned 1000 + 2000 + 800 = 3800万
    expect(f.startedInvestment).toMatchObject({ projects: 3, planned: wan(3800), completed: wan(2900) });
    expect(percent(f.startedInvestment.rate)).toBe("76.3%");
    // In production by 10-31: P5, P6; reached output: P5 → 1/2
    expect(f.output).toEqual({ inProduction: 2, reached: 1, rate: 0.5 });
    // 3000万 of 4300万 = 69.77%; time progress 10/12 = 83.33%; gap −13.566 → −13.6
    expect(f.plannedInvestment).toBe(wan(4300));
    expect(f.completedInvestment).toBe(wan(3000));
    expect(percent(f.completionRate)).toBe("69.8%");
    expect(f.gapPoints).toBe(-13.6);
    expect(f.gapText).toBe("落后时序进度13.6个百分点");
    expect(f.stageCounts).toEqual({ signed: 2, landed: 1, started: 2, in_production: 1, reached_output: 1 });
  });

  it("colours the projects red and yellow with the rule that coloured them", async () => {
    const f = await figures(admin, `orgUnitId=${small.id}&year=2026&month=10`);
    expect(f.warningsAsOf).toBe("2026-10-31");
    // red: P2 (investment far behind, no October report), P3 (落地 overdue), P6 (25% vs 83.3%), P7 (开工 overdue);
    // yellow: P1 (70% vs 83.3%).
    expect(f.warnings.red).toBe(4);
    expect(f.warnings.yellow).toBe(1);
    const byRule = Object.fromEntries(f.warnings.byRule.map((r) => [r.code, r.count]));
    expect(byRule).toEqual({
      stage_overdue: 2,
      stage_due_soon: 1,
      investment_far_behind: 2,
      investment_behind: 1,
      report_missing: 1,
    });
    const response = await t.app.inject({
      method: "GET",
      url: `/api/projects/warnings?orgUnitId=${small.id}&year=2026&month=10`,
      headers: { cookie: admin },
    });
    expect(response.statusCode).toBe(200);
    const page: ProjectWarningPage = response.json();
    expect(page.total).toBe(5);
    expect(page.data.map((r) => r.color)).toEqual(["red", "red", "red", "red", "yellow"]);
    const p3 = page.data.find((r) => r.projectName === "P3");
    expect(p3?.warnings).toEqual([
      {
        code: "stage_overdue",
        color: "red",
        text: expect.stringContaining("计划日期已过"),
        detail: "落地计划日期2026-09-30已过仍未落地",
      },
    ]);
    const p2 = page.data.find((r) => r.projectName === "P2");
    expect(p2?.warnings.map((w) => w.code).sort()).toEqual([
      "investment_far_behind",
      "report_missing",
      "stage_due_soon",
    ]);
    expect(p2?.warnings.find((w) => w.code === "report_missing")?.detail).toBe("2026年10月未报送完成投资");
    const p1 = page.data.find((r) => r.projectName === "P1");
    expect(p1?.warnings).toEqual([
      expect.objectContaining({ code: "investment_behind", color: "yellow", detail: "完成率落后时序进度13.3个百分点" }),
    ]);
    const yellowOnly = await t.app.inject({
      method: "GET",
      url: `/api/projects/warnings?orgUnitId=${small.id}&year=2026&month=10&color=yellow`,
      headers: { cookie: admin },
    });
    expect(yellowOnly.json().data.map((r: { projectName: string }) => r.projectName)).toEqual(["P1"]);
  });

  it("colours the rows the project list asks about, including those without warnings", async () => {
    const f = await figures(admin, `orgUnitId=${small.id}&year=2026&month=10`);
    expect(f.projectCount).toBe(7);
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
  });

  it("answers null rates (shown as —), never NaN, when every denominator is zero", async () => {
    for (const zone of [empty, unplanned]) {
      const f = await figures(admin, `orgUnitId=${zone.id}&year=2026&month=10`);
      expect(f.completionRate).toBeNull();
      expect(f.gapPoints).toBeNull();
      expect(f.gapText).toBeNull();
      expect(f.landing.rate).toBeNull();
      expect(f.starting.rate).toBeNull();
      expect(f.startedInvestment.rate).toBeNull();
      expect(f.output.rate).toBeNull();
      expect(percent(f.completionRate)).toBe("—");
      expect(f.plannedInvestment).toBe("0.00");
      expect(f.series.every((s) => s.planned === null)).toBe(true);
    }
    const f = await figures(admin, `orgUnitId=${unplanned.id}&year=2026&month=10`);
    expect(f.projectCount).toBe(1);
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

  it("refuses an org unit outside the actor's scope as not found", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: `/api/projects/figures?orgUnitId=${crypto.randomUUID()}`,
      headers: { cookie: admin },
    });
    expect(response.statusCode).toBe(404);
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
    const period = { year: 2026, month: 6, asOf: "2026-06-30", warningsAsOf: "2026-06-30" };
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
