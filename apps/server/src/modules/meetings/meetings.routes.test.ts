import { writeFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { documentXml } from "../../../test/docx.js";
import {
  assign,
  assignProject,
  createDepartment,
  createEnterprise,
  createIssueRow,
  createOrgUnit,
  createProject,
  createUser,
} from "../../../test/factories.js";
import { todayInBeijing } from "../../lib/format.js";
import { issueEvents, issues } from "../issues/issues.table.js";
import { reviewMeetingItems, reviewMeetings } from "./meetings.table.js";

let t: TestApp;
let admin: string;
let leaderCookie: string;
let f: Awaited<ReturnType<typeof seed>>;
const today = todayInBeijing();
function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  const zoneB = await createOrgUnit(db, { parent: city, name: "高新区" });
  const land = await createDepartment(db, { orgUnit: zone, name: "自然资源局" });
  const housing = await createDepartment(db, { orgUnit: zone, name: "住建局" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "m_admin" });
  const leader = await createUser(db, { role: "leader", orgUnit: zone, username: "m_leader", displayName: "王副主任" });
  const e1 = await createEnterprise(db, { orgUnit: zone, name: "许昌远东传动轴股份有限公司" });
  const project = await createProject(db, { orgUnit: zone, name: "年产10万套新能源汽车传动轴项目" });
  await assign(db, { user: leader, enterprise: e1 });
  await assignProject(db, { user: leader, project });
  const overdue = await createIssueRow(db, {
    orgUnit: zone,
    enterprise: e1,
    status: "routed",
    leadDepartment: land,
    dueOn: shift(today, -5),
    title: "用地指标",
    description: "二期项目用地指标尚未落实",
  });
  const escalated = await createIssueRow(db, {
    orgUnit: zone,
    enterprise: e1,
    status: "in_progress",
    leadDepartment: housing,
    dueOn: shift(today, 10),
    escalationLevel: 1,
  });
  const projectIssue = await createIssueRow(db, {
    orgUnit: zone,
    project,
    status: "received",
    title: "施工许可",
    description: "施工许可证办理需要提前介入",
  });
  const plain = await createIssueRow(db, {
    orgUnit: zone,
    enterprise: e1,
    status: "routed",
    leadDepartment: land,
    dueOn: shift(today, 10),
  });
  const closed = await createIssueRow(db, { orgUnit: zone, project, status: "closed" });
  const elsewhere = await createIssueRow(db, {
    orgUnit: zoneB,
    enterprise: await createEnterprise(db, { orgUnit: zoneB }),
    status: "routed",
    dueOn: shift(today, -3),
  });
  return {
    city,
    zone,
    zoneB,
    land,
    housing,
    leader,
    e1,
    project,
    overdue,
    escalated,
    projectIssue,
    plain,
    closed,
    elsewhere,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("m_admin");
  leaderCookie = await t.signIn("m_leader");
});
afterAll(() => t.close());

const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, cookie = admin) =>
  t.app.inject({ method, url, payload, headers: { cookie } });
const ids = (list: { issueId: string }[]) => list.map((c) => c.issueId).sort();

describe("candidates", () => {
  it("lists open issues in scope that are overdue, escalated or of key projects", async () => {
    const kinds = async (kind: string) => ids((await call("GET", `/api/meetings/candidates?kind=${kind}`)).json());
    expect(await kinds("overdue")).toEqual([f.overdue.id]);
    expect(await kinds("escalated")).toEqual([f.escalated.id]);
    expect(await kinds("key_projects")).toEqual([f.projectIssue.id]);
    expect(await kinds("all")).toEqual([f.overdue.id, f.escalated.id, f.projectIssue.id].sort());
    const [overdue] = (await call("GET", "/api/meetings/candidates?kind=overdue")).json();
    expect(overdue).toMatchObject({
      isOverdue: true,
      enterpriseName: "许昌远东传动轴股份有限公司",
      leadDepartmentName: "自然资源局",
    });
  });
});

describe("a meeting from draft to concluded", () => {
  let meetingId: string;
  let version: number;
  const itemOf = async (issueId: string) => {
    const detail = (await call("GET", `/api/meetings/${meetingId}`)).json();
    const item = detail.items.find((i: { issueId: string }) => i.issueId === issueId);
    if (!item) throw new Error("item not found");
    return item as { id: string; serialNo: string };
  };

  it("creates a meeting and puts issues on its agenda; those leave the candidates", async () => {
    const created = await call(
      "POST",
      "/api/meetings",
      {
        title: "2026年第11次联审联批会议",
        heldOn: today,
        location: "管委会三楼会议室",
        chairUserId: f.leader.id,
        attendees: "自然资源局、住建局、发改局负责同志",
      },
      leaderCookie,
    );
    expect(created.statusCode, created.body).toBe(200);
    meetingId = created.json().id;
    version = created.json().version;
    expect(created.json().chairName).toBe("王副主任");
    const added = await call("POST", `/api/meetings/${meetingId}/items`, {
      issueIds: [f.overdue.id, f.projectIssue.id, f.plain.id],
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual([
      f.overdue.serialNo,
      f.projectIssue.serialNo,
      f.plain.serialNo,
    ]);
    const remaining = ids((await call("GET", `/api/meetings/candidates?kind=all&meetingId=${meetingId}`)).json());
    expect(remaining).toEqual([f.escalated.id]);
    const closed = await call("POST", `/api/meetings/${meetingId}/items`, { issueIds: [f.closed.id] });
    expect(closed.statusCode).toBe(400);
    const outOfScope = await call("POST", `/api/meetings/${meetingId}/items`, { issueIds: [f.elsewhere.id] });
    expect(outOfScope.statusCode).toBe(400);
    const removed = await call("DELETE", `/api/meetings/${meetingId}/items/${(await itemOf(f.plain.id)).id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().items).toHaveLength(2);
  });

  it("refuses a past deadline on an item", async () => {
    const item = await itemOf(f.overdue.id);
    const response = await call("PATCH", `/api/meetings/${meetingId}/items/${item.id}`, { newDueOn: shift(today, -1) });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues[0].path).toBe("newDueOn");
  });

  it("refuses a deadline more than a year after the meeting date, on the item and at conclusion", async () => {
    const item = await itemOf(f.overdue.id);
    const far = await call("PATCH", `/api/meetings/${meetingId}/items/${item.id}`, { newDueOn: shift(today, 400) });
    expect(far.statusCode).toBe(400);
    expect(far.json().details.issues[0].path).toBe("newDueOn");
    expect(far.json().message).toContain("一年后");
    // A deadline that got past the bound anyway (e.g. an older record) is caught at conclusion, naming the item.
    const second = await itemOf(f.projectIssue.id);
    await t.database.db
      .update(reviewMeetingItems)
      .set({ decision: "先行研究", newDueOn: shift(today, 400) })
      .where(eq(reviewMeetingItems.id, second.id));
    const response = await call("POST", `/api/meetings/${meetingId}/conclude`, { version });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues).toContainEqual({
      path: "items.1.newDueOn",
      message: expect.stringContaining(`问题 ${f.projectIssue.serialNo} 的完成时限`),
    });
    await t.database.db
      .update(reviewMeetingItems)
      .set({ decision: null, newDueOn: null })
      .where(eq(reviewMeetingItems.id, second.id));
  });

  it("refuses to conclude with a half-filled item, naming its issue, and changes nothing", async () => {
    const first = await itemOf(f.overdue.id);
    const filled = await call("PATCH", `/api/meetings/${meetingId}/items/${first.id}`, {
      decision: "由自然资源局牵头，两周内完成用地指标调剂",
      responsibleLeaderId: f.leader.id,
      responsibleDepartmentId: f.land.id,
      newDueOn: shift(today, 14),
    });
    expect(filled.statusCode, filled.body).toBe(200);
    const response = await call("POST", `/api/meetings/${meetingId}/conclude`, { version });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(f.projectIssue.serialNo);
    expect(response.json().message).toContain("会议决定");
    const [issue] = await t.database.db.select().from(issues).where(eq(issues.id, f.overdue.id));
    expect(issue?.dueOn).toBe(shift(today, -5));
    const events = await t.database.db.select().from(issueEvents).where(eq(issueEvents.action, "meeting_decision"));
    expect(events).toHaveLength(0);
    const [meeting] = await t.database.db.select().from(reviewMeetings).where(eq(reviewMeetings.id, meetingId));
    expect(meeting?.status).toBe("draft");
  });

  it("refuses to conclude when an item's deadline has passed since it was set", async () => {
    const second = await itemOf(f.projectIssue.id);
    await call("PATCH", `/api/meetings/${meetingId}/items/${second.id}`, {
      decision: "住建局提前介入，容缺受理施工许可",
      responsibleDepartmentId: f.housing.id,
    });
    await t.database.db
      .update(reviewMeetingItems)
      .set({ newDueOn: shift(today, -2) })
      .where(eq(reviewMeetingItems.id, second.id));
    const response = await call("POST", `/api/meetings/${meetingId}/conclude`, { version });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(`问题 ${f.projectIssue.serialNo} 的完成时限`);
    await t.database.db
      .update(reviewMeetingItems)
      .set({ newDueOn: shift(today, 30) })
      .where(eq(reviewMeetingItems.id, second.id));
  });

  it("concludes: every decision updates its issue; the meeting becomes read-only", async () => {
    const response = await call("POST", `/api/meetings/${meetingId}/conclude`, { version });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().status).toBe("concluded");
    expect(response.json().items.every((i: { appliedAt: string | null }) => i.appliedAt !== null)).toBe(true);
    const [overdue] = await t.database.db.select().from(issues).where(eq(issues.id, f.overdue.id));
    expect(overdue?.dueOn).toBe(shift(today, 14));
    const [projectIssue] = await t.database.db.select().from(issues).where(eq(issues.id, f.projectIssue.id));
    expect(projectIssue?.status).toBe("routed");
    expect(projectIssue?.leadDepartmentId).toBe(f.housing.id);
    expect(projectIssue?.dueOn).toBe(shift(today, 30));
    const events = await t.database.db.select().from(issueEvents).where(eq(issueEvents.action, "meeting_decision"));
    expect(events.map((e) => e.issueId).sort()).toEqual([f.overdue.id, f.projectIssue.id].sort());
    // The history names who answers for the decision.
    expect(events.find((e) => e.issueId === f.overdue.id)?.note).toBe(
      "会议决定：由自然资源局牵头，两周内完成用地指标调剂（责任领导：王副主任；责任单位：自然资源局）",
    );
    expect(events.find((e) => e.issueId === f.projectIssue.id)?.note).toBe(
      "会议决定：住建局提前介入，容缺受理施工许可（责任单位：住建局）",
    );

    const item = await itemOf(f.overdue.id);
    expect((await call("PATCH", `/api/meetings/${meetingId}/items/${item.id}`, { decision: "改" })).statusCode).toBe(
      409,
    );
    expect((await call("DELETE", `/api/meetings/${meetingId}/items/${item.id}`)).statusCode).toBe(409);
    expect((await call("POST", `/api/meetings/${meetingId}/items`, { issueIds: [f.escalated.id] })).statusCode).toBe(
      409,
    );
    expect((await call("POST", `/api/meetings/${meetingId}/conclude`, { version: version + 1 })).statusCode).toBe(409);
    const edit = await call("PATCH", `/api/meetings/${meetingId}`, {
      title: "改名",
      heldOn: today,
      version: version + 1,
    });
    expect(edit.statusCode).toBe(409);
    expect((await call("DELETE", `/api/meetings/${meetingId}`)).statusCode).toBe(409);
  });

  it("exports the minutes as a Word document with the decisions table", async () => {
    const response = await call("GET", `/api/meetings/${meetingId}/minutes.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("wordprocessingml");
    const body = response.rawPayload;
    expect(body.subarray(0, 2).toString()).toBe("PK");
    if (process.env.MINUTES_OUT) writeFileSync(process.env.MINUTES_OUT, body);
    const xml = await documentXml(body);
    for (const text of [
      "会议纪要",
      "2026年第11次联审联批会议",
      "管委会三楼会议室",
      "王副主任",
      "完成时限",
      f.overdue.serialNo,
    ]) {
      expect(xml).toContain(text);
    }
    expect(xml).toContain("由自然资源局牵头，两周内完成用地指标调剂");
  });
});

describe("meeting list and scope", () => {
  it("lists meetings of the scope, filtered by status", async () => {
    const list = (await call("GET", "/api/meetings?status=concluded")).json();
    expect(list.total).toBe(1);
    const draft = (await call("POST", "/api/meetings", { title: "临时会议", heldOn: today })).json();
    expect((await call("GET", "/api/meetings?status=draft")).json().data.map((m: { id: string }) => m.id)).toEqual([
      draft.id,
    ]);
    const stale = await call("PATCH", `/api/meetings/${draft.id}`, {
      title: "临时会议（改）",
      heldOn: today,
      version: 99,
    });
    expect(stale.statusCode).toBe(409);
    const ok = await call("PATCH", `/api/meetings/${draft.id}`, {
      title: "临时会议（改）",
      heldOn: today,
      version: draft.version,
    });
    expect(ok.statusCode).toBe(200);
    expect((await call("DELETE", `/api/meetings/${draft.id}`)).statusCode).toBe(200);
    expect((await call("GET", `/api/meetings/${draft.id}`)).statusCode).toBe(404);
  });
});
