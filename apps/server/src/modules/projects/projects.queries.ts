import { and, asc, count, desc, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { containsPattern } from "../../lib/like.js";
import { isActiveOn, liaisonAssignments } from "../assignments/assignments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { projectNameKey } from "./project-name-key.js";
import { projectAnnualPlans, projectEvents, projectStageDates, projectStages, projects } from "./projects.table.js";

export type ProjectRow = typeof projects.$inferSelect;
export type ProjectValues = Omit<typeof projects.$inferInsert, "id" | "version" | "createdAt" | "updatedAt">;
export type ProjectStageValue = (typeof projectStages)[number];
export type StageDateRow = typeof projectStageDates.$inferSelect;
export type ProjectEventRow = typeof projectEvents.$inferSelect;

/** Name or investor fragment (a project list is small enough for a LIKE scan within the scope). */
export function projectSearch(q: string): SQL | undefined {
  const needle = q.replace(/\s+/g, "").toLowerCase();
  if (needle.length === 0) return undefined;
  const pattern = containsPattern(needle);
  return sql`(lower(${projects.name}) like ${pattern} or lower(coalesce(${projects.investorName}, '')) like ${pattern}
    or exists (select 1 from ${enterprises} pe where pe.id = ${projects.enterpriseId} and lower(pe.name) like ${pattern}))`;
}

/**
 * The projects of year `year`: signed in that year (the actual date of 签约) or with an annual plan for it.
 * With `asOf`, also signed on or before that date: the set every figure of the year as of `asOf` sums over.
 */
export function inProjectYear(year: number, asOf?: string): SQL {
  const signedIn = sql`exists (select 1 from ${projectStageDates} sd where sd.project_id = ${projects.id}
    and sd.stage = 'signed' and sd.actual_on between ${`${year}-01-01`} and ${`${year}-12-31`})`;
  const planned = sql`exists (select 1 from ${projectAnnualPlans} ap where ap.project_id = ${projects.id}
    and ap.year = ${year})`;
  const ofYear = sql`(${signedIn} or ${planned})`;
  if (asOf === undefined) return ofYear;
  return sql`(${ofYear} and exists (select 1 from ${projectStageDates} sd where sd.project_id = ${projects.id}
    and sd.stage = 'signed' and sd.actual_on <= ${asOf}))`;
}

/**
 * A key project's total investment (yuan, numeric) by its id, for other modules' queries (a lead's signed amount);
 * with `visible` (a condition on projects, e.g. visibleProjects(actor)) null for a project outside it.
 */
export function projectTotalInvestmentOf(projectId: AnyPgColumn | SQL, visible?: SQL): SQL<string | null> {
  return sql<string | null>`(select ${projects.totalInvestment} from ${projects} where ${projects.id} = ${projectId}${
    visible ? sql` and ${visible}` : sql``
  })`;
}

/** An active project of the unit whose name has the key of this one (see project-name-key.ts), other than `exceptId`. */
export async function findActiveNamesake(db: Db, p: { orgUnitId: string; name: string; exceptId?: string }) {
  const [row] = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(
      and(
        eq(projects.orgUnitId, p.orgUnitId),
        eq(projects.nameKey, projectNameKey(p.name)),
        eq(projects.status, "active"),
        p.exceptId ? ne(projects.id, p.exceptId) : undefined,
      ),
    )
    .limit(1);
  return row;
}

/** Ordinal of the stage column, so lists sort by stage order rather than alphabetically. */
const stageOrdinal = sql`array_position(array[${sql.join(
  projectStages.map((s) => sql`${s}`),
  sql`, `,
)}]::text[], ${projects.stage})`;

const sortColumns = {
  name: projects.name,
  totalInvestment: projects.totalInvestment,
  updatedAt: projects.updatedAt,
  createdAt: projects.createdAt,
  stage: stageOrdinal,
} as const;

export interface FindProjectsParams {
  where: SQL | undefined;
  sort: string;
  limit: number;
  offset: number;
}

export async function findProjects(db: Db, p: FindProjectsParams): Promise<{ rows: ProjectRow[]; total: number }> {
  const descending = p.sort.startsWith("-");
  const key = p.sort.replace(/^-/, "") as keyof typeof sortColumns; // validated by the contract's regex
  const column = sortColumns[key] ?? projects.updatedAt;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(projects)
      .where(p.where)
      .orderBy(descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`, asc(projects.id))
      .limit(p.limit)
      .offset(p.offset),
    db.select({ n: count() }).from(projects).where(p.where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function getProjectRow(db: Db, id: string, visible: SQL): Promise<ProjectRow | undefined> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, id), visible));
  return row;
}

/** The row locked for a write in the caller's transaction. */
export async function lockProjectRow(db: Db, id: string, visible: SQL): Promise<ProjectRow | undefined> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, id), visible))
    .for("update");
  return row;
}

export async function insertProject(db: Db, values: ProjectValues): Promise<ProjectRow> {
  const [row] = await db.insert(projects).values(values).returning();
  if (!row) throw new Error("insert project returned nothing");
  return row;
}

/** Updates the row only at the version read; no row back means someone else changed it first. */
export function updateProjectRow(db: Db, id: string, version: number, values: Partial<ProjectValues>) {
  return db
    .update(projects)
    .set({ ...values, version: sql`${projects.version} + 1`, updatedAt: new Date() })
    .where(and(eq(projects.id, id), eq(projects.version, version)))
    .returning();
}

/**
 * Moves the stage only from the stage read and only while the project is active: two concurrent advances, or an
 * advance and an archiving, cannot both pass.
 */
export function updateProjectStage(db: Db, id: string, fromStage: ProjectStageValue, toStage: ProjectStageValue) {
  return db
    .update(projects)
    .set({ stage: toStage, version: sql`${projects.version} + 1`, updatedAt: new Date() })
    .where(and(eq(projects.id, id), eq(projects.stage, fromStage), eq(projects.status, "active")))
    .returning();
}

/** Sets the planned and/or actual date of stages; a key left undefined keeps its value. */
export async function upsertStageDates(
  db: Db,
  projectId: string,
  dates: { stage: ProjectStageValue; plannedOn?: string | null; actualOn?: string | null }[],
): Promise<void> {
  for (const d of dates) {
    const set: Partial<StageDateRow> = {};
    if (d.plannedOn !== undefined) set.plannedOn = d.plannedOn;
    if (d.actualOn !== undefined) set.actualOn = d.actualOn;
    if (Object.keys(set).length === 0) continue;
    await db
      .insert(projectStageDates)
      .values({ projectId, stage: d.stage, plannedOn: d.plannedOn ?? null, actualOn: d.actualOn ?? null })
      .onConflictDoUpdate({ target: [projectStageDates.projectId, projectStageDates.stage], set });
  }
}

export async function stageDatesOf(db: Db, projectIds: string[]): Promise<Map<string, StageDateRow[]>> {
  const map = new Map<string, StageDateRow[]>();
  if (projectIds.length === 0) return map;
  const rows = await db.select().from(projectStageDates).where(inArray(projectStageDates.projectId, projectIds));
  for (const row of rows) {
    const list = map.get(row.projectId) ?? [];
    list.push(row);
    map.set(row.projectId, list);
  }
  return map;
}

export async function insertProjectEvent(
  db: Db,
  values: Omit<typeof projectEvents.$inferInsert, "id" | "createdAt">,
): Promise<void> {
  await db.insert(projectEvents).values(values);
}

export function findProjectEvents(db: Db, projectId: string): Promise<ProjectEventRow[]> {
  return db
    .select()
    .from(projectEvents)
    .where(eq(projectEvents.projectId, projectId))
    .orderBy(desc(projectEvents.createdAt), desc(projectEvents.id));
}

/** Active liaisons, unit names and enterprise names for a page of projects. */
export async function loadProjectDetails(db: Db, rows: ProjectRow[]) {
  const ids = rows.map((r) => r.id);
  const unitIds = [...new Set(rows.map((r) => r.orgUnitId))];
  const enterpriseIds = [...new Set(rows.flatMap((r) => (r.enterpriseId ? [r.enterpriseId] : [])))];
  const [liaisonRows, unitRows, enterpriseRows, stageDates] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .select({
            projectId: liaisonAssignments.projectId,
            assignmentId: liaisonAssignments.id,
            userId: users.id,
            displayName: users.displayName,
            role: liaisonAssignments.role,
          })
          .from(liaisonAssignments)
          .innerJoin(users, eq(users.id, liaisonAssignments.userId))
          .where(and(inArray(liaisonAssignments.projectId, ids), isActiveOn()))
          .orderBy(asc(liaisonAssignments.role), asc(users.displayName)),
    unitIds.length === 0
      ? []
      : db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds)),
    enterpriseIds.length === 0
      ? []
      : db
          .select({ id: enterprises.id, name: enterprises.name })
          .from(enterprises)
          .where(inArray(enterprises.id, enterpriseIds)),
    stageDatesOf(db, ids),
  ]);
  const liaisonsOf = new Map<string, { assignmentId: string; userId: string; displayName: string; role: string }[]>();
  for (const { projectId, ...rest } of liaisonRows) {
    if (projectId === null) continue;
    const list = liaisonsOf.get(projectId) ?? [];
    list.push(rest);
    liaisonsOf.set(projectId, list);
  }
  return {
    liaisonsOf,
    unitNames: new Map(unitRows.map((u) => [u.id, u.name])),
    enterpriseNames: new Map(enterpriseRows.map((e) => [e.id, e.name])),
    stageDates,
  };
}
