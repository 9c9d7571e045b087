import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import {
  projectAnnualPlanRevisions,
  projectAnnualPlans,
  projectInvestmentReportRevisions,
  projectInvestmentReports,
  projectStageDates,
  projects,
} from "./projects.table.js";

export type AnnualPlanRow = typeof projectAnnualPlans.$inferSelect;
export type InvestmentReportRow = typeof projectInvestmentReports.$inferSelect;

/**
 * Locks the project row for the rest of the transaction: every investment write of a project takes
 * this lock first, so a correction and a cumulative conversion of the same year cannot interleave.
 */
export async function lockProject(db: Db, projectId: string) {
  const [row] = await db
    .select({ id: projects.id, name: projects.name, orgUnitId: projects.orgUnitId, status: projects.status })
    .from(projects)
    .where(eq(projects.id, projectId))
    .for("update");
  return row;
}

export async function findProjectName(db: Db, projectId: string) {
  const [row] = await db.select({ name: projects.name }).from(projects).where(eq(projects.id, projectId));
  return row?.name ?? "";
}

export async function findPlan(db: Db, p: { projectId: string; year: number }) {
  const updater = alias(users, "updater");
  const [row] = await db
    .select({ plan: projectAnnualPlans, updatedByName: updater.displayName })
    .from(projectAnnualPlans)
    .leftJoin(updater, eq(updater.id, projectAnnualPlans.updatedBy))
    .where(and(eq(projectAnnualPlans.projectId, p.projectId), eq(projectAnnualPlans.year, p.year)));
  return row;
}

export async function insertPlan(db: Db, values: typeof projectAnnualPlans.$inferInsert) {
  const [row] = await db.insert(projectAnnualPlans).values(values).returning();
  return row;
}

/** Updates the plan if it still has `version`; returns no row otherwise. */
export async function updatePlan(
  db: Db,
  p: { projectId: string; year: number; version: number },
  values: Pick<AnnualPlanRow, "plannedInvestment" | "monthlyPlan" | "updatedBy">,
) {
  return db
    .update(projectAnnualPlans)
    .set({ ...values, version: sql`${projectAnnualPlans.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(projectAnnualPlans.projectId, p.projectId),
        eq(projectAnnualPlans.year, p.year),
        eq(projectAnnualPlans.version, p.version),
      ),
    )
    .returning();
}

export async function insertPlanRevision(db: Db, values: typeof projectAnnualPlanRevisions.$inferInsert) {
  await db.insert(projectAnnualPlanRevisions).values(values);
}

/** Every setting and change of the year's plan, newest first, with who made it. */
export async function findPlanRevisions(db: Db, p: { projectId: string; year: number }) {
  const changer = alias(users, "changer");
  return db
    .select({ revision: projectAnnualPlanRevisions, changedByName: changer.displayName })
    .from(projectAnnualPlanRevisions)
    .leftJoin(changer, eq(changer.id, projectAnnualPlanRevisions.changedBy))
    .where(and(eq(projectAnnualPlanRevisions.projectId, p.projectId), eq(projectAnnualPlanRevisions.year, p.year)))
    .orderBy(desc(projectAnnualPlanRevisions.changedAt), desc(projectAnnualPlanRevisions.id));
}

/** The year's reports of a project, with the reporter's name and the number of corrections. */
export async function findReportsOfYear(db: Db, p: { projectId: string; year: number }) {
  const reporter = alias(users, "reporter");
  return db
    .select({
      report: projectInvestmentReports,
      reportedByName: reporter.displayName,
      revisionCount: sql<number>`(select count(*)::int from ${projectInvestmentReportRevisions} rv where rv.report_id = ${projectInvestmentReports.id})`,
    })
    .from(projectInvestmentReports)
    .leftJoin(reporter, eq(reporter.id, projectInvestmentReports.reportedBy))
    .where(and(eq(projectInvestmentReports.projectId, p.projectId), eq(projectInvestmentReports.year, p.year)))
    .orderBy(asc(projectInvestmentReports.month));
}

export async function findReport(db: Db, p: { projectId: string; year: number; month: number }) {
  const [row] = await db
    .select()
    .from(projectInvestmentReports)
    .where(
      and(
        eq(projectInvestmentReports.projectId, p.projectId),
        eq(projectInvestmentReports.year, p.year),
        eq(projectInvestmentReports.month, p.month),
      ),
    );
  return row;
}

export async function insertReport(db: Db, values: typeof projectInvestmentReports.$inferInsert) {
  const [row] = await db.insert(projectInvestmentReports).values(values).returning();
  return row;
}

/** Corrects the report if it still has `version`, bumping it; returns no row otherwise. */
export async function updateReport(
  db: Db,
  p: { id: string; version: number },
  values: Pick<InvestmentReportRow, "completedInMonth" | "progressText" | "reportedBy">,
) {
  return db
    .update(projectInvestmentReports)
    .set({ ...values, version: sql`${projectInvestmentReports.version} + 1`, updatedAt: new Date() })
    .where(and(eq(projectInvestmentReports.id, p.id), eq(projectInvestmentReports.version, p.version)))
    .returning();
}

export async function insertRevision(db: Db, values: typeof projectInvestmentReportRevisions.$inferInsert) {
  await db.insert(projectInvestmentReportRevisions).values(values);
}

export async function findRevisions(db: Db, reportId: string) {
  const reporter = alias(users, "reporter");
  const corrector = alias(users, "corrector");
  return db
    .select({
      revision: projectInvestmentReportRevisions,
      reportedByName: reporter.displayName,
      correctedByName: corrector.displayName,
    })
    .from(projectInvestmentReportRevisions)
    .leftJoin(reporter, eq(reporter.id, projectInvestmentReportRevisions.reportedBy))
    .leftJoin(corrector, eq(corrector.id, projectInvestmentReportRevisions.correctedBy))
    .where(eq(projectInvestmentReportRevisions.reportId, reportId))
    .orderBy(desc(projectInvestmentReportRevisions.correctedAt), desc(projectInvestmentReportRevisions.id));
}

/** The year's reports of many projects (for the import's checks). */
export async function findReportsOfProjects(db: Db, p: { projectIds: string[]; years: number[] }) {
  if (p.projectIds.length === 0 || p.years.length === 0) return [];
  return db
    .select()
    .from(projectInvestmentReports)
    .where(
      and(inArray(projectInvestmentReports.projectId, p.projectIds), inArray(projectInvestmentReports.year, p.years)),
    );
}

export async function findPlansOfProjects(db: Db, p: { projectIds: string[]; years: number[] }) {
  if (p.projectIds.length === 0 || p.years.length === 0) return [];
  return db
    .select()
    .from(projectAnnualPlans)
    .where(and(inArray(projectAnnualPlans.projectId, p.projectIds), inArray(projectAnnualPlans.year, p.years)));
}

/**
 * One row per project matching `where` (a condition on projects), with its plan for `year`, the sum of
 * its reports of `year` up to `month` (numeric, summed in SQL) and whether `reportMonth` was reported.
 */
export async function findFigureProjects(
  db: Db,
  p: { where: SQL; year: number; month: number; reportMonth: { year: number; month: number } | null },
) {
  const reported = p.reportMonth
    ? sql<boolean>`exists (select 1 from ${projectInvestmentReports} r where r.project_id = ${projects.id} and r.year = ${p.reportMonth.year} and r.month = ${p.reportMonth.month})`
    : sql<boolean>`false`;
  return db
    .select({
      id: projects.id,
      name: projects.name,
      orgUnitName: orgUnits.name,
      stage: projects.stage,
      totalInvestment: projects.totalInvestment,
      planned: projectAnnualPlans.plannedInvestment,
      monthlyPlan: projectAnnualPlans.monthlyPlan,
      completed: sql<string>`coalesce((select sum(r.completed_in_month) from ${projectInvestmentReports} r where r.project_id = ${projects.id} and r.year = ${p.year} and r.month <= ${p.month}), 0)::text`,
      isMonthReported: reported,
    })
    .from(projects)
    .innerJoin(orgUnits, eq(orgUnits.id, projects.orgUnitId))
    .leftJoin(
      projectAnnualPlans,
      and(eq(projectAnnualPlans.projectId, projects.id), eq(projectAnnualPlans.year, p.year)),
    )
    .where(p.where)
    .orderBy(asc(projects.name), asc(projects.id));
}
export type FigureProjectRow = Awaited<ReturnType<typeof findFigureProjects>>[number];

/** The planned and actual dates of the stages of the projects matching `where`. */
export async function findStageDatesOf(db: Db, where: SQL) {
  return db
    .select({
      projectId: projectStageDates.projectId,
      stage: projectStageDates.stage,
      plannedOn: projectStageDates.plannedOn,
      actualOn: projectStageDates.actualOn,
    })
    .from(projectStageDates)
    .innerJoin(projects, eq(projects.id, projectStageDates.projectId))
    .where(where);
}

/** Σ completed per month of `year` over the projects matching `where`, summed in SQL. */
export async function sumReportsByMonth(db: Db, p: { where: SQL; year: number }) {
  return db
    .select({
      month: projectInvestmentReports.month,
      completed: sql<string>`sum(${projectInvestmentReports.completedInMonth})::text`,
    })
    .from(projectInvestmentReports)
    .innerJoin(projects, eq(projects.id, projectInvestmentReports.projectId))
    .where(and(p.where, eq(projectInvestmentReports.year, p.year)))
    .groupBy(projectInvestmentReports.month);
}
