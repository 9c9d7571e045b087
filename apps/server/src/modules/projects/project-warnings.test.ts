import { describe, expect, it } from "vitest";
import type { FigureProjectRow } from "./project-investment.queries.js";
import type { FiguresPeriod } from "./project-periods.js";
import { type StageDates, warningsOf } from "./project-warnings.js";

/*
 * “上月未报送投资” on a fixed calendar (the API case in project-figures-asof.test.ts depends on the day it runs):
 * the December figures looked at on 2026-12-03 ask for November's report, of the projects signed by 11-30 only.
 */

const period: FiguresPeriod = {
  year: 2026,
  month: 12,
  asOf: "2026-12-31",
  warningsAsOf: "2026-12-03",
  reportMonth: { year: 2026, month: 11 },
};
const row: FigureProjectRow = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "某项目",
  orgUnitName: "经开区",
  stage: "signed",
  totalInvestment: "100000000.00",
  planned: "12000000.00",
  monthlyPlan: null,
  // On time progress of December (11/12 would be behind): only the report rule can fire.
  completed: "12000000.00",
  isMonthReported: false,
};
const signedOn = (date: string): StageDates => new Map([["signed", { plannedOn: null, actualOn: date }]]);
const reportWarnings = (dates: StageDates, r = row) =>
  warningsOf(r, dates, period).filter((w) => w.code === "report_missing");

describe("the missing report warning", () => {
  it("asks a project signed by the end of the month for its report", () => {
    for (const date of ["2026-01-05", "2026-11-30"])
      expect(
        reportWarnings(signedOn(date)).map((w) => w.detail),
        date,
      ).toEqual(["2026年11月未报送完成投资"]);
    expect(reportWarnings(signedOn("2026-11-30"), { ...row, isMonthReported: true })).toEqual([]);
  });

  it("does not ask a project signed after the month for it", () => {
    for (const date of ["2026-12-01", "2026-12-03"]) expect(reportWarnings(signedOn(date)), date).toEqual([]);
  });
});
