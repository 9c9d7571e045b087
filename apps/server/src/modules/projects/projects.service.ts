import {
  type CreateProjectInput,
  type ProjectDetail,
  type ProjectListQuery,
  type ProjectPage,
  type ProjectProgressInput,
  projectStages,
  type UpdateProject,
} from "@zonedesk/contracts";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { inOrgSubtree, requirePermission, visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { fieldError } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
// The assignments module's index.ts offers no condition on a project's liaisons; its table is read here.
import { isActiveOn, liaisonAssignments } from "../assignments/assignments.table.js";
import {
  asProjectWriteError,
  assertProjectActive,
  assertProjectNameFree,
  getVisibleProjectRow,
} from "./project-access.js";
import { assertPlannedDatesInOrder } from "./project-stages.js";
import { patchProjectValues, toProjectValues, valuesOf } from "./project-values.js";
import { getProject, toProjects } from "./project-view.js";
import {
  findProjects,
  inProjectYear,
  insertProject,
  insertProjectEvent,
  projectSearch,
  updateProjectRow,
  upsertStageDates,
} from "./projects.queries.js";
import { projects } from "./projects.table.js";

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
    // The figures' rule for the year; signing dates are never after today, so no as-of date is needed here.
    query.year !== undefined ? inProjectYear(query.year) : undefined,
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

/**
 * Creates a key project inside the caller's transaction (used by POST /api/projects and the investment pipeline
 * when a lead is signed). The project starts at 签约 with its signing date as the actual date of that stage; its
 * name must be free among the unit's active projects; writes its history row and audit row with `tx`.
 * Permission checks are the caller's. A concurrent namesake or second signing of the lead surfaces as a unique
 * violation: pass the caller's error through `asProjectWriteError`.
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
  await assertProjectNameFree(tx, { orgUnitId: values.orgUnitId, name: values.name });
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
  const { id } = await db
    .transaction((tx) => createProjectInTx(tx, actor, input))
    .catch((error: unknown) => {
      throw asProjectWriteError(error, input.name.trim());
    });
  return getProject(db, actor, id);
}

/**
 * Edits a project's facts (PATCH): only the fields sent change, an explicit null clears one. A stale version is
 * refused with VERSION_CONFLICT, an archived project with INVALID_STATE. Stage and narrative have their own routes.
 */
export async function updateProject(db: Db, actor: Actor, id: string, input: UpdateProject): Promise<ProjectDetail> {
  requirePermission(actor, "project.write");
  const { version, ...patch } = input;
  let name = patch.name?.trim() ?? "";
  await db
    .transaction(async (tx) => {
      const current = await getVisibleProjectRow(tx, actor, id, true);
      assertVersion(current.version, version, "该项目");
      assertProjectActive(current, "修改");
      const values = await patchProjectValues(tx, actor, current, patch);
      name = values.name;
      const diff = changedFields(
        valuesOf(current) as Record<string, unknown>,
        values as unknown as Record<string, unknown>,
      );
      if (Object.keys(diff.after).length === 0) return;
      if (values.name !== current.name || values.orgUnitId !== current.orgUnitId)
        await assertProjectNameFree(tx, { orgUnitId: values.orgUnitId, name: values.name, exceptId: id });
      assertUpdated(await updateProjectRow(tx, id, version, values), "该项目");
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
    })
    .catch((error: unknown) => {
      throw asProjectWriteError(error, name);
    });
  return getProject(db, actor, id);
}

/**
 * Archives (or restores) a project: it leaves the default lists and the figures but keeps its history. Restoring
 * is refused (`name`) while another active project of the unit has its name.
 */
export async function setProjectStatus(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  status: "active" | "archived",
): Promise<ProjectDetail> {
  requirePermission(actor, "project.write");
  let name = "";
  await db
    .transaction(async (tx) => {
      const current = await getVisibleProjectRow(tx, actor, id, true);
      name = current.name;
      assertVersion(current.version, version, "该项目");
      if (current.status === status) return;
      if (status === "active")
        await assertProjectNameFree(tx, { orgUnitId: current.orgUnitId, name: current.name, exceptId: id });
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
    })
    .catch((error: unknown) => {
      throw asProjectWriteError(error, name);
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
    assertProjectActive(current, "更新进展");
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
