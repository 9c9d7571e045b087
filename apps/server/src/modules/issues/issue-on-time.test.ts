import type { IssueStats } from "@zonedesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  actorOfUser,
  createDepartment,
  createEnterprise,
  createOrgUnit,
  createUser,
  ensureIssueCategory,
  shiftIssueHistory,
} from "../../../test/factories.js";
import type { Actor } from "../../lib/actor.js";
import { todayInBeijing } from "../../lib/format.js";
import { addCalendarDays } from "../../lib/working-days.js";
import { runIssueDeadlineCheck } from "./issue-deadlines.job.js";
import { getIssue } from "./issue-detail.js";
import { applyMeetingDecisionInTx } from "./issue-meeting-decision.js";
import {
  acceptIssue,
  answerIssue,
  approveIssueExtension,
  bounceIssue,
  rateIssue,
  requestIssueExtension,
  rerouteIssue,
  routeIssue,
} from "./issue-transitions.js";
import { createIssue } from "./issues.service.js";

/*
 * 按期办结率 = resolved on time ÷ resolved, where on time means the issue never missed the deadline in force
 * (the routing deadline plus approved extensions). A miss is sticky: a later reopen, reroute, extension or
 * meeting deadline does not make it good. Each case is one issue in a park of its own, taken through the
 * workflow; moving the history back in time (shiftIssueHistory) gives it a deadline already behind.
 */

let t: TestApp;
let admin: string;
let zone: Awaited<ReturnType<typeof createOrgUnit>>;
const people: Record<string, Actor> = {};
let departments: { lead: { id: string }; other: { id: string } };
let categoryId: string;
const today = todayInBeijing();
const inDays = (n: number) => addCalendarDays(today, n);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  departments = {
    lead: await createDepartment(db, { orgUnit: zone, name: "自然资源局" }),
    other: await createDepartment(db, { orgUnit: zone, name: "住建局" }),
  };
  people.admin = await actorOfUser(db, await createUser(db, { role: "admin", orgUnit: zone, username: "ot_admin" }));
  people.lead = await actorOfUser(
    db,
    await createUser(db, { role: "department", orgUnit: zone, departmentId: departments.lead.id }),
  );
  people.other = await actorOfUser(
    db,
    await createUser(db, { role: "department", orgUnit: zone, departmentId: departments.other.id }),
  );
  categoryId = (await ensureIssueCategory(db, "要素保障")).id;
  admin = await t.signIn("ot_admin");
});
afterAll(() => t.close());

/** A park with an enterprise and its user; an issue of it routed to the lead with the deadline `dueIn` days ahead. */
async function routedIssueInNewPark(name: string, dueIn: number) {
  const db = t.database.db;
  const park = await createOrgUnit(db, { parent: zone, name, kind: "park" });
  const enterprise = await createEnterprise(db, { orgUnit: park });
  const user = await actorOfUser(
    db,
    await createUser(db, { role: "enterprise", orgUnit: park, enterpriseId: enterprise.id }),
  );
  const { id } = await createIssue(db, people.admin as Actor, {
    enterpriseId: enterprise.id,
    categoryId,
    title: "用地指标",
    description: "二期项目用地指标尚未落实",
  });
  await routeIssue(db, people.admin as Actor, id, {
    leadDepartmentId: departments.lead.id,
    coDepartmentIds: [],
    dueOn: inDays(dueIn),
  });
  return { park, id, enterprise: user };
}

/** The park's statistics, grouped as asked, as the dispatcher's page reads them. */
async function statsOf(parkId: string, groupBy: "org_unit" | "department"): Promise<IssueStats> {
  const r = await t.app.inject({
    method: "GET",
    url: `/api/issues/stats?groupBy=${groupBy}&orgUnitId=${parkId}`,
    headers: { cookie: admin },
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as IssueStats;
}

async function onTimeFigures(parkId: string) {
  const { total } = await statsOf(parkId, "org_unit");
  return { resolved: total.resolved, resolvedOnTime: total.resolvedOnTime, onTimeRate: total.onTimeRate };
}

/** The rows per lead department of the park's statistics, by department name, and the total. */
async function departmentFigures(parkId: string) {
  const { rows, total } = await statsOf(parkId, "department");
  const pick = (x: IssueStats["total"]) => ({
    resolved: x.resolved,
    resolvedOnTime: x.resolvedOnTime,
    onTimeRate: x.onTimeRate,
    rated: x.rated,
    satisfied: x.satisfied,
    satisfactionRate: x.satisfactionRate,
  });
  return { rows: Object.fromEntries(rows.map((x) => [x.name, pick(x)])), total: pick(total) };
}

/** The history entries of the issue that recorded a missed deadline, as the dispatcher sees them. */
async function missesInHistory(id: string) {
  const detail = await getIssue(t.database.db, people.admin as Actor, id);
  return detail.events.filter((e) => e.action === "deadline_missed").map((e) => e.note);
}

const lead = () => people.lead as Actor;
const dispatcher = () => people.admin as Actor;

describe("按期办结率: a missed deadline stays missed", () => {
  it("counts an issue answered late, reopened and then answered by its new deadline as NOT on time", async () => {
    const db = t.database.db;
    const { park, id, enterprise } = await routedIssueInNewPark("迟复园", 2);
    await acceptIssue(db, lead(), id, {});
    await shiftIssueHistory(db, id, 5); // routed 5 days ago, due 3 days ago
    const late = await answerIssue(db, lead(), id, { answer: "已答复" });
    expect(late.deadlineMissedAt).not.toBeNull();
    const reopened = await rateIssue(db, enterprise, id, { rating: "dissatisfied" });
    expect(reopened.dueOn && reopened.dueOn >= today).toBe(true);
    await answerIssue(db, lead(), id, { answer: "已重新办理" });
    const closed = await rateIssue(db, enterprise, id, { rating: "satisfied" });
    expect(closed).toMatchObject({ status: "closed", outcome: "resolved" });
    expect(closed.deadlineMissedAt).toBe(late.deadlineMissedAt);
    expect(await onTimeFigures(park.id)).toEqual({ resolved: 1, resolvedOnTime: 0, onTimeRate: 0 });
    // The late answer wrote the miss into the history first, once; the answer after the reopen was on time.
    const events = (await getIssue(db, dispatcher(), id)).events.map((e) => e.action);
    expect(events.filter((a) => a === "deadline_missed")).toHaveLength(1);
    expect(events.indexOf("deadline_missed")).toBe(events.indexOf("answered") - 1);
    expect(await missesInHistory(id)).toEqual([`超过办理时限（${inDays(-3)}）仍未办结（牵头单位：自然资源局）`]);
  });

  it("keeps an issue on time when an extension was approved before its deadline", async () => {
    const db = t.database.db;
    const { park, id } = await routedIssueInNewPark("延期园", 3);
    await acceptIssue(db, lead(), id, {});
    await requestIssueExtension(db, lead(), id, { requestedDueOn: inDays(20), reason: "需省级审批" });
    await approveIssueExtension(db, dispatcher(), id, { note: "同意" });
    // All of it 10 days ago: the first deadline passed a week ago, the extended one is 10 days ahead.
    await shiftIssueHistory(db, id, 10);
    await runIssueDeadlineCheck(db);
    const answered = await answerIssue(db, lead(), id, { answer: "已办结" });
    expect(answered).toMatchObject({ originalDueOn: inDays(-7), dueOn: inDays(10), deadlineMissedAt: null });
    expect(await onTimeFigures(park.id)).toEqual({ resolved: 1, resolvedOnTime: 1, onTimeRate: 1 });
  });

  it("counts an issue the scheduled check found overdue as late, even after a later extension", async () => {
    const db = t.database.db;
    const { park, id } = await routedIssueInNewPark("逾期园", 1);
    await acceptIssue(db, lead(), id, {});
    await shiftIssueHistory(db, id, 5);
    const check = await runIssueDeadlineCheck(db);
    expect(check.escalatedIssueIds).toContain(id);
    const marked = await getIssue(db, dispatcher(), id);
    expect(marked.deadlineMissedAt).not.toBeNull();
    await requestIssueExtension(db, lead(), id, { requestedDueOn: inDays(10), reason: "需要协调" });
    await approveIssueExtension(db, dispatcher(), id, {});
    const answered = await answerIssue(db, lead(), id, { answer: "已办结" });
    expect(answered).toMatchObject({ dueOn: inDays(10), deadlineMissedAt: marked.deadlineMissedAt });
    expect(await onTimeFigures(park.id)).toEqual({ resolved: 1, resolvedOnTime: 0, onTimeRate: 0 });
    // Recorded by the check; the extension granted afterwards and the answer do not record it again.
    expect(await missesInHistory(id)).toHaveLength(1);
  });

  it("records the miss when a reroute or a meeting moves a deadline already behind (no check needed)", async () => {
    const db = t.database.db;
    const rerouted = await routedIssueInNewPark("改派园", 1);
    await acceptIssue(db, lead(), rerouted.id, {});
    await shiftIssueHistory(db, rerouted.id, 5);
    await rerouteIssue(db, dispatcher(), rerouted.id, {
      leadDepartmentId: departments.other.id,
      coDepartmentIds: [],
    });
    await acceptIssue(db, people.other as Actor, rerouted.id, {});
    await answerIssue(db, people.other as Actor, rerouted.id, { answer: "已办结" });
    expect(await onTimeFigures(rerouted.park.id)).toEqual({ resolved: 1, resolvedOnTime: 0, onTimeRate: 0 });

    const decided = await routedIssueInNewPark("会议园", 1);
    await acceptIssue(db, lead(), decided.id, {});
    await shiftIssueHistory(db, decided.id, 5);
    await db.transaction((tx) =>
      applyMeetingDecisionInTx(tx, dispatcher(), decided.id, {
        decision: "会议决定：两周内办结",
        responsibleDepartmentId: null,
        responsibleLeaderId: null,
        newDueOn: inDays(14),
        meeting: { id: crypto.randomUUID(), title: "联审联批会议", chairName: null },
      }),
    );
    const answered = await answerIssue(db, lead(), decided.id, { answer: "已办结" });
    expect(answered.dueOn).toBe(inDays(14));
    expect(answered.deadlineMissedAt).not.toBeNull();
    expect(await onTimeFigures(decided.park.id)).toEqual({ resolved: 1, resolvedOnTime: 0, onTimeRate: 0 });
  });
});

describe("per department: each department answers for its own deadlines and its own answers", () => {
  it("counts on time for the department that answered in time an issue another one let run late and bounced", async () => {
    const db = t.database.db;
    const { park, id } = await routedIssueInNewPark("退回园", 1);
    await acceptIssue(db, lead(), id, {});
    await shiftIssueHistory(db, id, 5); // due 4 days ago, still held by 自然资源局
    await bounceIssue(db, lead(), id, { reason: "不属于本单位职责" });
    await routeIssue(db, dispatcher(), id, {
      leadDepartmentId: departments.other.id,
      coDepartmentIds: [],
      dueOn: inDays(5),
    });
    await acceptIssue(db, people.other as Actor, id, {});
    await answerIssue(db, people.other as Actor, id, { answer: "已办结" });
    const figures = await departmentFigures(park.id);
    expect(Object.keys(figures.rows)).toEqual(["住建局"]);
    expect(figures.rows.住建局).toMatchObject({ resolved: 1, resolvedOnTime: 1, onTimeRate: 1 });
    // Zone-wide the issue was late all the same.
    expect(figures.total).toMatchObject({ resolved: 1, resolvedOnTime: 0, onTimeRate: 0 });
    expect(await missesInHistory(id)).toEqual([`超过办理时限（${inDays(-4)}）仍未办结（牵头单位：自然资源局）`]);
  });

  it("counts the rerouted department on time, and late when it misses its own deadline too", async () => {
    const db = t.database.db;
    const { park, id } = await routedIssueInNewPark("两次逾期园", 1);
    await acceptIssue(db, lead(), id, {});
    await shiftIssueHistory(db, id, 5);
    await rerouteIssue(db, dispatcher(), id, {
      leadDepartmentId: departments.other.id,
      coDepartmentIds: [],
      dueOn: inDays(2),
    });
    await acceptIssue(db, people.other as Actor, id, {});
    expect((await departmentFigures(park.id)).rows.住建局).toMatchObject({ resolved: 0 });
    await shiftIssueHistory(db, id, 5); // 住建局's deadline is now 3 days behind as well
    await runIssueDeadlineCheck(db);
    await answerIssue(db, people.other as Actor, id, { answer: "已办结" });
    expect((await departmentFigures(park.id)).rows.住建局).toMatchObject({
      resolved: 1,
      resolvedOnTime: 0,
      onTimeRate: 0,
    });
    expect(await missesInHistory(id)).toHaveLength(2);
  });

  it("charges each rating to the department whose answer was rated", async () => {
    const db = t.database.db;
    const { park, id, enterprise } = await routedIssueInNewPark("评价园", 10);
    await acceptIssue(db, lead(), id, {});
    await answerIssue(db, lead(), id, { answer: "已答复" });
    await rateIssue(db, enterprise, id, { rating: "dissatisfied", comment: "未解决" });
    await rerouteIssue(db, dispatcher(), id, { leadDepartmentId: departments.other.id, coDepartmentIds: [] });
    await acceptIssue(db, people.other as Actor, id, {});
    await answerIssue(db, people.other as Actor, id, { answer: "已协调解决" });
    await rateIssue(db, enterprise, id, { rating: "satisfied" });
    const figures = await departmentFigures(park.id);
    expect(figures.rows.自然资源局).toMatchObject({ resolved: 0, rated: 1, satisfied: 0, satisfactionRate: 0 });
    expect(figures.rows.住建局).toMatchObject({ resolved: 1, rated: 1, satisfied: 1, satisfactionRate: 1 });
    expect(figures.total).toMatchObject({ rated: 2, satisfied: 1, satisfactionRate: 0.5 });
  });
});
