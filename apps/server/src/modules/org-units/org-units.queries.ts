import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { orgUnits } from "./org-units.table.js";

export type OrgUnitRow = typeof orgUnits.$inferSelect;

/** Units whose path starts with `rootPath` (a subtree), ordered for a tree view. */
export function findOrgUnitsUnder(db: Db, rootPath: string): Promise<OrgUnitRow[]> {
  return db
    .select()
    .from(orgUnits)
    .where(sql`${orgUnits.path} like ${`${rootPath}%`}`)
    .orderBy(asc(orgUnits.path), asc(orgUnits.name));
}

export async function getOrgUnitUnder(db: Db, id: string, rootPath: string): Promise<OrgUnitRow | undefined> {
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), sql`${orgUnits.path} like ${`${rootPath}%`}`));
  return row;
}

export interface InsertOrgUnitParams {
  parent: OrgUnitRow;
  name: string;
  kind: OrgUnitRow["kind"];
  divisionCode: string | null;
}

export async function insertOrgUnit(db: Db, p: InsertOrgUnitParams): Promise<OrgUnitRow> {
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(orgUnits)
    .values({
      id,
      parentId: p.parent.id,
      name: p.name,
      kind: p.kind,
      divisionCode: p.divisionCode,
      path: `${p.parent.path}${id}/`,
    })
    .returning();
  if (!row) throw new Error("insert org unit returned nothing");
  return row;
}

export function updateOrgUnitRow(
  db: Db,
  id: string,
  version: number,
  values: Pick<OrgUnitRow, "name" | "kind" | "divisionCode">,
) {
  return db
    .update(orgUnits)
    .set({ ...values, version: sql`${orgUnits.version} + 1`, updatedAt: new Date() })
    .where(and(eq(orgUnits.id, id), eq(orgUnits.version, version)))
    .returning();
}

/**
 * The units under `rootPath` by the labels a sheet names a unit with: its name and its division code (several
 * units may share a name).
 */
export async function findOrgUnitsByLabel(db: Db, rootPath: string): Promise<Map<string, OrgUnitRow[]>> {
  const byLabel = new Map<string, OrgUnitRow[]>();
  for (const u of await findOrgUnitsUnder(db, rootPath)) {
    for (const label of [u.name, u.divisionCode].filter((l): l is string => Boolean(l))) {
      byLabel.set(label, [...(byLabel.get(label) ?? []), u]);
    }
  }
  return byLabel;
}

/** Names of org units by id, for labelling rows in lists and exports. */
export async function orgUnitNames(db: Db, rootPath: string): Promise<Map<string, OrgUnitRow>> {
  const rows = await findOrgUnitsUnder(db, rootPath);
  return new Map(rows.map((r) => [r.id, r]));
}
