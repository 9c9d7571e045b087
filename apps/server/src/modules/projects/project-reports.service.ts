import {
  fenToYuan,
  type MonthlyReportInput,
  type ProjectInvestment,
  type ReportRevision,
  yuanToFen,
} from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { assertProjectVisible, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, versionConflict } from "../../lib/errors.js";
import { formatWanYuan } from "../../lib/excel/index.js";
import { assertUpdated } from "../../lib/versioning.js";
import {
  findReport,
  findReportsOfYear,
  findRevisions,
  type InvestmentReportRow,
  insertReport,
  insertRevision,
  updateReport,
} from "./project-investment.queries.js";
import { getProjectInvestment, lockForInvestmentWrite } from "./project-investment.service.js";
import { currentBeijingMonth, isAfterMonth } from "./project-periods.js";

/*
 * Monthly investment reports (当月/累计完成投资): one current value per project and month; a second report of
 * the month corrects it and the old values are kept as revisions.
 */

const wan = (fen: bigint) => formatWanYuan(fenToYuan(fen));

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
    const project = await lockForInvestmentWrite(tx, actor, projectId, "project.progress");
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
