import {
  fenToYuan,
  type ProjectFigures,
  type ProjectFiguresQuery,
  type ProjectStage,
  type ProjectWarning,
  type ProjectWarningColor,
  type ProjectWarningPage,
  type ProjectWarningRow,
  type ProjectWarningsQuery,
  projectStageLabels,
  projectStages,
  projectWarningRules,
  yuanToFen,
} from "@zonedesk/contracts";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgSubtree, requirePermission, visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { fieldError } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import {
  type FigureProjectRow,
  findFigureProjects,
  findStageDatesOf,
  sumReportsByMonth,
} from "./project-investment.queries.js";
import { projects } from "./projects.table.js";

/*
 * The key-project figures of domain.md §3, computed from the records: money summed in SQL numeric and
 * in BigInt fen, rates divided once from exact values; a zero denominator gives null, never NaN.
 */

// ── Periods ──────────────────────────────────────────────────────────────────

export interface YearMonth {
  year: number;
  month: number;
}

export function currentBeijingMonth(now = new Date()): YearMonth {
  const today = todayInBeijing(now);
  return { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
}

/** The last month that has ended, in Beijing time: the month a 每月通报 reports on. */
export function lastCompleteMonth(now = new Date()): YearMonth {
  const c = currentBeijingMonth(now);
  return c.month === 1 ? { year: c.year - 1, month: 12 } : { year: c.year, month: c.month - 1 };
}

export function isAfterMonth(a: YearMonth, b: YearMonth): boolean {
  return a.year > b.year || (a.year === b.year && a.month > b.month);
}

/** The last day of the month as YYYY-MM-DD. */
export function endOfMonth({ year, month }: YearMonth): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(last).padStart(2, "0")}`;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface FiguresPeriod extends YearMonth {
  asOf: string;
  /** The date the stage rules compare planned dates with: today for the default period. */
  warningsAsOf: string;
}

/**
 * The period of the figures. Default: the last complete month in Beijing time (the month of the monthly
 * bulletin), with stage warnings as of today. A given year alone means its December, or for the current
 * year the last complete month; a given month alone is a month of the current year. A period after the
 * current Beijing month is refused (400 naming `month`, or `year` when only the year is given): its time
 * progress would compare against data that cannot exist yet.
 */
export function resolvePeriod(query: { year?: number; month?: number }, now = new Date()): FiguresPeriod {
  const today = todayInBeijing(now);
  const current = currentBeijingMonth(now);
  const last = lastCompleteMonth(now);
  let period: YearMonth;
  if (query.year === undefined && query.month === undefined) period = last;
  else if (query.month !== undefined) period = { year: query.year ?? current.year, month: query.month };
  else if (query.year === current.year)
    period = { year: current.year, month: last.year === current.year ? last.month : 1 };
  else period = { year: query.year ?? current.year, month: 12 };
  if (isAfterMonth(period, current)) {
    const field = query.month !== undefined ? "month" : "year";
    throw fieldError(
      field,
      `${period.year}年${query.month !== undefined ? `${period.month}月` : ""}尚未到来，不能统计；请选择${current.year}年${current.month}月或之前的月份`,
    );
  }
  const asOf = endOfMonth(period);
  const isDefault = query.year === undefined && query.month === undefined;
  return { ...period, asOf, warningsAsOf: isDefault || asOf > today ? today : asOf };
}

// ── Exact arithmetic ─────────────────────────────────────────────────────────

const rateScale = 10n ** 12n;

/** numerator ÷ denominator as a decimal, from exact integers; null when the denominator is 0. */
export function rateOf(numerator: bigint, denominator: bigint): number | null {
  if (denominator === 0n) return null;
  return Number((numerator * rateScale) / denominator) / Number(rateScale);
}

function roundDiv(n: bigint, d: bigint): bigint {
  // Half away from zero, d > 0.
  return n >= 0n ? (2n * n + d) / (2n * d) : -((-2n * n + d) / (2n * d));
}

/**
 * completion − time progress in percentage points, rounded to 0.1 from the exact values:
 * (completed ÷ planned − month ÷ 12) × 100 = (12·completed − month·planned) × 100 ÷ (12·planned).
 */
export function gapPointsOf(completed: bigint, planned: bigint, month: number): number | null {
  if (planned === 0n) return null;
  const tenths = roundDiv((12n * completed - BigInt(month) * planned) * 1000n, 12n * planned);
  return Number(tenths) / 10;
}

export function gapTextOf(points: number | null): string | null {
  if (points === null) return null;
  if (points > 0) return `超时序进度${points.toFixed(1)}个百分点`;
  if (points < 0) return `落后时序进度${(-points).toFixed(1)}个百分点`;
  return "与时序进度持平";
}

// ── Warnings ─────────────────────────────────────────────────────────────────

const ruleOf = (code: ProjectWarning["code"]) => {
  const rule = projectWarningRules.find((r) => r.code === code);
  if (!rule) throw new Error(`unknown warning rule ${code}`);
  return rule;
};

function warning(code: ProjectWarning["code"], detail: string): ProjectWarning {
  const rule = ruleOf(code);
  return { code, color: rule.color, text: rule.text, detail };
}

type StageDates = Map<ProjectStage, { plannedOn: string | null; actualOn: string | null }>;

/**
 * The warnings of one project: a stage's planned date passed without its actual date (red) or due
 * within 7 days (yellow), compared with `warningsAsOf`; investment completion below time progress by
 * more than 20 points (red) or below it (yellow); no report for the as-of month while the year has a plan (red).
 */
export function warningsOf(row: FigureProjectRow, dates: StageDates, period: FiguresPeriod): ProjectWarning[] {
  const result: ProjectWarning[] = [];
  const currentIndex = projectStages.indexOf(row.stage);
  const soon = addDays(period.warningsAsOf, 7);
  projectStages.forEach((stage, index) => {
    const d = dates.get(stage);
    if (!d?.plannedOn) return;
    const reached = d.actualOn !== null ? d.actualOn <= period.warningsAsOf : index <= currentIndex;
    if (reached) return;
    const label = projectStageLabels[stage];
    if (d.plannedOn < period.warningsAsOf)
      result.push(warning("stage_overdue", `${label}计划日期${d.plannedOn}已过仍未${label}`));
    else if (d.plannedOn <= soon) result.push(warning("stage_due_soon", `${label}计划日期${d.plannedOn}将在7天内到期`));
  });
  if (row.planned !== null && yuanToFen(row.planned) > 0n) {
    const planned = yuanToFen(row.planned);
    const completed = yuanToFen(row.completed);
    // Decided on the gap as shown (rounded to 0.1 point), so the colour always agrees with the text:
    // a gap that rounds to 0.0 is 持平 (no warning); behind by more than 20.0 points is red.
    const gap = gapPointsOf(completed, planned, period.month) ?? 0;
    if (gap < -20) result.push(warning("investment_far_behind", `完成率落后时序进度${(-gap).toFixed(1)}个百分点`));
    else if (gap < 0) result.push(warning("investment_behind", `完成率落后时序进度${(-gap).toFixed(1)}个百分点`));
    if (!row.isMonthReported) result.push(warning("report_missing", `${period.year}年${period.month}月未报送完成投资`));
  }
  return result;
}

export function colorOf(warnings: ProjectWarning[]): ProjectWarningColor | null {
  if (warnings.some((w) => w.color === "red")) return "red";
  return warnings.length > 0 ? "yellow" : null;
}

// ── Queries over the filtered set ────────────────────────────────────────────

/** The projects of the figures: visible to the actor, active, in the filter. */
async function figuresWhere(db: Db, actor: Actor, query: ProjectFiguresQuery, ids?: string[]): Promise<SQL> {
  if (query.orgUnitId) await assertOrgUnitInScope(db, actor, query.orgUnitId);
  return and(
    visibleProjects(actor),
    eq(projects.status, "active"),
    query.orgUnitId ? inOrgSubtree(projects.orgUnitId, query.orgUnitId) : undefined,
    query.level ? eq(projects.level, query.level) : undefined,
    query.batch ? eq(projects.batch, query.batch) : undefined,
    query.projectType ? eq(projects.projectType, query.projectType) : undefined,
    ids ? inArray(projects.id, ids) : undefined,
  ) as SQL;
}

async function loadEvaluated(db: Db, where: SQL, period: FiguresPeriod) {
  const [rows, dateRows] = await Promise.all([
    findFigureProjects(db, { where, year: period.year, month: period.month }),
    findStageDatesOf(db, where),
  ]);
  const datesOf = new Map<string, StageDates>();
  for (const d of dateRows) {
    const map = datesOf.get(d.projectId) ?? new Map();
    map.set(d.stage, { plannedOn: d.plannedOn, actualOn: d.actualOn });
    datesOf.set(d.projectId, map);
  }
  return rows.map((row) => {
    const dates = datesOf.get(row.id) ?? new Map();
    return { row, dates, warnings: warningsOf(row, dates, period) };
  });
}

const sumFen = (values: (string | null)[]) => values.reduce((s, v) => s + (v === null ? 0n : yuanToFen(v)), 0n);

/** The figures of the key projects the actor sees in the filter, as of the end of the period's month. */
export async function getProjectFigures(db: Db, actor: Actor, query: ProjectFiguresQuery): Promise<ProjectFigures> {
  requirePermission(actor, "project.read");
  const period = resolvePeriod(query);
  const where = await figuresWhere(db, actor, query);
  const [evaluated, monthSums] = await Promise.all([
    loadEvaluated(db, where, period),
    sumReportsByMonth(db, { where, year: period.year }),
  ]);
  const rows = evaluated.map((e) => e.row);
  const planned = sumFen(rows.map((r) => r.planned));
  const completed = sumFen(rows.map((r) => r.completed));
  const yearStart = `${period.year}-01-01`;
  const actual = (e: (typeof evaluated)[number], stage: ProjectStage) => e.dates.get(stage)?.actualOn ?? null;
  const reachedBy = (e: (typeof evaluated)[number], stage: ProjectStage) => {
    const on = actual(e, stage);
    return on !== null && on <= period.asOf;
  };
  const inPeriod = (e: (typeof evaluated)[number], stage: ProjectStage) => {
    const on = actual(e, stage);
    return on !== null && on >= yearStart && on <= period.asOf;
  };
  const signedInPeriod = evaluated.filter((e) => inPeriod(e, "signed"));
  const landedOfSigned = signedInPeriod.filter((e) => reachedBy(e, "landed"));
  const landedInPeriod = evaluated.filter((e) => inPeriod(e, "landed"));
  const startedOfLanded = landedInPeriod.filter((e) => reachedBy(e, "started"));
  const started = evaluated.filter((e) => reachedBy(e, "started"));
  const startedPlanned = sumFen(started.map((e) => e.row.planned));
  const startedCompleted = sumFen(started.map((e) => e.row.completed));
  const inProduction = evaluated.filter((e) => reachedBy(e, "in_production"));
  const reached = inProduction.filter((e) => reachedBy(e, "reached_output"));

  const stageCounts = Object.fromEntries(projectStages.map((s) => [s, 0])) as Record<ProjectStage, number>;
  for (const r of rows) stageCounts[r.stage]++;

  const completedByMonth = new Map(monthSums.map((m) => [m.month, yuanToFen(m.completed)]));
  const withMonthly = rows.filter((r) => Array.isArray(r.monthlyPlan) && r.monthlyPlan.length === 12);
  let plannedToDate = 0n;
  let completedToDate = 0n;
  const series = Array.from({ length: 12 }, (_, i) => {
    const month = i + 1;
    const monthPlanned = withMonthly.length > 0 ? sumFen(withMonthly.map((r) => r.monthlyPlan?.[i] ?? null)) : null;
    if (monthPlanned !== null) plannedToDate += monthPlanned;
    const isShown = month <= period.month;
    const monthCompleted = completedByMonth.get(month) ?? 0n;
    if (isShown) completedToDate += monthCompleted;
    return {
      month,
      planned: monthPlanned === null ? null : fenToYuan(monthPlanned),
      completed: isShown ? fenToYuan(monthCompleted) : null,
      plannedToDate: monthPlanned === null ? null : fenToYuan(plannedToDate),
      completedToDate: isShown ? fenToYuan(completedToDate) : null,
    };
  });

  const colors = evaluated.map((e) => colorOf(e.warnings));
  const gapPoints = gapPointsOf(completed, planned, period.month);
  return {
    year: period.year,
    month: period.month,
    asOf: period.asOf,
    warningsAsOf: period.warningsAsOf,
    projectCount: rows.length,
    totalInvestment: fenToYuan(sumFen(rows.map((r) => r.totalInvestment))),
    plannedInvestment: fenToYuan(planned),
    completedInvestment: fenToYuan(completed),
    completionRate: rateOf(completed, planned),
    timeProgress: period.month / 12,
    gapPoints,
    gapText: gapTextOf(gapPoints),
    landing: {
      signed: signedInPeriod.length,
      landed: landedOfSigned.length,
      rate: rateOf(BigInt(landedOfSigned.length), BigInt(signedInPeriod.length)),
    },
    starting: {
      landed: landedInPeriod.length,
      started: startedOfLanded.length,
      rate: rateOf(BigInt(startedOfLanded.length), BigInt(landedInPeriod.length)),
    },
    startedInvestment: {
      projects: started.length,
      planned: fenToYuan(startedPlanned),
      completed: fenToYuan(startedCompleted),
      rate: rateOf(startedCompleted, startedPlanned),
    },
    output: {
      inProduction: inProduction.length,
      reached: reached.length,
      rate: rateOf(BigInt(reached.length), BigInt(inProduction.length)),
    },
    stageCounts,
    series,
    warnings: {
      red: colors.filter((c) => c === "red").length,
      yellow: colors.filter((c) => c === "yellow").length,
      byRule: projectWarningRules.map((rule) => ({
        code: rule.code,
        color: rule.color,
        text: rule.text,
        count: evaluated.filter((e) => e.warnings.some((w) => w.code === rule.code)).length,
      })),
    },
  };
}

/**
 * The projects with warnings (red first), or, with `projectIds`, those projects whatever their colour,
 * so the project list can colour its rows.
 */
export async function listProjectWarnings(
  db: Db,
  actor: Actor,
  query: ProjectWarningsQuery,
): Promise<ProjectWarningPage> {
  requirePermission(actor, "project.read");
  const period = resolvePeriod(query);
  const where = await figuresWhere(db, actor, query, query.projectIds);
  const evaluated = await loadEvaluated(db, where, period);
  const all: ProjectWarningRow[] = evaluated.map(({ row, warnings }) => ({
    projectId: row.id,
    projectName: row.name,
    orgUnitName: row.orgUnitName,
    stage: row.stage,
    color: colorOf(warnings),
    completionRate: row.planned === null ? null : rateOf(yuanToFen(row.completed), yuanToFen(row.planned)),
    warnings,
  }));
  const rank = (c: ProjectWarningColor | null) => (c === "red" ? 0 : c === "yellow" ? 1 : 2);
  const selected = all
    .filter((r) => {
      if (query.projectIds) return true;
      if (query.color === "any") return r.color !== null;
      return r.color === query.color;
    })
    .sort((a, b) => rank(a.color) - rank(b.color));
  const start = (query.page - 1) * query.pageSize;
  return {
    data: selected.slice(start, start + query.pageSize),
    total: selected.length,
    page: query.page,
    pageSize: query.pageSize,
    year: period.year,
    month: period.month,
    warningsAsOf: period.warningsAsOf,
  };
}
