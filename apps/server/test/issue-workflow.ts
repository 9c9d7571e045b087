import type { IssueDetail, NotificationKind, Role } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { todayInBeijing } from "../src/lib/format.js";
import { addCalendarDays } from "../src/lib/working-days.js";
import { notifications } from "../src/modules/notifications/notifications.table.js";
import { users } from "../src/modules/users/users.table.js";
import { createTestApp, type TestApp } from "./app.js";
import { createEnterprise, createUser, ensureIssueCategory } from "./factories.js";
import { type RoleFixture, seedRoleFixture, signInRoles } from "./permission-matrix.js";

/*
 * The harness of the issue workflow tests that go through the API: the role fixture signed in, a user of the
 * co-department (住建局) and an issue category; calls made as a role of the fixture or with any session cookie;
 * issues taken to a state of the workflow; the notices they caused.
 */

/** Who a call is made as: a role of the fixture, or a session cookie ("zd_session=…"). */
export type Caller = Role | string;
type Method = "GET" | "POST" | "PATCH";

interface Seeded {
  t: TestApp;
  f: RoleFixture;
  cookies: Map<Role, string>;
  coDept: string;
  categoryId: string;
}

// Every date is relative to today (Beijing), so the tests pass on any day.
export const today = todayInBeijing();
export const inDays = (n: number) => addCalendarDays(today, n);

/** The latest day of the week `dow` (0 Sunday … 6 Saturday) at least `minDaysBack` days before today. */
export function weekdayBefore(dow: number, minDaysBack: number): string {
  let day = inDays(-minDaysBack);
  while (new Date(`${day}T00:00:00Z`).getUTCDay() !== dow) day = addCalendarDays(day, -1);
  return day;
}

/**
 * Runs `fn` with the clock at noon (Beijing) of `day`, a day before the real today (a later one would make the
 * test sessions look idle): only Date is faked, timers stay real.
 */
export async function atBeijingNoon<T>(day: string, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(`${day}T12:00:00+08:00`));
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}

/**
 * Registers the file's beforeAll and afterAll: a test app on its own database, the role fixture of `prefix`
 * with every role signed in, the co-department's user `<prefix>_codept` (住建局) and the category `categoryName`.
 * What it returns reads them once they are seeded.
 */
export function useIssueWorkflow(prefix: string, categoryName: string) {
  let seeded: Seeded | undefined;
  beforeAll(async () => {
    const t = await createTestApp();
    const f = await seedRoleFixture(t.database.db, prefix);
    const cookies = await signInRoles(t, f);
    await createUser(t.database.db, {
      role: "department",
      orgUnit: f.zoneA,
      username: `${prefix}_codept`,
      departmentId: f.otherDept.id,
    });
    const coDept = await t.signIn(`${prefix}_codept`);
    const categoryId = (await ensureIssueCategory(t.database.db, categoryName)).id;
    seeded = { t, f, cookies, coDept, categoryId };
  });
  afterAll(() => seeded?.t.close());
  const state = (): Seeded => {
    if (!seeded) throw new Error("the issue workflow fixture is seeded in beforeAll");
    return seeded;
  };

  // Anything but a session cookie is a role of the fixture.
  const cookieOf = (who: Caller) => (who.startsWith("zd_session=") ? who : (state().cookies.get(who as Role) ?? ""));
  const call = (who: Caller, method: Method, url: string, payload?: object) =>
    state().t.app.inject({ method, url, payload, headers: { cookie: cookieOf(who) } });
  const get = (who: Caller, url: string) => call(who, "GET", url);
  const post = (who: Caller, url: string, payload: object = {}) => call(who, "POST", url, payload);
  /** A write that must answer 200; its body, an issue's detail unless told otherwise. */
  const ok = async <T = IssueDetail>(who: Caller, url: string, payload: object = {}, method: Method = "POST") => {
    const r = await call(who, method, url, payload);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as T;
  };
  /** A read that must answer 200; its body, an issue's detail unless told otherwise. */
  const read = async <T = IssueDetail>(who: Caller, url: string) => {
    const r = await get(who, url);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as T;
  };
  const detail = (who: Caller, id: string) => read(who, `/api/issues/${id}`);

  /** An issue of enterprise e1 in the category, recorded by `who` (its enterprise user unless told); its id. */
  const newIssue = async (who: Caller = "enterprise", extra: object = {}): Promise<string> =>
    (
      await ok<{ id: string }>(who, "/api/issues", {
        enterpriseId: state().f.e1.id,
        categoryId: state().categoryId,
        title: "厂区供电容量不足",
        description: "新上生产线需增容至2000千伏安，申请已提交两个月未有答复",
        ...extra,
      })
    ).id;
  /** 已交办: routed to 自然资源局 (lead) and 住建局 (co-department). */
  const routed = async (): Promise<string> => {
    const id = await newIssue();
    const { f } = state();
    await ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: f.dept.id, coDepartmentIds: [f.otherDept.id] });
    return id;
  };
  /** 办理中: routed, then accepted by the lead department. */
  const inProgress = async (): Promise<string> => {
    const id = await routed();
    await ok("department", `/api/issues/${id}/accept`, {});
    return id;
  };
  /** 已办结 (answered, awaiting its rating). */
  const answered = async (): Promise<string> => {
    const id = await inProgress();
    await ok("department", `/api/issues/${id}/answer`, { answer: "已协调供电公司完成增容方案" });
    return id;
  };

  /** Signs in the user `<prefix>_ent2` of another zone-A enterprise (not e1); its session cookie. */
  const otherEnterpriseUser = async (): Promise<string> => {
    const { t, f } = state();
    const other = await createEnterprise(t.database.db, { orgUnit: f.zoneA, name: "另一家企业有限公司" });
    await createUser(t.database.db, {
      role: "enterprise",
      orgUnit: f.zoneA,
      username: `${prefix}_ent2`,
      enterpriseId: other.id,
    });
    return t.signIn(`${prefix}_ent2`);
  };

  /** The notices of `kind` about the issue: to whom (username) and their title. */
  const noticesOf = (issueId: string, kind: NotificationKind) =>
    state()
      .t.database.db.select({ username: users.username, title: notifications.title })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(and(eq(notifications.issueId, issueId), eq(notifications.kind, kind)));
  /** The usernames told of the issue by a notice of `kind`, sorted (a user told twice is listed twice). */
  const noticesTo = async (issueId: string, kind: NotificationKind): Promise<string[]> =>
    (await noticesOf(issueId, kind)).map((r) => r.username).sort();

  return {
    get t() {
      return state().t;
    },
    get f() {
      return state().f;
    },
    /** The session cookie of the co-department's user `<prefix>_codept`. */
    get coDept() {
      return state().coDept;
    },
    get categoryId() {
      return state().categoryId;
    },
    call,
    get,
    post,
    ok,
    read,
    detail,
    newIssue,
    routed,
    inProgress,
    answered,
    otherEnterpriseUser,
    noticesOf,
    noticesTo,
  };
}
