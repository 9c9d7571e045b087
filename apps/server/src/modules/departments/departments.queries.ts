import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { departments } from "./departments.table.js";

export type DepartmentRow = typeof departments.$inferSelect;

export interface FindDepartmentsParams {
  scope: SQL;
  orgUnitId?: string;
  id?: string;
}

export function findDepartments(db: Db, p: FindDepartmentsParams) {
  return db
    .select({
      department: departments,
      orgUnitName: orgUnits.name,
      memberCount: sql<number>`(select count(*)::int from ${users} u where u.department_id = ${departments.id} and not u.is_disabled)`,
    })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
    .where(
      and(
        p.scope,
        p.orgUnitId ? eq(departments.orgUnitId, p.orgUnitId) : undefined,
        p.id ? eq(departments.id, p.id) : undefined,
      ),
    )
    .orderBy(asc(orgUnits.path), asc(departments.isArchived), asc(departments.name));
}

export async function getDepartment(db: Db, id: string, scope: SQL) {
  const [row] = await findDepartments(db, { scope, id });
  return row;
}

export async function insertDepartment(db: Db, values: { orgUnitId: string; name: string }): Promise<DepartmentRow> {
  const [row] = await db.insert(departments).values(values).returning();
  if (!row) throw new Error("insert department returned nothing");
  return row;
}

export function updateDepartmentRow(
  db: Db,
  id: string,
  version: number,
  values: { name: string; isArchived: boolean },
) {
  return db
    .update(departments)
    .set({ ...values, version: sql`${departments.version} + 1`, updatedAt: new Date() })
    .where(and(eq(departments.id, id), eq(departments.version, version)))
    .returning();
}
