import {
  type ProjectDetail,
  type ProjectListItem,
  type ProjectStage,
  type ProjectStageDate,
  projectEventLabels,
  projectStages,
} from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { canDo, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { findIndustry } from "../industries/index.js";
import { getVisibleProjectRow } from "./project-access.js";
import { projectIssueCounts } from "./project-issues.service.js";
import { listProjectProcedures } from "./project-procedures.js";
import { findProjectEvents, loadProjectDetails, type ProjectRow, type StageDateRow } from "./projects.queries.js";

/*
 * How a project is shown: its list item and its detail page.
 */

/** The GB/T 4754 name of a stored industry code (the longest known prefix). */
export function industryNameOf(code: string | null): string | null {
  if (!code) return null;
  for (let length = code.length; length >= 1; length--) {
    const node = findIndustry(code.slice(0, length));
    if (node) return node.name;
    if (!/^\d+$/.test(code)) break;
  }
  return null;
}

/** Each stage with its dates; a planned date passed (Beijing) without an actual date is behind schedule. */
export function toStageDates(rows: StageDateRow[], today = todayInBeijing()): ProjectStageDate[] {
  return projectStages.map((stage) => {
    const row = rows.find((r) => r.stage === stage);
    const plannedOn = row?.plannedOn ?? null;
    const actualOn = row?.actualOn ?? null;
    return { stage, plannedOn, actualOn, isBehind: plannedOn !== null && actualOn === null && plannedOn < today };
  });
}

/** Rows with their liaisons, dates and names, as the API answers them. */
export async function toProjects(db: Db, rows: ProjectRow[]): Promise<ProjectListItem[]> {
  const { liaisonsOf, unitNames, enterpriseNames, stageDates } = await loadProjectDetails(db, rows);
  const today = todayInBeijing();
  return rows.map((r) => {
    const dates = toStageDates(stageDates.get(r.id) ?? [], today);
    const enterpriseName = r.enterpriseId ? (enterpriseNames.get(r.enterpriseId) ?? null) : null;
    return {
      id: r.id,
      orgUnitId: r.orgUnitId,
      orgUnitName: unitNames.get(r.orgUnitId) ?? "",
      name: r.name,
      enterpriseId: r.enterpriseId,
      enterpriseName,
      investorName: enterpriseName ?? r.investorName,
      industryCode: r.industryCode,
      industryName: industryNameOf(r.industryCode),
      industryChain: r.industryChain,
      level: r.level,
      batch: r.batch,
      campaignRound: r.campaignRound,
      projectType: r.projectType,
      totalInvestment: r.totalInvestment,
      location: r.location,
      stage: r.stage,
      stageDates: dates,
      isBehindSchedule: r.status === "active" && dates.some((d) => d.isBehind),
      liaisons: liaisonsOf.get(r.id) ?? [],
      progressNarrative: r.progressNarrative,
      progressUpdatedAt: r.progressUpdatedAt?.toISOString() ?? null,
      status: r.status,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

const isStage = (s: string | null): s is ProjectStage => s !== null && (projectStages as readonly string[]).includes(s);

/** One project with its dates, liaisons, procedures, history and linked-issue counts. */
export async function getProject(db: Db, actor: Actor, id: string): Promise<ProjectDetail> {
  requirePermission(actor, "project.read");
  const row = await getVisibleProjectRow(db, actor, id);
  const [[item], procedures, events, issueCounts] = await Promise.all([
    toProjects(db, [row]),
    listProjectProcedures(db, id),
    findProjectEvents(db, id),
    projectIssueCounts(db, actor, id),
  ]);
  if (!item) throw notFound("项目");
  return {
    ...item,
    landParcel: row.landParcel,
    landAreaMu: row.landAreaMu,
    constructionContent: row.constructionContent,
    leadId: row.leadId,
    procedures,
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      actionLabel: projectEventLabels[e.action] ?? e.action,
      fromStage: isStage(e.fromStage) ? e.fromStage : null,
      toStage: isStage(e.toStage) ? e.toStage : null,
      actorName: e.actorName,
      note: e.note,
      data: e.data ?? null,
      createdAt: e.createdAt.toISOString(),
    })),
    issueCounts,
    canEdit: canDo(actor, "project.write"),
    canProgress: canDo(actor, "project.progress"),
    canCorrectStage: canDo(actor, "project.write"),
    canPlan: canDo(actor, "project.plan"),
  };
}
