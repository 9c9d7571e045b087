import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind } from "../../../test/db.js";
import {
  createDepartment,
  createEnterprise,
  createIssueRow,
  createOrgUnit,
  createUser,
} from "../../../test/factories.js";
import { type Database, openPostgres } from "../../db/client.js";
import { auditLog } from "../audit/audit.table.js";
import { notificationOutbox, notifications } from "../notifications/notifications.table.js";
import { runIssueDeadlineCheck } from "./issue-deadlines.job.js";
import { issueDeadlineMisses, issueEvents, issues, workingCalendar } from "./issues.table.js";

// The check takes its clock: Monday 2026-11-23, 10:00 in Beijing, and the Monday after. The rows' dates are
// relative to that clock, so the file does not depend on today.
const monday = new Date("2026-11-23T02:00:00Z");
const nextMonday = new Date("2026-11-30T02:00:00Z");

let database: Database;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: Database["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  const park = await createOrgUnit(db, { parent: zone, name: "产业园", kind: "park" });
  const otherZone = await createOrgUnit(db, { parent: city, name: "高新区" });
  const dept = await createDepartment(db, { orgUnit: zone, name: "供电公司" });
  const deptUsers = [
    await createUser(db, { role: "department", orgUnit: zone, departmentId: dept.id, username: "dl_power1" }),
    await createUser(db, { role: "department", orgUnit: zone, departmentId: dept.id, username: "dl_power2" }),
  ];
  const disabledDeptUser = await createUser(db, {
    role: "department",
    orgUnit: zone,
    departmentId: dept.id,
    username: "dl_power_off",
    isDisabled: true,
  });
  const dispatcher = await createUser(db, { role: "admin", orgUnit: zone, username: "dl_admin" });
  const cityOversight = await createUser(db, { role: "oversight", orgUnit: city, username: "dl_city_oversight" });
  const oversight = await createUser(db, { role: "oversight", orgUnit: zone, username: "dl_oversight" });
  const otherOversight = await createUser(db, { role: "oversight", orgUnit: otherZone, username: "dl_other_ov" });
  const cadre = await createUser(db, { role: "cadre", orgUnit: zone, username: "dl_cadre" });
  const enterprise = await createEnterprise(db, { orgUnit: park, name: "许昌瑞达电气有限公司" });
  return {
    city,
    zone,
    park,
    otherZone,
    dept,
    deptUsers,
    disabledDeptUser,
    dispatcher,
    cityOversight,
    oversight,
    otherOversight,
    cadre,
    enterprise,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  f = await seed(database.db);
});
afterAll(() => database.close());

const routedIssue = (dueOn: string, status: "routed" | "in_progress" | "answered" | "closed" = "routed") =>
  createIssueRow(database.db, {
    orgUnit: f.park,
    enterprise: f.enterprise,
    status,
    leadDepartment: f.dept,
    dueOn,
    title: `用电增容（时限${dueOn}）`,
    createdAt: new Date("2026-11-01T02:00:00Z"),
    answeredAt: status === "answered" || status === "closed" ? new Date("2026-11-05T02:00:00Z") : null,
  });

async function eventsOf(issueIds: string[], action: "auto_escalated" | "deadline_missed" = "auto_escalated") {
  return database.db
    .select()
    .from(issueEvents)
    .where(and(inArray(issueEvents.issueId, issueIds), eq(issueEvents.action, action)));
}

/** The deadlines recorded as missed, per issue, with the history entries and audit rows that go with them. */
async function missesOf(issueIds: string[]) {
  const [rows, events, audit] = await Promise.all([
    database.db.select().from(issueDeadlineMisses).where(inArray(issueDeadlineMisses.issueId, issueIds)),
    eventsOf(issueIds, "deadline_missed"),
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "issue.deadline_missed"), inArray(auditLog.entityId, issueIds))),
  ]);
  return { rows, events, audit };
}

async function noticesOf(issueIds: string[], kind: "issue_overdue" | "issue_due_soon") {
  return database.db
    .select()
    .from(notifications)
    .where(and(inArray(notifications.issueId, issueIds), eq(notifications.kind, kind)));
}

/** One notice per (issue, recipient), and the recipients of each issue. */
function recipientsByIssue(rows: { issueId: string | null; userId: string }[]) {
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.issueId ?? "", [...(map.get(r.issueId ?? "") ?? []), r.userId]);
  for (const list of map.values()) list.sort();
  return map;
}

describe("the deadline check: overdue issues", () => {
  it("escalates each overdue issue exactly once when run twice in a row, with history, audit and notices", async () => {
    const late = await routedIssue("2026-11-20");
    const lateInProgress = await routedIssue("2026-11-22", "in_progress");
    const answeredLate = await routedIssue("2026-11-10", "answered");
    const dueToday = await routedIssue("2026-11-23");
    const ids = [late.id, lateInProgress.id, answeredLate.id, dueToday.id];

    const first = await runIssueDeadlineCheck(database.db, { now: monday });
    const second = await runIssueDeadlineCheck(database.db, { now: monday });
    expect(first.escalatedIssueIds.filter((id) => ids.includes(id)).sort()).toEqual(
      [late.id, lateInProgress.id].sort(),
    );
    expect(second.escalatedIssueIds).toEqual([]);
    expect(first.missedIssueIds.filter((id) => ids.includes(id)).sort()).toEqual([late.id, lateInProgress.id].sort());
    expect(second.missedIssueIds).toEqual([]);

    const rows = await database.db.select().from(issues).where(inArray(issues.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(late.id)).toMatchObject({
      escalationLevel: 1,
      status: "routed",
      version: 2,
      autoEscalatedDueOn: "2026-11-20",
    });
    expect(byId.get(late.id)?.autoEscalatedAt).not.toBeNull();
    // The missed deadline is recorded for the on-time rate; an issue due today has not missed it yet.
    expect(byId.get(late.id)?.deadlineMissedAt).not.toBeNull();
    expect(byId.get(lateInProgress.id)?.deadlineMissedAt).not.toBeNull();
    expect(byId.get(dueToday.id)?.deadlineMissedAt).toBeNull();
    expect(byId.get(answeredLate.id)?.deadlineMissedAt).toBeNull();
    expect(byId.get(lateInProgress.id)).toMatchObject({ escalationLevel: 1, status: "in_progress" });
    expect(byId.get(answeredLate.id)).toMatchObject({ escalationLevel: 0, autoEscalatedAt: null });
    expect(byId.get(dueToday.id)).toMatchObject({ escalationLevel: 0, autoEscalatedAt: null });

    const events = await eventsOf(ids);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actorUserId: null, actorName: "系统" });
    expect(events.find((e) => e.issueId === late.id)?.note).toBe("已超过办理时限（2026-11-20）未办结，系统自动督办");

    const notices = await noticesOf(ids, "issue_overdue");
    const expected = [...f.deptUsers.map((u) => u.id), f.dispatcher.id, f.oversight.id, f.cityOversight.id].sort();
    const recipients = recipientsByIssue(notices);
    expect(recipients.get(late.id)).toEqual(expected);
    expect(recipients.get(lateInProgress.id)).toEqual(expected);
    expect(notices.find((n) => n.issueId === late.id)?.title).toMatch(/^问题 WT-\S+ 已逾期，已自动督办$/);

    const outbox = await database.db
      .select()
      .from(notificationOutbox)
      .where(inArray(notificationOutbox.issueId, [late.id, lateInProgress.id]));
    expect(outbox).toHaveLength(2);

    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "issue.auto_escalate"), inArray(auditLog.entityId, ids)));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorUserId: null, actorName: "系统" });

    // The miss of each deadline: recorded against the lead department, in the history and the audit log, once.
    const missed = await missesOf(ids);
    expect(missed.rows.map((m) => [m.issueId, m.dueOn, m.departmentId]).sort()).toEqual(
      [
        [late.id, "2026-11-20", f.dept.id],
        [lateInProgress.id, "2026-11-22", f.dept.id],
      ].sort(),
    );
    expect(missed.events).toHaveLength(2);
    expect(missed.events.find((e) => e.issueId === late.id)).toMatchObject({
      actorUserId: null,
      actorName: "系统",
      fromStatus: "routed",
      toStatus: "routed",
      note: "超过办理时限（2026-11-20）仍未办结（牵头单位：供电公司）",
      data: { dueOn: "2026-11-20", departmentId: f.dept.id },
    });
    expect(missed.audit).toHaveLength(2);
    expect(missed.audit.find((a) => a.entityId === late.id)).toMatchObject({
      actorUserId: null,
      actorName: "系统",
      orgUnitId: f.park.id,
      summary: `${late.serialNo} 超过办理时限（2026-11-20）仍未办结（牵头单位：供电公司）`,
    });
  });

  it("keeps a higher manual escalation level (挂牌督办) and still escalates automatically once", async () => {
    const listed = await createIssueRow(database.db, {
      orgUnit: f.park,
      enterprise: f.enterprise,
      status: "in_progress",
      leadDepartment: f.dept,
      dueOn: "2026-11-02",
      escalationLevel: 2,
    });
    await runIssueDeadlineCheck(database.db, { now: monday });
    const [row] = await database.db.select().from(issues).where(eq(issues.id, listed.id));
    expect(row?.escalationLevel).toBe(2);
    expect(await eventsOf([listed.id])).toHaveLength(1);
  });

  it("escalates exactly once when two checks run at the same time", async () => {
    const created = [];
    for (let i = 0; i < 12; i++) created.push(await routedIssue(`2026-11-${String(10 + (i % 9)).padStart(2, "0")}`));
    const ids = created.map((c) => c.id);
    const runs = await Promise.all([
      runIssueDeadlineCheck(database.db, { now: monday }),
      runIssueDeadlineCheck(database.db, { now: monday }),
    ]);
    const escalated = runs.flatMap((r) => r.escalatedIssueIds).filter((id) => ids.includes(id));
    expect(escalated.sort()).toEqual([...ids].sort());
    expect(await eventsOf(ids)).toHaveLength(12);
    const notices = await noticesOf(ids, "issue_overdue");
    expect(notices).toHaveLength(12 * 5);
    const missed = await missesOf(ids);
    expect([missed.rows.length, missed.events.length, missed.audit.length]).toEqual([12, 12, 12]);
    expect(runs.flatMap((r) => r.missedIssueIds).filter((id) => ids.includes(id))).toHaveLength(12);
  });

  // Two pools are two instances; PGlite has a single connection, so this case exists on PostgreSQL only.
  if (testDatabaseKind === "postgres") {
    it("escalates exactly once when two instances (two connection pools) run the check at the same time", async () => {
      const url = database.pool?.options.connectionString;
      if (!url) throw new Error("no PostgreSQL pool");
      const second = await openPostgres(url, 5);
      try {
        const created = [];
        for (let i = 0; i < 40; i++) created.push(await routedIssue("2026-11-16"));
        const ids = created.map((c) => c.id);
        const runs = await Promise.all([
          runIssueDeadlineCheck(database.db, { now: monday }),
          runIssueDeadlineCheck(second.db, { now: monday }),
          runIssueDeadlineCheck(second.db, { now: monday }),
        ]);
        const escalated = runs.flatMap((r) => r.escalatedIssueIds).filter((id) => ids.includes(id));
        expect(escalated).toHaveLength(40);
        expect(new Set(escalated).size).toBe(40);
        expect(await eventsOf(ids)).toHaveLength(40);
        const notices = await noticesOf(ids, "issue_overdue");
        expect(notices).toHaveLength(40 * 5);
        const [outbox] = await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(notificationOutbox)
          .where(inArray(notificationOutbox.issueId, ids));
        expect(outbox?.n).toBe(40);
        const missed = await missesOf(ids);
        expect([missed.rows.length, missed.events.length, missed.audit.length]).toEqual([40, 40, 40]);
        expect(new Set(runs.flatMap((r) => r.missedIssueIds).filter((id) => ids.includes(id))).size).toBe(40);

        // A new deadline missed again: escalated once more, by exactly one of the instances.
        await database.db.update(issues).set({ dueOn: "2026-11-27" }).where(inArray(issues.id, ids));
        const again = await Promise.all([
          runIssueDeadlineCheck(database.db, { now: nextMonday }),
          runIssueDeadlineCheck(second.db, { now: nextMonday }),
          runIssueDeadlineCheck(second.db, { now: nextMonday }),
        ]);
        const secondRound = again.flatMap((r) => r.escalatedIssueIds).filter((id) => ids.includes(id));
        expect(secondRound).toHaveLength(40);
        expect(new Set(secondRound).size).toBe(40);
        expect(await eventsOf(ids)).toHaveLength(80);
        expect(await noticesOf(ids, "issue_overdue")).toHaveLength(2 * 40 * 5);
        const missedAgain = await missesOf(ids);
        expect([missedAgain.rows.length, missedAgain.events.length, missedAgain.audit.length]).toEqual([80, 80, 80]);
      } finally {
        await second.close();
      }
    });
  }
});

/** A new deadline for the issue, as an approved extension, a reroute, a reopen or a meeting decision sets it. */
const moveDeadline = (id: string, dueOn: string) => database.db.update(issues).set({ dueOn }).where(eq(issues.id, id));

describe("the deadline check: once per deadline", () => {
  it("escalates again when the issue misses a new deadline, once however often the check runs", async () => {
    const issue = await routedIssue("2026-11-20", "in_progress");
    await runIssueDeadlineCheck(database.db, { now: monday });
    // Extended to Wednesday 11-25 (after the first escalation), then that deadline passes too.
    await moveDeadline(issue.id, "2026-11-25");
    expect((await runIssueDeadlineCheck(database.db, { now: monday })).escalatedIssueIds).not.toContain(issue.id);
    const again = await runIssueDeadlineCheck(database.db, { now: nextMonday });
    expect(again.escalatedIssueIds).toContain(issue.id);
    await runIssueDeadlineCheck(database.db, { now: nextMonday });
    await Promise.all([
      runIssueDeadlineCheck(database.db, { now: nextMonday }),
      runIssueDeadlineCheck(database.db, { now: nextMonday }),
    ]);
    const events = await eventsOf([issue.id]);
    expect(events.map((e) => (e.data as { dueOn: string }).dueOn).sort()).toEqual(["2026-11-20", "2026-11-25"]);
    // Each deadline missed is told once to each recipient (5: two department users, dispatcher, 2 oversight).
    const notices = await noticesOf([issue.id], "issue_overdue");
    expect(notices).toHaveLength(2 * 5);
    expect(notices.filter((n) => n.body?.includes("2026-11-25"))).toHaveLength(5);
    const [row] = await database.db.select().from(issues).where(eq(issues.id, issue.id));
    expect(row).toMatchObject({ escalationLevel: 1, autoEscalatedDueOn: "2026-11-25" });
    // Each deadline missed once in the history and the audit log; the sticky marker keeps the first miss.
    const missed = await missesOf([issue.id]);
    expect(missed.events.map((e) => (e.data as { dueOn: string }).dueOn).sort()).toEqual(["2026-11-20", "2026-11-25"]);
    expect(missed.audit).toHaveLength(2);
    const first = missed.rows.find((m) => m.dueOn === "2026-11-20");
    expect(row?.deadlineMissedAt).toEqual(first?.missedAt);
  });

  it("escalates again exactly once per new deadline when two checks run at the same time", async () => {
    const created = [];
    for (let i = 0; i < 8; i++) created.push(await routedIssue("2026-11-16"));
    const ids = created.map((c) => c.id);
    await Promise.all([
      runIssueDeadlineCheck(database.db, { now: monday }),
      runIssueDeadlineCheck(database.db, { now: monday }),
    ]);
    for (const id of ids) await moveDeadline(id, "2026-11-26");
    const runs = await Promise.all([
      runIssueDeadlineCheck(database.db, { now: nextMonday }),
      runIssueDeadlineCheck(database.db, { now: nextMonday }),
    ]);
    const escalated = runs.flatMap((r) => r.escalatedIssueIds).filter((id) => ids.includes(id));
    expect(escalated.sort()).toEqual([...ids].sort());
    expect(await eventsOf(ids)).toHaveLength(2 * 8);
    expect(await noticesOf(ids, "issue_overdue")).toHaveLength(2 * 8 * 5);
    const missed = await missesOf(ids);
    expect([missed.rows.length, missed.events.length, missed.audit.length]).toEqual([16, 16, 16]);
  });
});

describe("the deadline check: due soon", () => {
  it("tells the lead department once per deadline, within 2 working days, skipping disabled users", async () => {
    const today = await routedIssue("2026-11-23");
    const wednesday = await routedIssue("2026-11-25", "in_progress");
    const thursday = await routedIssue("2026-11-26");
    const answered = await routedIssue("2026-11-24", "answered");
    const ids = [today.id, wednesday.id, thursday.id, answered.id];
    await runIssueDeadlineCheck(database.db, { now: monday });
    await runIssueDeadlineCheck(database.db, { now: monday });
    await Promise.all([
      runIssueDeadlineCheck(database.db, { now: monday }),
      runIssueDeadlineCheck(database.db, { now: monday }),
    ]);
    const notices = await noticesOf(ids, "issue_due_soon");
    const recipients = recipientsByIssue(notices);
    const deptIds = f.deptUsers.map((u) => u.id).sort();
    expect([...recipients.keys()].sort()).toEqual([today.id, wednesday.id].sort());
    expect(recipients.get(today.id)).toEqual(deptIds);
    expect(recipients.get(wednesday.id)).toEqual(deptIds);
    expect(notices.find((n) => n.issueId === wednesday.id)?.title).toMatch(/将于 2026-11-25 到期$/);

    // An approved extension moves the deadline: the department is told again for the new one.
    await database.db.update(issues).set({ dueOn: "2026-11-24" }).where(eq(issues.id, thursday.id));
    await runIssueDeadlineCheck(database.db, { now: monday });
    expect(recipientsByIssue(await noticesOf([thursday.id], "issue_due_soon")).get(thursday.id)).toEqual(deptIds);
  });

  it("counts working days with the holiday calendar (a holiday on Tuesday brings Thursday within 2 days)", async () => {
    const thursday = await routedIssue("2026-11-26");
    await database.db.insert(workingCalendar).values({ day: "2026-11-24", isWorkingDay: false, note: "测试假日" });
    try {
      await runIssueDeadlineCheck(database.db, { now: monday });
    } finally {
      await database.db.delete(workingCalendar).where(eq(workingCalendar.day, "2026-11-24"));
    }
    expect(await noticesOf([thursday.id], "issue_due_soon")).toHaveLength(2);
  });
});
