import type { IssuePage, MeetingDetail } from "@zonedesk/contracts";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { documentXml } from "../../../test/docx.js";
import { createOrgUnit, createUser } from "../../../test/factories.js";
import { inDays, today, useIssueWorkflow } from "../../../test/issue-workflow.js";
import { issueDepartments, issueEvents, issues } from "../issues/issues.table.js";
import { notificationOutbox } from "../notifications/notifications.table.js";
import { users } from "../users/users.table.js";

/*
 * What a concluded joint review meeting does to its issues: an issue no department holds (已退回, 待受理) is
 * routed to the responsible unit the decision names, and refused without one; an issue being handled is
 * rerouted to a new unit; the responsible leader reaches the issue and is told.
 */

const w = useIssueWorkflow("md", "前期手续办理");
const { call, ok, read, detail, noticesOf } = w;

async function newIssue(enterpriseId: string, title: string): Promise<{ id: string; serialNo: string }> {
  return ok("admin", "/api/issues", {
    enterpriseId,
    categoryId: w.categoryId,
    title,
    description: `${title}，请相关部门协调解决`,
  });
}

async function bouncedIssue(enterpriseId: string, title: string) {
  const issue = await newIssue(enterpriseId, title);
  await ok("admin", `/api/issues/${issue.id}/route`, { leadDepartmentId: w.f.dept.id });
  await ok("department", `/api/issues/${issue.id}/bounce`, { reason: "不属于本单位职责" });
  return issue;
}

async function meetingWith(issueIds: string[]): Promise<MeetingDetail> {
  const meeting = await ok<MeetingDetail>("admin", "/api/meetings", {
    title: "重点项目联审联批会议",
    heldOn: today,
    chairUserId: w.f.users.leader.id,
  });
  return ok<MeetingDetail>("admin", `/api/meetings/${meeting.id}/items`, { issueIds });
}

const decide = (meeting: MeetingDetail, index: number, patch: object) =>
  ok<MeetingDetail>(
    "admin",
    `/api/meetings/${meeting.id}/items/${meeting.items[index]?.id}`,
    { decision: "由责任单位牵头，限期办结", ...patch },
    "PATCH",
  );

const eventsOf = async (issueId: string) =>
  (await w.t.database.db.select().from(issueEvents).where(eq(issueEvents.issueId, issueId))).length;

describe("a decision on an issue no department holds", () => {
  it("refuses to conclude when a bounced issue's decision names no responsible unit, and changes nothing", async () => {
    const bounced = await bouncedIssue(w.f.e1.id, "施工许可办理");
    const meeting = await meetingWith([bounced.id]);
    await decide(meeting, 0, { responsibleDepartmentId: null, newDueOn: inDays(14) });
    const eventsBefore = await eventsOf(bounced.id);
    const r = await call("admin", "POST", `/api/meetings/${meeting.id}/conclude`, { version: meeting.version });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("VALIDATION_FAILED");
    expect(r.json().details.issues).toEqual([
      {
        path: "items.0.responsibleDepartmentId",
        message: `问题 ${bounced.serialNo} 当前为“已退回”，尚未交办到承办单位，请确定责任单位`,
      },
    ]);
    expect(r.json().message).toContain("会议未结束");
    const [row] = await w.t.database.db.select().from(issues).where(eq(issues.id, bounced.id));
    expect(row).toMatchObject({ status: "bounced", leadDepartmentId: null, dueOn: expect.any(String) });
    const [depts] = await w.t.database.db
      .select({ n: count() })
      .from(issueDepartments)
      .where(eq(issueDepartments.issueId, bounced.id));
    expect(depts?.n).toBe(0);
    expect(await eventsOf(bounced.id)).toBe(eventsBefore);
    expect((await read<MeetingDetail>("admin", `/api/meetings/${meeting.id}`)).status).toBe("draft");
  });

  it("routes a bounced (已退回) issue to the responsible unit like a dispatcher, naming the meeting and its chair", async () => {
    // e2 is not assigned to the leader: being named responsible leader lets him see the issue.
    const bounced = await bouncedIssue(w.f.e2.id, "用地预审");
    expect((await call("leader", "GET", `/api/issues/${bounced.id}`)).statusCode).toBe(404);
    const meeting = await meetingWith([bounced.id]);
    await decide(meeting, 0, {
      responsibleDepartmentId: w.f.otherDept.id,
      responsibleLeaderId: w.f.users.leader.id,
      newDueOn: inDays(21),
    });
    const concluded = await ok<MeetingDetail>("admin", `/api/meetings/${meeting.id}/conclude`, {
      version: meeting.version,
    });
    expect(concluded.status).toBe("concluded");

    const d = await detail("admin", bounced.id);
    expect(d).toMatchObject({
      status: "routed",
      leadDepartmentId: w.f.otherDept.id,
      leadDepartmentName: "住建局",
      dueOn: inDays(21),
      bounceReason: null,
      responsibleLeaderId: w.f.users.leader.id,
      responsibleLeaderName: w.f.users.leader.displayName,
      responsibleLeader: { id: w.f.users.leader.id, name: w.f.users.leader.displayName },
    });
    expect(d.events.map((e) => e.action).slice(-2)).toEqual(["meeting_decision", "routed"]);
    expect(d.events.at(-1)).toMatchObject({
      fromStatus: "bounced",
      toStatus: "routed",
      data: {
        leadDepartmentId: w.f.otherDept.id,
        leadDepartmentName: "住建局",
        dueOn: inDays(21),
        meeting: { id: meeting.id, title: "重点项目联审联批会议", chairName: w.f.users.leader.displayName },
      },
    });

    // The new lead has it in its queue, with the same notice (inbox and WeCom) as a dispatcher's routing.
    const queue = await read<IssuePage>(w.coDept, "/api/issues?pageSize=200");
    expect(queue.data.map((i) => i.id)).toContain(bounced.id);
    expect((await call(w.coDept, "GET", `/api/issues/${bounced.id}`)).json().allowedActions).toContain("accept");
    const routedNotices = await noticesOf(bounced.id, "issue_routed");
    expect(routedNotices.map((n) => n.username)).toContain("md_codept");
    expect(routedNotices.find((n) => n.username === "md_codept")?.title).toBe(
      `新交办问题：${bounced.serialNo} 用地预审`,
    );
    const outbox = await w.t.database.db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.issueId, bounced.id), eq(notificationOutbox.kind, "issue_routed")));
    expect(outbox).toHaveLength(2); // the first routing by the dispatcher, then the meeting's

    // The responsible leader is told and may now open it.
    const leaderNotices = await noticesOf(bounced.id, "meeting_decision");
    expect(leaderNotices).toContainEqual({
      username: w.f.users.leader.username,
      title: `您被确定为责任领导：${bounced.serialNo} 用地预审`,
    });
    const seenByLeader = await call("leader", "GET", `/api/issues/${bounced.id}`);
    expect(seenByLeader.statusCode).toBe(200);
    const leaderList = await read<IssuePage>("leader", "/api/issues?pageSize=200");
    expect(leaderList.data.find((i) => i.id === bounced.id)?.responsibleLeaderName).toBe(w.f.users.leader.displayName);

    // The routing slip (交办单) says who routed it: the meeting and its chair.
    const slip = await call("admin", "GET", `/api/issues/${bounced.id}/routing-slip.docx`);
    expect(slip.statusCode).toBe(200);
    expect(await documentXml(slip.rawPayload)).toContain(
      `重点项目联审联批会议（主持人：${w.f.users.leader.displayName}）`,
    );
  });

  it("routes a received (待受理) issue of the enterprise; the enterprise sees neither the chair nor the leader", async () => {
    const received = await newIssue(w.f.e1.id, "规划许可");
    const meeting = await meetingWith([received.id]);
    await decide(meeting, 0, { responsibleDepartmentId: w.f.dept.id, responsibleLeaderId: w.f.users.leader.id });
    await ok<MeetingDetail>("admin", `/api/meetings/${meeting.id}/conclude`, { version: meeting.version });
    const d = await detail("admin", received.id);
    // No deadline from the meeting: the category's default, counted from today.
    expect(d).toMatchObject({ status: "routed", leadDepartmentId: w.f.dept.id });
    expect(d.dueOn && d.dueOn > today).toBe(true);

    const seen = await detail("enterprise", received.id);
    expect(seen).toMatchObject({ responsibleLeader: null, responsibleLeaderId: null, responsibleLeaderName: null });
    expect(JSON.stringify(seen)).not.toContain(w.f.users.leader.displayName);
    expect(seen.events.map((e) => e.action)).toEqual(["created", "routed"]);
    const slip = await call("enterprise", "GET", `/api/issues/${received.id}/routing-slip.docx`);
    expect(slip.statusCode).toBe(200);
    const xml = await documentXml(slip.rawPayload);
    expect(xml).toContain("重点项目联审联批会议");
    expect(xml).not.toContain(w.f.users.leader.displayName);
  });
});

describe("a decision giving an issue being handled to another unit", () => {
  it("reroutes it (改派): the new lead accepts it again, the former lead is told", async () => {
    const issue = await newIssue(w.f.e1.id, "供水管网接入");
    await ok("admin", `/api/issues/${issue.id}/route`, { leadDepartmentId: w.f.dept.id });
    await ok("department", `/api/issues/${issue.id}/accept`, {});
    const meeting = await meetingWith([issue.id]);
    await decide(meeting, 0, { responsibleDepartmentId: w.f.otherDept.id, newDueOn: inDays(10) });
    await ok<MeetingDetail>("admin", `/api/meetings/${meeting.id}/conclude`, { version: meeting.version });
    const d = await detail("admin", issue.id);
    expect(d).toMatchObject({ status: "routed", leadDepartmentId: w.f.otherDept.id, dueOn: inDays(10) });
    expect(d.events.at(-1)).toMatchObject({ action: "rerouted", fromStatus: "in_progress", toStatus: "routed" });
    expect((await call("department", "GET", `/api/issues/${issue.id}`)).statusCode).toBe(404);
    const told = await noticesOf(issue.id, "issue_routed");
    expect(
      told.find((n) => n.username === w.f.users.department.username && n.title.startsWith("问题已改派")),
    ).toBeDefined();
  });
});

describe("the responsible leader of a decision", () => {
  /** A leader of a park under the zone: his scope does not hold an issue of the zone itself. */
  async function parkLeader(username: string) {
    const db = w.t.database.db;
    const park = await createOrgUnit(db, { parent: w.f.zoneA, name: `${username}园区`, kind: "park" });
    return { park, user: await createUser(db, { role: "leader", orgUnit: park, username, displayName: "园区李主任" }) };
  }

  it("refuses, when the item is set, a leader whose own scope does not hold the issue's unit", async () => {
    const issue = await newIssue(w.f.e1.id, "土地证办理");
    const meeting = await meetingWith([issue.id]);
    const { user } = await parkLeader("md_park_leader");
    const r = await call("admin", "PATCH", `/api/meetings/${meeting.id}/items/${meeting.items[0]?.id}`, {
      decision: "限期办结",
      responsibleLeaderId: user.id,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("VALIDATION_FAILED");
    expect(r.json().details.issues).toEqual([
      {
        path: "responsibleLeaderId",
        message: `问题 ${issue.serialNo} 的责任领导园区李主任（md_park_leader园区）的管理范围不包括该问题所在单位（经开区），请选择该单位或其上级单位的领导`,
      },
    ]);
    const after = await read<MeetingDetail>("admin", `/api/meetings/${meeting.id}`);
    expect(after.items[0]).toMatchObject({ decision: null, responsibleLeaderId: null });
  });

  it("refuses to conclude when the leader set has since left the issue's scope, and applies nothing", async () => {
    const db = w.t.database.db;
    const issue = await newIssue(w.f.e1.id, "规划条件变更");
    await ok("admin", `/api/issues/${issue.id}/route`, { leadDepartmentId: w.f.dept.id });
    const meeting = await meetingWith([issue.id]);
    const leader = await createUser(db, { role: "leader", orgUnit: w.f.zoneA, username: "md_moving_leader" });
    await decide(meeting, 0, { responsibleLeaderId: leader.id, newDueOn: inDays(10) });
    const { park } = await parkLeader("md_other_park_leader");
    await db.update(users).set({ orgUnitId: park.id }).where(eq(users.id, leader.id)); // moved to the park
    const eventsBefore = await eventsOf(issue.id);
    const [before] = await db.select().from(issues).where(eq(issues.id, issue.id));
    const r = await call("admin", "POST", `/api/meetings/${meeting.id}/conclude`, { version: meeting.version });
    expect(r.statusCode).toBe(400);
    expect(r.json().details.issues).toEqual([
      {
        path: "items.0.responsibleLeaderId",
        message: `问题 ${issue.serialNo} 的责任领导${leader.displayName}（md_other_park_leader园区）的管理范围不包括该问题所在单位（经开区），请选择该单位或其上级单位的领导`,
      },
    ]);
    expect(r.json().message).toContain("会议未结束");
    expect(await eventsOf(issue.id)).toBe(eventsBefore);
    const [row] = await db.select().from(issues).where(eq(issues.id, issue.id));
    expect(row).toEqual(before);
    expect(row?.responsibleLeaderId).toBeNull();
    expect((await read<MeetingDetail>("admin", `/api/meetings/${meeting.id}`)).status).toBe("draft");
  });
});
