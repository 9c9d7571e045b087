import {
  fenToYuan,
  type ProjectFigures,
  type ProjectFiguresQuery,
  type ProjectStage,
  type ProjectWarningColor,
  type ProjectWarningPage,
  type ProjectWarningRow,
  type ProjectWarningsQuery,
  projectStages,
  projectWarningRules,
  yuanToFen,
} from "@zonedesk/contracts";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgSubtree, requirePermission, visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { findFigureProjects, findStageDatesOf, sumReportsByMonth } from "./project-investment.queries.js";
import { type FiguresPeriod, gapPointsOf, gapTextOf, rateOf, resolvePeriod } from "./project-periods.js";
import { colorOf, type StageDates, stageAsOf, warningsOf } from "./project-warnings.js";
import { inProjectYear } from "./projects.queries.js";
import { projects } from "./projects.table.js";

/*
 * The key-project figures of domain.md §3, computed from the records. Every figure of year Y as of the date D
 * (the end of the month asked for) is over one set of projects: visible, not archived, in the filters, signed on
 * or before D, and with an annual plan for Y or signed in Y. Stages are taken as of D from the actual dates.
 */

type FiguresFilter = Pick<ProjectFiguresQuery, "orgUnitId" | "level" | "batch" | "projectType">;

/** The figures' projects; an org unit outside the actor's scope is a 404 (as in the lead figures and exports). */
async function figuresWhere(
  db: Db,
  actor: Actor,
  query: FiguresFilter,
  period: FiguresPeriod,
  ids?: string[],
): Promise<SQL> {
  if (query.orgUnitId) await assertOrgUnitInScope(db, actor, query.orgUnitId);
  return and(
    visibleProjects(actor),
    eq(projects.status, "active"),
    inProjectYear(period.year, period.asOf),
    query.orgUnitId ? inOrgSubtree(projects.orgUnitId, query.orgUnitId) : undefined,
    query.level ? eq(projects.level, query.level) : undefined,
    query.batch ? eq(projects.batch, query.batch) : undefined,
    query.projectType ? eq(projects.projectType, query.projectType) : undefined,
    ids ? inArray(projects.id, ids) : undefined,
  ) as SQL; // and() of a non-empty list is never undefined
}

async function loadEvaluated(db: Db, where: SQL, period: FiguresPeriod) {
  const [rows, dateRows] = await Promise.all([
    findFigureProjects(db, { where, year: period.year, month: period.month, reportMonth: period.reportMonth }),
    findStageDatesOf(db, where),
  ]);
  const datesOf = new Map<string, StageDates>();
  for (const d of dateRows) {
    const map = datesOf.get(d.projectId) ?? new Map();
    map.set(d.stage, { plannedOn: d.plannedOn, actualOn: d.actualOn });
    datesOf.set(d.projectId, map);
  }
  return rows.map((row) => {
    const dates: StageDates = datesOf.get(row.id) ?? new Map();
    return { row, dates, warnings: warningsOf(row, dates, period) };
  });
}

const sumFen = (values: (string | null)[]) => values.reduce((s, v) => s + (v === null ? 0n : yuanToFen(v)), 0n);

/** The figures of the key projects the actor sees in the filter, as of the end of the period's month. */
export async function getProjectFigures(db: Db, actor: Actor, query: ProjectFiguresQuery): Promise<ProjectFigures> {
  requirePermission(actor, "project.read");
  const period = resolvePeriod(query);
  const where = await figuresWhere(db, actor, query, period);
  const [evaluated, monthSums] = await Promise.all([
    loadEvaluated(db, where, period),
    sumReportsByMonth(db, { where, year: period.year }),
  ]);
  const rows = evaluated.map((e) => e.row);
  const planned = sumFen(rows.map((r) => r.planned));
  const completed = sumFen(rows.map((r) => r.completed));
  const yearStart = `${period.year}-01-01`;
  type Evaluated = (typeof evaluated)[number];
  const actual = (e: Evaluated, stage: ProjectStage) => e.dates.get(stage)?.actualOn ?? null;
  const reachedBy = (e: Evaluated, stage: ProjectStage) => {
    const on = actual(e, stage);
    return on !== null && on <= period.asOf;
  };
  const inPeriod = (e: Evaluated, stage: ProjectStage) => {
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
  for (const e of evaluated) {
    const stage = stageAsOf(e.dates, period.asOf);
    if (stage) stageCounts[stage]++;
  }

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
    reportMonth: period.reportMonth,
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
 * The warning rows of the figures' projects in the filter (or only of `ids`), for the period: colour, completion
 * rate up to the period's month and the warnings with their rule. Used by GET /warnings and the 推进表 export.
 */
export async function evaluateProjectWarnings(
  db: Db,
  actor: Actor,
  query: FiguresFilter,
  period: FiguresPeriod,
  ids?: string[],
): Promise<ProjectWarningRow[]> {
  const where = await figuresWhere(db, actor, query, period, ids);
  const evaluated = await loadEvaluated(db, where, period);
  return evaluated.map(({ row, warnings }) => ({
    projectId: row.id,
    projectName: row.name,
    orgUnitName: row.orgUnitName,
    stage: row.stage,
    color: colorOf(warnings),
    completionRate: row.planned === null ? null : rateOf(yuanToFen(row.completed), yuanToFen(row.planned)),
    warnings,
  }));
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
  const all = await evaluateProjectWarnings(db, actor, query, period, query.projectIds);
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
    reportMonth: period.reportMonth,
  };
}
