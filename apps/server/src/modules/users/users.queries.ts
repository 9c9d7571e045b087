import { and, asc, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { containsPattern } from "../../lib/like.js";
import { departments } from "../departments/departments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "./users.table.js";

export type UserRow = typeof users.$inferSelect;

const userColumns = {
  user: users,
  orgUnitName: orgUnits.name,
  departmentName: departments.name,
  enterpriseName: enterprises.name,
};

function selectUsers(db: Db) {
  return db
    .select(userColumns)
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(enterprises, eq(enterprises.id, users.enterpriseId));
}

export type UserWithNames = Awaited<ReturnType<typeof getUserWithNames>>;

export interface FindUsersParams {
  scope: SQL;
  /** Account name, name or phone (user administration). */
  q?: string;
  /** Name only (the pickers). */
  displayNameLike?: string;
  roles?: string[];
  orgUnitSubtree?: SQL;
  departmentId?: string;
  isDisabled?: boolean;
  limit: number;
  offset: number;
}

function usersWhere(p: Omit<FindUsersParams, "limit" | "offset">): SQL | undefined {
  const any = p.q ? containsPattern(p.q) : null;
  return and(
    p.scope,
    any
      ? sql`(${users.username} ilike ${any} or ${users.displayName} ilike ${any} or ${users.phone} like ${any})`
      : undefined,
    p.displayNameLike ? sql`${users.displayName} ilike ${containsPattern(p.displayNameLike)}` : undefined,
    p.roles && p.roles.length > 0 ? inArray(users.role, p.roles as UserRow["role"][]) : undefined, // validated against roleSchema by the service
    p.orgUnitSubtree,
    p.departmentId ? eq(users.departmentId, p.departmentId) : undefined,
    p.isDisabled === undefined ? undefined : eq(users.isDisabled, p.isDisabled),
  );
}

export async function findUsers(db: Db, p: FindUsersParams) {
  const where = usersWhere(p);
  const [rows, [total]] = await Promise.all([
    selectUsers(db).where(where).orderBy(asc(users.role), asc(users.username)).limit(p.limit).offset(p.offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function getUserWithNames(db: Db, id: string, scope: SQL) {
  const [row] = await selectUsers(db).where(and(eq(users.id, id), scope));
  return row;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error("insert user returned nothing");
  return row;
}

export function updateUserRow(db: Db, id: string, version: number, values: Partial<typeof users.$inferInsert>) {
  return db
    .update(users)
    .set({ ...values, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning();
}
