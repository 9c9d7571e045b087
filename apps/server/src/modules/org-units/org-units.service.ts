import type { CreateOrgUnit, OrgUnit, UpdateOrgUnit } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { fieldError, notFound } from "../../lib/errors.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import {
  findOrgUnitsUnder,
  getOrgUnitUnder,
  insertOrgUnit,
  type OrgUnitRow,
  updateOrgUnitRow,
} from "./org-units.queries.js";
import { orgUnits } from "./org-units.table.js";

const kindOrder = ["province", "city", "county", "zone", "park"] as const;

function toOrgUnit(row: OrgUnitRow): OrgUnit {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    kind: row.kind,
    divisionCode: row.divisionCode,
    path: row.path,
    version: row.version,
  };
}

/** The org units the actor may see: the subtree of their own unit. */
export async function listOrgUnits(db: Db, actor: Actor): Promise<OrgUnit[]> {
  requirePermission(actor, "org_unit.read");
  return (await findOrgUnitsUnder(db, actor.orgUnitPath)).map(toOrgUnit);
}

/** Adds a child unit under a unit in the actor's subtree; a child is never of a higher level than its parent. */
export async function createOrgUnit(db: Db, actor: Actor, input: CreateOrgUnit): Promise<OrgUnit> {
  requirePermission(actor, "org_unit.write");
  return db.transaction(async (tx) => {
    const parent = await getOrgUnitUnder(tx, input.parentId, actor.orgUnitPath);
    if (!parent) throw notFound("上级单位", { isAccessRefusal: true });
    if (kindOrder.indexOf(input.kind) < kindOrder.indexOf(parent.kind)) {
      throw fieldError("kind", "下级单位的层级不能高于上级单位");
    }
    const row = await insertOrgUnit(tx, {
      parent,
      name: input.name,
      kind: input.kind,
      divisionCode: input.divisionCode ?? null,
    });
    await writeAudit(tx, actor, {
      action: "org_unit.create",
      entityType: "org_unit",
      entityId: row.id,
      orgUnitId: row.id,
      summary: row.name,
      after: toOrgUnit(row),
    });
    return toOrgUnit(row);
  });
}

/** A unit's level stays between its parent's and its children's: a zone cannot become a province under a city. */
async function assertKindFitsTree(db: Db, unit: OrgUnitRow, kind: OrgUnitRow["kind"]): Promise<void> {
  const rank = (k: OrgUnitRow["kind"]) => kindOrder.indexOf(k);
  const [parent] = unit.parentId ? await db.select().from(orgUnits).where(eq(orgUnits.id, unit.parentId)) : [];
  const children = await db.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.parentId, unit.id));
  const tooHigh = parent && rank(kind) < rank(parent.kind);
  const tooLow = children.some((c) => rank(c.kind) < rank(kind));
  if (tooHigh || tooLow) {
    const message = tooHigh ? "单位层级不能高于上级单位" : "单位层级不能低于其下级单位";
    throw fieldError("kind", message);
  }
}

/** Renames or recodes a unit; refused with VERSION_CONFLICT when based on a stale version. */
export async function updateOrgUnit(db: Db, actor: Actor, id: string, input: UpdateOrgUnit): Promise<OrgUnit> {
  requirePermission(actor, "org_unit.write");
  return db.transaction(async (tx) => {
    const current = await getOrgUnitUnder(tx, id, actor.orgUnitPath);
    if (!current) throw notFound("单位", { isAccessRefusal: true });
    assertVersion(current.version, input.version, "该单位");
    await assertKindFitsTree(tx, current, input.kind);
    const values = { name: input.name, kind: input.kind, divisionCode: input.divisionCode ?? null };
    const row = assertUpdated(await updateOrgUnitRow(tx, id, input.version, values), "该单位");
    const diff = changedFields({ name: current.name, kind: current.kind, divisionCode: current.divisionCode }, values);
    await writeAudit(tx, actor, {
      action: "org_unit.update",
      entityType: "org_unit",
      entityId: id,
      orgUnitId: id,
      summary: row.name,
      ...diff,
    });
    return toOrgUnit(row);
  });
}
