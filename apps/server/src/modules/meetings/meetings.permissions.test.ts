import type { Role } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createIssueRow } from "../../../test/factories.js";
import {
  definePermissionCases,
  onlyRoles,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";
import { todayInBeijing } from "../../lib/format.js";
import { reviewMeetingItems, reviewMeetings } from "./meetings.table.js";

let t: TestApp;
let f: RoleFixture;
let cookies: Map<Role, string>;
const today = todayInBeijing();
const ids = { meeting: "", zoneBMeeting: "", item: "", fresh: "", freshItem: "" };

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
    dueOn: "2026-01-05",
  });
async function insertItem(meetingId: string, decision: string | null = null) {
  const issue = await openIssueOfE1();
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

beforeAll(async () => {
  t = await createTestApp();
  f = await seedRoleFixture(t.database.db, "mp");
  cookies = await signInRoles(t, f);
  ids.meeting = (await insertMeeting(f.zoneA.id)).id;
  ids.item = (await insertItem(ids.meeting)).id;
  ids.zoneBMeeting = (await insertMeeting(f.zoneB.id, "外区会议")).id;
  await freshMeeting();
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
