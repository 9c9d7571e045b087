import {
  type CreateProjectInput,
  type ProjectDetail,
  type ProjectIssue,
  type ProjectListItem,
  type ProjectListQuery,
  type ProjectPage,
  type ProjectProgressInput,
  type ProjectStage,
  type ProjectStageDate,
  projectEventLabels,
  projectStages,
  type UpdateProject,
} from "@zonedesk/contracts";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  assertOrgUnitInScope,
  canDo,
  inOrgSubtree,
  requirePermission,
  visibleEnterprises,
  visibleIssues,
  visibleProjects,
} from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { fieldError, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { isActiveOn, liaisonAssignments } from "../assignments/assignments.table.js";
import { departments } from "../departments/departments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { normalizeIndustryCode } from "../enterprises/index.js";
import { findIndustry } from "../industries/index.js";
import { issues } from "../issues/issues.table.js";
import { listProjectProcedures } from "./project-procedures.js";
import { assertPlannedDatesInOrder } from "./project-stages.js";
import {
  findProjectEvents,
  findProjects,
  getProjectRow,
  insertProject,
  insertProjectEvent,
  loadProjectDetails,
  lockProjectRow,
  type ProjectRow,
  type ProjectValues,
  projectSearch,
  type StageDateRow,
  updateProjectRow,
  upsertStageDates,
} from "./projects.queries.js";
import { projectAnnualPlans, projects } from "./projects.table.js";

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

/** The list filters as one condition, always inside what the actor may see. */
export function projectListWhere(
  actor: Actor,
  query: Omit<ProjectListQuery, "page" | "pageSize" | "sort">,
): SQL | undefined {
  const inList = (column: SQL | typeof projects.level, values: readonly string[] | undefined) =>
    values && values.length > 0 ? sql`${column} in ${values}` : undefined;
  return and(
    visibleProjects(actor),
    query.status === "all" ? undefined : eq(projects.status, query.status),
    query.orgUnitId ? inOrgSubtree(projects.orgUnitId, query.orgUnitId) : undefined,
    inList(projects.level, query.level),
    inList(sql`${projects.batch}`, query.batch),
    inList(sql`${projects.stage}`, query.stage),
    query.projectType ? eq(projects.projectType, query.projectType) : undefined,
    query.year !== undefined
      ? sql`(exists (select 1 from project_stage_dates sd where sd.project_id = ${projects.id} and sd.stage = 'signed'
          and extract(year from sd.actual_on) = ${query.year})
        or exists (select 1 from ${projectAnnualPlans} ap where ap.project_id = ${projects.id} and ap.year = ${query.year}))`
      : undefined,
    query.campaignRound ? eq(projects.campaignRound, query.campaignRound) : undefined,
    query.q ? projectSearch(query.q) : undefined,
    query.enterpriseId ? eq(projects.enterpriseId, query.enterpriseId) : undefined,
    query.leaderId
      ? sql`exists (select 1 from ${liaisonAssignments} la where la.project_id = ${projects.id} and la.user_id = ${query.leaderId} and ${isActiveOn("la")})`
      : undefined,
  );
}

/** The key projects the actor may see, filtered, sorted and paged. */
export async function listProjects(db: Db, actor: Actor, query: ProjectListQuery): Promise<ProjectPage> {
  requirePermission(actor, "project.read");
  const { rows, total } = await findProjects(db, {
    where: projectListWhere(actor, query),
    sort: query.sort,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { data: await toProjects(db, rows), total, page: query.page, pageSize: query.pageSize };
}

/** The project row if the actor may see it, else 404 (audited as a refusal). */
export async function getVisibleProjectRow(db: Db, actor: Actor, id: string, forUpdate = false): Promise<ProjectRow> {
  const row = forUpdate
    ? await lockProjectRow(db, id, visibleProjects(actor))
    : await getProjectRow(db, id, visibleProjects(actor));
  if (!row) throw notFound("项目", { isAccessRefusal: true });
  return row;
}

/** One project with its dates, liaisons, procedures, history and linked-issue counts. */
export async function getProject(db: Db, actor: Actor, id: string): Promise<ProjectDetail> {
  requirePermission(actor, "project.read");
  const row = await getVisibleProjectRow(db, actor, id);
  const [[item], procedures, events, [counts]] = await Promise.all([
    toProjects(db, [row]),
    listProjectProcedures(db, id),
    findProjectEvents(db, id),
    db
      .select({
        total: sql<number>`count(*)::int`,
        open: sql<number>`(count(*) filter (where ${issues.status} <> 'closed'))::int`,
        overdue: sql<number>`(count(*) filter (where ${issues.status} in ('routed', 'in_progress')
          and ${issues.dueOn} < ${todayInBeijing()}))::int`,
      })
      .from(issues)
      .where(and(eq(issues.projectId, id), visibleIssues(actor))),
  ]);
  if (!item) throw notFound("项目");
  const isStage = (s: string | null): s is ProjectStage =>
    s !== null && (projectStages as readonly string[]).includes(s);
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
    issueCounts: { total: counts?.total ?? 0, open: counts?.open ?? 0, overdue: counts?.overdue ?? 0 },
    canEdit: canDo(actor, "project.write"),
    canProgress: canDo(actor, "project.progress"),
    canCorrectStage: canDo(actor, "project.write"),
  };
}

type ProjectFields = Omit<CreateProjectInput, "plannedDates" | "signedOn">;

/**
 * Database values from validated input: the unit in the actor's scope, the investing enterprise visible to
 * the actor (or a new investor's name), the industry code checked against GB/T 4754.
 */
export async function toProjectValues(db: Db, actor: Actor, input: ProjectFields): Promise<ProjectValues> {
  await assertOrgUnitInScope(db, actor, input.orgUnitId).catch(() => {
    throw fieldError("orgUnitId", "所属单位不存在或不在您的管理范围内");
  });
  let enterpriseId: string | null = null;
  let investorName = input.investorName?.trim() || null;
  if (input.enterpriseId) {
    const [enterprise] = await db
      .select({ id: enterprises.id, name: enterprises.name })
      .from(enterprises)
      .where(and(eq(enterprises.id, input.enterpriseId), visibleEnterprises(actor)));
    if (!enterprise) throw fieldError("enterpriseId", "所选投资主体企业不存在或不在您的管理范围内");
    enterpriseId = enterprise.id;
    investorName = null;
  }
  let industryCode: string | null = null;
  if (input.industryCode) {
    const industry = normalizeIndustryCode(input.industryCode);
    if ("error" in industry) throw fieldError("industryCode", industry.error);
    industryCode = industry.code;
  }
  return {
    orgUnitId: input.orgUnitId,
    name: input.name.trim(),
    enterpriseId,
    investorName,
    industryCode,
    industryChain: input.industryChain || null,
    level: input.level,
    batch: input.batch,
    campaignRound: input.campaignRound || null,
    projectType: input.projectType,
    totalInvestment: input.totalInvestment,
    location: input.location || null,
    landParcel: input.landParcel || null,
    landAreaMu: input.landAreaMu ?? null,
    constructionContent: input.constructionContent || null,
  };
}

/**
 * Creates a key project inside the caller's transaction (used by POST /api/projects, the import and the
 * investment pipeline when a lead is signed). The project starts at 签约 with its signing date as the actual
 * date of that stage; writes its history row and audit row with `tx`. Permission checks are the caller's.
 */
export async function createProjectInTx(
  tx: Db,
  actor: Actor,
  input: CreateProjectInput,
  origin?: { leadId?: string | null },
): Promise<{ id: string }> {
  const values = await toProjectValues(tx, actor, input);
  const signedOn = input.signedOn ?? todayInBeijing();
  if (signedOn > todayInBeijing()) throw fieldError("signedOn", "签约日期不能晚于今天");
  assertPlannedDatesInOrder(input.plannedDates ?? {}, (stage) => `plannedDates.${stage}`);
  const row = await insertProject(tx, { ...values, stage: "signed", leadId: origin?.leadId ?? null });
  const planned = input.plannedDates ?? {};
  await upsertStageDates(
    tx,
    row.id,
    projectStages.map((stage) => ({
      stage,
      plannedOn: planned[stage] ?? null,
      actualOn: stage === "signed" ? signedOn : undefined,
    })),
  );
  await insertProjectEvent(tx, {
    projectId: row.id,
    action: "created",
    toStage: "signed",
    actorUserId: actor.userId,
    actorName: actor.displayName,
    note: origin?.leadId ? "由招商线索签约转入" : null,
    data: { signedOn, plannedDates: planned },
  });
  await writeAudit(tx, actor, {
    action: "project.create",
    entityType: "project",
    entityId: row.id,
    orgUnitId: row.orgUnitId,
    summary: row.name,
    after: { ...values, signedOn, plannedDates: planned, leadId: origin?.leadId ?? null },
  });
  return { id: row.id };
}

/** Registers a key project (admin). */
export async function createProject(db: Db, actor: Actor, input: CreateProjectInput): Promise<ProjectDetail> {
  requirePermission(actor, "project.write");
  const { id } = await db.transaction((tx) => createProjectInTx(tx, actor, input));
  return getProject(db, actor, id);
}

function pickValues(row: ProjectRow): ProjectValues {
  const {
    id: _id,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    stage: _s,
    progressNarrative: _p,
    progressUpdatedAt: _pu,
    leadId: _l,
    status: _st,
    ...values
  } = row;
  return values;
}

/** Edits a project's facts; a stale version is refused with VERSION_CONFLICT. Stage and narrative have their own routes. */
export async function updateProject(db: Db, actor: Actor, id: string, input: UpdateProject): Promise<ProjectDetail> {
  requirePermission(actor, "project.write");
  await db.transaction(async (tx) => {
    const current = await getVisibleProjectRow(tx, actor, id);
    assertVersion(current.version, input.version, "该项目");
    const { version: _version, ...fields } = input;
    const values = await toProjectValues(tx, actor, fields);
    assertUpdated(await updateProjectRow(tx, id, input.version, values), "该项目");
    const diff = changedFields(pickValues(current) as Record<string, unknown>, values as Record<string, unknown>);
    await insertProjectEvent(tx, {
      projectId: id,
      action: "updated",
      actorUserId: actor.userId,
      actorName: actor.displayName,
      data: diff,
    });
    await writeAudit(tx, actor, {
      action: "project.update",
      entityType: "project",
      entityId: id,
      orgUnitId: values.orgUnitId,
      summary: values.name,
      ...diff,
    });
  });
  return getProject(db, actor, id);
}

/** Archives (or restores) a project: it leaves the default lists and the figures but keeps its history. */
export async function setProjectStatus(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  status: "active" | "archived",
): Promise<ProjectDetail> {
  requirePermission(actor, "project.write");
  await db.transaction(async (tx) => {
    const current = await getVisibleProjectRow(tx, actor, id);
    assertVersion(current.version, version, "该项目");
    if (current.status === status) return;
    assertUpdated(await updateProjectRow(tx, id, version, { status }), "该项目");
    await insertProjectEvent(tx, {
      projectId: id,
      action: status === "archived" ? "archived" : "restored",
      actorUserId: actor.userId,
      actorName: actor.displayName,
    });
    await writeAudit(tx, actor, {
      action: status === "archived" ? "project.archive" : "project.restore",
      entityType: "project",
      entityId: id,
      orgUnitId: current.orgUnitId,
      summary: current.name,
      before: { status: current.status },
      after: { status },
    });
  });
  return getProject(db, actor, id);
}

/** Records the progress narrative (进展情况): the assigned leader or cadre, or an administrator. */
export async function recordProjectProgress(
  db: Db,
  actor: Actor,
  id: string,
  input: ProjectProgressInput,
): Promise<ProjectDetail> {
  requirePermission(actor, "project.progress");
  await db.transaction(async (tx) => {
    const current = await getVisibleProjectRow(tx, actor, id, true);
    if (input.version !== undefined) assertVersion(current.version, input.version, "该项目");
    if (current.status !== "active") throw fieldError("narrative", "该项目已归档，不能更新进展");
    assertUpdated(
      await updateProjectRow(tx, id, current.version, {
        progressNarrative: input.narrative,
        progressUpdatedAt: new Date(),
      }),
      "该项目",
    );
    await insertProjectEvent(tx, {
      projectId: id,
      action: "progress",
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: input.narrative,
    });
    await writeAudit(tx, actor, {
      action: "project.progress",
      entityType: "project",
      entityId: id,
      orgUnitId: current.orgUnitId,
      summary: current.name,
      before: { progressNarrative: current.progressNarrative },
      after: { progressNarrative: input.narrative },
    });
  });
  return getProject(db, actor, id);
}

/**
 * The issue ledger's issues linked to the project (GET /api/projects/:id/issues), newest first: the project must
 * be visible and each issue passes the ledger's own access rule, so a cadre sees what the ledger would show them.
 */
export async function listProjectIssues(db: Db, actor: Actor, projectId: string): Promise<ProjectIssue[]> {
  requirePermission(actor, "project.read");
  await getVisibleProjectRow(db, actor, projectId);
  const today = todayInBeijing();
  const rows = await db
    .select({
      id: issues.id,
      serialNo: issues.serialNo,
      title: issues.title,
      status: issues.status,
      leadDepartmentName: departments.name,
      dueOn: issues.dueOn,
      createdAt: issues.createdAt,
    })
    .from(issues)
    .leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
    .where(and(eq(issues.projectId, projectId), visibleIssues(actor)))
    .orderBy(desc(issues.createdAt), desc(issues.serialNo))
    .limit(500);
  return rows.map((r) => ({
    id: r.id,
    serialNo: r.serialNo,
    title: r.title,
    status: r.status,
    leadDepartmentName: r.leadDepartmentName ?? null,
    dueOn: r.dueOn,
    isOverdue: r.dueOn !== null && (r.status === "routed" || r.status === "in_progress") && r.dueOn < today,
    createdAt: r.createdAt.toISOString(),
  }));
}
