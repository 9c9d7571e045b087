import type { ProjectFigures, ProjectWarningPage } from "@zonedesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createOrgUnit, createProject, createUser } from "../../../test/factories.js";
import { todayInBeijing } from "../../lib/format.js";
import { endOfMonth } from "./project-periods.js";
import { projectAnnualPlans, projectInvestmentReports } from "./projects.table.js";

/*
 * The figures as of a date: stages from the actual dates on or before it (never the current stage), and the
 * report warning about the last month that has ended, so the current unfinished month does not turn every
 * planned project red, and not for a project signed after that month. The current-month case is worked from
 * the clock, so it holds on any date (the last day of a month counts that month as ended). The plan is the
 * current one: an adjusted plan (调整计划) holds for the whole year, the months already reported included.
 */

let t: TestApp;
let admin: string;
let mixed: Awaited<ReturnType<typeof createOrgUnit>>;
let current: Awaited<ReturnType<typeof createOrgUnit>>;
let adjusted: Awaited<ReturnType<typeof createOrgUnit>>;
const today = todayInBeijing();
const year = Number.parseInt(today.slice(0, 4), 10);
const month = Number.parseInt(today.slice(5, 7), 10);
const isLastDayOfMonth = today === endOfMonth({ year, month });

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  mixed = await createOrgUnit(db, { parent: city, name: "阶段园区" });
  current = await createOrgUnit(db, { parent: city, name: "当月园区" });
  adjusted = await createOrgUnit(db, { parent: city, name: "调整园区" });
  await createUser(db, { role: "admin", orgUnit: city, username: "fa_admin" });
  admin = await t.signIn("fa_admin");

  // Q is at 开工 now, started 2026-11-10 (planned 09-01). R says 落地 but has no 落地 date (planned 05-01): a
  // record the current stage would call landed, the dates not.
  const q = await createProject(db, {
    orgUnit: mixed,
    name: "Q",
    dates: { signed: { actual: "2026-02-01" }, started: { planned: "2026-09-01", actual: "2026-11-10" } },
  });
  const r = await createProject(db, {
    orgUnit: mixed,
    name: "R",
    stage: "landed",
    dates: { signed: { actual: "2026-03-01" }, landed: { planned: "2026-05-01" } },
  });
  for (const p of [q, r])
    await db.insert(projectAnnualPlans).values({ projectId: p.id, year: 2026, plannedInvestment: "0.00" });

  // This year's plans: M reported every month before this one, N all but the last.
  const m = await createProject(db, { orgUnit: current, name: "M", dates: { signed: { actual: `${year}-01-01` } } });
  const n = await createProject(db, { orgUnit: current, name: "N", dates: { signed: { actual: `${year}-01-01` } } });
  // S was signed today, after the last month that ended: it had no report to make for it.
  const signedToday = await createProject(db, { orgUnit: current, name: "S", dates: { signed: { actual: today } } });
  await db.insert(projectAnnualPlans).values({ projectId: signedToday.id, year, plannedInvestment: "12000000.00" });
  for (const p of [m, n]) {
    await db.insert(projectAnnualPlans).values({ projectId: p.id, year, plannedInvestment: "12000000.00" });
    const months = Array.from({ length: month - 1 }, (_, i) => i + 1).filter((k) => p === m || k < month - 1);
    if (months.length > 0)
      await db
        .insert(projectInvestmentReports)
        .values(months.map((k) => ({ projectId: p.id, year, month: k, completedInMonth: "1000000.00" })));
  }
});
afterAll(() => t.close());

async function get<T>(url: string): Promise<T> {
  const response = await t.app.inject({ method: "GET", url, headers: { cookie: admin } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe("figures as of a date", () => {
  it("counts stages and overdue stages from the actual dates on or before the date", async () => {
    const october = await get<ProjectFigures>(`/api/projects/figures?orgUnitId=${mixed.id}&year=2026&month=10`);
    // Q had not started by 10-31; R has no 落地 date at all: both were at 签约.
    expect(october.stageCounts).toEqual({ signed: 2, landed: 0, started: 0, in_production: 0, reached_output: 0 });
    const warnings = await get<ProjectWarningPage>(`/api/projects/warnings?orgUnitId=${mixed.id}&year=2026&month=10`);
    const overdue = Object.fromEntries(
      warnings.data.map((row) => [
        row.projectName,
        row.warnings.filter((w) => w.code === "stage_overdue").map((w) => w.detail),
      ]),
    );
    expect(overdue).toEqual({
      Q: ["开工计划日期2026-09-01已过仍未开工"],
      R: ["落地计划日期2026-05-01已过仍未落地"],
    });
    // By 11-30 Q had started.
    const november = await get<ProjectFigures>(`/api/projects/figures?orgUnitId=${mixed.id}&year=2026&month=11`);
    expect(november.stageCounts).toMatchObject({ signed: 1, started: 1 });
  });

  it("asks the current unfinished month for last month's report only", async () => {
    const query = `orgUnitId=${current.id}&year=${year}&month=${month}`;
    const figures = await get<ProjectFigures>(`/api/projects/figures?${query}`);
    const page = await get<ProjectWarningPage>(`/api/projects/warnings?${query}&color=any&pageSize=200`);
    const missing = page.data
      .filter((row) => row.warnings.some((w) => w.code === "report_missing"))
      .map((row) => row.projectName)
      .sort();
    if (isLastDayOfMonth) {
      // This month ends today: its report is the one due, and nobody has made it, S (signed in it) included.
      expect(figures.reportMonth).toEqual({ year, month });
      expect(missing).toEqual(["M", "N", "S"]);
    } else if (month === 1) {
      // Nothing of this year had ended yet: no report is due.
      expect(figures.reportMonth).toBeNull();
      expect(missing).toEqual([]);
    } else {
      expect(figures.reportMonth).toEqual({ year, month: month - 1 });
      // M reported every month before this one; N is missing last month's; S was signed after it.
      expect(missing).toEqual(["N"]);
      const n = page.data.find((row) => row.projectName === "N");
      expect(n?.warnings.find((w) => w.code === "report_missing")?.detail).toBe(
        `${year}年${month - 1}月未报送完成投资`,
      );
    }
    expect(figures.warnings.byRule.find((r) => r.code === "report_missing")?.count).toBe(missing.length);
  });

  it("follows the current plan: a plan adjusted later holds for the months already reported too", async () => {
    const p = await createProject(t.database.db, {
      orgUnit: adjusted,
      name: "调整计划项目",
      dates: { signed: { actual: "2026-01-05" } },
    });
    await t.database.db
      .insert(projectInvestmentReports)
      .values({ projectId: p.id, year: 2026, month: 1, completedInMonth: "3000000.00" });
    const put = (body: object) =>
      t.app.inject({
        method: "PUT",
        url: `/api/projects/${p.id}/plans/2026`,
        headers: { cookie: admin },
        payload: body,
      });
    const set = await put({ plannedInvestment: "12000000.00" });
    expect(set.statusCode, set.body).toBe(200);
    const january = `/api/projects/figures?orgUnitId=${adjusted.id}&year=2026&month=1`;
    expect(await get<ProjectFigures>(january)).toMatchObject({
      plannedInvestment: "12000000.00",
      completionRate: 0.25,
    });

    const adjustedPlan = await put({ plannedInvestment: "24000000.00", version: set.json().plan.version });
    expect(adjustedPlan.statusCode, adjustedPlan.body).toBe(200);
    expect(await get<ProjectFigures>(january)).toMatchObject({
      plannedInvestment: "24000000.00",
      completionRate: 0.125,
    });
    const revisions = await get<{ plannedInvestment: string }[]>(`/api/projects/${p.id}/plans/2026/revisions`);
    expect(revisions.map((r) => r.plannedInvestment)).toEqual(["24000000.00", "12000000.00"]);
  });
});
