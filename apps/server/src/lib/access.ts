import { type Permission, permissionsOf, roleCan } from "@zonedesk/contracts";
import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { isActiveOn, liaisonAssignments } from "../modules/assignments/assignments.table.js";
import { enterprises } from "../modules/enterprises/enterprises.table.js";
import { investmentLeads } from "../modules/investment/investment.table.js";
import { issueDepartments, issues } from "../modules/issues/issues.table.js";
import { orgUnits } from "../modules/org-units/org-units.table.js";
import { projects } from "../modules/projects/projects.table.js";
import { users } from "../modules/users/users.table.js";
import { visitParticipants, visits } from "../modules/visits/visits.table.js";
import type { Actor } from "./actor.js";
import { AppError, notFound } from "./errors.js";

/*
 * The access rules, in one place. Every list and get of a register goes through these filters:
 *  - scope: the org-unit subtree of the user's own unit;
 *  - leader/cadre: only enterprises with an active liaison assignment to them, and the issues of those
 *    enterprises and of their assigned projects (a leader also those a meeting made him answer for);
 *  - department: only enterprises its members are assigned to or that have an issue routed to it,
 *    and only the issues routed to it now (lead or co-department): issue_departments holds the current
 *    routing only, so an issue rerouted elsewhere or bounced back to the dispatcher leaves the
 *    department's sight, queue and figures (there is no "routed to it in the past" rule);
 *  - enterprise user: only its own enterprise and its issues;
 *  - key projects: leaders and cadres only those assigned to them; investment leads: the scope.
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

/**
 * Lists every zone of the deployment shares (what each is called in a refusal): only an administrator of a
 * top-level unit maintains them, so that one zone cannot change another's tags, categories or checklist.
 */
const sharedLists = {
  "tag.write": "企业标签",
  "issue_category.write": "问题类别和节假日安排",
  "procedure_type.write": "前期手续清单",
} as const satisfies Partial<Record<Permission, string>>;
type SharedListPermission = keyof typeof sharedLists;

const isSharedListPermission = (p: Permission): p is SharedListPermission => p in sharedLists;

/** Refuses (403) a change to a shared list by anyone but a top-level administrator. */
export function requireSharedListMaintainer(actor: Actor, permission: SharedListPermission): void {
  requirePermission(actor, permission);
  if (!isTopLevelScope(actor)) {
    throw new AppError(
      "FORBIDDEN",
      `${sharedLists[permission]}为全平台共用，只有最高级单位（市、省）的管理员可以维护`,
      {
        isAccessRefusal: true,
        details: { permission },
      },
    );
  }
}

/**
 * What this actor may do, as the web is told (GET /api/auth/me) to show menus and buttons: the role's permissions,
 * less the shared lists for an actor whose scope is one branch of the tree.
 */
export function actorPermissions(actor: Actor): Permission[] {
  return permissionsOf(actor.role).filter((p) => !isSharedListPermission(p) || isTopLevelScope(actor));
}

/** `column` (an org_unit_id) lies in the actor's subtree. */
export function inOrgScope(actor: Actor, column: AnyPgColumn | SQL): SQL {
  return sql`${column} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnits.path} like ${`${actor.orgUnitPath}%`})`;
}

/** Org-unit subtree of `orgUnitId`, intersected with the actor's scope by the caller. */
export function inOrgSubtree(column: AnyPgColumn | SQL, orgUnitId: string): SQL {
  return sql`${column} in (select d.id from ${orgUnits} d join ${orgUnits} r on d.path like r.path || '%' where r.id = ${orgUnitId})`;
}

/** The org_units row of the query is the unit `orgUnitId` or one of its ancestors. */
export function isUnitOrAncestorOf(orgUnitId: string): SQL {
  return sql`(select u.path from ${orgUnits} u where u.id = ${orgUnitId}) like ${orgUnits.path} || '%'`;
}

const activeAssignment = (userCondition: SQL) =>
  sql`exists (select 1 from ${liaisonAssignments} la where la.enterprise_id = ${enterprises.id} and ${isActiveOn("la")} and ${userCondition})`;

/** `enterpriseColumn` / `projectColumn` is assigned to the actor by an active 包联 assignment. */
const assignedToActor = (actor: Actor, column: AnyPgColumn | SQL, kind: "enterprise" | "project") =>
  sql`exists (select 1 from ${liaisonAssignments} la where la.${sql.raw(`${kind}_id`)} = ${column} and ${isActiveOn("la")} and la.user_id = ${actor.userId})`;

const routedToDepartment = (departmentId: string, issueColumn: AnyPgColumn | SQL) =>
  sql`exists (select 1 from ${issueDepartments} idp where idp.issue_id = ${issueColumn} and idp.department_id = ${departmentId})`;

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
        or(
          activeAssignment(
            sql`la.user_id in (select ${users.id} from ${users} where ${users.departmentId} = ${actor.departmentId})`,
          ),
          sql`exists (select 1 from ${issues} i where i.enterprise_id = ${enterprises.id} and ${routedToDepartment(actor.departmentId, sql`i.id`)})`,
        ),
      ) as SQL;
    case "enterprise":
      if (actor.enterpriseId === null) return sql`false`;
      return eq(enterprises.id, actor.enterpriseId);
  }
}

/**
 * The issues (问题台账) the actor may see, as a condition on the issues table: the list, the detail, the
 * transitions, the export, the statistics, attachments, the routing slip and meeting items all use it.
 */
export function visibleIssues(actor: Actor): SQL {
  const scope = inOrgScope(actor, issues.orgUnitId);
  switch (actor.role) {
    case "admin":
    case "oversight":
    case "statistics":
      return scope;
    case "leader":
    case "cadre":
      return and(
        scope,
        or(
          assignedToActor(actor, issues.enterpriseId, "enterprise"),
          assignedToActor(actor, issues.projectId, "project"),
          // The responsible leader (责任领导) a joint review meeting named.
          eq(issues.responsibleLeaderId, actor.userId),
        ),
      ) as SQL;
    case "department":
      if (actor.departmentId === null) return sql`false`;
      return and(scope, routedToDepartment(actor.departmentId, issues.id)) as SQL;
    case "enterprise":
      if (actor.enterpriseId === null) return sql`false`;
      return eq(issues.enterpriseId, actor.enterpriseId);
  }
}

/** The key projects the actor may see, as a condition on the projects table. */
export function visibleProjects(actor: Actor): SQL {
  const scope = inOrgScope(actor, projects.orgUnitId);
  switch (actor.role) {
    case "admin":
    case "oversight":
    case "statistics":
      return scope;
    case "leader":
    case "cadre":
      return and(scope, assignedToActor(actor, projects.id, "project")) as SQL;
    case "department":
    case "enterprise":
      return sql`false`;
  }
}

/** The investment leads (招商线索) the actor may see. */
export function visibleLeads(actor: Actor): SQL {
  if (!canDo(actor, "lead.read")) return sql`false`;
  return inOrgScope(actor, investmentLeads.orgUnitId);
}

/**
 * The visits the actor may see (list, detail, edit): the scope for admin, oversight and statistics; for
 * leaders and cadres their own visits and every visit to an enterprise or project assigned to them. A visit
 * to the investing enterprise of an assigned project (or to a key project of an assigned enterprise) is not
 * readable: 无事不扰 tells of it through coordinationVisits only. The issues listed on a visit still pass
 * visibleIssues.
 */
export function visibleVisits(actor: Actor): SQL {
  const scope = inOrgScope(actor, visits.orgUnitId);
  switch (actor.role) {
    case "admin":
    case "oversight":
    case "statistics":
      return scope;
    case "leader":
    case "cadre":
      return and(
        scope,
        or(
          eq(visits.recordedBy, actor.userId),
          sql`exists (select 1 from ${visitParticipants} vp where vp.visit_id = ${visits.id} and vp.user_id = ${actor.userId})`,
          assignedToActor(actor, visits.enterpriseId, "enterprise"),
          assignedToActor(actor, visits.projectId, "project"),
        ),
      ) as SQL;
    case "department":
    case "enterprise":
      return sql`false`;
  }
}

/**
 * The visits 无事不扰 (the coordination hint of the visit form) may tell the actor about, for a subject the
 * caller has checked the actor may see: visits to the same enterprise or project, to the enterprise's active
 * key projects, or to the active project's investing enterprise (an enterprise and its projects are one
 * subject for the enterprise visited), recorded in the actor's org-unit scope. It answers "who came, when,
 * how, and what they recorded", never the visit itself: the list, the detail and the edit go through
 * visibleVisits, so a cadre of a project gets a 404 on the visit to its investor that the hint showed him.
 */
export function coordinationVisits(
  actor: Actor,
  subject: { enterpriseId: string | null; projectId: string | null },
): SQL {
  if (!canDo(actor, "visit.read")) return sql`false`;
  const activeProject = sql`${projects.status} = 'active'`;
  let sameSubject: SQL;
  if (subject.enterpriseId) {
    sameSubject = or(
      eq(visits.enterpriseId, subject.enterpriseId),
      sql`${visits.projectId} in (select ${projects.id} from ${projects} where ${projects.enterpriseId} = ${subject.enterpriseId} and ${activeProject})`,
    ) as SQL;
  } else if (subject.projectId) {
    sameSubject = or(
      eq(visits.projectId, subject.projectId),
      sql`${visits.enterpriseId} = (select ${projects.enterpriseId} from ${projects} where ${projects.id} = ${subject.projectId} and ${activeProject})`,
    ) as SQL;
  } else {
    return sql`false`;
  }
  return and(inOrgScope(actor, visits.orgUnitId), sameSubject) as SQL;
}

/** The enterprise or project is one the actor may see (a cadre: one assigned to him). */
export async function isSubjectVisible(
  db: Db,
  actor: Actor,
  subject: { enterpriseId: string | null; projectId: string | null },
): Promise<boolean> {
  if (subject.enterpriseId) {
    const [row] = await db
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(and(eq(enterprises.id, subject.enterpriseId), visibleEnterprises(actor)));
    return row !== undefined;
  }
  if (subject.projectId) {
    const [row] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, subject.projectId), visibleProjects(actor)));
    return row !== undefined;
  }
  return false;
}

/** Throws 404 unless the issue exists and the actor may see it. */
export async function assertIssueVisible(db: Db, actor: Actor, issueId: string): Promise<void> {
  const [row] = await db
    .select({ id: issues.id })
    .from(issues)
    .where(and(eq(issues.id, issueId), visibleIssues(actor)));
  if (!row) throw notFound("问题", { isAccessRefusal: true });
}

/** Throws 404 unless the project exists and the actor may see it. */
export async function assertProjectVisible(db: Db, actor: Actor, projectId: string): Promise<void> {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, projectId), visibleProjects(actor)));
  if (!row) throw notFound("项目", { isAccessRefusal: true });
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
