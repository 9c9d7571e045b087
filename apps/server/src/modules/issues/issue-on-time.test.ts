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

async function onTimeFigures(parkId: string) {
  const r = await t.app.inject({
    method: "GET",
    url: `/api/issues/stats?groupBy=org_unit&orgUnitId=${parkId}`,
    headers: { cookie: admin },
  });
  expect(r.statusCode, r.body).toBe(200);
  const { total } = r.json() as IssueStats;
  return { resolved: total.resolved, resolvedOnTime: total.resolvedOnTime, onTimeRate: total.onTimeRate };
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
