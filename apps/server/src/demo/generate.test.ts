import { checkCreditCode } from "@zonedesk/contracts";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/app.js";
import { type Database, openPglite } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import {
  investmentLeads,
  issueDeadlineMisses,
  issueEvents,
  issueRatings,
  issues,
  leadActivities,
  leadStageEvents,
  liaisonAssignments,
  notifications,
  projectAnnualPlans,
  projectEvents,
  projectInvestmentReports,
  projectProcedures,
  projectStageDates,
  projects,
  reviewMeetingItems,
  reviewMeetings,
  visits,
} from "../db/schema.js";
import { todayInBeijing } from "../lib/format.js";
import { enterprises } from "../modules/enterprises/enterprises.table.js";
import { industries } from "../modules/industries/industries.table.js";
import { orgUnits } from "../modules/org-units/org-units.table.js";
import { tags } from "../modules/tags/tags.table.js";
import { users } from "../modules/users/users.table.js";
import { seedReferenceData } from "../reference-data/seed-reference-data.js";
import { type DemoSummary, demoPassword, loadDemoData } from "./generate.js";
import { addDays } from "./random.js";

async function openSeeded(): Promise<Database> {
  const database = await openPglite(null);
  await migrateDatabase(database);
  await seedReferenceData(database.db);
  return database;
}

async function namesAndCodes(database: Database) {
  return database.db
    .select({ name: enterprises.name, creditCode: enterprises.creditCode })
    .from(enterprises)
    .orderBy(asc(enterprises.creditCode));
}

/** What the work of a demo looks like, ids aside: its projects, their investment and the issue ledger. */
async function workOf(database: Database) {
  const db = database.db;
  return {
    projects: await db
      .select({ name: projects.name, stage: projects.stage, total: projects.totalInvestment, on: projects.createdAt })
      .from(projects)
      .orderBy(asc(projects.name), asc(projects.createdAt)),
    reports: await db
      .select({ year: projectInvestmentReports.year, month: projectInvestmentReports.month, sum: sumOf("completed") })
      .from(projectInvestmentReports)
      .groupBy(projectInvestmentReports.year, projectInvestmentReports.month)
      .orderBy(asc(projectInvestmentReports.year), asc(projectInvestmentReports.month)),
    issues: await db
      .select({ serialNo: issues.serialNo, status: issues.status, dueOn: issues.dueOn, on: issues.createdAt })
      .from(issues)
      .orderBy(asc(issues.serialNo)),
  };
}

const sumOf = (which: "completed" | "planned") =>
  which === "completed"
    ? sql<string>`coalesce(sum(${projectInvestmentReports.completedInMonth}), 0)::text`
    : sql<string>`coalesce(sum(${projectAnnualPlans.plannedInvestment}), 0)::text`;

/** The latest Beijing date in a date or timestamp column, YYYY-MM-DD, or null when the table is empty. */
async function latestIn(database: Database, column: AnyPgColumn): Promise<string | null> {
  const day =
    column.columnType === "PgDateString" ? sql`${column}` : sql`(${column} at time zone 'Asia/Shanghai')::date`;
  const [row] = await database.db
    .select({ on: sql<string | null>`max(${day})::text` })
    .from(column.table)
    .where(sql`${column} is not null`);
  return row?.on ?? null;
}

/** The record dates of a demo: done work, which lies on or before the demo's today. */
const recordDates: [string, AnyPgColumn][] = [
  ["project created", projects.createdAt],
  ["project progress updated", projects.progressUpdatedAt],
  ["project stage reached", projectStageDates.actualOn],
  ["project history", projectEvents.createdAt],
  ["annual plan set", projectAnnualPlans.updatedAt],
  ["investment reported", projectInvestmentReports.createdAt],
  ["procedure started", projectProcedures.startedOn],
  ["procedure completed", projectProcedures.completedOn],
  ["assignment started", liaisonAssignments.startsOn],
  ["assignment ended", liaisonAssignments.endsOn],
  ["lead raised", investmentLeads.createdAt],
  ["lead signed", investmentLeads.signedOn],
  ["lead terminated", investmentLeads.terminatedOn],
  ["lead stage reached", leadStageEvents.occurredOn],
  ["lead activity", leadActivities.occurredOn],
  ["visit", visits.visitedOn],
  ["issue raised", issues.createdAt],
  ["issue routed", issues.routedAt],
  ["issue answered", issues.answeredAt],
  ["issue closed", issues.closedAt],
  ["issue escalated", issues.autoEscalatedAt],
  ["issue deadline missed", issues.deadlineMissedAt],
  ["issue history", issueEvents.createdAt],
  ["issue rated", issueRatings.ratedAt],
  ["issue deadline miss", issueDeadlineMisses.missedAt],
  ["notice sent", notifications.createdAt],
  ["meeting scheduled", reviewMeetings.createdAt],
];

/** The Beijing month before a date's month, and the year of a date. */
function periodOf(today: string) {
  const year = Number(today.slice(0, 4));
  const lastMonth = Number(today.slice(5, 7)) - 1; // 0 in January: no month of the year is complete
  return { year, lastMonth };
}

/**
 * What a user of a demo loaded on `today` sees, whatever the day: nothing done after today, recent visits,
 * issues overdue and due soon, the meeting ahead, and this year's and last year's investment figures.
 */
function itLooksCurrentOn(today: string, database: () => Database) {
  it("dates no record after the demo date, with 包联 of the last two years and projects of the last three", async () => {
    for (const [what, column] of recordDates) {
      const latest = await latestIn(database(), column);
      expect(latest, `${what}: latest`).not.toBeNull();
      expect(latest ?? "", `${what}: latest`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect((latest ?? "") <= today, `${what} on ${latest}, after ${today}`).toBe(true);
    }
    const [earliest] = await database()
      .db.select({
        assignment: sql<string>`min(${liaisonAssignments.startsOn})::text`,
        signed: sql<string>`(select min(${projectStageDates.actualOn})::text from ${projectStageDates})`,
      })
      .from(liaisonAssignments);
    const { assignment = "", signed = "" } = earliest ?? {};
    expect(assignment >= addDays(today, -730), `assignments from ${assignment}`).toBe(true);
    expect(signed >= addDays(today, -3 * 365), `projects signed from ${signed}`).toBe(true);
  });

  it("has visits of the week before, and open issues both overdue and due within seven days", async () => {
    const db = database().db;
    const [visitCount] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(visits)
      .where(sql`${visits.visitedOn} between ${addDays(today, -7)} and ${addDays(today, -1)}`);
    expect(visitCount?.n).toBeGreaterThan(0);
    const open = sql`${issues.status} in ('routed', 'in_progress')`;
    const [counts] = await db
      .select({
        overdue: sql<number>`(count(*) filter (where ${issues.dueOn} < ${today}))::int`,
        dueSoon: sql<number>`(count(*) filter (where ${issues.dueOn} between ${today} and ${addDays(today, 7)}))::int`,
      })
      .from(issues)
      .where(open);
    expect(counts?.overdue).toBeGreaterThan(0);
    expect(counts?.dueSoon).toBeGreaterThan(0);
  });

  it("holds each zone's joint review meeting in the coming days, with new deadlines after it", async () => {
    const db = database().db;
    const meetings = await db.select().from(reviewMeetings);
    expect(meetings).toHaveLength(2);
    for (const m of meetings) {
      expect(m.heldOn > today && m.heldOn <= addDays(today, 14), `meeting on ${m.heldOn}`).toBe(true);
      expect(m.title).toContain(`${m.heldOn.slice(0, 4)}年第${Number(m.heldOn.slice(5, 7))}次`);
    }
    const items = await db
      .select({ newDueOn: reviewMeetingItems.newDueOn, heldOn: reviewMeetings.heldOn })
      .from(reviewMeetingItems)
      .innerJoin(reviewMeetings, eq(reviewMeetings.id, reviewMeetingItems.meetingId));
    const decided = items.filter((i) => i.newDueOn !== null);
    expect(decided.length).toBeGreaterThan(0);
    for (const i of decided) expect((i.newDueOn ?? "") > i.heldOn).toBe(true);
  });

  it("plans this year's investment with reports through the last complete month, and last year's in full", async () => {
    const db = database().db;
    const { year, lastMonth } = periodOf(today);
    const planned = async (y: number) =>
      Number(
        (
          await db
            .select({ sum: sumOf("planned") })
            .from(projectAnnualPlans)
            .where(eq(projectAnnualPlans.year, y))
        )[0]?.sum,
      );
    const reported = async (y: number) =>
      db
        .select({ month: projectInvestmentReports.month, sum: sumOf("completed") })
        .from(projectInvestmentReports)
        .where(eq(projectInvestmentReports.year, y))
        .groupBy(projectInvestmentReports.month)
        .orderBy(asc(projectInvestmentReports.month));
    expect(await planned(year)).toBeGreaterThan(0);
    const thisYear = await reported(year);
    expect(thisYear.map((r) => r.month)).toEqual(Array.from({ length: lastMonth }, (_, i) => i + 1));
    for (const r of thisYear) expect(Number(r.sum), `month ${r.month}`).toBeGreaterThan(0);
    expect(await planned(year - 1)).toBeGreaterThan(0);
    const lastYear = await reported(year - 1);
    expect(lastYear.map((r) => r.month)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const r of lastYear) expect(Number(r.sum), `month ${r.month} of ${year - 1}`).toBeGreaterThan(0);
    const [later] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(projectAnnualPlans)
      .where(sql`${projectAnnualPlans.year} > ${year}`);
    expect(later?.n).toBe(0);
  });
}

describe("loadDemoData", () => {
  const today = "2026-11-20";
  let database: Database;
  let summary: DemoSummary;
  let loadMs = 0;

  beforeAll(async () => {
    database = await openSeeded();
    const started = performance.now();
    summary = await loadDemoData(database.db, { seed: 42, today });
    loadMs = performance.now() - started;
    console.info(`loadDemoData(seed 42, ${today}): ${Math.round(loadMs)} ms`, summary.counts);
  });
  afterAll(async () => {
    await database.close();
  });

  it("writes about 800 enterprises with valid, unique credit codes", async () => {
    const rows = await namesAndCodes(database);
    expect(rows.length).toBeGreaterThanOrEqual(750);
    expect(rows.length).toBeLessThanOrEqual(850);
    for (const row of rows) expect(checkCreditCode(row.creditCode)).toMatchObject({ ok: true });
    expect(new Set(rows.map((r) => r.creditCode)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it("creates two zones, 29 leaders and at least 200 cadres", async () => {
    const zones = await database.db.select().from(orgUnits).where(eq(orgUnits.kind, "zone"));
    expect(zones).toHaveLength(2);
    const count = async (role: "leader" | "cadre") =>
      (await database.db.select({ id: users.id }).from(users).where(eq(users.role, role))).length;
    expect(await count("leader")).toBe(29);
    expect(await count("cadre")).toBeGreaterThanOrEqual(200);
  });

  it("gives cadre001 at least five active assignments", async () => {
    const [cadre] = await database.db.select().from(users).where(eq(users.username, "cadre001"));
    expect(cadre).toBeDefined();
    const active = await database.db
      .select({ id: liaisonAssignments.id })
      .from(liaisonAssignments)
      .where(and(eq(liaisonAssignments.userId, cadre?.id ?? ""), isNull(liaisonAssignments.endsOn)));
    expect(active.length).toBeGreaterThanOrEqual(5);
  });

  it("covers 80–95% of active enterprises with an active responsible leader", async () => {
    const [row] = await database.db
      .select({
        total: sql<number>`count(*)::int`,
        covered: sql<number>`count(*) filter (where exists (
          select 1 from ${liaisonAssignments} a
          where a.enterprise_id = enterprises.id and a.role = 'lead_leader' and a.ends_on is null))::int`,
      })
      .from(enterprises)
      .where(eq(enterprises.status, "active"));
    const share = (row?.covered ?? 0) / (row?.total ?? 1);
    expect(share).toBeGreaterThanOrEqual(0.8);
    expect(share).toBeLessThanOrEqual(0.95);
  });

  it("lists demo accounts that all share one strong password", () => {
    const usernames = summary.accounts.map((a) => a.username);
    expect(usernames).toEqual(
      expect.arrayContaining(["admin", "admin_jk", "leader01", "cadre001", "jiwei01", "tongji01", "qiye001"]),
    );
    expect(new Set(summary.accounts.map((a) => a.password)).size).toBe(1);
    expect(summary.today).toBe(today);
  });

  it("keeps project names unique within each unit", async () => {
    const [row] = await database.db
      .select({
        names: sql<number>`count(distinct (${projects.orgUnitId}, ${projects.name}))::int`,
        all: sql<number>`count(*)::int`,
      })
      .from(projects);
    expect(row?.names).toBe(row?.all);
  });

  it("produces the same enterprises and the same work for the same seed and date", async () => {
    const again = await openSeeded();
    try {
      await loadDemoData(again.db, { seed: 42, today });
      expect(await namesAndCodes(again)).toEqual(await namesAndCodes(database));
      expect(await workOf(again)).toEqual(await workOf(database));
    } finally {
      await again.close();
    }
  });

  itLooksCurrentOn(today, () => database);
});

describe("a demo loaded in January", () => {
  const today = "2027-01-10";
  let database: Database;

  beforeAll(async () => {
    database = await openSeeded();
    await loadDemoData(database.db, { seed: 42, today });
  });
  afterAll(async () => {
    await database.close();
  });

  itLooksCurrentOn(today, () => database);

  it("numbers the issues of each year from 1, this year's after last year's", async () => {
    const rows = await database.db
      .select({
        serialNo: issues.serialNo,
        on: sql<string>`(${issues.createdAt} at time zone 'Asia/Shanghai')::date::text`,
      })
      .from(issues);
    for (const r of rows) expect(r.serialNo?.slice(3, 7)).toBe(r.on.slice(0, 4));
    const numbers = (year: string) =>
      rows
        .filter((r) => r.on.startsWith(year))
        .map((r) => Number(r.serialNo?.slice(8)))
        .sort((a, b) => a - b);
    for (const year of ["2026", "2027"]) {
      const list = numbers(year);
      expect(list.length, `issues of ${year}`).toBeGreaterThan(0);
      expect(list).toEqual(Array.from({ length: list.length }, (_, i) => i + 1));
    }
  });
});

describe("a demo loaded today, as its users see it", () => {
  const today = todayInBeijing();
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoData(t.database.db, { seed: 42, today });
    cookie = await t.signIn("admin", demoPassword);
  });
  afterAll(() => t.close());

  itLooksCurrentOn(today, () => t.database);

  it("shows live key-project figures for the last complete month", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/projects/figures", headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const figures = response.json();
    const { year, lastMonth } = periodOf(today);
    expect(figures).toMatchObject(lastMonth === 0 ? { year: year - 1, month: 12 } : { year, month: lastMonth });
    expect(figures.projectCount).toBeGreaterThan(0);
    expect(Number(figures.plannedInvestment)).toBeGreaterThan(0);
    expect(Number(figures.completedInvestment)).toBeGreaterThan(0);
    // Most projects keep pace with the calendar: the rate is near the time progress, neither dead nor absurd.
    expect(figures.completionRate).toBeGreaterThan(figures.timeProgress / 2);
    expect(figures.completionRate).toBeLessThan(figures.timeProgress * 1.5);
  });

  it("shows issue statistics with issues resolved, in progress and overdue", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/issues/stats", headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const { total } = response.json();
    expect(total.collected).toBeGreaterThan(100);
    expect(total.resolved).toBeGreaterThan(0);
    expect(total.inProgress).toBeGreaterThan(0);
    expect(total.overdue).toBeGreaterThan(0);
    expect(total.satisfactionRate).toBeGreaterThan(0.5);
  });

  it("has answers the enterprise rated 不满意 and missed deadlines, so 满意率 and 按期办结率 are below 100%", async () => {
    const db = t.database.db;
    const reopened = await db
      .select({ id: issues.id, reopenCount: issues.reopenCount, status: issues.status })
      .from(issues)
      .where(sql`${issues.reopenCount} > 0`);
    expect(reopened.length).toBeGreaterThan(0);
    for (const issue of reopened) {
      const ratings = await db
        .select({ rating: issueRatings.rating, department: issueRatings.leadDepartmentId })
        .from(issueRatings)
        .where(eq(issueRatings.issueId, issue.id))
        .orderBy(asc(issueRatings.ratedAt));
      expect(ratings.map((r) => r.rating)[0]).toBe("dissatisfied");
      expect(ratings.every((r) => r.department !== null)).toBe(true);
    }
    // Every issue marked as having missed a deadline has its miss recorded against a department, and only those.
    const marked = await db.select({ id: issues.id }).from(issues).where(sql`${issues.deadlineMissedAt} is not null`);
    const misses = await db
      .select({ issueId: issueDeadlineMisses.issueId, department: issueDeadlineMisses.departmentId })
      .from(issueDeadlineMisses);
    expect(new Set(misses.map((m) => m.issueId))).toEqual(new Set(marked.map((m) => m.id)));
    expect(misses.every((m) => m.department !== null)).toBe(true);

    const response = await t.app.inject({ method: "GET", url: "/api/issues/stats", headers: { cookie } });
    const { total } = response.json();
    expect(total.satisfactionRate).toBeLessThan(1);
    expect(total.onTimeRate).toBeLessThan(1);
    expect(total.onTimeRate).toBeGreaterThan(0.5);
  });
});

describe("seedReferenceData", () => {
  it("leaves 20 sections, 97 divisions and the default tags when run twice", async () => {
    const database = await openSeeded();
    try {
      await seedReferenceData(database.db);
      const levels = await database.db
        .select({ level: industries.level, count: sql<number>`count(*)::int` })
        .from(industries)
        .groupBy(industries.level);
      const byLevel = new Map(levels.map((l) => [l.level, l.count]));
      expect(byLevel.get("section")).toBe(20);
      expect(byLevel.get("division")).toBe(97);
      const [c38] = await database.db.select().from(industries).where(eq(industries.code, "383"));
      expect(c38).toMatchObject({ section: "C", parentCode: "38", level: "group" });
      expect(await database.db.select().from(tags)).toHaveLength(13);
    } finally {
      await database.close();
    }
  });

  it("does not bring back a default tag an admin renamed", async () => {
    const database = await openSeeded();
    try {
      await database.db.update(tags).set({ name: "重点服务企业" }).where(eq(tags.name, "重点企业"));
      await seedReferenceData(database.db);
      const names = (await database.db.select({ name: tags.name }).from(tags)).map((t) => t.name);
      expect(names).toContain("重点服务企业");
      expect(names).not.toContain("重点企业");
    } finally {
      await database.close();
    }
  });
});
