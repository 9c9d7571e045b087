import type { CreateDepartment, Department, UpdateDepartment } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgScope, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import {
  type DepartmentRow,
  findDepartments,
  getDepartment,
  insertDepartment,
  updateDepartmentRow,
} from "./departments.queries.js";
import { departments } from "./departments.table.js";

function toDepartment(row: { department: DepartmentRow; orgUnitName: string; memberCount: number }): Department {
  const d = row.department;
  return {
    id: d.id,
    orgUnitId: d.orgUnitId,
    orgUnitName: row.orgUnitName,
    name: d.name,
    isArchived: d.isArchived,
    memberCount: row.memberCount,
    version: d.version,
  };
}

const nameTaken = () =>
  new AppError("CONFLICT", "该单位下已有同名部门", {
    details: { issues: [{ path: "name", message: "该单位下已有同名部门" }] },
  });

/** Departments of the org units in the actor's scope. */
export async function listDepartments(db: Db, actor: Actor, orgUnitId?: string): Promise<Department[]> {
  requirePermission(actor, "department.read");
  const rows = await findDepartments(db, { scope: inOrgScope(actor, departments.orgUnitId), orgUnitId });
  return rows.map(toDepartment);
}

/** Adds a department (委局/单位) to an org unit of the actor's scope. */
export async function createDepartment(db: Db, actor: Actor, input: CreateDepartment): Promise<Department> {
  requirePermission(actor, "department.write");
  try {
    return await db.transaction(async (tx) => {
      const unit = await assertOrgUnitInScope(tx, actor, input.orgUnitId);
      const row = await insertDepartment(tx, { orgUnitId: unit.id, name: input.name });
      await writeAudit(tx, actor, {
        action: "department.create",
        entityType: "department",
        entityId: row.id,
        orgUnitId: unit.id,
        summary: `${unit.name} ${row.name}`,
        after: row,
      });
      return toDepartment({ department: row, orgUnitName: unit.name, memberCount: 0 });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Renames or archives a department; stale versions are refused. */
export async function updateDepartment(db: Db, actor: Actor, id: string, input: UpdateDepartment): Promise<Department> {
  requirePermission(actor, "department.write");
  try {
    return await db.transaction(async (tx) => {
      const current = await getDepartment(tx, id, inOrgScope(actor, departments.orgUnitId));
      if (!current) throw notFound("部门", { isAccessRefusal: true });
      assertVersion(current.department.version, input.version, "该部门");
      const values = { name: input.name, isArchived: input.isArchived ?? current.department.isArchived };
      const row = assertUpdated(await updateDepartmentRow(tx, id, input.version, values), "该部门");
      const diff = changedFields({ name: current.department.name, isArchived: current.department.isArchived }, values);
      await writeAudit(tx, actor, {
        action: "department.update",
        entityType: "department",
        entityId: id,
        orgUnitId: row.orgUnitId,
        summary: row.name,
        ...diff,
      });
      return toDepartment({ department: row, orgUnitName: current.orgUnitName, memberCount: current.memberCount });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}
