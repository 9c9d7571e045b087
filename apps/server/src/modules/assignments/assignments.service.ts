import type {
  Assignment,
  AssignmentListQuery,
  BulkAssignment,
  CreateAssignment,
  EndAssignment,
  LiaisonRole,
  Page,
} from "@zonedesk/contracts";
import { liaisonRoleLabels } from "@zonedesk/contracts";
import { and, eq, inArray, isNotNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  assertEnterpriseVisible,
  inOrgScope,
  requirePermission,
  visibleEnterprises,
  visibleProjects,
} from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit, writeAuditMany } from "../../lib/audit.js";
import { AppError, fieldError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import {
  type AssignmentWithNames,
  activeDuplicates,
  activeProjectDuplicates,
  endAssignmentRow,
  findAssignments,
  getAssignment,
  insertAssignments,
  isActiveAssignment,
} from "./assignments.queries.js";
import { liaisonAssignments } from "./assignments.table.js";

export function toAssignment(row: AssignmentWithNames): Assignment {
  const a = row.assignment;
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    enterpriseName: row.enterpriseName,
    creditCode: row.creditCode,
    projectId: a.projectId,
    projectName: row.projectName,
    orgUnitId: a.orgUnitId,
    userId: a.userId,
    userDisplayName: row.userDisplayName,
    userRole: row.userRole,
    role: a.role,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    isActive: row.isActive,
    note: a.note,
    createdAt: a.createdAt.toISOString(),
  };
}

/**
 * Assignments are visible with their enterprise or project; leaders and cadres see those of their own
 * enterprises and projects.
 */
const visibleAssignments = (actor: Actor): SQL =>
  or(
    and(isNotNull(liaisonAssignments.enterpriseId), visibleEnterprises(actor)),
    and(isNotNull(liaisonAssignments.projectId), visibleProjects(actor)),
  ) as SQL;

/** Only the enterprise assignments (the lists that predate project assignments keep showing only these). */
const ofEnterprises = isNotNull(liaisonAssignments.enterpriseId);

/**
 * Enterprises among `enterpriseIds` outside the person's own org-unit subtree: an assignment there would
 * give the person nothing to see, so it is refused.
 */
async function outsidePersonsSubtree(db: Db, userOrgUnitId: string, enterpriseIds: string[]): Promise<string[]> {
  if (enterpriseIds.length === 0) return [];
  const rows = await db
    .select({ name: enterprises.name })
    .from(enterprises)
    .where(
      and(
        inArray(enterprises.id, enterpriseIds),
        sql`${enterprises.orgUnitId} not in (select d.id from org_units d join org_units r on d.path like r.path || '%' where r.id = ${userOrgUnitId})`,
      ),
    );
  return rows.map((r) => r.name);
}

/**
 * The partial unique indexes on active assignments refuse the twin of a request sent at the same moment
 * (both passed the duplicate check): it gets the same 409 as the check.
 */
async function refusingTwin<T>(insert: Promise<T>, message: () => string): Promise<T> {
  try {
    return await insert;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", message());
    throw error;
  }
}

function outsideError(path: string, person: string, names: string[]): AppError {
  return fieldError(
    path,
    `${names.slice(0, 3).join("、")}${names.length > 3 ? `等${names.length}家企业` : ""}不在${person}所属单位的范围内，包联后其无法查看`,
  );
}

/** Only leaders and cadres of the actor's scope can be assigned; a 分包领导 must be a leader. */
export async function assertAssignable(db: Db, actor: Actor, userId: string, role: LiaisonRole) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), inOrgScope(actor, users.orgUnitId)));
  if (!user) throw fieldError("userId", "所选人员不存在或不在您的管理范围内");
  if (user.isDisabled) throw fieldError("userId", `${user.displayName}的账号已停用，不能包联`);
  if (user.role !== "leader" && user.role !== "cadre")
    throw fieldError("userId", `${user.displayName}不是包联领导或助企干部`);
  if (role === "lead_leader" && user.role !== "leader")
    throw fieldError("role", `分包领导须由包联领导担任，${user.displayName}是助企干部`);
  return user;
}

export async function listAssignments(db: Db, actor: Actor, query: AssignmentListQuery): Promise<Page<Assignment>> {
  requirePermission(actor, "assignment.read");
  const where = and(
    visibleAssignments(actor),
    query.projectId ? eq(liaisonAssignments.projectId, query.projectId) : ofEnterprises,
    query.enterpriseId ? eq(liaisonAssignments.enterpriseId, query.enterpriseId) : undefined,
    query.userId ? eq(liaisonAssignments.userId, query.userId) : undefined,
    query.role ? eq(liaisonAssignments.role, query.role) : undefined,
    query.active === "true"
      ? isActiveAssignment
      : query.active === "false"
        ? sql`not ${isActiveAssignment}`
        : undefined,
  );
  const { rows, total } = await findAssignments(db, {
    where,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { data: rows.map(toAssignment), total, page: query.page, pageSize: query.pageSize };
}

/** Every assignment of one enterprise, current and ended (its 包联 history). */
export async function listAssignmentsOfEnterprise(db: Db, actor: Actor, enterpriseId: string): Promise<Assignment[]> {
  requirePermission(actor, "enterprise.read");
  await assertEnterpriseVisible(db, actor, enterpriseId);
  const { rows } = await findAssignments(db, {
    where: eq(liaisonAssignments.enterpriseId, enterpriseId),
    limit: 500,
    offset: 0,
  });
  return rows.map(toAssignment);
}

/** The actor's own active assignments ("my enterprises"). */
export async function listMyAssignments(db: Db, actor: Actor): Promise<Assignment[]> {
  requirePermission(actor, "assignment.read");
  const { rows } = await findAssignments(db, {
    where: and(
      eq(liaisonAssignments.userId, actor.userId),
      isActiveAssignment,
      ofEnterprises,
      visibleAssignments(actor),
    ),
    limit: 1000,
    offset: 0,
  });
  return rows.map(toAssignment);
}

/**
 * Assigns one person to one enterprise (or, with `projectId`, one key project) in a role; the same active
 * assignment twice is refused.
 */
export async function createAssignment(db: Db, actor: Actor, input: CreateAssignment): Promise<Assignment> {
  requirePermission(actor, "assignment.write");
  if (input.projectId) return createProjectAssignment(db, actor, { ...input, projectId: input.projectId });
  const enterpriseId = input.enterpriseId;
  if (!enterpriseId) throw fieldError("enterpriseId", "请选择企业");
  const id = await db.transaction(async (tx) => {
    const [enterprise] = await tx
      .select()
      .from(enterprises)
      .where(and(eq(enterprises.id, enterpriseId), visibleEnterprises(actor)));
    if (!enterprise) throw fieldError("enterpriseId", "所选企业不存在或不在您的管理范围内");
    if (enterprise.status !== "active") throw fieldError("enterpriseId", "该企业已归档，不能新建包联");
    const user = await assertAssignable(tx, actor, input.userId, input.role);
    const outside = await outsidePersonsSubtree(tx, user.orgUnitId, [enterprise.id]);
    if (outside.length > 0) throw outsideError("userId", user.displayName, outside);
    const duplicates = await activeDuplicates(tx, {
      userId: user.id,
      role: input.role,
      enterpriseIds: [enterprise.id],
    });
    if (duplicates.size > 0) {
      throw new AppError("CONFLICT", `${user.displayName}已是该企业的${liaisonRoleLabels[input.role]}`);
    }
    const [row] = await refusingTwin(
      insertAssignments(tx, [
        {
          orgUnitId: enterprise.orgUnitId,
          enterpriseId: enterprise.id,
          userId: user.id,
          role: input.role,
          startsOn: input.startsOn ?? todayInBeijing(),
          note: input.note ?? null,
          createdBy: actor.userId,
        },
      ]),
      () => `${user.displayName}已是该企业的${liaisonRoleLabels[input.role]}`,
    );
    if (!row) throw new Error("insert assignment returned nothing");
    await writeAudit(tx, actor, {
      action: "assignment.create",
      entityType: "assignment",
      entityId: row.id,
      orgUnitId: row.orgUnitId,
      summary: `${enterprise.name} ← ${user.displayName}（${liaisonRoleLabels[input.role]}）`,
      after: row,
    });
    return row.id;
  });
  const row = await getAssignment(db, id, visibleAssignments(actor));
  if (!row) throw notFound("包联");
  return toAssignment(row);
}

/** Assigns one person to many enterprises; enterprises already assigned to them in that role are skipped. */
export async function bulkAssign(
  db: Db,
  actor: Actor,
  input: BulkAssignment,
): Promise<{ created: number; skipped: number }> {
  requirePermission(actor, "assignment.write");
  return db.transaction(async (tx) => {
    const user = await assertAssignable(tx, actor, input.userId, input.role);
    const ids = [...new Set(input.enterpriseIds)];
    const found = await tx
      .select()
      .from(enterprises)
      .where(and(inArray(enterprises.id, ids), visibleEnterprises(actor), eq(enterprises.status, "active")));
    if (found.length !== ids.length)
      throw fieldError(
        "enterpriseIds",
        `有 ${ids.length - found.length} 家企业不存在、已归档或不在您的管理范围内，未做任何包联`,
      );
    const outside = await outsidePersonsSubtree(tx, user.orgUnitId, ids);
    if (outside.length > 0) throw outsideError("enterpriseIds", user.displayName, outside);
    const duplicates = await activeDuplicates(tx, { userId: user.id, role: input.role, enterpriseIds: ids });
    const startsOn = input.startsOn ?? todayInBeijing();
    const rows = await refusingTwin(
      insertAssignments(
        tx,
        found
          .filter((e) => !duplicates.has(e.id))
          .map((e) => ({
            orgUnitId: e.orgUnitId,
            enterpriseId: e.id,
            userId: user.id,
            role: input.role,
            startsOn,
            createdBy: actor.userId,
          })),
      ),
      () =>
        `${user.displayName}刚被同时包联了其中部分企业（${liaisonRoleLabels[input.role]}），本次未做任何包联，请重试`,
    );
    const names = new Map(found.map((e) => [e.id, e.name]));
    await writeAuditMany(
      tx,
      actor,
      rows.map((r) => ({
        action: "assignment.create",
        entityType: "assignment",
        entityId: r.id,
        orgUnitId: r.orgUnitId,
        summary: `${names.get(r.enterpriseId ?? "") ?? ""} ← ${user.displayName}（${liaisonRoleLabels[input.role]}，批量）`,
        after: r,
      })),
    );
    return { created: rows.length, skipped: duplicates.size };
  });
}

/** Ends an active assignment on a date (default today); the row stays as history. */
export async function endAssignment(db: Db, actor: Actor, id: string, input: EndAssignment): Promise<Assignment> {
  requirePermission(actor, "assignment.write");
  await db.transaction(async (tx) => {
    const current = await getAssignment(tx, id, visibleAssignments(actor));
    if (!current) throw notFound("包联", { isAccessRefusal: true });
    if (!current.isActive) throw new AppError("CONFLICT", "该包联已结束");
    const endsOn = input.endsOn ?? todayInBeijing();
    if (endsOn < current.assignment.startsOn)
      throw fieldError("endsOn", `结束日期不能早于开始日期 ${current.assignment.startsOn}`);
    const [row] = await endAssignmentRow(tx, id, endsOn, input.note ?? null);
    if (!row) throw new AppError("CONFLICT", "该包联已结束");
    await writeAudit(tx, actor, {
      action: "assignment.end",
      entityType: "assignment",
      entityId: id,
      orgUnitId: row.orgUnitId,
      summary: `${current.enterpriseName ?? current.projectName ?? ""} ← ${current.userDisplayName}（${liaisonRoleLabels[row.role]}）结束于 ${endsOn}`,
      before: { endsOn: null },
      after: { endsOn },
    });
  });
  const row = await getAssignment(db, id, visibleAssignments(actor));
  if (!row) throw notFound("包联");
  return toAssignment(row);
}

/**
 * Ends a person's active assignments that no longer hold: all of them when the account is disabled or is no
 * longer a leader or cadre, else those of enterprises outside the person's (new) org-unit subtree.
 * Called in the transaction that changes the user; each ended assignment is audited.
 */
export async function endAssignmentsThatNoLongerHold(
  db: Db,
  actor: Actor,
  user: { id: string; displayName: string; role: string; isDisabled: boolean; orgUnitId: string },
): Promise<number> {
  const endsAll = user.isDisabled || (user.role !== "leader" && user.role !== "cadre");
  // Each kind is tested on its own: `null not in (empty set)` is true, so an OR of two NOT IN would end every
  // enterprise assignment of a person moved to a unit without projects (and the mirror).
  const outsideScope = sql`((${liaisonAssignments.enterpriseId} is not null and not exists (select 1 from ${enterprises} e
      join org_units u on u.id = e.org_unit_id join org_units r on u.path like r.path || '%'
      where r.id = ${user.orgUnitId} and e.id = ${liaisonAssignments.enterpriseId}))
    or (${liaisonAssignments.projectId} is not null and not exists (select 1 from ${projects} p
      join org_units u on u.id = p.org_unit_id join org_units r on u.path like r.path || '%'
      where r.id = ${user.orgUnitId} and p.id = ${liaisonAssignments.projectId})))`;
  const ended = await db
    .update(liaisonAssignments)
    .set({ endsOn: todayInBeijing(), endedAt: new Date() })
    .where(and(eq(liaisonAssignments.userId, user.id), isActiveAssignment, endsAll ? undefined : outsideScope))
    .returning();
  await writeAuditMany(
    db,
    actor,
    ended.map((row) => ({
      action: "assignment.end",
      entityType: "assignment",
      entityId: row.id,
      orgUnitId: row.orgUnitId,
      summary: `${user.displayName}（${liaisonRoleLabels[row.role]}）因账号停用、角色或所属单位变更，包联自动结束`,
      before: { endsOn: null },
      after: { endsOn: row.endsOn },
    })),
  );
  return ended.length;
}

/** The key project's org unit lies in the person's own subtree (else the assignment would show them nothing). */
async function isProjectInPersonsSubtree(db: Db, userOrgUnitId: string, projectId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(
      and(
        eq(projects.id, projectId),
        sql`${projects.orgUnitId} in (select d.id from org_units d join org_units r on d.path like r.path || '%' where r.id = ${userOrgUnitId})`,
      ),
    );
  return row !== undefined;
}

/**
 * Assigns a person to a key project inside the caller's transaction, with the same rules as for enterprises:
 * an active leader or cadre of the actor's scope, the project in the person's subtree, no duplicate.
 * Used by POST /api/assignments with projectId and by the project import (分包领导 column).
 */
export async function assignToProjectInTx(
  tx: Db,
  actor: Actor,
  input: { projectId: string; userId: string; role: LiaisonRole; startsOn?: string; note?: string | null },
): Promise<string> {
  const [project] = await tx
    .select()
    .from(projects)
    .where(and(eq(projects.id, input.projectId), visibleProjects(actor)));
  if (!project) throw fieldError("projectId", "所选项目不存在或不在您的管理范围内");
  if (project.status !== "active") throw fieldError("projectId", "该项目已归档，不能新建包联");
  const user = await assertAssignable(tx, actor, input.userId, input.role);
  if (!(await isProjectInPersonsSubtree(tx, user.orgUnitId, project.id))) {
    throw fieldError("userId", `${project.name}不在${user.displayName}所属单位的范围内，包联后其无法查看`);
  }
  const duplicates = await activeProjectDuplicates(tx, {
    userId: user.id,
    role: input.role,
    projectIds: [project.id],
  });
  if (duplicates.size > 0) {
    throw new AppError("CONFLICT", `${user.displayName}已是该项目的${liaisonRoleLabels[input.role]}`);
  }
  const [row] = await refusingTwin(
    insertAssignments(tx, [
      {
        orgUnitId: project.orgUnitId,
        projectId: project.id,
        userId: user.id,
        role: input.role,
        startsOn: input.startsOn ?? todayInBeijing(),
        note: input.note ?? null,
        createdBy: actor.userId,
      },
    ]),
    () => `${user.displayName}已是该项目的${liaisonRoleLabels[input.role]}`,
  );
  if (!row) throw new Error("insert assignment returned nothing");
  await writeAudit(tx, actor, {
    action: "assignment.create",
    entityType: "assignment",
    entityId: row.id,
    orgUnitId: row.orgUnitId,
    summary: `${project.name}（项目） ← ${user.displayName}（${liaisonRoleLabels[input.role]}）`,
    after: row,
  });
  return row.id;
}

async function createProjectAssignment(
  db: Db,
  actor: Actor,
  input: CreateAssignment & { projectId: string },
): Promise<Assignment> {
  const id = await db.transaction((tx) =>
    assignToProjectInTx(tx, actor, {
      projectId: input.projectId,
      userId: input.userId,
      role: input.role,
      startsOn: input.startsOn,
      note: input.note,
    }),
  );
  const row = await getAssignment(db, id, visibleAssignments(actor));
  if (!row) throw notFound("包联");
  return toAssignment(row);
}
