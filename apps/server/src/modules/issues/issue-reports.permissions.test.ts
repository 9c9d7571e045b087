import type { Role } from "@zonedesk/contracts";
import { afterAll, beforeAll, describe } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createDepartment, createIssueRow } from "../../../test/factories.js";
import {
  allRoles,
  definePermissionCases,
  onlyRoles,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";

let t: TestApp;
let cookies: Map<Role, string>;
let f: RoleFixture;
let issues: { mine: { id: string }; unassigned: { id: string }; otherZone: { id: string } };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  f = await seedRoleFixture(db, "rp");
  cookies = await signInRoles(t, f);
  const zoneBDept = await createDepartment(db, { orgUnit: f.zoneB, name: "高新区住建局" });
  const routed = { status: "routed" as const, dueOn: "2026-12-31" };
  issues = {
    // e1: assigned to the leader and the cadre, the enterprise user's own, routed to the fixture's department.
    mine: await createIssueRow(db, { ...routed, orgUnit: f.zoneA, enterprise: f.e1, leadDepartment: f.dept }),
    // e2: nobody's assignment, routed to another department.
    unassigned: await createIssueRow(db, {
      ...routed,
      orgUnit: f.zoneA,
      enterprise: f.e2,
      leadDepartment: f.otherDept,
    }),
    otherZone: await createIssueRow(db, { ...routed, orgUnit: f.zoneB, enterprise: f.e3, leadDepartment: zoneBDept }),
  };
});
afterAll(() => t.close());

describe("issue reports permissions", () => {
  definePermissionCases(
    () => ({ t, cookies }),
    [
      {
        name: "GET /api/issues/export (a department, a cadre and an enterprise cannot export)",
        method: "GET",
        url: () => "/api/issues/export",
        expect: onlyRoles("admin", "leader", "oversight", "statistics"),
      },
      {
        name: "GET /api/issues/stats",
        method: "GET",
        url: () => "/api/issues/stats?groupBy=department",
        expect: onlyRoles("admin", "leader", "oversight", "statistics"),
      },
      {
        name: "GET /api/issues/stats by org unit",
        method: "GET",
        url: () => `/api/issues/stats?groupBy=org_unit&orgUnitId=${f.zoneA.id}`,
        expect: onlyRoles("admin", "leader", "oversight", "statistics"),
      },
      {
        name: "GET /api/issues/stats of a unit out of scope",
        method: "GET",
        url: () => `/api/issues/stats?orgUnitId=${f.zoneB.id}`,
        expect: { admin: 404, leader: 404, oversight: 404, statistics: 404 },
      },
      {
        name: "GET /api/issues/:id/routing-slip.docx of an issue every role sees",
        method: "GET",
        url: () => `/api/issues/${issues.mine.id}/routing-slip.docx`,
        expect: allRoles(200),
      },
      {
        name: "GET /api/issues/:id/routing-slip.docx of an unassigned enterprise's issue routed elsewhere",
        method: "GET",
        url: () => `/api/issues/${issues.unassigned.id}/routing-slip.docx`,
        expect: {
          admin: 200,
          oversight: 200,
          statistics: 200,
          leader: 404,
          cadre: 404,
          department: 404,
          enterprise: 404,
        },
      },
      {
        name: "GET /api/issues/:id/routing-slip.docx of another zone's issue",
        method: "GET",
        url: () => `/api/issues/${issues.otherZone.id}/routing-slip.docx`,
        expect: allRoles(404),
      },
    ],
  );
});
