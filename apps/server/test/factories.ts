import { creditCodeAlphabet, creditCodeCheckChar, type Role } from "@zonedesk/contracts";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../src/db/client.js";
import type { Actor } from "../src/lib/actor.js";
import { searchGramsOf } from "../src/lib/search-grams.js";
import { liaisonAssignments } from "../src/modules/assignments/assignments.table.js";
import { hashPassword } from "../src/modules/auth/index.js";
import { departments } from "../src/modules/departments/departments.table.js";
import { enterprises, enterpriseTags } from "../src/modules/enterprises/enterprises.table.js";
import {
  issueCategories,
  issueDeadlineMisses,
  issueDepartments,
  issueEvents,
  issueExtensions,
  issueRatings,
  issues,
} from "../src/modules/issues/issues.table.js";
import { orgUnits } from "../src/modules/org-units/org-units.table.js";
import { projectStageDates, projects } from "../src/modules/projects/projects.table.js";
import { tags } from "../src/modules/tags/tags.table.js";
import { users } from "../src/modules/users/users.table.js";
import { visitParticipants, visits } from "../src/modules/visits/visits.table.js";

export const testPassword = "Test@pass2026";
let passwordHash: Promise<string> | null = null;
let counter = 0;
const next = () => ++counter;

/** A valid credit code with the given division code, distinct per call. */
// A random base per process plus a counter: codes never repeat within a test file.
const creditCodeBase = Math.floor(Math.random() * 1e9);

export function makeCreditCode(divisionCode = "411002", n = creditCodeBase + next()): string {
  let org = "";
  let rest = n;
  for (let i = 0; i < 9; i++) {
    org = creditCodeAlphabet.charAt(rest % 31) + org;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91${divisionCode}${org}`;
  return first17 + (creditCodeCheckChar(first17) ?? "0");
}

type OrgUnitRow = typeof orgUnits.$inferSelect;

export async function createOrgUnit(
  db: Db,
  p: { parent?: OrgUnitRow; name?: string; kind?: OrgUnitRow["kind"]; divisionCode?: string | null } = {},
): Promise<OrgUnitRow> {
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(orgUnits)
    .values({
      id,
      parentId: p.parent?.id ?? null,
      name: p.name ?? `测试园区${next()}`,
      kind: p.kind ?? (p.parent ? "zone" : "city"),
      divisionCode: p.divisionCode ?? null,
      path: `${p.parent?.path ?? "/"}${id}/`,
    })
    .returning();
  if (!row) throw new Error("insert org unit returned nothing");
  return row;
}

export async function createDepartment(db: Db, p: { orgUnit: OrgUnitRow; name?: string }) {
  const [row] = await db
    .insert(departments)
    .values({ orgUnitId: p.orgUnit.id, name: p.name ?? `测试局${next()}` })
    .returning();
  if (!row) throw new Error("insert department returned nothing");
  return row;
}

export async function createUser(
  db: Db,
  p: {
    role: Role;
    orgUnit: OrgUnitRow;
    username?: string;
    displayName?: string;
    departmentId?: string;
    enterpriseId?: string;
    mustChangePassword?: boolean;
    isDisabled?: boolean;
  },
) {
  passwordHash ??= hashPassword(testPassword);
  const n = next();
  const [row] = await db
    .insert(users)
    .values({
      username: p.username ?? `${p.role}_${n}`,
      displayName: p.displayName ?? `${p.role}用户${n}`,
      role: p.role,
      orgUnitId: p.orgUnit.id,
      departmentId: p.departmentId ?? null,
      enterpriseId: p.enterpriseId ?? null,
      passwordHash: await passwordHash,
      mustChangePassword: p.mustChangePassword ?? false,
      isDisabled: p.isDisabled ?? false,
    })
    .returning();
  if (!row) throw new Error("insert user returned nothing");
  return row;
}

export async function createTag(db: Db, name = `测试标签${next()}`) {
  const [row] = await db.insert(tags).values({ name }).returning();
  if (!row) throw new Error("insert tag returned nothing");
  return row;
}

export async function createEnterprise(
  db: Db,
  p: {
    orgUnit: OrgUnitRow;
    name?: string;
    creditCode?: string;
    industryCode?: string;
    tagIds?: string[];
    registeredCapital?: string;
  },
) {
  const name = p.name ?? `许昌测试${next()}制造有限公司`;
  const creditCode = p.creditCode ?? makeCreditCode();
  const industryCode = p.industryCode ?? null;
  const [row] = await db
    .insert(enterprises)
    .values({
      orgUnitId: p.orgUnit.id,
      name,
      creditCode,
      industryCode,
      industrySection: industryCode ? null : null,
      registeredCapital: p.registeredCapital ?? "5000000.00",
      searchGrams: searchGramsOf(name, creditCode),
    })
    .returning();
  if (!row) throw new Error("insert enterprise returned nothing");
  if (p.tagIds && p.tagIds.length > 0) {
    await db.insert(enterpriseTags).values(p.tagIds.map((tagId) => ({ enterpriseId: row.id, tagId })));
  }
  return row;
}

export async function assign(
  db: Db,
  p: {
    user: { id: string };
    enterprise: { id: string; orgUnitId: string };
    role?: (typeof liaisonAssignments.$inferInsert)["role"];
    endsOn?: string;
  },
) {
  const [row] = await db
    .insert(liaisonAssignments)
    .values({
      orgUnitId: p.enterprise.orgUnitId,
      enterpriseId: p.enterprise.id,
      userId: p.user.id,
      role: p.role ?? "lead_leader",
      startsOn: "2026-01-01",
      endsOn: p.endsOn ?? null,
    })
    .returning();
  if (!row) throw new Error("insert assignment returned nothing");
  return row;
}

// ── Issue ledger rows inserted directly (reports, deadline check), independent of the workflow ──

/** An issue category by name (created on first use; seeded ones are reused). */
export async function ensureIssueCategory(db: Db, name = "要素保障", deadlineDays = 7) {
  await db.insert(issueCategories).values({ name, deadlineDays }).onConflictDoNothing();
  const [row] = await db.select().from(issueCategories).where(eq(issueCategories.name, name));
  if (!row) throw new Error("issue category not found after insert");
  return row;
}

/**
 * An issue row in any state, with its lead and co-departments, as the workflow would have left it.
 * Times default to now; routedAt to createdAt when the issue has left 待受理.
 */
export async function createIssueRow(
  db: Db,
  p: {
    orgUnit: { id: string };
    enterprise?: { id: string } | null;
    project?: { id: string } | null;
    category?: { id: string };
    status?: (typeof issues.$inferInsert)["status"];
    outcome?: "resolved" | "declined" | null;
    title?: string;
    description?: string;
    source?: (typeof issues.$inferInsert)["source"];
    leadDepartment?: { id: string } | null;
    coDepartments?: { id: string }[];
    dueOn?: string | null;
    createdAt?: Date;
    routedAt?: Date | null;
    answeredAt?: Date | null;
    answer?: string | null;
    rating?: "satisfied" | "basically_satisfied" | "dissatisfied" | null;
    escalationLevel?: number;
    reporterName?: string | null;
    reporterPhone?: string | null;
    reportedBy?: { id: string } | null;
  },
) {
  const n = next();
  const status = p.status ?? "received";
  const createdAt = p.createdAt ?? new Date();
  const category = p.category ?? (await ensureIssueCategory(db));
  const [row] = await db
    .insert(issues)
    .values({
      serialNo: `WT-T${creditCodeBase}-${String(n).padStart(6, "0")}`,
      orgUnitId: p.orgUnit.id,
      enterpriseId: p.enterprise?.id ?? null,
      projectId: p.project?.id ?? null,
      categoryId: category.id,
      title: p.title ?? `测试问题${n}`,
      description: p.description ?? `测试问题${n}的描述`,
      source: p.source ?? "dispatcher",
      status,
      outcome: p.outcome ?? (status === "closed" ? "resolved" : null),
      leadDepartmentId: p.leadDepartment?.id ?? null,
      dueOn: p.dueOn ?? null,
      originalDueOn: p.dueOn ?? null,
      routedAt: p.routedAt !== undefined ? p.routedAt : status === "received" ? null : createdAt,
      answeredAt: p.answeredAt ?? null,
      answer: p.answer ?? null,
      closedAt: status === "closed" ? (p.answeredAt ?? createdAt) : null,
      rating: p.rating ?? null,
      ratedAt: p.rating ? (p.answeredAt ?? createdAt) : null,
      escalationLevel: p.escalationLevel ?? 0,
      reporterName: p.reporterName ?? null,
      reporterPhone: p.reporterPhone ?? null,
      reportedBy: p.reportedBy?.id ?? null,
      createdAt,
      updatedAt: createdAt,
    })
    .returning();
  if (!row) throw new Error("insert issue returned nothing");
  const routedTo = [
    ...(p.leadDepartment ? [{ issueId: row.id, departmentId: p.leadDepartment.id, role: "lead" as const }] : []),
    ...(p.coDepartments ?? []).map((d) => ({ issueId: row.id, departmentId: d.id, role: "co" as const })),
  ];
  if (routedTo.length > 0) await db.insert(issueDepartments).values(routedTo);
  return row;
}

// ── Key projects inserted directly (figures, investment), independent of the projects service ──

type ProjectStageKey = (typeof projectStageDates.$inferInsert)["stage"];

/**
 * A key project with its stage dates (planned and/or actual per stage); `stage` defaults to the last
 * stage with an actual date, or 签约. Assign people with `assignProject`.
 */
export async function createProject(
  db: Db,
  p: {
    orgUnit: { id: string };
    name?: string;
    totalInvestment?: string;
    level?: (typeof projects.$inferInsert)["level"];
    batch?: (typeof projects.$inferInsert)["batch"];
    projectType?: (typeof projects.$inferInsert)["projectType"];
    stage?: ProjectStageKey;
    status?: "active" | "archived";
    dates?: Partial<Record<ProjectStageKey, { planned?: string | null; actual?: string | null }>>;
  },
) {
  const order: ProjectStageKey[] = ["signed", "landed", "started", "in_production", "reached_output"];
  const reached = order.filter((s) => p.dates?.[s]?.actual);
  const [row] = await db
    .insert(projects)
    .values({
      orgUnitId: p.orgUnit.id,
      name: p.name ?? `测试重点项目${next()}`,
      investorName: "测试投资方有限公司",
      level: p.level ?? "county",
      batch: p.batch ?? "starting",
      projectType: p.projectType ?? "new",
      totalInvestment: p.totalInvestment ?? "100000000.00",
      stage: p.stage ?? reached[reached.length - 1] ?? "signed",
      status: p.status ?? "active",
    })
    .returning();
  if (!row) throw new Error("insert project returned nothing");
  const dates = order
    .filter((s) => p.dates?.[s])
    .map((s) => ({
      projectId: row.id,
      stage: s,
      plannedOn: p.dates?.[s]?.planned ?? null,
      actualOn: p.dates?.[s]?.actual ?? null,
    }));
  if (dates.length > 0) await db.insert(projectStageDates).values(dates);
  return row;
}

/** An active 包联 assignment of a person to a key project. */
export async function assignProject(
  db: Db,
  p: {
    user: { id: string };
    project: { id: string; orgUnitId: string };
    role?: (typeof liaisonAssignments.$inferInsert)["role"];
  },
) {
  const [row] = await db
    .insert(liaisonAssignments)
    .values({
      orgUnitId: p.project.orgUnitId,
      projectId: p.project.id,
      userId: p.user.id,
      role: p.role ?? "lead_leader",
      startsOn: "2026-01-01",
    })
    .returning();
  if (!row) throw new Error("insert project assignment returned nothing");
  return row;
}

// ── Visits inserted directly (cadence report, coordination), independent of the visits service ──

/** A visit row (done by default) recorded by `recordedBy`, with the recorder and `participants` as participants. */
export async function createVisitRow(
  db: Db,
  p: {
    recordedBy: { id: string };
    enterprise?: { id: string; orgUnitId: string } | null;
    project?: { id: string; orgUnitId: string } | null;
    visitedOn: string;
    status?: (typeof visits.$inferInsert)["status"];
    participants?: { id: string }[];
    summary?: string;
  },
) {
  const subject = p.enterprise ?? p.project;
  if (!subject) throw new Error("a visit needs an enterprise or a project");
  const [row] = await db
    .insert(visits)
    .values({
      orgUnitId: subject.orgUnitId,
      enterpriseId: p.enterprise?.id ?? null,
      projectId: p.project?.id ?? null,
      status: p.status ?? "done",
      visitedOn: p.visitedOn,
      recordedBy: p.recordedBy.id,
      summary: p.summary ?? `走访情况${next()}`,
    })
    .returning();
  if (!row) throw new Error("insert visit returned nothing");
  const ids = [...new Set([p.recordedBy.id, ...(p.participants ?? []).map((u) => u.id)])];
  await db.insert(visitParticipants).values(ids.map((userId) => ({ visitId: row.id, userId })));
  return row;
}

// ── Issue ledger helpers for driving the workflow itself (services called as a user) ──

/** The Actor of a user row, to call services directly as that user. */
export async function actorOfUser(db: Db, user: typeof users.$inferSelect): Promise<Actor> {
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, user.orgUnitId));
  if (!unit) throw new Error("the user's org unit is missing");
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    orgUnitId: user.orgUnitId,
    orgUnitPath: unit.path,
    departmentId: user.departmentId,
    enterpriseId: user.enterpriseId,
    ip: null,
  };
}

/** One rating of an issue (issue_ratings), as the workflow's 评价 records it, for rows made with createIssueRow. */
export async function createIssueRating(
  db: Db,
  p: {
    issue: { id: string };
    rating: "satisfied" | "basically_satisfied" | "dissatisfied";
    ratedAt?: Date;
    byPhone?: boolean;
  },
) {
  await db
    .insert(issueRatings)
    .values({ issueId: p.issue.id, rating: p.rating, byPhone: p.byPhone ?? false, ratedAt: p.ratedAt ?? new Date() });
}

/**
 * Moves an issue's whole history `days` earlier (every timestamp and date of the issue, its history, ratings,
 * missed deadlines and extension requests): the same transitions, as if they had been taken that many days ago. Tests use it
 * between transitions to give the workflow a past (an issue created 5 days ago, a deadline already behind).
 */
export async function shiftIssueHistory(db: Db, issueId: string, days: number): Promise<void> {
  const by = sql`${`${days} days`}::interval`;
  const byDays = sql`${days}::int`;
  await db
    .update(issues)
    .set({
      createdAt: sql`${issues.createdAt} - ${by}`,
      updatedAt: sql`${issues.updatedAt} - ${by}`,
      routedAt: sql`${issues.routedAt} - ${by}`,
      answeredAt: sql`${issues.answeredAt} - ${by}`,
      closedAt: sql`${issues.closedAt} - ${by}`,
      ratedAt: sql`${issues.ratedAt} - ${by}`,
      escalatedAt: sql`${issues.escalatedAt} - ${by}`,
      autoEscalatedAt: sql`${issues.autoEscalatedAt} - ${by}`,
      deadlineMissedAt: sql`${issues.deadlineMissedAt} - ${by}`,
      dueOn: sql`${issues.dueOn} - ${byDays}`,
      originalDueOn: sql`${issues.originalDueOn} - ${byDays}`,
      autoEscalatedDueOn: sql`${issues.autoEscalatedDueOn} - ${byDays}`,
    })
    .where(eq(issues.id, issueId));
  await db
    .update(issueEvents)
    .set({ createdAt: sql`${issueEvents.createdAt} - ${by}` })
    .where(eq(issueEvents.issueId, issueId));
  await db
    .update(issueRatings)
    .set({ ratedAt: sql`${issueRatings.ratedAt} - ${by}` })
    .where(eq(issueRatings.issueId, issueId));
  await db
    .update(issueDeadlineMisses)
    .set({
      dueOn: sql`${issueDeadlineMisses.dueOn} - ${byDays}`,
      missedAt: sql`${issueDeadlineMisses.missedAt} - ${by}`,
    })
    .where(eq(issueDeadlineMisses.issueId, issueId));
  await db
    .update(issueExtensions)
    .set({
      createdAt: sql`${issueExtensions.createdAt} - ${by}`,
      decidedAt: sql`${issueExtensions.decidedAt} - ${by}`,
      currentDueOn: sql`${issueExtensions.currentDueOn} - ${byDays}`,
      requestedDueOn: sql`${issueExtensions.requestedDueOn} - ${byDays}`,
    })
    .where(eq(issueExtensions.issueId, issueId));
}
