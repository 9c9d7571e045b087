import {
  type AnnualPlanInput,
  fenToYuan,
  type PlanRevision,
  type ProjectInvestment,
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
  type AnnualPlanRow,
  findPlan,
  findPlanRevisions,
  insertPlan,
  insertPlanRevision,
  updatePlan,
} from "./project-investment.queries.js";
import { getProjectInvestment, lockForInvestmentWrite } from "./project-investment.service.js";
import { insertProjectEvent } from "./projects.queries.js";

/*
 * 年度计划投资: the denominator of the completion rate, set by the zone's project office (permission project.plan),
 * never by the cadres whose completion it measures. Every setting and change is kept as a revision (before,
 * after, who, when), written to the project's history and audited, in the writer's transaction.
 */

const wan = (fen: bigint) => formatWanYuan(fenToYuan(fen));

export interface PlanWrite {
  project: { id: string; name: string; orgUnitId: string };
  year: number;
  plannedFen: bigint;
  monthlyPlan: string[] | null;
  source: "manual" | "import";
}

/**
 * Creates or changes the year's plan in the caller's transaction, with its revision, history event and audit row.
 * `existing` is the plan as read (and checked for its version) in that transaction; an unchanged plan writes nothing.
 */
export async function writeAnnualPlan(
  tx: Db,
  actor: Actor,
  write: PlanWrite,
  existing: AnnualPlanRow | undefined,
): Promise<"created" | "changed" | "unchanged"> {
  const { project, year } = write;
  const after = { plannedInvestment: fenToYuan(write.plannedFen), monthlyPlan: write.monthlyPlan };
  const before = existing
    ? { plannedInvestment: fenToYuan(yuanToFen(existing.plannedInvestment)), monthlyPlan: existing.monthlyPlan ?? null }
    : null;
  if (before && JSON.stringify(before) === JSON.stringify(after)) return "unchanged";
  if (existing) {
    assertUpdated(
      await updatePlan(
        tx,
        { projectId: project.id, year, version: existing.version },
        { ...after, updatedBy: actor.userId },
      ),
      `${year}年度计划`,
    );
  } else {
    await insertPlan(tx, { projectId: project.id, year, ...after, updatedBy: actor.userId });
  }
  await insertPlanRevision(tx, {
    projectId: project.id,
    year,
    previousPlannedInvestment: before?.plannedInvestment ?? null,
    plannedInvestment: after.plannedInvestment,
    previousMonthlyPlan: before?.monthlyPlan ?? null,
    monthlyPlan: after.monthlyPlan,
    source: write.source,
    changedBy: actor.userId,
  });
  const source = write.source === "import" ? "（导入）" : "";
  const change = before
    ? `${wan(yuanToFen(before.plannedInvestment))} → ${wan(write.plannedFen)} 万元`
    : `${wan(write.plannedFen)} 万元`;
  await insertProjectEvent(tx, {
    projectId: project.id,
    action: before ? "plan_changed" : "plan_set",
    actorUserId: actor.userId,
    actorName: actor.displayName,
    note: `${year}年度计划投资 ${change}${source}`,
    data: { year, before, after },
  });
  await writeAudit(tx, actor, {
    action: "project.plan_set",
    entityType: "project",
    entityId: project.id,
    orgUnitId: project.orgUnitId,
    summary: `${project.name}：${year}年度计划投资 ${change}${source}`,
    before: before ? { year, ...before } : undefined,
    after: { year, ...after },
  });
  return before ? "changed" : "created";
}

/**
 * Sets (or changes) a project's planned investment for a year (permission project.plan), optionally split into
 * twelve months that must sum to it. Changing an existing plan needs the version read; a stale one is a 409.
 */
export async function setAnnualPlan(
  db: Db,
  actor: Actor,
  projectId: string,
  year: number,
  input: AnnualPlanInput,
): Promise<ProjectInvestment> {
  requirePermission(actor, "project.plan");
  await db.transaction(async (tx) => {
    const project = await lockForInvestmentWrite(tx, actor, projectId, "project.plan");
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
    if (existing) {
      if (input.version === undefined)
        throw new AppError("VERSION_CONFLICT", `该项目${year}年已有年度计划，请刷新后在原计划上修改`);
      if (input.version !== existing.version) throw versionConflict(`${year}年度计划`);
    }
    await writeAnnualPlan(tx, actor, { project, year, plannedFen, monthlyPlan, source: "manual" }, existing);
  });
  return getProjectInvestment(db, actor, projectId, year);
}

/** Every setting and change of the year's plan, newest first (GET /api/projects/:id/plans/:year/revisions). */
export async function listPlanRevisions(
  db: Db,
  actor: Actor,
  projectId: string,
  year: number,
): Promise<PlanRevision[]> {
  requirePermission(actor, "project.read");
  await assertProjectVisible(db, actor, projectId);
  const rows = await findPlanRevisions(db, { projectId, year });
  return rows.map(({ revision, changedByName }) => ({
    id: revision.id,
    year: revision.year,
    previousPlannedInvestment: revision.previousPlannedInvestment,
    plannedInvestment: revision.plannedInvestment,
    previousMonthlyPlan: revision.previousMonthlyPlan ?? null,
    monthlyPlan: revision.monthlyPlan ?? null,
    source: revision.source,
    changedByName,
    changedAt: revision.changedAt.toISOString(),
  }));
}
