import type { CreateUser, Page, ResetPassword, Role, UpdateUser, User, UserListQuery } from "@zonedesk/contracts";
import { roles } from "@zonedesk/contracts";
import { and, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  assertEnterpriseVisible,
  assertOrgUnitInScope,
  inOrgScope,
  inOrgSubtree,
  requirePermission,
} from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { isoOrNull } from "../../lib/route-helpers.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { endAssignmentsThatNoLongerHold } from "../assignments/index.js";
import { assertStrongPassword, endSessionsOfUser, hashPassword } from "../auth/index.js";
import { departments } from "../departments/departments.table.js";
import { findUsers, getUserWithNames, insertUser, type UserWithNames, updateUserRow } from "./users.queries.js";
import { users } from "./users.table.js";

function toUser(row: NonNullable<UserWithNames>): User {
  const u = row.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: u.phone,
    role: u.role,
    orgUnitId: u.orgUnitId,
    orgUnitName: row.orgUnitName,
    departmentId: u.departmentId,
    departmentName: row.departmentName,
    enterpriseId: u.enterpriseId,
    enterpriseName: row.enterpriseName,
    isDisabled: u.isDisabled,
    mustChangePassword: u.mustChangePassword,
    lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
    lastSignInAt: isoOrNull(u.lastSignInAt),
    createdAt: u.createdAt.toISOString(),
    version: u.version,
  };
}

/** What an audit row shows of a user: never the password hash. */
function auditView(u: typeof users.$inferSelect) {
  return {
    username: u.username,
    displayName: u.displayName,
    phone: u.phone,
    role: u.role,
    orgUnitId: u.orgUnitId,
    departmentId: u.departmentId,
    enterpriseId: u.enterpriseId,
    isDisabled: u.isDisabled,
  };
}

const userScope = (actor: Actor): SQL => inOrgScope(actor, users.orgUnitId);

/**
 * Checks the role's link: a department user needs a department, an enterprise user an enterprise;
 * a leader or cadre may belong to a department (a 委局负责人 serving as liaison).
 */
async function resolveLinks(
  db: Db,
  actor: Actor,
  input: { role: Role; orgUnitId: string; departmentId?: string | null; enterpriseId?: string | null },
) {
  await assertOrgUnitInScope(db, actor, input.orgUnitId);
  let departmentId: string | null = null;
  let enterpriseId: string | null = null;
  const mayHaveDepartment = input.role === "department" || input.role === "leader" || input.role === "cadre";
  if (input.role === "department" && !input.departmentId)
    throw fieldError("departmentId", "委局/单位用户须选择所属部门");
  if (mayHaveDepartment && input.departmentId) {
    const [dept] = await db
      .select()
      .from(departments)
      .where(and(eq(departments.id, input.departmentId), inOrgScope(actor, departments.orgUnitId)));
    if (!dept) throw fieldError("departmentId", "所选部门不存在或不在您的管理范围内");
    departmentId = dept.id;
  }
  if (input.role === "enterprise") {
    if (!input.enterpriseId) throw fieldError("enterpriseId", "企业用户须选择所属企业");
    await assertEnterpriseVisible(db, actor, input.enterpriseId).catch(() => {
      throw fieldError("enterpriseId", "所选企业不存在或不在您的管理范围内");
    });
    enterpriseId = input.enterpriseId;
  }
  return { departmentId, enterpriseId };
}

/** Users of the actor's subtree, filtered and paged. */
export async function listUsers(db: Db, actor: Actor, query: UserListQuery): Promise<Page<User>> {
  requirePermission(actor, "user.read");
  const roleFilter = query.role?.filter((r): r is Role => (roles as readonly string[]).includes(r));
  const { rows, total } = await findUsers(db, {
    scope: userScope(actor),
    q: query.q,
    roles: roleFilter,
    orgUnitSubtree: query.orgUnitId ? inOrgSubtree(users.orgUnitId, query.orgUnitId) : undefined,
    departmentId: query.departmentId,
    isDisabled: query.isDisabled === undefined ? undefined : query.isDisabled === "true",
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { data: rows.map(toUser), total, page: query.page, pageSize: query.pageSize };
}

/** The roles a picker offers: the people named on records (liaisons, participants, chairs, owners). */
const pickableRoles: readonly Role[] = ["leader", "cadre", "admin"];

/**
 * People to name on a record (user.pick): active leaders, cadres or administrators of the actor's scope, found by
 * name, with name, role and unit only; account names and phone numbers stay with user administration.
 */
export async function listUserOptions(db: Db, actor: Actor, q: string | undefined, roleList: string[] | undefined) {
  requirePermission(actor, "user.pick");
  const asked = (roleList ?? []).filter((r): r is Role => pickableRoles.includes(r as Role));
  const { rows } = await findUsers(db, {
    scope: userScope(actor),
    displayNameLike: q,
    roles: asked.length > 0 ? asked : ["leader", "cadre"],
    isDisabled: false,
    limit: 50,
    offset: 0,
  });
  return rows.map((r) => ({
    id: r.user.id,
    displayName: r.user.displayName,
    role: r.user.role,
    orgUnitName: r.orgUnitName,
  }));
}

export async function getUser(db: Db, actor: Actor, id: string): Promise<User> {
  requirePermission(actor, "user.read");
  const row = await getUserWithNames(db, id, userScope(actor));
  if (!row) throw notFound("用户", { isAccessRefusal: true });
  return toUser(row);
}

/** Creates a user in the actor's subtree; the initial password must be changed at first sign-in. */
export async function createUser(db: Db, actor: Actor, input: CreateUser): Promise<User> {
  requirePermission(actor, "user.write");
  assertStrongPassword(input.password, input.username, "password");
  const passwordHash = await hashPassword(input.password);
  try {
    const id = await db.transaction(async (tx) => {
      const links = await resolveLinks(tx, actor, input);
      const row = await insertUser(tx, {
        username: input.username,
        displayName: input.displayName,
        phone: input.phone ?? null,
        role: input.role,
        orgUnitId: input.orgUnitId,
        ...links,
        passwordHash,
        mustChangePassword: true,
      });
      await writeAudit(tx, actor, {
        action: "user.create",
        entityType: "user",
        entityId: row.id,
        orgUnitId: row.orgUnitId,
        summary: `${row.displayName}（${row.username}）`,
        after: auditView(row),
      });
      return row.id;
    });
    return getUser(db, actor, id);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("USERNAME_TAKEN", `用户名“${input.username}”已被使用`, {
        details: { issues: [{ path: "username", message: "用户名已被使用" }] },
      });
    }
    throw error;
  }
}

/** Edits role, scope, links or status; a change of role or scope, or disabling, ends the user's sessions at once. */
export async function updateUser(db: Db, actor: Actor, id: string, input: UpdateUser): Promise<User> {
  requirePermission(actor, "user.write");
  await db.transaction(async (tx) => {
    const current = await getUserWithNames(tx, id, userScope(actor));
    if (!current) throw notFound("用户", { isAccessRefusal: true });
    assertVersion(current.user.version, input.version, "该用户");
    if (
      id === actor.userId &&
      (input.isDisabled || input.role !== current.user.role || input.orgUnitId !== current.user.orgUnitId)
    ) {
      throw new AppError("VALIDATION_FAILED", "不能停用自己或修改自己的角色和范围，请由其他管理员操作");
    }
    const links = await resolveLinks(tx, actor, input);
    const values = {
      displayName: input.displayName,
      phone: input.phone ?? null,
      role: input.role,
      orgUnitId: input.orgUnitId,
      ...links,
      isDisabled: input.isDisabled,
    };
    const row = assertUpdated(await updateUserRow(tx, id, input.version, values), "该用户");
    const before = auditView(current.user);
    const after = auditView(row);
    const diff = changedFields(before, after);
    if (
      before.isDisabled !== after.isDisabled ||
      before.role !== after.role ||
      before.orgUnitId !== after.orgUnitId ||
      before.departmentId !== after.departmentId ||
      before.enterpriseId !== after.enterpriseId
    ) {
      await endSessionsOfUser(tx, id);
      await endAssignmentsThatNoLongerHold(tx, actor, row);
    }
    await writeAudit(tx, actor, {
      action: "user.update",
      entityType: "user",
      entityId: id,
      orgUnitId: row.orgUnitId,
      summary: `${row.displayName}（${row.username}）`,
      ...diff,
    });
  });
  return getUser(db, actor, id);
}

/** Sets a new password that the user must change at next sign-in; unlocks and signs the user out everywhere. */
export async function resetPassword(db: Db, actor: Actor, id: string, input: ResetPassword): Promise<User> {
  requirePermission(actor, "user.write");
  const current = await getUserWithNames(db, id, userScope(actor));
  if (!current) throw notFound("用户", { isAccessRefusal: true });
  assertStrongPassword(input.newPassword, current.user.username, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    assertUpdated(
      await updateUserRow(tx, id, current.user.version, {
        passwordHash,
        passwordChangedAt: new Date(),
        mustChangePassword: true,
        failedSignIns: 0,
        lockedUntil: null,
      }),
      "该用户",
    );
    await endSessionsOfUser(tx, id);
    await writeAudit(tx, actor, {
      action: "user.reset_password",
      entityType: "user",
      entityId: id,
      orgUnitId: current.user.orgUnitId,
      summary: `${current.user.displayName}（${current.user.username}）`,
    });
  });
  return getUser(db, actor, id);
}
