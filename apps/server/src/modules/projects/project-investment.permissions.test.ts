import type { Role } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { assignProject, createProject } from "../../../test/factories.js";
import {
  definePermissionCases,
  onlyRoles,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";
import { multipartFile, xlsxOf } from "../../../test/upload.js";
import { projectAnnualPlans, projectInvestmentReports } from "./projects.table.js";

/*
 * Each endpoint of plans, monthly reports, figures and warnings against the seven roles: pA is assigned
 * to the leader and the cadre, pB (zone A) to nobody, pC lies in zone B. Readers: admin, leader, cadre,
 * oversight, statistics; report writers: admin, leader, cadre (leaders and cadres on their assigned projects
 * only); the year's plan (project.plan): admin only, assigned or not.
 */

let t: TestApp;
let fixture: RoleFixture;
let cookies: Map<Role, string>;
let pA: Awaited<ReturnType<typeof createProject>>;
let pB: Awaited<ReturnType<typeof createProject>>;
let pC: Awaited<ReturnType<typeof createProject>>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  fixture = await seedRoleFixture(db, "pi");
  const signed = { signed: { actual: "2026-01-05" } };
  pA = await createProject(db, { orgUnit: fixture.zoneA, name: "已包联项目", dates: signed });
  pB = await createProject(db, { orgUnit: fixture.zoneA, name: "未包联项目", dates: signed });
  pC = await createProject(db, { orgUnit: fixture.zoneB, name: "外区项目", dates: signed });
  await assignProject(db, { user: fixture.users.leader, project: pA, role: "lead_leader" });
  await assignProject(db, { user: fixture.users.cadre, project: pA, role: "helper_cadre" });
  await assignProject(db, { user: fixture.outsider, project: pC, role: "helper_cadre" });
  cookies = await signInRoles(t, fixture);
});
afterAll(() => t.close());

const readers = onlyRoles("admin", "leader", "cadre", "oversight", "statistics");
const writers = onlyRoles("admin", "leader", "cadre");
/** Out of scope for leader and cadre (unassigned): 404; the other readers see it. */
const unassignedRead = { ...readers, leader: 404, cadre: 404 };
const unassignedWrite = { admin: 200, leader: 404, cadre: 404 };
const outOfZoneRead = { admin: 404, leader: 404, cadre: 404, oversight: 404, statistics: 404 };
const outOfZoneWrite = { admin: 404, leader: 404, cadre: 404 };
const planners = onlyRoles("admin");

async function planVersion(projectId: string): Promise<number | undefined> {
  const [row] = await t.database.db
    .select({ version: projectAnnualPlans.version })
    .from(projectAnnualPlans)
    .where(and(eq(projectAnnualPlans.projectId, projectId), eq(projectAnnualPlans.year, 2026)));
  return row?.version;
}
async function reportVersion(projectId: string): Promise<number | undefined> {
  const [row] = await t.database.db
    .select({ version: projectInvestmentReports.version })
    .from(projectInvestmentReports)
    .where(
      and(
        eq(projectInvestmentReports.projectId, projectId),
        eq(projectInvestmentReports.year, 2026),
        eq(projectInvestmentReports.month, 1),
      ),
    );
  return row?.version;
}
let amount = 0;
/** A different amount on each call, so every permitted call is a real write (a correction after the first). */
const planPayload = (project: () => { id: string }) => async () => ({
  plannedInvestment: `${1_000_000 + ++amount}.00`,
  version: await planVersion(project().id),
});
const reportPayload = (project: () => { id: string }) => async () => ({
  completedInMonth: `${10_000 + ++amount}.00`,
  version: await reportVersion(project().id),
});

describe("project investment permissions", () => {
  definePermissionCases(
    () => ({ t, cookies }),
    [
      { name: "GET /projects/figures", method: "GET", url: () => "/api/projects/figures", expect: readers },
      { name: "GET /projects/warnings", method: "GET", url: () => "/api/projects/warnings", expect: readers },
      {
        // A real unit of another zone: not found to every reader, as the lead figures answer it.
        name: "GET /projects/figures?orgUnitId=<zone B>",
        method: "GET",
        url: () => `/api/projects/figures?orgUnitId=${fixture.zoneB.id}`,
        expect: outOfZoneRead,
      },
      {
        name: "GET /projects/warnings?orgUnitId=<zone B>",
        method: "GET",
        url: () => `/api/projects/warnings?orgUnitId=${fixture.zoneB.id}`,
        expect: outOfZoneRead,
      },
      {
        name: "GET /projects/:id/plans/:year/revisions (assigned)",
        method: "GET",
        url: () => `/api/projects/${pA.id}/plans/2026/revisions`,
        expect: readers,
      },
      {
        name: "GET /projects/:id/plans/:year/revisions (unassigned)",
        method: "GET",
        url: () => `/api/projects/${pB.id}/plans/2026/revisions`,
        expect: unassignedRead,
      },
      {
        name: "GET /projects/:id/investment (assigned)",
        method: "GET",
        url: () => `/api/projects/${pA.id}/investment`,
        expect: readers,
      },
      {
        name: "GET /projects/:id/investment (unassigned)",
        method: "GET",
        url: () => `/api/projects/${pB.id}/investment`,
        expect: unassignedRead,
      },
      {
        name: "GET /projects/:id/investment (other zone)",
        method: "GET",
        url: () => `/api/projects/${pC.id}/investment`,
        expect: outOfZoneRead,
      },
      {
        name: "PUT /projects/:id/plans/:year (assigned)",
        method: "PUT",
        url: () => `/api/projects/${pA.id}/plans/2026`,
        payload: planPayload(() => pA),
        expect: planners,
      },
      {
        name: "PUT /projects/:id/plans/:year (unassigned)",
        method: "PUT",
        url: () => `/api/projects/${pB.id}/plans/2026`,
        payload: planPayload(() => pB),
        expect: planners,
      },
      {
        name: "PUT /projects/:id/plans/:year (other zone)",
        method: "PUT",
        url: () => `/api/projects/${pC.id}/plans/2026`,
        payload: planPayload(() => pC),
        expect: { admin: 404 },
      },
      {
        name: "PUT /projects/:id/reports/:year/:month (assigned)",
        method: "PUT",
        url: () => `/api/projects/${pA.id}/reports/2026/1`,
        payload: reportPayload(() => pA),
        expect: writers,
      },
      {
        name: "PUT /projects/:id/reports/:year/:month (unassigned)",
        method: "PUT",
        url: () => `/api/projects/${pB.id}/reports/2026/1`,
        payload: reportPayload(() => pB),
        expect: unassignedWrite,
      },
      {
        name: "PUT /projects/:id/reports/:year/:month (other zone)",
        method: "PUT",
        url: () => `/api/projects/${pC.id}/reports/2026/1`,
        payload: reportPayload(() => pC),
        expect: outOfZoneWrite,
      },
      {
        name: "GET /projects/:id/reports/:year/:month/revisions (assigned)",
        method: "GET",
        url: () => `/api/projects/${pA.id}/reports/2026/1/revisions`,
        expect: readers,
      },
      {
        name: "GET /projects/:id/reports/:year/:month/revisions (unassigned)",
        method: "GET",
        url: () => `/api/projects/${pB.id}/reports/2026/1/revisions`,
        expect: unassignedRead,
      },
      {
        name: "GET /projects/reports/import-template",
        method: "GET",
        url: () => "/api/projects/reports/import-template",
        expect: writers,
      },
      {
        name: "GET /projects/plans/import-template",
        method: "GET",
        url: () => "/api/projects/plans/import-template",
        expect: planners,
      },
      {
        name: "GET /projects/reports/imports/:id (someone else's or missing job)",
        method: "GET",
        url: () => `/api/projects/reports/imports/${crypto.randomUUID()}`,
        expect: { admin: 404, leader: 404, cadre: 404 },
      },
      {
        name: "POST /projects/plans/imports/:id/confirm (missing job)",
        method: "POST",
        url: () => `/api/projects/plans/imports/${crypto.randomUUID()}/confirm`,
        expect: { admin: 404 },
      },
    ],
  );

  it("lets writers upload a report sheet and refuses the other roles (403)", async () => {
    const content = await xlsxOf([
      ["项目名称", "年份", "月份", "当月完成投资（万元）"],
      ["已包联项目", 2026, 2, 1],
    ]);
    for (const role of ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"] as const) {
      const { payload, headers } = multipartFile("月度投资.xlsx", content);
      const response = await t.app.inject({
        method: "POST",
        url: "/api/projects/reports/imports",
        payload,
        headers: { ...headers, cookie: cookies.get(role) ?? "" },
      });
      const allowed = role === "admin" || role === "leader" || role === "cadre";
      expect(response.statusCode, `${role}: ${response.body.slice(0, 200)}`).toBe(allowed ? 200 : 403);
      if (allowed) expect(response.json().counts).toMatchObject({ create: 1, refused: 0 });
    }
  });

  it("shows a leader the figures of the assigned project only", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/projects/figures?year=2026&month=10",
      headers: { cookie: cookies.get("leader") ?? "" },
    });
    expect(response.json().projectCount).toBe(1);
    const admin = await t.app.inject({
      method: "GET",
      url: "/api/projects/figures?year=2026&month=10",
      headers: { cookie: cookies.get("admin") ?? "" },
    });
    // The admin of zone A: pA and pB, not pC of zone B.
    expect(admin.json().projectCount).toBe(2);
  });
});
