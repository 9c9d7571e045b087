import type { Visit, VisitIssue, VisitParticipant } from "@zonedesk/contracts";
import { aliasedTable, and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { departments } from "../departments/departments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { issues } from "../issues/issues.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import { visitParticipants, visits } from "./visits.table.js";

export type VisitRow = typeof visits.$inferSelect;

const recorderUnit = aliasedTable(orgUnits, "recorder_unit");
const recorderDepartment = aliasedTable(departments, "recorder_department");

export interface VisitWithNames {
  visit: VisitRow;
  orgUnitName: string;
  enterpriseName: string | null;
  projectName: string | null;
  recordedByName: string;
  recorderUnitName: string;
  recorderDepartmentName: string | null;
}

function selectVisits(db: Db) {
  return db
    .select({
      visit: visits,
      orgUnitName: orgUnits.name,
      enterpriseName: enterprises.name,
      projectName: projects.name,
      recordedByName: users.displayName,
      recorderUnitName: recorderUnit.name,
      recorderDepartmentName: recorderDepartment.name,
    })
    .from(visits)
    .innerJoin(orgUnits, eq(orgUnits.id, visits.orgUnitId))
    .innerJoin(users, eq(users.id, visits.recordedBy))
    .innerJoin(recorderUnit, eq(recorderUnit.id, users.orgUnitId))
    .leftJoin(recorderDepartment, eq(recorderDepartment.id, users.departmentId))
    .leftJoin(enterprises, eq(enterprises.id, visits.enterpriseId))
    .leftJoin(projects, eq(projects.id, visits.projectId));
}

/** Visits matching `where`, newest first, with the total. */
export async function findVisits(
  db: Db,
  p: { where: SQL | undefined; limit: number; offset: number; oldestFirst?: boolean },
): Promise<{ rows: VisitWithNames[]; total: number }> {
  const order = p.oldestFirst
    ? [asc(visits.visitedOn), asc(visits.createdAt)]
    : [desc(visits.visitedOn), desc(visits.createdAt)];
  const [rows, [total]] = await Promise.all([
    selectVisits(db)
      .where(p.where)
      .orderBy(...order)
      .limit(p.limit)
      .offset(p.offset),
    db.select({ n: count() }).from(visits).where(p.where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function getVisitRow(db: Db, id: string, visible: SQL): Promise<VisitWithNames | undefined> {
  const [row] = await selectVisits(db).where(and(eq(visits.id, id), visible));
  return row;
}

/**
 * The participants and the issues of each visit, by visit id; only the issues `visibleIssue` (the viewer's
 * visibleIssues condition) lets through.
 */
export async function loadVisitDetails(db: Db, visitIds: string[], visibleIssue: SQL) {
  const participantsOf = new Map<string, VisitParticipant[]>();
  const issuesOf = new Map<string, VisitIssue[]>();
  if (visitIds.length === 0) return { participantsOf, issuesOf };
  const [people, raised] = await Promise.all([
    db
      .select({
        visitId: visitParticipants.visitId,
        userId: users.id,
        displayName: users.displayName,
        orgUnitName: orgUnits.name,
        departmentName: departments.name,
      })
      .from(visitParticipants)
      .innerJoin(users, eq(users.id, visitParticipants.userId))
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .where(inArray(visitParticipants.visitId, visitIds))
      .orderBy(asc(users.displayName)),
    db
      .select({
        visitId: issues.visitId,
        id: issues.id,
        serialNo: issues.serialNo,
        title: issues.title,
        status: issues.status,
      })
      .from(issues)
      .where(and(inArray(issues.visitId, visitIds), visibleIssue))
      .orderBy(asc(issues.serialNo)),
  ]);
  for (const { visitId, ...p } of people) {
    const list = participantsOf.get(visitId) ?? [];
    list.push(p);
    participantsOf.set(visitId, list);
  }
  for (const { visitId, ...i } of raised) {
    if (!visitId) continue;
    const list = issuesOf.get(visitId) ?? [];
    list.push(i);
    issuesOf.set(visitId, list);
  }
  return { participantsOf, issuesOf };
}

export function unitLabel(unitName: string, departmentName: string | null): string {
  return departmentName ? `${unitName}·${departmentName}` : unitName;
}

/** Rows as the API answers them, with the issues raised on each that the viewer may see. */
export async function toVisits(db: Db, visibleIssue: SQL, rows: VisitWithNames[]): Promise<Visit[]> {
  const { participantsOf, issuesOf } = await loadVisitDetails(
    db,
    rows.map((r) => r.visit.id),
    visibleIssue,
  );
  return rows.map((r) => ({
    id: r.visit.id,
    orgUnitId: r.visit.orgUnitId,
    orgUnitName: r.orgUnitName,
    enterpriseId: r.visit.enterpriseId,
    enterpriseName: r.enterpriseName,
    projectId: r.visit.projectId,
    projectName: r.projectName,
    status: r.visit.status,
    visitedOn: r.visit.visitedOn,
    method: r.visit.method,
    recordedBy: r.visit.recordedBy,
    recordedByName: r.recordedByName,
    recordedByUnitName: unitLabel(r.recorderUnitName, r.recorderDepartmentName),
    participants: participantsOf.get(r.visit.id) ?? [],
    otherParticipants: r.visit.otherParticipants,
    summary: r.visit.summary,
    issues: issuesOf.get(r.visit.id) ?? [],
    version: r.visit.version,
    createdAt: r.visit.createdAt.toISOString(),
    updatedAt: r.visit.updatedAt.toISOString(),
  }));
}

export async function insertVisit(db: Db, values: typeof visits.$inferInsert): Promise<VisitRow> {
  const [row] = await db.insert(visits).values(values).returning();
  if (!row) throw new Error("insert visit returned nothing");
  return row;
}

/** Updates a visit at the version (and status, when given) the caller read; no row back means someone else won. */
export function updateVisitRow(
  db: Db,
  id: string,
  guard: { version: number; status?: VisitRow["status"] },
  values: Partial<typeof visits.$inferInsert>,
) {
  return db
    .update(visits)
    .set({ ...values, version: sql`${visits.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(visits.id, id),
        eq(visits.version, guard.version),
        guard.status ? eq(visits.status, guard.status) : undefined,
      ),
    )
    .returning();
}

export async function setVisitParticipants(db: Db, visitId: string, userIds: string[]): Promise<void> {
  await db.delete(visitParticipants).where(eq(visitParticipants.visitId, visitId));
  if (userIds.length > 0) await db.insert(visitParticipants).values(userIds.map((userId) => ({ visitId, userId })));
}

export async function participantIdsOf(db: Db, visitId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: visitParticipants.userId })
    .from(visitParticipants)
    .where(eq(visitParticipants.visitId, visitId));
  return rows.map((r) => r.userId).sort();
}

/** The visit was recorded by the user or the user took part in it. */
export const visitInvolves = (userId: string): SQL =>
  sql`(${visits.recordedBy} = ${userId} or exists (select 1 from ${visitParticipants} vp where vp.visit_id = ${visits.id} and vp.user_id = ${userId}))`;
