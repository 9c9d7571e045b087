import { and, asc, count, desc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import { isActiveOn, liaisonAssignments } from "./assignments.table.js";

export type AssignmentRow = typeof liaisonAssignments.$inferSelect;

export const isActiveAssignment = isActiveOn();

/**
 * An assignment that a new one in the same role would duplicate: active now, or not yet started and not ended
 * (the partial unique indexes on `ends_on is null` refuse those too).
 */
export const blocksDuplicate = or(isActiveAssignment, isNull(liaisonAssignments.endsOn)) as SQL;

const columns = {
  assignment: liaisonAssignments,
  enterpriseName: enterprises.name,
  creditCode: enterprises.creditCode,
  projectName: projects.name,
  userDisplayName: users.displayName,
  userRole: users.role,
  isActive: sql<boolean>`${isActiveAssignment}`,
};

export type AssignmentWithNames = {
  assignment: AssignmentRow;
  /** Null for an assignment to a project. */
  enterpriseName: string | null;
  creditCode: string | null;
  /** Null for an assignment to an enterprise. */
  projectName: string | null;
  userDisplayName: string;
  userRole: string;
  isActive: boolean;
};

function selectAssignments(db: Db) {
  return db
    .select(columns)
    .from(liaisonAssignments)
    .leftJoin(enterprises, eq(enterprises.id, liaisonAssignments.enterpriseId))
    .leftJoin(projects, eq(projects.id, liaisonAssignments.projectId))
    .innerJoin(users, eq(users.id, liaisonAssignments.userId));
}

export async function findAssignments(db: Db, p: { where: SQL | undefined; limit: number; offset: number }) {
  const [rows, [total]] = await Promise.all([
    selectAssignments(db)
      .where(p.where)
      .orderBy(
        desc(isActiveAssignment),
        asc(sql`coalesce(${enterprises.name}, ${projects.name})`),
        asc(liaisonAssignments.role),
        desc(liaisonAssignments.startsOn),
      )
      .limit(p.limit)
      .offset(p.offset),
    db
      .select({ n: count() })
      .from(liaisonAssignments)
      .leftJoin(enterprises, eq(enterprises.id, liaisonAssignments.enterpriseId))
      .leftJoin(projects, eq(projects.id, liaisonAssignments.projectId))
      .innerJoin(users, eq(users.id, liaisonAssignments.userId))
      .where(p.where),
  ]);
  return { rows: rows as AssignmentWithNames[], total: total?.n ?? 0 };
}

export async function getAssignment(db: Db, id: string, visible: SQL): Promise<AssignmentWithNames | undefined> {
  const [row] = await selectAssignments(db).where(and(eq(liaisonAssignments.id, id), visible));
  return row as AssignmentWithNames | undefined;
}

/** Enterprise ids among `enterpriseIds` that already have this person in this role, actively. */
export async function activeDuplicates(
  db: Db,
  p: { userId: string; role: AssignmentRow["role"]; enterpriseIds: string[] },
): Promise<Set<string>> {
  if (p.enterpriseIds.length === 0) return new Set();
  const rows = await db
    .select({ enterpriseId: liaisonAssignments.enterpriseId })
    .from(liaisonAssignments)
    .where(
      and(
        eq(liaisonAssignments.userId, p.userId),
        eq(liaisonAssignments.role, p.role),
        inArray(liaisonAssignments.enterpriseId, p.enterpriseIds),
        blocksDuplicate,
      ),
    );
  return new Set(rows.flatMap((r) => (r.enterpriseId ? [r.enterpriseId] : [])));
}

export async function insertAssignments(
  db: Db,
  values: (typeof liaisonAssignments.$inferInsert)[],
): Promise<AssignmentRow[]> {
  const out: AssignmentRow[] = [];
  for (let i = 0; i < values.length; i += 500) {
    out.push(
      ...(await db
        .insert(liaisonAssignments)
        .values(values.slice(i, i + 500))
        .returning()),
    );
  }
  return out;
}

export function endAssignmentRow(db: Db, id: string, endsOn: string, note: string | null) {
  return db
    .update(liaisonAssignments)
    .set({ endsOn, endedAt: new Date(), ...(note ? { note } : {}) })
    .where(and(eq(liaisonAssignments.id, id), isActiveAssignment))
    .returning();
}

/** Project ids among `projectIds` that already have this person in this role, actively. */
export async function activeProjectDuplicates(
  db: Db,
  p: { userId: string; role: AssignmentRow["role"]; projectIds: string[] },
): Promise<Set<string>> {
  if (p.projectIds.length === 0) return new Set();
  const rows = await db
    .select({ projectId: liaisonAssignments.projectId })
    .from(liaisonAssignments)
    .where(
      and(
        eq(liaisonAssignments.userId, p.userId),
        eq(liaisonAssignments.role, p.role),
        inArray(liaisonAssignments.projectId, p.projectIds),
        blocksDuplicate,
      ),
    );
  return new Set(rows.flatMap((r) => (r.projectId ? [r.projectId] : [])));
}
