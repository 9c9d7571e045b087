import {
  fenToYuan,
  type InvestmentMonth,
  type Permission,
  type ProjectInvestment,
  yuanToFen,
} from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { assertProjectVisible, canDo, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { notFound } from "../../lib/errors.js";
import { assertProjectActive } from "./project-access.js";
import { findPlan, findProjectName, findReportsOfYear, lockProject } from "./project-investment.queries.js";
import { currentBeijingMonth, isAfterMonth, rateOf } from "./project-periods.js";

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
    canPlan: canDo(actor, "project.plan"),
  };
}

/**
 * Checks the actor may write the project's investment (`permission`: project.progress for reports, project.plan
 * for plans), that the project is visible and active, and locks its row for the transaction: every investment
 * write of a project takes this lock first, so a correction and a cumulative conversion cannot interleave.
 */
export async function lockForInvestmentWrite(tx: Db, actor: Actor, projectId: string, permission: Permission) {
  requirePermission(actor, permission);
  await assertProjectVisible(tx, actor, projectId);
  const project = await lockProject(tx, projectId);
  if (!project) throw notFound("项目");
  assertProjectActive(project, permission === "project.plan" ? "修改年度计划" : "填报投资");
  return project;
}
