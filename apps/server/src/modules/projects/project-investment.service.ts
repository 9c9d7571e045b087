import {
  type AnnualPlanInput,
  fenToYuan,
  type InvestmentMonth,
  type MonthlyReportInput,
  type ProjectInvestment,
  type ReportRevision,
  yuanToFen,
} from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { assertProjectVisible, canDo, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, notFound, versionConflict } from "../../lib/errors.js";
import { formatWanYuan } from "../../lib/excel/index.js";
import { assertUpdated } from "../../lib/versioning.js";
import { currentBeijingMonth, isAfterMonth, rateOf } from "./project-figures.js";
import {
  findPlan,
  findProjectName,
  findReport,
  findReportsOfYear,
  findRevisions,
  type InvestmentReportRow,
  insertPlan,
  insertReport,
  insertRevision,
  lockProject,
  updatePlan,
  updateReport,
} from "./project-investment.queries.js";

const wan = (fen: bigint) => formatWanYuan(fenToYuan(fen));

/** The year's plan and twelve months of a project: 当月, 累计, monthly plan, who reported, corrections. */
export async function getProjectInvestment(
  db: Db,
  actor: Actor,
  projectId: string,
  year = currentBeijingMonth().year,
): Promise<ProjectInvestment> {
  requirePermission(actor, "project.read");
  await assertProjectVisible(db, actor, projectId);
  const [planRow, reports, projectName] = await Promise.all([
    findPlan(db, { projectId, year }),
    findReportsOfYear(db, { projectId, year }),
    findProjectName(db, projectId),
  ]);
  const plan = planRow?.plan;
  const current = currentBeijingMonth();
  let completed = 0n;
  let planned = 0n;
  const months: InvestmentMonth[] = [];
  for (let month = 1; month <= 12; month++) {
    const row = reports.find((r) => r.report.month === month);
    const monthPlan = plan?.monthlyPlan?.[month - 1];
    if (row) completed += yuanToFen(row.report.completedInMonth);
    if (monthPlan !== undefined) planned += yuanToFen(monthPlan);
    months.push({
      month,
      reportId: row?.report.id ?? null,
      completedInMonth: row?.report.completedInMonth ?? null,
      completedToDate: row ? fenToYuan(completed) : null,
      plannedInMonth: monthPlan ?? null,
      plannedToDate: monthPlan === undefined ? null : fenToYuan(planned),
      progressText: row?.report.progressText ?? null,
      reportedByName: row?.reportedByName ?? null,
      reportedAt: row ? row.report.updatedAt.toISOString() : null,
      revisionCount: row?.revisionCount ?? 0,
      version: row?.report.version ?? null,
      isFuture: isAfterMonth({ year, month }, current),
    });
  }
  return {
    projectId,
    projectName,
    year,
    plan: plan
      ? {
          year,
          plannedInvestment: plan.plannedInvestment,
          monthlyPlan: plan.monthlyPlan ?? null,
          version: plan.version,
          updatedByName: planRow?.updatedByName ?? null,
          updatedAt: plan.updatedAt.toISOString(),
        }
      : null,
    months,
    completedTotal: fenToYuan(completed),
    completionRate: plan ? rateOf(completed, yuanToFen(plan.plannedInvestment)) : null,
    canReport: canDo(actor, "project.progress"),
  };
}

/** Checks the actor may record the project's investment and locks the project row for the transaction. */
async function lockForInvestmentWrite(tx: Db, actor: Actor, projectId: string) {
  requirePermission(actor, "project.progress");
  await assertProjectVisible(tx, actor, projectId);
  const project = await lockProject(tx, projectId);
  if (!project) throw notFound("项目");
  if (project.status !== "active") throw new AppError("INVALID_STATE", "该项目已归档，不能填报投资");
  return project;
}

/**
 * Sets (or changes) a project's planned investment for a year, optionally split into twelve months
 * that must sum to it. Changing an existing plan needs the version read; a stale one is a 409.
 */
export async function setAnnualPlan(
  db: Db,
  actor: Actor,
  projectId: string,
  year: number,
  input: AnnualPlanInput,
): Promise<ProjectInvestment> {
  requirePermission(actor, "project.progress");
  await db.transaction(async (tx) => {
    const project = await lockForInvestmentWrite(tx, actor, projectId);
    const existing = (await findPlan(tx, { projectId, year }))?.plan;
    const plannedFen = yuanToFen(input.plannedInvestment);
    const monthlyPlan =
      input.monthlyPlan === undefined
        ? (existing?.monthlyPlan ?? null)
        : (input.monthlyPlan?.map((m) => fenToYuan(yuanToFen(m))) ?? null);
    if (monthlyPlan && input.monthlyPlan === undefined) {
      const sum = monthlyPlan.reduce((s, m) => s + yuanToFen(m), 0n);
      if (sum !== plannedFen)
        throw fieldError(
          "monthlyPlan",
          `已有的分月计划合计 ${wan(sum)} 万元与新的年度计划 ${wan(plannedFen)} 万元不符，请同时调整分月计划`,
        );
    }
    const after = { plannedInvestment: fenToYuan(plannedFen), monthlyPlan };
    const summary = `${project.name}：${year}年度计划投资 ${wan(plannedFen)} 万元`;
    if (existing) {
      if (input.version === undefined)
        throw new AppError("VERSION_CONFLICT", `该项目${year}年已有年度计划，请刷新后在原计划上修改`);
      if (input.version !== existing.version) throw versionConflict(`${year}年度计划`);
      const before = {
        plannedInvestment: fenToYuan(yuanToFen(existing.plannedInvestment)),
        monthlyPlan: existing.monthlyPlan ?? null,
      };
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      assertUpdated(
        await updatePlan(tx, { projectId, year, version: existing.version }, { ...after, updatedBy: actor.userId }),
        `${year}年度计划`,
      );
      await writeAudit(tx, actor, {
        action: "project.plan_set",
        entityType: "project",
        entityId: projectId,
        orgUnitId: project.orgUnitId,
        summary,
        before: { year, ...before },
        after: { year, ...after },
      });
      return;
    }
    await insertPlan(tx, { projectId, year, ...after, updatedBy: actor.userId });
    await writeAudit(tx, actor, {
      action: "project.plan_set",
      entityType: "project",
      entityId: projectId,
      orgUnitId: project.orgUnitId,
      summary,
      after: { year, ...after },
    });
  });
  return getProjectInvestment(db, actor, projectId, year);
}

/** Refuses a month after the current Beijing month. */
export function assertReportableMonth(year: number, month: number, field = "month"): void {
  const current = currentBeijingMonth();
  if (isAfterMonth({ year, month }, current)) {
    throw fieldError(field, `不能填报${year}年${month}月：该月尚未到来（当前为${current.year}年${current.month}月）`);
  }
}

/** What one monthly report becomes: the month's amount in fen and the progress text (undefined: keep). */
export interface ReportWrite {
  projectId: string;
  orgUnitId: string;
  projectName: string;
  year: number;
  month: number;
  completedFen: bigint;
  progressText: string | null | undefined;
  reason: string | null;
}

export type ReportWriteResult = "created" | "corrected" | "unchanged";

/**
 * Creates the month's report or corrects it (the old values go to the revisions, the version goes up),
 * with its audit row, in the caller's transaction. `existing` must be the row as read in that transaction.
 */
export async function writeMonthlyReport(
  tx: Db,
  actor: Actor,
  write: ReportWrite,
  existing: InvestmentReportRow | undefined,
  source = "",
): Promise<ReportWriteResult> {
  const completedInMonth = fenToYuan(write.completedFen);
  const summary = `${write.projectName}：${write.year}年${write.month}月完成投资 ${wan(write.completedFen)} 万元${source}`;
  if (!existing) {
    const row = await insertReport(tx, {
      projectId: write.projectId,
      year: write.year,
      month: write.month,
      completedInMonth,
      progressText: write.progressText ?? null,
      reportedBy: actor.userId,
    });
    await writeAudit(tx, actor, {
      action: "project.report_create",
      entityType: "project",
      entityId: write.projectId,
      orgUnitId: write.orgUnitId,
      summary,
      after: {
        reportId: row?.id,
        year: write.year,
        month: write.month,
        completedInMonth,
        progressText: row?.progressText,
      },
    });
    return "created";
  }
  const progressText = write.progressText === undefined ? existing.progressText : write.progressText;
  if (yuanToFen(existing.completedInMonth) === write.completedFen && progressText === existing.progressText) {
    return "unchanged";
  }
  await insertRevision(tx, {
    reportId: existing.id,
    completedInMonth: existing.completedInMonth,
    progressText: existing.progressText,
    reportedBy: existing.reportedBy,
    reportedAt: existing.updatedAt,
    correctedBy: actor.userId,
    reason: write.reason,
  });
  assertUpdated(
    await updateReport(
      tx,
      { id: existing.id, version: existing.version },
      { completedInMonth, progressText, reportedBy: actor.userId },
    ),
    `${write.year}年${write.month}月投资填报`,
  );
  await writeAudit(tx, actor, {
    action: "project.report_correct",
    entityType: "project",
    entityId: write.projectId,
    orgUnitId: write.orgUnitId,
    summary: `${summary}（更正${write.reason ? `：${write.reason}` : ""}）`,
    before: {
      reportId: existing.id,
      year: write.year,
      month: write.month,
      completedInMonth: existing.completedInMonth,
      progressText: existing.progressText,
    },
    after: { reportId: existing.id, year: write.year, month: write.month, completedInMonth, progressText },
  });
  return "corrected";
}

/**
 * Reports a month's completed investment, or corrects the month's report (never a second row).
 * Accepts the month's amount or the year-to-date 累计, converted using the earlier months as stored.
 */
export async function saveMonthlyReport(
  db: Db,
  actor: Actor,
  projectId: string,
  year: number,
  month: number,
  input: MonthlyReportInput,
): Promise<ProjectInvestment> {
  requirePermission(actor, "project.progress");
  assertReportableMonth(year, month);
  await db.transaction(async (tx) => {
    const project = await lockForInvestmentWrite(tx, actor, projectId);
    const reports = (await findReportsOfYear(tx, { projectId, year })).map((r) => r.report);
    const existing = reports.find((r) => r.month === month);
    if (existing) {
      if (input.version === undefined)
        throw new AppError("VERSION_CONFLICT", `${year}年${month}月已填报，请刷新后在原数据上更正（需带版本号）`);
      if (input.version !== existing.version) throw versionConflict(`${year}年${month}月投资填报`);
    }
    let completedFen: bigint;
    if (input.completedInMonth !== undefined) completedFen = yuanToFen(input.completedInMonth);
    else {
      const toDate = yuanToFen(input.completedToDate ?? "0");
      const earlier = reports.filter((r) => r.month < month).reduce((s, r) => s + yuanToFen(r.completedInMonth), 0n);
      if (toDate < earlier)
        throw fieldError(
          "completedToDate",
          `累计完成投资 ${wan(toDate)} 万元低于1至${month - 1}月已填报的合计 ${wan(earlier)} 万元`,
        );
      completedFen = toDate - earlier;
    }
    await writeMonthlyReport(
      tx,
      actor,
      {
        projectId,
        orgUnitId: project.orgUnitId,
        projectName: project.name,
        year,
        month,
        completedFen,
        progressText: input.progressText,
        reason: input.reason ?? null,
      },
      existing,
    );
  });
  return getProjectInvestment(db, actor, projectId, year);
}

/** The values a month's report held before each correction, newest first. */
export async function listReportRevisions(
  db: Db,
  actor: Actor,
  projectId: string,
  year: number,
  month: number,
): Promise<ReportRevision[]> {
  requirePermission(actor, "project.read");
  await assertProjectVisible(db, actor, projectId);
  const report = await findReport(db, { projectId, year, month });
  if (!report) return [];
  const rows = await findRevisions(db, report.id);
  return rows.map(({ revision, reportedByName, correctedByName }) => ({
    id: revision.id,
    completedInMonth: revision.completedInMonth,
    progressText: revision.progressText,
    reportedByName,
    reportedAt: revision.reportedAt.toISOString(),
    correctedByName,
    correctedAt: revision.correctedAt.toISOString(),
    reason: revision.reason,
  }));
}
