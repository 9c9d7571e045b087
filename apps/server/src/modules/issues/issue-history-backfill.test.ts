import { randomUUID } from "node:crypto";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOfUser } from "../../../test/factories.js";
import { createDatabaseAtMigration } from "../../../test/migrations.js";
import type { Database } from "../../db/client.js";
import { todayInBeijing } from "../../lib/format.js";
import { addCalendarDays } from "../../lib/working-days.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import { getIssueStats } from "./issue-stats.js";
import { issueDeadlineMisses, issueDepartments, issueRatings, issues } from "./issues.table.js";

/*
 * A database as release 0005 left it, with the rows 0005's code wrote (the issue row, its departments, and the
 * history in issue_events — no issue_ratings, no deadline markers), brought up to date by the remaining
 * migrations: the ratings, the missed deadlines and the departments answerable for them come back from the
 * history. The history is dated from 60 days ago (10:00 in Beijing on each day), so the file holds on any date.
 *
 *   1 住建局: due d+5, answered d+8 (late), 不满意 → reopened due d+16, answered d+12, 满意
 *   2 住建局: due d+3, bounced d+6 (late); routed to 自然资源局 due d+14, answered d+10, 满意
 *   3 供电公司 (lead) + 住建局 (co): bounced d+2 on time, still bounced
 *   4 住建局: due d+20, answered d+3, 不满意 → due d+25; rerouted d+5 to 自然资源局, answered d+7, 满意
 *   5 住建局: due d+2, escalated by the check d+4, extension to d+12 approved d+5, answered d+10 (awaits rating)
 *   6 自然资源局: routed 10 days ago due 3 days ago, still in progress
 *   7 住建局: due d+5; a meeting d+4 gives it to 自然资源局 due d+20; answered d+15 (awaits rating)
 */

let database: Database;
const today = todayInBeijing();
const base = addCalendarDays(today, -60);
const day = (n: number) => addCalendarDays(base, n);
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const ids = {
  zone: randomUUID(),
  housing: randomUUID(),
  land: randomUUID(),
  power: randomUUID(),
  admin: randomUUID(),
  enterprise: randomUUID(),
  category: randomUUID(),
};
type IssueNo = 1 | 2 | 3 | 4 | 5 | 6 | 7;
const issue: Record<IssueNo, string> = {
  1: randomUUID(),
  2: randomUUID(),
  3: randomUUID(),
  4: randomUUID(),
  5: randomUUID(),
  6: randomUUID(),
  7: randomUUID(),
};

type Event = [action: string, from: string | null, to: string | null, on: string, data?: object];

/** One issue as 0005's code left it: the row, its current departments and its history. */
async function insertOldIssue(
  db: Database["db"],
  n: IssueNo,
  row: Record<string, unknown>,
  departments: [string, "lead" | "co"][],
  events: Event[],
) {
  const values = {
    id: issue[n],
    serial_no: `WT-OLD-${n}`,
    org_unit_id: ids.zone,
    enterprise_id: ids.enterprise,
    category_id: ids.category,
    title: `历史问题${n}`,
    description: "迁移前登记的问题",
    source: "dispatcher",
    created_at: at(day(0)),
    ...row,
  };
  const columns = Object.keys(values);
  await db.execute(
    sql`insert into issues (${sql.raw(columns.map((c) => `"${c}"`).join(", "))}) values (${sql.join(
      Object.values(values).map((v) => sql`${v}`),
      sql`, `,
    )})`,
  );
  for (const [departmentId, role] of departments) {
    await db.execute(
      sql`insert into issue_departments (issue_id, department_id, role) values (${issue[n]}, ${departmentId}, ${role})`,
    );
  }
  for (const [action, from, to, on, data] of events) {
    await db.execute(
      sql`insert into issue_events (issue_id, action, from_status, to_status, actor_user_id, actor_name, data, created_at)
          values (${issue[n]}, ${action}, ${from}, ${to}, ${ids.admin}, '调度员', ${data ? JSON.stringify(data) : null}::jsonb, ${at(on)})`,
    );
  }
}

const routed = (on: string, lead: string, dueOn: string, from = "received"): Event => [
  "routed",
  from,
  "routed",
  on,
  { leadDepartmentId: lead, leadDepartmentName: "", coDepartments: [], dueOn },
];
const accepted = (on: string): Event => ["accepted", "routed", "in_progress", on];
const answered = (on: string): Event => ["answered", "in_progress", "answered", on];
const rated = (on: string, rating: string, dueOn?: string): Event =>
  rating === "dissatisfied"
    ? ["reopened", "answered", "in_progress", on, { rating, byPhone: false, dueOn }]
    : ["rated", "answered", "closed", on, { rating, byPhone: false }];

async function seedOldRelease(db: Database["db"]) {
  await db.execute(
    sql`insert into org_units (id, name, kind, path) values (${ids.zone}, '经开区', 'zone', ${`/${ids.zone}/`})`,
  );
  for (const [id, name] of [
    [ids.housing, "住建局"],
    [ids.land, "自然资源局"],
    [ids.power, "供电公司"],
  ]) {
    await db.execute(sql`insert into departments (id, org_unit_id, name) values (${id}, ${ids.zone}, ${name})`);
  }
  await db.execute(
    sql`insert into users (id, username, display_name, role, org_unit_id, password_hash) values (${ids.admin}, 'old_admin', '调度员', 'admin', ${ids.zone}, 'x')`,
  );
  await db.execute(
    sql`insert into enterprises (id, org_unit_id, credit_code, name, search_grams) values (${ids.enterprise}, ${ids.zone}, '91411000MA0000001X', '许昌老企业有限公司', '{}')`,
  );
  await db.execute(sql`insert into issue_categories (id, name) values (${ids.category}, '要素保障')`);
  // Two active projects of one unit with the same name: 0006 makes the names unique before 0009's index.
  for (const _ of [1, 2]) {
    await db.execute(
      sql`insert into projects (org_unit_id, name, level, batch, project_type, total_investment) values (${ids.zone}, '智能装备产业园', 'county', 'starting', 'new', 100000000)`,
    );
  }

  await insertOldIssue(
    db,
    1,
    {
      status: "closed",
      outcome: "resolved",
      lead_department_id: ids.housing,
      due_on: day(16),
      original_due_on: day(5),
      routed_at: at(day(0)),
      answered_at: at(day(12)),
      closed_at: at(day(13)),
      rating: "satisfied",
      rated_at: at(day(13)),
      reopen_count: 1,
    },
    [[ids.housing, "lead"]],
    [
      ["created", null, "received", day(0)],
      routed(day(0), ids.housing, day(5)),
      accepted(day(1)),
      answered(day(8)),
      rated(day(9), "dissatisfied", day(16)),
      answered(day(12)),
      rated(day(13), "satisfied"),
    ],
  );
  await insertOldIssue(
    db,
    2,
    {
      status: "closed",
      outcome: "resolved",
      lead_department_id: ids.land,
      due_on: day(14),
      original_due_on: day(3),
      answered_at: at(day(10)),
      closed_at: at(day(11)),
      rating: "satisfied",
      rated_at: at(day(11)),
    },
    [[ids.land, "lead"]],
    [
      routed(day(0), ids.housing, day(3)),
      accepted(day(1)),
      ["bounced", "in_progress", "bounced", day(6)],
      routed(day(7), ids.land, day(14), "bounced"),
      accepted(day(8)),
      answered(day(10)),
      rated(day(11), "satisfied"),
    ],
  );
  await insertOldIssue(
    db,
    3,
    { status: "bounced", lead_department_id: ids.power, due_on: day(30), bounce_reason: "不属于本单位职责" },
    [
      [ids.power, "lead"],
      [ids.housing, "co"],
    ],
    [routed(day(0), ids.power, day(30)), ["bounced", "routed", "bounced", day(2)]],
  );
  await insertOldIssue(
    db,
    4,
    {
      status: "closed",
      outcome: "resolved",
      lead_department_id: ids.land,
      due_on: day(25),
      answered_at: at(day(7)),
      closed_at: at(day(8)),
      rating: "satisfied",
      rated_at: at(day(8)),
      reopen_count: 1,
    },
    [[ids.land, "lead"]],
    [
      routed(day(0), ids.housing, day(20)),
      accepted(day(1)),
      answered(day(3)),
      rated(day(4), "dissatisfied", day(25)),
      [
        "rerouted",
        "in_progress",
        "routed",
        day(5),
        { leadDepartmentId: ids.land, leadDepartmentName: "", coDepartments: [], dueOn: day(25) },
      ],
      accepted(day(6)),
      answered(day(7)),
      rated(day(8), "satisfied"),
    ],
  );
  await insertOldIssue(
    db,
    5,
    {
      status: "answered",
      lead_department_id: ids.housing,
      due_on: day(12),
      original_due_on: day(2),
      answered_at: at(day(10)),
      escalation_level: 1,
      escalated_at: at(day(4)),
      auto_escalated_at: at(day(4)),
    },
    [[ids.housing, "lead"]],
    [
      routed(day(0), ids.housing, day(2)),
      accepted(day(1)),
      ["auto_escalated", "in_progress", "in_progress", day(4), { dueOn: day(2), escalationLevel: 0 }],
      [
        "extension_approved",
        "in_progress",
        "in_progress",
        day(5),
        { extensionId: randomUUID(), previousDueOn: day(2), requestedDueOn: day(12) },
      ],
      answered(day(10)),
    ],
  );
  await insertOldIssue(
    db,
    6,
    {
      status: "in_progress",
      lead_department_id: ids.land,
      due_on: addCalendarDays(today, -3),
      created_at: at(addCalendarDays(today, -10)),
    },
    [[ids.land, "lead"]],
    [routed(addCalendarDays(today, -10), ids.land, addCalendarDays(today, -3)), accepted(addCalendarDays(today, -9))],
  );
  await insertOldIssue(
    db,
    7,
    { status: "answered", lead_department_id: ids.land, due_on: day(20), answered_at: at(day(15)) },
    [[ids.land, "lead"]],
    [
      routed(day(0), ids.housing, day(5)),
      accepted(day(1)),
      [
        "meeting_decision",
        "in_progress",
        "routed",
        day(4),
        { meetingTitle: "联审联批会议", responsibleDepartmentId: ids.land, newDueOn: day(20) },
      ],
      accepted(day(5)),
      answered(day(15)),
    ],
  );
}

beforeAll(async () => {
  const old = await createDatabaseAtMigration(5);
  database = old.database;
  await seedOldRelease(database.db);
  await old.migrateRest();
}, 120_000);
afterAll(() => database.close());

const nameOf = (id: string | null) =>
  ({ [ids.housing]: "住建局", [ids.land]: "自然资源局", [ids.power]: "供电公司" })[id ?? ""] ?? null;

describe("migrating a 0005 database: the ledger's history is kept", () => {
  it("rebuilds every missed deadline from the history, against the department that held the issue then", async () => {
    const db = database.db;
    const misses = await db.select().from(issueDeadlineMisses).orderBy(asc(issueDeadlineMisses.missedAt));
    const byIssue = Object.fromEntries(Object.entries(issue).map(([n, id]) => [id, Number(n)]));
    expect(misses.map((m) => [byIssue[m.issueId], m.dueOn, nameOf(m.departmentId)])).toEqual([
      [5, day(2), "住建局"], // found by the check's escalation on d+4 (the late extension on d+5 is the same deadline)
      [2, day(3), "住建局"], // bounced after its deadline
      [1, day(5), "住建局"], // answered late; the reopened deadline d+16 was kept
      [6, addCalendarDays(today, -3), "自然资源局"], // still held past its deadline
    ]);
    expect(misses.find((m) => m.issueId === issue[5])?.missedAt).toEqual(at(day(4)));

    const rows = await db
      .select({
        id: issues.id,
        deadlineMissedAt: issues.deadlineMissedAt,
        autoEscalatedDueOn: issues.autoEscalatedDueOn,
      })
      .from(issues);
    const marker = new Map(rows.map((r) => [r.id, r.deadlineMissedAt]));
    expect(marker.get(issue[1])).toEqual(at(day(8)));
    expect(marker.get(issue[2])).toEqual(at(day(6)));
    expect(marker.get(issue[5])).toEqual(at(day(4)));
    expect(marker.get(issue[6])).not.toBeNull();
    for (const n of [3, 4, 7] as const) expect(marker.get(issue[n])).toBeNull();
    expect(rows.find((r) => r.id === issue[5])?.autoEscalatedDueOn).toBe(day(2));
  });

  it("keeps every rating given, each with the department whose answer it rated", async () => {
    const ratings = await database.db
      .select()
      .from(issueRatings)
      .where(inArray(issueRatings.issueId, [issue[1], issue[2], issue[4]]))
      .orderBy(asc(issueRatings.ratedAt));
    const seq = (n: IssueNo) =>
      ratings.filter((r) => r.issueId === issue[n]).map((r) => [r.rating, nameOf(r.leadDepartmentId)]);
    expect(seq(1)).toEqual([
      ["dissatisfied", "住建局"],
      ["satisfied", "住建局"],
    ]);
    expect(seq(2)).toEqual([["satisfied", "自然资源局"]]);
    expect(seq(4)).toEqual([
      ["dissatisfied", "住建局"],
      ["satisfied", "自然资源局"],
    ]);
  });

  it("takes a bounced issue off its departments", async () => {
    const db = database.db;
    expect(await db.select().from(issueDepartments).where(eq(issueDepartments.issueId, issue[3]))).toEqual([]);
    const [bounced] = await db.select().from(issues).where(eq(issues.id, issue[3]));
    expect(bounced).toMatchObject({ status: "bounced", leadDepartmentId: null, deadlineMissedAt: null });
  });

  it("gives each department the figures of its own answers and misses", async () => {
    const db = database.db;
    const [admin] = await db.select().from(users).where(eq(users.id, ids.admin));
    if (!admin) throw new Error("the administrator is missing");
    const stats = await getIssueStats(db, await actorOfUser(db, admin), { groupBy: "department" });
    const row = (name: string) => stats.rows.find((r) => r.name === name);
    // 住建局 answered 1 (late) and 5 (late): on time 0 of 2; its ratings: 不满意, 满意 (1), 不满意 (4).
    expect(row("住建局")).toMatchObject({ resolved: 2, resolvedOnTime: 0, rated: 3, satisfied: 1 });
    // 自然资源局 answered 2, 4 and 7 on time (住建局's miss of 2 is not its); its ratings: 满意 (2), 满意 (4).
    expect(row("自然资源局")).toMatchObject({ resolved: 3, resolvedOnTime: 3, onTimeRate: 1, rated: 2, satisfied: 2 });
    // Zone-wide an issue ever late is late: 4 and 7 of 5.
    expect(stats.total).toMatchObject({ resolved: 5, resolvedOnTime: 2, rated: 5, satisfied: 3 });
  });

  it("runs the whole chain of migrations, with a unit's duplicate project names made unique", async () => {
    const names = await database.db.select({ name: projects.name }).from(projects);
    expect(names).toHaveLength(2);
    expect(new Set(names.map((n) => n.name)).size).toBe(2);
  });
});
