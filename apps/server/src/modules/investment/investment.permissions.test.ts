import type { Role } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  definePermissionCases,
  onlyRoles,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";
import { investmentLeads, leadActivities } from "./investment.table.js";

/*
 * The permission matrix of /api/leads: lead.read is admin, leader, oversight, statistics; lead.write is admin and
 * leader; cadres, departments and enterprise users are refused (403). A lead of another zone is a 404 to
 * every role that may read leads. Activities may be changed only by their author (here the admin).
 */

let t: TestApp;
let cookies: Map<Role, string>;
let fx: RoleFixture;
let leadA: { id: string };
let leadB: { id: string };
let activityId = "";
let freshLeadId = "";

const readers = onlyRoles("admin", "leader", "oversight", "statistics");
const writers = onlyRoles("admin", "leader");
const notFoundToReaders = { admin: 404, leader: 404, oversight: 404, statistics: 404 };

async function insertLead(orgUnitId: string, projectName = "矩阵招商项目") {
  const [row] = await t.database.db
    .insert(investmentLeads)
    .values({ orgUnitId, projectName, investorName: "矩阵投资方", source: "forum" })
    .returning();
  if (!row) throw new Error("insert lead failed");
  return row;
}

async function insertAdminActivity(leadId: string) {
  const [row] = await t.database.db
    .insert(leadActivities)
    .values({
      leadId,
      kind: "negotiation",
      occurredOn: "2026-03-03",
      summary: "矩阵洽谈",
      createdBy: fx.users.admin.id,
    })
    .returning();
  if (!row) throw new Error("insert activity failed");
  return row.id;
}

async function currentLead(id: string) {
  const [row] = await t.database.db.select().from(investmentLeads).where(eq(investmentLeads.id, id));
  if (!row) throw new Error("lead not found");
  return row;
}

beforeAll(async () => {
  t = await createTestApp();
  fx = await seedRoleFixture(t.database.db, "inv");
  cookies = await signInRoles(t, fx);
  leadA = await insertLead(fx.zoneA.id);
  leadB = await insertLead(fx.zoneB.id, "外区招商项目");
  activityId = await insertAdminActivity(leadA.id);
  // The harness builds the URL of the call without a session before any payload: it needs a real id too.
  freshLeadId = (await insertLead(fx.zoneA.id, "矩阵签约项目")).id;
});
afterAll(() => t.close());
let signings = 0;

const leadBody = () => ({
  orgUnitId: fx.zoneA.id,
  projectName: "矩阵新登记项目",
  investorName: "矩阵投资方",
  source: "chain_research",
});

const nextStage = { lead: "contact", contact: "site_visit", site_visit: "negotiation" } as Record<string, string>;

describe("investment permission matrix", () => {
  definePermissionCases(
    () => ({ t, cookies }),
    [
      { name: "GET /api/leads", method: "GET", url: () => "/api/leads", expect: readers },
      { name: "GET /api/leads/board", method: "GET", url: () => "/api/leads/board", expect: readers },
      {
        name: "GET /api/leads/figures",
        method: "GET",
        url: () => "/api/leads/figures?from=2026-01-01&to=2026-11-01",
        expect: readers,
      },
      {
        // A real unit of another zone, refused like the project figures refuse it: 404 NOT_FOUND.
        name: "GET /api/leads/figures?orgUnitId=<zone B>",
        method: "GET",
        url: () => `/api/leads/figures?from=2026-01-01&to=2026-11-01&orgUnitId=${fx.zoneB.id}`,
        expect: notFoundToReaders,
      },
      { name: "GET /api/leads/export", method: "GET", url: () => "/api/leads/export", expect: readers },
      {
        name: "GET /api/leads/import-template",
        method: "GET",
        url: () => "/api/leads/import-template",
        expect: writers,
      },
      { name: "POST /api/leads", method: "POST", url: () => "/api/leads", payload: leadBody, expect: writers },
      { name: "GET /api/leads/:id", method: "GET", url: () => `/api/leads/${leadA.id}`, expect: readers },
      {
        name: "GET /api/leads/:id of another zone",
        method: "GET",
        url: () => `/api/leads/${leadB.id}`,
        expect: notFoundToReaders,
      },
      {
        name: "PATCH /api/leads/:id",
        method: "PATCH",
        url: () => `/api/leads/${leadA.id}`,
        payload: async () => ({ version: (await currentLead(leadA.id)).version, description: "矩阵修改" }),
        expect: writers,
      },
      {
        name: "PATCH /api/leads/:id of another zone",
        method: "PATCH",
        url: () => `/api/leads/${leadB.id}`,
        payload: () => ({ version: 1, description: "越权修改" }),
        expect: { admin: 404, leader: 404 },
      },
      {
        name: "POST /api/leads/:id/stage (advance one stage)",
        method: "POST",
        url: () => `/api/leads/${leadA.id}/stage`,
        payload: async () => ({
          toStage: nextStage[(await currentLead(leadA.id)).stage] ?? "negotiation",
          occurredOn: "2026-03-04",
        }),
        expect: writers,
      },
      {
        name: "POST /api/leads/:id/stage of another zone",
        method: "POST",
        url: () => `/api/leads/${leadB.id}/stage`,
        payload: () => ({ toStage: "contact", occurredOn: "2026-03-04" }),
        expect: { admin: 404, leader: 404 },
      },
      {
        name: "POST /api/leads/:id/sign (a fresh lead each time)",
        method: "POST",
        url: () => `/api/leads/${freshLeadId}/sign`,
        payload: async () => {
          freshLeadId = (await insertLead(fx.zoneA.id, "矩阵签约项目")).id;
          return {
            signedOn: "2026-03-05",
            project: {
              orgUnitId: fx.zoneA.id,
              // Project names are unique among a unit's active projects: one per signing.
              name: `矩阵签约项目${++signings}`,
              investorName: "矩阵投资方",
              level: "county",
              batch: "signing",
              projectType: "new",
              totalInvestment: "100000000.00",
            },
          };
        },
        expect: writers,
      },
      {
        name: "GET /api/leads/:id/activities",
        method: "GET",
        url: () => `/api/leads/${leadA.id}/activities`,
        expect: readers,
      },
      {
        name: "GET /api/leads/:id/activities of another zone",
        method: "GET",
        url: () => `/api/leads/${leadB.id}/activities`,
        expect: notFoundToReaders,
      },
      {
        name: "POST /api/leads/:id/activities",
        method: "POST",
        url: () => `/api/leads/${leadA.id}/activities`,
        payload: () => ({ kind: "site_visit", occurredOn: "2026-03-06", summary: "矩阵考察" }),
        expect: writers,
      },
      {
        name: "PATCH /api/leads/:id/activities/:activityId (the admin's own)",
        method: "PATCH",
        url: () => `/api/leads/${leadA.id}/activities/${activityId}`,
        payload: () => ({ summary: "矩阵修改活动" }),
        expect: { admin: 200, leader: 403 },
      },
      {
        name: "DELETE /api/leads/:id/activities/:activityId (the admin's own, a fresh one each time)",
        method: "DELETE",
        url: () => `/api/leads/${leadA.id}/activities/${activityId}`,
        payload: async () => {
          activityId = await insertAdminActivity(leadA.id);
          return {};
        },
        expect: { admin: 200, leader: 403 },
      },
    ],
  );
});
