import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { departments } from "../departments/departments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import {
  issueAttachments,
  issueCategories,
  issueDeadlineMisses,
  issueDepartments,
  issueEvents,
  issueExtensions,
  issueRatings,
  issues,
} from "./issues.table.js";

export type IssueRow = typeof issues.$inferSelect;
export type IssueValues = typeof issues.$inferInsert;

/** An issue row with the names the ledger shows next to it. */
export interface IssueWithNames {
  issue: IssueRow;
  categoryName: string;
  orgUnitName: string;
  enterpriseName: string | null;
  projectName: string | null;
  leadDepartmentName: string | null;
  responsibleLeaderName: string | null;
}

const responsibleLeader = alias(users, "responsible_leader");

const withNames = {
  issue: issues,
  categoryName: issueCategories.name,
  orgUnitName: orgUnits.name,
  enterpriseName: enterprises.name,
  projectName: projects.name,
  leadDepartmentName: departments.name,
  responsibleLeaderName: responsibleLeader.displayName,
};

function selectWithNames(db: Db) {
  return db
    .select(withNames)
    .from(issues)
    .innerJoin(issueCategories, eq(issueCategories.id, issues.categoryId))
    .innerJoin(orgUnits, eq(orgUnits.id, issues.orgUnitId))
    .leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
    .leftJoin(projects, eq(projects.id, issues.projectId))
    .leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
    .leftJoin(responsibleLeader, eq(responsibleLeader.id, issues.responsibleLeaderId));
}

const sortColumns = {
  createdAt: issues.createdAt,
  dueOn: issues.dueOn,
  serialNo: issues.serialNo,
  updatedAt: issues.updatedAt,
  escalationLevel: issues.escalationLevel,
} as const;

export interface FindIssuesParams {
  where: SQL | undefined;
  sort: string;
  limit: number;
  offset: number;
}

/** One page of issues and the total, newest first unless sorted otherwise. */
export async function findIssues(db: Db, p: FindIssuesParams): Promise<{ rows: IssueWithNames[]; total: number }> {
  const descending = p.sort.startsWith("-");
  const key = (descending ? p.sort.slice(1) : p.sort) as keyof typeof sortColumns;
  const column = sortColumns[key] ?? issues.createdAt;
  const order = descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;
  const rows = await selectWithNames(db)
    .where(p.where)
    .orderBy(order, sql`${issues.serialNo} desc nulls last`)
    .limit(p.limit)
    .offset(p.offset);
  const [totalRow] = await db
    .select({ n: count() })
    .from(issues)
    .leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
    .where(p.where);
  return { rows, total: totalRow?.n ?? 0 };
}

/** One issue with names, if it satisfies `where` (the actor's visibility). */
export async function getIssueWithNames(db: Db, id: string, where: SQL): Promise<IssueWithNames | undefined> {
  const [row] = await selectWithNames(db).where(and(eq(issues.id, id), where));
  return row;
}

/** The issue row, locked for the rest of the transaction (PostgreSQL; PGlite serialises anyway). */
export async function lockIssueRow(db: Db, id: string, where: SQL): Promise<IssueRow | undefined> {
  const [row] = await db
    .select()
    .from(issues)
    .where(and(eq(issues.id, id), where))
    .for("update");
  return row;
}

/**
 * Updates the issue only if it is still in `expectedStatus` (and at `version` when given): of two concurrent
 * transitions, the second finds no row and is refused. Bumps the version.
 */
export async function updateIssueGuarded(
  db: Db,
  id: string,
  guard: { expectedStatus: IssueRow["status"]; version?: number | undefined; extra?: SQL | undefined },
  values: Partial<IssueValues>,
): Promise<IssueRow | undefined> {
  const [row] = await db
    .update(issues)
    .set({ ...values, version: sql`${issues.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(issues.id, id),
        eq(issues.status, guard.expectedStatus),
        guard.version === undefined ? undefined : eq(issues.version, guard.version),
        guard.extra,
      ),
    )
    .returning();
  return row;
}

/**
 * The next serial number of the year, WT-<year>-<6 digits>. A transaction-scoped advisory lock per year
 * makes concurrent creations wait for each other, so two can never take the same number.
 */
export async function nextSerialNo(db: Db, year: string): Promise<string> {
  const prefix = `WT-${year}-`;
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`issue-serial-${year}`}))`);
  const [row] = await db
    .select({ last: sql<string | null>`max(${issues.serialNo})` })
    .from(issues)
    .where(sql`${issues.serialNo} like ${`${prefix}%`}`);
  const last = row?.last ? Number.parseInt(row.last.slice(prefix.length), 10) : 0;
  return `${prefix}${String(last + 1).padStart(6, "0")}`;
}

export async function insertIssue(db: Db, values: IssueValues): Promise<IssueRow> {
  const [row] = await db.insert(issues).values(values).returning();
  if (!row) throw new Error("insert issues returned no row");
  return row;
}

export interface IssueEventValues {
  issueId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorUserId: string | null;
  actorName: string;
  note: string | null;
  data: unknown;
}

export async function insertIssueEvent(db: Db, values: IssueEventValues): Promise<string> {
  const [row] = await db
    .insert(issueEvents)
    // clock_timestamp(), not now(), and never before the issue's latest entry: entries written in one
    // transaction (an answer and the extension request it closes, a meeting decision and its routing) keep the
    // order they were written in, also where the clock ticks in milliseconds (PGlite) and two entries share one.
    .values({
      ...values,
      data: values.data ?? null,
      createdAt: sql`greatest(clock_timestamp(), (select max(e.created_at) from ${issueEvents} e where e.issue_id = ${values.issueId}) + interval '1 microsecond')`,
    })
    .returning({ id: issueEvents.id });
  if (!row) throw new Error("insert issue_events returned no row");
  return row.id;
}

/** Replaces the departments an issue is routed to. */
export async function setIssueDepartments(
  db: Db,
  issueId: string,
  leadDepartmentId: string,
  coDepartmentIds: readonly string[],
): Promise<void> {
  await db.delete(issueDepartments).where(eq(issueDepartments.issueId, issueId));
  const co = [...new Set(coDepartmentIds)].filter((id) => id !== leadDepartmentId);
  await db
    .insert(issueDepartments)
    .values([
      { issueId, departmentId: leadDepartmentId, role: "lead" as const },
      ...co.map((departmentId) => ({ issueId, departmentId, role: "co" as const })),
    ]);
}

export async function findIssueDepartments(db: Db, issueIds: readonly string[]) {
  if (issueIds.length === 0) return [];
  return db
    .select({
      issueId: issueDepartments.issueId,
      departmentId: issueDepartments.departmentId,
      role: issueDepartments.role,
      name: departments.name,
    })
    .from(issueDepartments)
    .innerJoin(departments, eq(departments.id, issueDepartments.departmentId))
    .where(inArray(issueDepartments.issueId, [...issueIds]))
    .orderBy(desc(issueDepartments.role), asc(departments.name));
}

export async function findIssueEvents(db: Db, issueId: string) {
  return db
    .select()
    .from(issueEvents)
    .where(eq(issueEvents.issueId, issueId))
    .orderBy(asc(issueEvents.createdAt), asc(issueEvents.id));
}

const decider = alias(users, "decider");
const requester = alias(users, "requester");

export async function findIssueExtensions(db: Db, issueId: string) {
  return db
    .select({
      extension: issueExtensions,
      departmentName: departments.name,
      requestedByName: requester.displayName,
      decidedByName: decider.displayName,
    })
    .from(issueExtensions)
    .innerJoin(requester, eq(requester.id, issueExtensions.requestedBy))
    .leftJoin(decider, eq(decider.id, issueExtensions.decidedBy))
    .leftJoin(departments, eq(departments.id, issueExtensions.departmentId))
    .where(eq(issueExtensions.issueId, issueId))
    .orderBy(asc(issueExtensions.createdAt));
}

export async function findPendingExtension(db: Db, issueId: string) {
  const [row] = await db
    .select()
    .from(issueExtensions)
    .where(and(eq(issueExtensions.issueId, issueId), eq(issueExtensions.status, "pending")));
  return row;
}

export async function findIssueAttachments(db: Db, issueId: string) {
  return db
    .select({ attachment: issueAttachments, uploadedByName: users.displayName })
    .from(issueAttachments)
    .innerJoin(users, eq(users.id, issueAttachments.uploadedBy))
    .where(eq(issueAttachments.issueId, issueId))
    .orderBy(asc(issueAttachments.createdAt));
}

/** Every rating given to the issues, oldest first. */
export async function findIssueRatings(db: Db, issueIds: readonly string[]) {
  if (issueIds.length === 0) return [];
  return db
    .select()
    .from(issueRatings)
    .where(inArray(issueRatings.issueId, [...issueIds]))
    .orderBy(asc(issueRatings.issueId), asc(issueRatings.ratedAt), asc(issueRatings.id));
}

/** Records one rating (评价) of the issue. */
export async function insertIssueRating(db: Db, values: typeof issueRatings.$inferInsert): Promise<void> {
  await db.insert(issueRatings).values(values);
}

/**
 * Records missed deadlines (issue, deadline, the lead department holding it); a deadline already recorded is
 * left as it is. Answers the rows written, so the caller writes history and audit for new misses only.
 */
export async function insertDeadlineMisses(
  db: Db,
  values: (typeof issueDeadlineMisses.$inferInsert)[],
): Promise<(typeof issueDeadlineMisses.$inferSelect)[]> {
  if (values.length === 0) return [];
  return db.insert(issueDeadlineMisses).values(values).onConflictDoNothing().returning();
}

/** The names of departments by id (null ids skipped). */
export async function findDepartmentNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(inArray(departments.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Takes the issue off every department (a bounce: it goes back to the dispatcher). */
export async function clearIssueDepartments(db: Db, issueId: string): Promise<string[]> {
  const removed = await db
    .delete(issueDepartments)
    .where(eq(issueDepartments.issueId, issueId))
    .returning({ departmentId: issueDepartments.departmentId });
  return removed.map((r) => r.departmentId);
}
