import { type Permission, roleCan } from "@zonedesk/contracts";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { isActiveOn, liaisonAssignments } from "../modules/assignments/assignments.table.js";
import { enterprises } from "../modules/enterprises/enterprises.table.js";
import { orgUnits } from "../modules/org-units/org-units.table.js";
import { users } from "../modules/users/users.table.js";
import type { Actor } from "./actor.js";
import { AppError, notFound } from "./errors.js";

/*
 * The access rules, in one place. Every list and get of a register goes through these filters:
 *  - scope: the org-unit subtree of the user's own unit;
 *  - leader/cadre: only enterprises with an active liaison assignment to them;
 *  - department: only enterprises its members are assigned to (routed issues join in with the ledger);
 *  - enterprise user: only its own enterprise.
 * A record outside the scope answers 404, so existence cannot be probed.
 */

/** Refuses (403) an action the actor's role may not take at all. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!roleCan(actor.role, permission)) {
    throw new AppError("FORBIDDEN", "您的角色无权进行此操作", { isAccessRefusal: true, details: { permission } });
  }
}

export function canDo(actor: Actor, permission: Permission): boolean {
  return roleCan(actor.role, permission);
}

/** The actor's scope is a whole tree (a province or a city at the top), not one branch of it. */
export function isTopLevelScope(actor: Actor): boolean {
  return actor.orgUnitPath.split("/").filter(Boolean).length === 1;
}

/** `column` (an org_unit_id) lies in the actor's subtree. */
export function inOrgScope(actor: Actor, column: AnyPgColumn | SQL): SQL {
  return sql`${column} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnits.path} like ${`${actor.orgUnitPath}%`})`;
}

/** Org-unit subtree of `orgUnitId`, intersected with the actor's scope by the caller. */
export function inOrgSubtree(column: AnyPgColumn | SQL, orgUnitId: string): SQL {
  return sql`${column} in (select d.id from ${orgUnits} d join ${orgUnits} r on d.path like r.path || '%' where r.id = ${orgUnitId})`;
}

const activeAssignment = (userCondition: SQL) =>
  sql`exists (select 1 from ${liaisonAssignments} la where la.enterprise_id = ${enterprises.id} and ${isActiveOn("la")} and ${userCondition})`;

/** The enterprises the actor may see, as a condition on the enterprises table. */
export function visibleEnterprises(actor: Actor): SQL {
  const scope = inOrgScope(actor, enterprises.orgUnitId);
  switch (actor.role) {
    case "admin":
    case "oversight":
    case "statistics":
      return scope;
    case "leader":
    case "cadre":
      return and(scope, activeAssignment(sql`la.user_id = ${actor.userId}`)) as SQL;
    case "department":
      if (actor.departmentId === null) return sql`false`;
      return and(
        scope,
        activeAssignment(
          sql`la.user_id in (select ${users.id} from ${users} where ${users.departmentId} = ${actor.departmentId})`,
        ),
      ) as SQL;
    case "enterprise":
      if (actor.enterpriseId === null) return sql`false`;
      return eq(enterprises.id, actor.enterpriseId);
  }
}

/** Loads the org unit if it lies in the actor's scope, else 404. */
export async function assertOrgUnitInScope(db: Db, actor: Actor, orgUnitId: string) {
  const [unit] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, orgUnitId), sql`${orgUnits.path} like ${`${actor.orgUnitPath}%`}`));
  if (!unit) throw notFound("单位", { isAccessRefusal: true });
  return unit;
}

/** Throws 404 unless the enterprise exists and the actor may see it. */
export async function assertEnterpriseVisible(db: Db, actor: Actor, enterpriseId: string): Promise<void> {
  const [row] = await db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(and(eq(enterprises.id, enterpriseId), visibleEnterprises(actor)));
  if (!row) throw notFound("企业", { isAccessRefusal: true });
}
