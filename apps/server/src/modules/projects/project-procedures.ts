import {
  type CreateProcedureType,
  defaultProcedureTypes,
  type ProcedureType,
  type ProjectProcedure,
  procedureStatusLabels,
  type SetProjectProcedure,
  type UpdateProcedureType,
} from "@zonedesk/contracts";
import { and, asc, eq, sql } from "drizzle-orm";
import { appSettings } from "../../db/app-settings.table.js";
import type { Db } from "../../db/client.js";
import { requirePermission, requireSharedListMaintainer } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { assertProjectActive, getVisibleProjectRow } from "./project-access.js";
import { insertProjectEvent } from "./projects.queries.js";
import { procedureTypes, projectProcedures } from "./projects.table.js";

type ProcedureTypeRow = typeof procedureTypes.$inferSelect;
type ProjectProcedureRow = typeof projectProcedures.$inferSelect;

// ── The managed checklist (前期手续类型) ─────────────────────────────────────

/** Names of the default procedures already offered once; one an admin renamed or archived is not brought back. */
const seededProceduresKey = "reference_data.procedure_types";

/** Inserts the default procedures once each (idempotent; runs at every start with the reference data). */
export async function seedProcedureTypes(db: Db): Promise<void> {
  const [marker] = await db.select().from(appSettings).where(eq(appSettings.key, seededProceduresKey));
  const offered = new Set(Array.isArray(marker?.value) ? marker.value.filter((v) => typeof v === "string") : []);
  const pending = defaultProcedureTypes
    .map((name, index) => ({ name, sortOrder: (index + 1) * 10 }))
    .filter((p) => !offered.has(p.name));
  if (pending.length === 0) return;
  await db.insert(procedureTypes).values(pending).onConflictDoNothing({ target: procedureTypes.name });
  const names = [...offered, ...pending.map((p) => p.name)];
  await db
    .insert(appSettings)
    .values({ key: seededProceduresKey, value: names })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: names, updatedAt: new Date() } });
}

function toProcedureType(row: ProcedureTypeRow): ProcedureType {
  return { id: row.id, name: row.name, sortOrder: row.sortOrder, isArchived: row.isArchived, version: row.version };
}

const procedureNameTaken = (name: string) =>
  new AppError("CONFLICT", `前期手续“${name}”已存在`, {
    details: { issues: [{ path: "name", message: "手续名称已存在" }] },
  });

/** The checklist in its order; archived entries only on request. */
export async function listProcedureTypes(db: Db, actor: Actor, includeArchived = false): Promise<ProcedureType[]> {
  requirePermission(actor, "project.read");
  const rows = await db
    .select()
    .from(procedureTypes)
    .where(includeArchived ? undefined : eq(procedureTypes.isArchived, false))
    .orderBy(asc(procedureTypes.sortOrder), asc(procedureTypes.name));
  return rows.map(toProcedureType);
}

export async function createProcedureType(db: Db, actor: Actor, input: CreateProcedureType): Promise<ProcedureType> {
  requireSharedListMaintainer(actor, "procedure_type.write");
  try {
    return await db.transaction(async (tx) => {
      const [last] = await tx
        .select({ max: sql<number>`coalesce(max(${procedureTypes.sortOrder}), 0)::int` })
        .from(procedureTypes);
      const [row] = await tx
        .insert(procedureTypes)
        .values({ name: input.name, sortOrder: input.sortOrder ?? (last?.max ?? 0) + 10 })
        .returning();
      if (!row) throw new Error("insert procedure type returned nothing");
      await writeAudit(tx, actor, {
        action: "procedure_type.create",
        entityType: "procedure_type",
        entityId: row.id,
        orgUnitId: actor.orgUnitId,
        summary: row.name,
        after: row,
      });
      return toProcedureType(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw procedureNameTaken(input.name);
    throw error;
  }
}

/** Renames, reorders or archives a procedure (an archived one keeps its project rows but is no longer listed). */
export async function updateProcedureType(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateProcedureType,
): Promise<ProcedureType> {
  requireSharedListMaintainer(actor, "procedure_type.write");
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx.select().from(procedureTypes).where(eq(procedureTypes.id, id));
      if (!current) throw notFound("前期手续");
      assertVersion(current.version, input.version, "该手续");
      const values = {
        name: input.name,
        sortOrder: input.sortOrder ?? current.sortOrder,
        isArchived: input.isArchived ?? current.isArchived,
      };
      const row = assertUpdated(
        await tx
          .update(procedureTypes)
          .set({ ...values, version: sql`${procedureTypes.version} + 1` })
          .where(and(eq(procedureTypes.id, id), eq(procedureTypes.version, input.version)))
          .returning(),
        "该手续",
      );
      await writeAudit(tx, actor, {
        action: "procedure_type.update",
        entityType: "procedure_type",
        entityId: id,
        orgUnitId: actor.orgUnitId,
        summary: row.name,
        ...changedFields({ name: current.name, sortOrder: current.sortOrder, isArchived: current.isArchived }, values),
      });
      return toProcedureType(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw procedureNameTaken(input.name);
    throw error;
  }
}

// ── A project's checklist ────────────────────────────────────────────────────

function toProjectProcedure(type: ProcedureTypeRow, row: ProjectProcedureRow | null): ProjectProcedure {
  return {
    procedureTypeId: type.id,
    name: type.name,
    sortOrder: type.sortOrder,
    status: row?.status ?? "not_started",
    plannedOn: row?.plannedOn ?? null,
    startedOn: row?.startedOn ?? null,
    completedOn: row?.completedOn ?? null,
    agencyService: row?.agencyService ?? false,
    handler: row?.handler ?? null,
    note: row?.note ?? null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/**
 * Every active procedure with the project's row (or 未开始 when it has none), plus archived procedures the
 * project already has a row for. Callers check visibility.
 */
export async function listProjectProcedures(db: Db, projectId: string): Promise<ProjectProcedure[]> {
  const rows = await db
    .select({ type: procedureTypes, row: projectProcedures })
    .from(procedureTypes)
    .leftJoin(
      projectProcedures,
      and(eq(projectProcedures.procedureTypeId, procedureTypes.id), eq(projectProcedures.projectId, projectId)),
    )
    .where(sql`(${procedureTypes.isArchived} = false or ${projectProcedures.projectId} is not null)`)
    .orderBy(asc(procedureTypes.sortOrder), asc(procedureTypes.name));
  return rows.map((r) => toProjectProcedure(r.type, r.row));
}

/** GET /api/projects/:id/procedures: the project must be visible to the actor. */
export async function getProjectProcedures(db: Db, actor: Actor, projectId: string): Promise<ProjectProcedure[]> {
  requirePermission(actor, "project.read");
  await getVisibleProjectRow(db, actor, projectId);
  return listProjectProcedures(db, projectId);
}

/** Checks the dates of a procedure against its status; errors name the field. */
function assertProcedureDates(input: SetProjectProcedure): void {
  const today = todayInBeijing();
  if (input.status === "done" && !input.completedOn) throw fieldError("completedOn", "已办结的手续须填写办结日期");
  if (input.status !== "done" && input.completedOn)
    throw fieldError("completedOn", `状态为“${procedureStatusLabels[input.status]}”时不应填写办结日期`);
  if (input.startedOn && input.startedOn > today) throw fieldError("startedOn", "开始办理日期不能晚于今天");
  if (input.completedOn && input.completedOn > today) throw fieldError("completedOn", "办结日期不能晚于今天");
  if (input.startedOn && input.completedOn && input.completedOn < input.startedOn)
    throw fieldError("completedOn", "办结日期不能早于开始办理日期");
}

/** Sets one procedure of a project (assigned leader/cadre or admin); history and audit in the same transaction. */
export async function setProjectProcedure(
  db: Db,
  actor: Actor,
  projectId: string,
  typeId: string,
  input: SetProjectProcedure,
): Promise<ProjectProcedure> {
  requirePermission(actor, "project.progress");
  assertProcedureDates(input);
  await db.transaction(async (tx) => {
    const project = await getVisibleProjectRow(tx, actor, projectId, true);
    assertProjectActive(project, "更新前期手续");
    const [type] = await tx.select().from(procedureTypes).where(eq(procedureTypes.id, typeId));
    if (!type) throw notFound("前期手续");
    const [current] = await tx
      .select()
      .from(projectProcedures)
      .where(and(eq(projectProcedures.projectId, projectId), eq(projectProcedures.procedureTypeId, typeId)));
    if (!current && type.isArchived) throw fieldError("procedureTypeId", `前期手续“${type.name}”已停用`);
    if (input.version !== undefined) assertVersion(current?.version ?? 0, input.version, "该手续");
    const values = {
      status: input.status,
      plannedOn: input.plannedOn ?? null,
      startedOn: input.startedOn ?? null,
      completedOn: input.completedOn ?? null,
      agencyService: input.agencyService ?? current?.agencyService ?? false,
      handler: input.handler || null,
      note: input.note || null,
    };
    if (current) {
      assertUpdated(
        await tx
          .update(projectProcedures)
          .set({ ...values, version: sql`${projectProcedures.version} + 1`, updatedAt: new Date() })
          .where(
            and(
              eq(projectProcedures.projectId, projectId),
              eq(projectProcedures.procedureTypeId, typeId),
              eq(projectProcedures.version, current.version),
            ),
          )
          .returning(),
        "该手续",
      );
    } else {
      // The project row is locked, so two first writes of one procedure cannot both insert.
      await tx.insert(projectProcedures).values({ projectId, procedureTypeId: typeId, ...values });
    }
    const before = current
      ? {
          status: current.status,
          plannedOn: current.plannedOn,
          startedOn: current.startedOn,
          completedOn: current.completedOn,
          agencyService: current.agencyService,
          handler: current.handler,
          note: current.note,
        }
      : {};
    const diff = changedFields(before as Record<string, unknown>, values);
    await insertProjectEvent(tx, {
      projectId,
      action: "procedure_updated",
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: `${type.name}：${procedureStatusLabels[input.status]}`,
      data: { procedureTypeId: typeId, name: type.name, ...diff },
    });
    await writeAudit(tx, actor, {
      action: "project.procedure_update",
      entityType: "project",
      entityId: projectId,
      orgUnitId: project.orgUnitId,
      summary: `${project.name}：${type.name}（${procedureStatusLabels[input.status]}）`,
      ...diff,
    });
  });
  const list = await listProjectProcedures(db, projectId);
  const result = list.find((p) => p.procedureTypeId === typeId);
  if (!result) throw notFound("前期手续");
  return result;
}
