import type { Role } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { documentXml } from "../../../test/docx.js";
import { createIssueRow } from "../../../test/factories.js";
import {
  definePermissionCases,
  onlyRoles,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";
import { todayInBeijing } from "../../lib/format.js";
import { addCalendarDays } from "../../lib/working-days.js";
import { issueEvents, issues } from "../issues/issues.table.js";
import { reviewMeetingItems, reviewMeetings } from "./meetings.table.js";

let t: TestApp;
let f: RoleFixture;
let cookies: Map<Role, string>;
const today = todayInBeijing();
const ids = {
  meeting: "",
  zoneBMeeting: "",
  item: "",
  fresh: "",
  freshItem: "",
  mixed: "",
  hiddenItem: "",
  hiddenIssue: "",
};

async function insertMeeting(orgUnitId: string, title = "联审联批会议") {
  const [row] = await t.database.db.insert(reviewMeetings).values({ orgUnitId, title, heldOn: today }).returning();
  if (!row) throw new Error("insert meeting returned nothing");
  return row;
}
const openIssueOfE1 = () =>
  createIssueRow(t.database.db, {
    orgUnit: f.zoneA,
    enterprise: f.e1,
    status: "routed",
    leadDepartment: f.dept,
    dueOn: addCalendarDays(today, -30),
  });
/** An issue of e2, the zone-A enterprise assigned to nobody: the leader and cadre may not see it. */
const openIssueOfE2 = () =>
  createIssueRow(t.database.db, {
    orgUnit: f.zoneA,
    enterprise: f.e2,
    status: "routed",
    leadDepartment: f.dept,
    dueOn: addCalendarDays(today, -30),
    title: "未包联企业的用地问题",
  });
async function insertItem(meetingId: string, decision: string | null = null, issue?: { id: string }) {
  issue ??= await openIssueOfE1();
  const [row] = await t.database.db
    .insert(reviewMeetingItems)
    .values({ meetingId, issueId: issue.id, decision })
    .returning();
  if (!row) throw new Error("insert item returned nothing");
  return row;
}
const versionOf = async (id: string) => {
  const [row] = await t.database.db
    .select({ version: reviewMeetings.version })
    .from(reviewMeetings)
    .where(eq(reviewMeetings.id, id));
  return row?.version ?? 0;
};
/** A fresh draft meeting (with one decided item) for each request, so each role meets the same state. */
async function freshMeeting() {
  ids.fresh = (await insertMeeting(f.zoneA.id, "待结束的会议")).id;
  ids.freshItem = (await insertItem(ids.fresh, "限期办结")).id;
  return ids.fresh;
}

/**
 * A fresh draft meeting of zone A with two decided items: one of the leader's enterprise e1 and one of the
 * unassigned e2 (the admin put it on the agenda), as a joint review meeting takes up issues of many owners.
 */
async function freshMixedMeeting() {
  ids.mixed = (await insertMeeting(f.zoneA.id, "联审联批会议（多家企业议题）")).id;
  await insertItem(ids.mixed, "限期办结");
  const hidden = await openIssueOfE2();
  ids.hiddenIssue = hidden.id;
  ids.hiddenItem = (await insertItem(ids.mixed, "改由住建局牵头", hidden)).id;
  return ids.mixed;
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seedRoleFixture(t.database.db, "mp");
  cookies = await signInRoles(t, f);
  ids.meeting = (await insertMeeting(f.zoneA.id)).id;
  ids.item = (await insertItem(ids.meeting)).id;
  ids.zoneBMeeting = (await insertMeeting(f.zoneB.id, "外区会议")).id;
  await freshMeeting();
  await freshMixedMeeting();
});
afterAll(() => t.close());

const readers = onlyRoles("admin", "leader", "oversight");
const writers = onlyRoles("admin", "leader");

describe("meetings: each endpoint × 7 roles", () => {
  definePermissionCases(
    () => ({ t, cookies }),
    [
      { name: "GET /api/meetings", method: "GET", url: () => "/api/meetings", expect: readers },
      {
        name: "POST /api/meetings",
        method: "POST",
        url: () => "/api/meetings",
        payload: () => ({ title: "第12次联审联批会议", heldOn: today }),
        expect: writers,
      },
      { name: "GET /api/meetings/:id", method: "GET", url: () => `/api/meetings/${ids.meeting}`, expect: readers },
      {
        name: "GET /api/meetings/:id (another zone)",
        method: "GET",
        url: () => `/api/meetings/${ids.zoneBMeeting}`,
        expect: { admin: 404, leader: 404, oversight: 404 },
      },
      {
        name: "PATCH /api/meetings/:id",
        method: "PATCH",
        url: () => `/api/meetings/${ids.meeting}`,
        payload: async () => ({ title: "联审联批会议（改）", heldOn: today, version: await versionOf(ids.meeting) }),
        expect: writers,
      },
      {
        name: "PATCH /api/meetings/:id (another zone)",
        method: "PATCH",
        url: () => `/api/meetings/${ids.zoneBMeeting}`,
        payload: () => ({ title: "改名", heldOn: today, version: 1 }),
        expect: { admin: 404, leader: 404 },
      },
      {
        name: "DELETE /api/meetings/:id",
        method: "DELETE",
        url: () => `/api/meetings/${ids.fresh}`,
        payload: async () => {
          await freshMeeting();
          return undefined;
        },
        expect: writers,
      },
      {
        name: "GET /api/meetings/candidates",
        method: "GET",
        url: () => "/api/meetings/candidates?kind=all",
        expect: readers,
      },
      {
        name: "POST /api/meetings/:id/items",
        method: "POST",
        url: () => `/api/meetings/${ids.meeting}/items`,
        payload: async () => ({ issueIds: [(await openIssueOfE1()).id] }),
        expect: writers,
      },
      {
        name: "PATCH /api/meetings/:id/items/:itemId",
        method: "PATCH",
        url: () => `/api/meetings/${ids.meeting}/items/${ids.item}`,
        payload: () => ({ decision: "限期两周办结", responsibleDepartmentId: f.dept.id }),
        expect: writers,
      },
      {
        name: "DELETE /api/meetings/:id/items/:itemId",
        method: "DELETE",
        url: () => `/api/meetings/${ids.fresh}/items/${ids.freshItem}`,
        payload: async () => {
          await freshMeeting();
          return undefined;
        },
        expect: writers,
      },
      {
        name: "POST /api/meetings/:id/conclude",
        method: "POST",
        url: () => `/api/meetings/${ids.fresh}/conclude`,
        payload: async () => ({ version: await versionOf(await freshMeeting()) }),
        expect: writers,
      },
      {
        name: "GET /api/meetings/:id (an item of an unassigned enterprise: redacted for the leader)",
        method: "GET",
        url: () => `/api/meetings/${ids.mixed}`,
        expect: readers,
      },
      {
        name: "PATCH /api/meetings/:id/items/:itemId (issue of an unassigned enterprise)",
        method: "PATCH",
        url: () => `/api/meetings/${ids.mixed}/items/${ids.hiddenItem}`,
        payload: () => ({ decision: "改由住建局牵头", responsibleDepartmentId: f.otherDept.id }),
        expect: { leader: 404, admin: 200 },
      },
      {
        name: "DELETE /api/meetings/:id/items/:itemId (issue of an unassigned enterprise)",
        method: "DELETE",
        url: () => `/api/meetings/${ids.mixed}/items/${ids.hiddenItem}`,
        payload: async () => {
          await freshMixedMeeting();
          return undefined;
        },
        expect: { leader: 404, admin: 200 },
      },
      {
        name: "POST /api/meetings/:id/conclude (an item of an unassigned enterprise)",
        method: "POST",
        url: () => `/api/meetings/${ids.mixed}/conclude`,
        payload: async () => ({ version: await versionOf(await freshMixedMeeting()) }),
        expect: { leader: 403, admin: 200 },
      },
      {
        name: "GET /api/meetings/:id/minutes.docx",
        method: "GET",
        url: () => `/api/meetings/${ids.meeting}/minutes.docx`,
        expect: readers,
      },
      {
        name: "GET /api/meetings/:id/minutes.docx (another zone)",
        method: "GET",
        url: () => `/api/meetings/${ids.zoneBMeeting}/minutes.docx`,
        expect: { admin: 404, leader: 404, oversight: 404 },
      },
    ],
  );
});

describe("meetings: issues outside the leader's assignments", () => {
  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { cookie } });

  it("shows the leader only the serial number and status of an issue he may not see", async () => {
    const meetingId = await freshMixedMeeting();
    const leader = cookies.get("leader") ?? "";
    const response = await call("GET", `/api/meetings/${meetingId}`, leader);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain("未包联企业有限公司");
    expect(response.body).not.toContain("未包联企业的用地问题");
    const hidden = response.json().items.find((i: { id: string }) => i.id === ids.hiddenItem);
    expect(hidden).toMatchObject({
      isVisible: false,
      issueStatus: "routed",
      issueTitle: null,
      issueDescription: null,
      enterpriseName: null,
      decision: null,
      dueOn: null,
    });
    expect(hidden.serialNo).toMatch(/\S/);
    const mine = response.json().items.find((i: { id: string }) => i.id !== ids.hiddenItem);
    expect(mine).toMatchObject({ isVisible: true, enterpriseName: "已包联企业有限公司", decision: "限期办结" });
    const asAdmin = (await call("GET", `/api/meetings/${meetingId}`, cookies.get("admin") ?? "")).json();
    expect(asAdmin.items.find((i: { id: string }) => i.id === ids.hiddenItem)).toMatchObject({
      isVisible: true,
      issueTitle: "未包联企业的用地问题",
      enterpriseName: "未包联企业有限公司",
    });
    const minutes = await call("GET", `/api/meetings/${meetingId}/minutes.docx`, leader);
    expect(minutes.statusCode).toBe(200);
    const xml = await documentXml(minutes.rawPayload);
    expect(xml).toContain("已包联企业有限公司");
    expect(xml).not.toContain("未包联企业");
  });

  it("refuses the leader's conclusion naming the hidden issue, and applies nothing", async () => {
    const meetingId = await freshMixedMeeting();
    const [hidden] = await t.database.db.select().from(issues).where(eq(issues.id, ids.hiddenIssue));
    const response = await call("POST", `/api/meetings/${meetingId}/conclude`, cookies.get("leader") ?? "", {
      version: await versionOf(meetingId),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toContain(hidden?.serialNo);
    const [meeting] = await t.database.db.select().from(reviewMeetings).where(eq(reviewMeetings.id, meetingId));
    expect(meeting?.status).toBe("draft");
    const applied = await t.database.db
      .select()
      .from(reviewMeetingItems)
      .where(eq(reviewMeetingItems.meetingId, meetingId));
    expect(applied.every((i) => i.appliedAt === null)).toBe(true);
    const events = await t.database.db.select().from(issueEvents).where(eq(issueEvents.issueId, ids.hiddenIssue));
    expect(events.filter((e) => e.action === "meeting_decision")).toEqual([]);
  });
});
