import { type ProjectStage, projectStages, type Role, roles } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
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
import { todayInBeijing } from "../../lib/format.js";
import { procedureTypes, projects } from "./projects.table.js";

/*
 * Each endpoint of the key projects against the seven roles: pA is assigned to the leader and the cadre,
 * pB (zone A) to nobody, pC lies in zone B, pD (zone A) is archived and restored. Readers: admin, leader,
 * cadre, oversight, statistics; progress writers: admin, leader, cadre (on assigned projects); the rest admin.
 */

let t: TestApp;
let fixture: RoleFixture;
let cookies: Map<Role, string>;
let pA: Awaited<ReturnType<typeof createProject>>;
let pB: Awaited<ReturnType<typeof createProject>>;
let pC: Awaited<ReturnType<typeof createProject>>;
let pD: Awaited<ReturnType<typeof createProject>>;
let typeId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  fixture = await seedRoleFixture(db, "pp");
  const signed = { signed: { actual: "2026-01-05" } };
  pA = await createProject(db, { orgUnit: fixture.zoneA, name: "已包联项目", dates: signed });
  pB = await createProject(db, { orgUnit: fixture.zoneA, name: "未包联项目", dates: signed });
  pC = await createProject(db, { orgUnit: fixture.zoneB, name: "外区项目", dates: signed });
  pD = await createProject(db, { orgUnit: fixture.zoneA, name: "归档用项目", dates: signed });
  await assignProject(db, { user: fixture.users.leader, project: pA, role: "lead_leader" });
  await assignProject(db, { user: fixture.users.cadre, project: pA, role: "helper_cadre" });
  await assignProject(db, { user: fixture.outsider, project: pC, role: "helper_cadre" });
  const [type] = await db.select().from(procedureTypes).where(eq(procedureTypes.name, "环评"));
  if (!type) throw new Error("procedure types not seeded");
  typeId = type.id;
  cookies = await signInRoles(t, fixture);
});
afterAll(() => t.close());

const readers = onlyRoles("admin", "leader", "cadre", "oversight", "statistics");
const writers = onlyRoles("admin", "leader", "cadre");
const unassignedRead = { ...readers, leader: 404, cadre: 404 };
const unassignedWrite = { admin: 200, leader: 404, cadre: 404 };
const outOfZoneRead = { admin: 404, leader: 404, cadre: 404, oversight: 404, statistics: 404 };
const today = todayInBeijing();

async function current(id: string) {
  const [row] = await t.database.db.select().from(projects).where(eq(projects.id, id));
  if (!row) throw new Error("project vanished");
  return row;
}
/** The next stage of the project as it is now, so each permitted call is a real advance. */
const nextStage = (project: () => { id: string }) => async () => {
  const { stage } = await current(project().id);
  const next = projectStages[projectStages.indexOf(stage) + 1] as ProjectStage;
  return { toStage: next, actualOn: today };
};
/** A partial edit: two fields and the version, nothing cleared (PATCH keeps what it is not sent). */
const editPayload = (project: () => { id: string }) => async () => {
  const row = await current(project().id);
  return { level: "city", totalInvestment: "200000000.00", version: row.version };
};
const versionOf = (project: () => { id: string }) => async () => ({ version: (await current(project().id)).version });

describe("key project endpoints × roles", () => {
  definePermissionCases(
    () => ({ t, cookies }),
    [
      { name: "GET /api/projects", method: "GET", url: () => "/api/projects", expect: readers },
      {
        name: "POST /api/projects",
        method: "POST",
        url: () => "/api/projects",
        payload: () => ({
          orgUnitId: fixture.zoneA.id,
          name: "矩阵新建项目",
          investorName: "某投资方",
          level: "county",
          batch: "signing",
          projectType: "new",
          totalInvestment: "10000000.00",
        }),
        expect: onlyRoles("admin"),
      },
      { name: "GET /api/projects/:id (assigned)", method: "GET", url: () => `/api/projects/${pA.id}`, expect: readers },
      {
        name: "GET /api/projects/:id (unassigned)",
        method: "GET",
        url: () => `/api/projects/${pB.id}`,
        expect: unassignedRead,
      },
      {
        name: "GET /api/projects/:id (other zone)",
        method: "GET",
        url: () => `/api/projects/${pC.id}`,
        expect: outOfZoneRead,
      },
      {
        name: "PATCH /api/projects/:id",
        method: "PATCH",
        url: () => `/api/projects/${pA.id}`,
        payload: editPayload(() => pA),
        expect: onlyRoles("admin"),
      },
      {
        name: "PATCH /api/projects/:id (other zone)",
        method: "PATCH",
        url: () => `/api/projects/${pC.id}`,
        payload: editPayload(() => pC),
        expect: { admin: 404 },
      },
      {
        name: "POST /api/projects/:id/archive",
        method: "POST",
        url: () => `/api/projects/${pD.id}/archive`,
        payload: versionOf(() => pD),
        expect: onlyRoles("admin"),
      },
      {
        name: "POST /api/projects/:id/restore",
        method: "POST",
        url: () => `/api/projects/${pD.id}/restore`,
        payload: versionOf(() => pD),
        expect: onlyRoles("admin"),
      },
      {
        name: "POST /api/projects/:id/progress (assigned)",
        method: "POST",
        url: () => `/api/projects/${pA.id}/progress`,
        payload: () => ({ narrative: "本周设备安装完成" }),
        expect: writers,
      },
      {
        name: "POST /api/projects/:id/progress (unassigned)",
        method: "POST",
        url: () => `/api/projects/${pB.id}/progress`,
        payload: () => ({ narrative: "本周设备安装完成" }),
        expect: unassignedWrite,
      },
      {
        name: "POST /api/projects/:id/stage (assigned)",
        method: "POST",
        url: () => `/api/projects/${pA.id}/stage`,
        payload: nextStage(() => pA),
        expect: writers,
      },
      {
        name: "POST /api/projects/:id/stage (unassigned)",
        method: "POST",
        url: () => `/api/projects/${pB.id}/stage`,
        payload: nextStage(() => pB),
        expect: unassignedWrite,
      },
      {
        name: "PUT /api/projects/:id/stage-dates",
        method: "PUT",
        url: () => `/api/projects/${pA.id}/stage-dates`,
        payload: () => ({ reached_output: { plannedOn: "2028-12-31" } }),
        expect: onlyRoles("admin"),
      },
      {
        name: "GET /api/projects/:id/procedures (assigned)",
        method: "GET",
        url: () => `/api/projects/${pA.id}/procedures`,
        expect: readers,
      },
      {
        name: "GET /api/projects/:id/procedures (unassigned)",
        method: "GET",
        url: () => `/api/projects/${pB.id}/procedures`,
        expect: unassignedRead,
      },
      {
        name: "PUT /api/projects/:id/procedures/:typeId (assigned)",
        method: "PUT",
        url: () => `/api/projects/${pA.id}/procedures/${typeId}`,
        payload: () => ({ status: "in_progress", startedOn: today }),
        expect: writers,
      },
      {
        name: "PUT /api/projects/:id/procedures/:typeId (unassigned)",
        method: "PUT",
        url: () => `/api/projects/${pB.id}/procedures/${typeId}`,
        payload: () => ({ status: "in_progress", startedOn: today }),
        expect: unassignedWrite,
      },
      {
        name: "GET /api/projects/:id/issues (assigned)",
        method: "GET",
        url: () => `/api/projects/${pA.id}/issues`,
        expect: readers,
      },
      {
        name: "GET /api/projects/:id/issues (unassigned)",
        method: "GET",
        url: () => `/api/projects/${pB.id}/issues`,
        expect: unassignedRead,
      },
      {
        name: "GET /api/projects/procedure-types",
        method: "GET",
        url: () => "/api/projects/procedure-types",
        expect: readers,
      },
      {
        // The checklist is kept by an administrator of a top-level unit; the fixture's admin is a zone's.
        name: "POST /api/projects/procedure-types (zone admin refused too)",
        method: "POST",
        url: () => "/api/projects/procedure-types",
        payload: () => ({ name: "矩阵手续" }),
        expect: {},
      },
      {
        name: "PATCH /api/projects/procedure-types/:id (zone admin refused too)",
        method: "PATCH",
        url: () => `/api/projects/procedure-types/${typeId}`,
        payload: () => ({ name: "环评", version: 1 }),
        expect: {},
      },
      {
        name: "GET /api/projects/export",
        method: "GET",
        url: () => "/api/projects/export",
        expect: onlyRoles("admin", "leader", "oversight", "statistics"),
      },
      {
        name: "GET /api/projects/import-template",
        method: "GET",
        url: () => "/api/projects/import-template",
        expect: onlyRoles("admin"),
      },
      {
        name: "POST /api/assignments with projectId",
        method: "POST",
        url: () => "/api/assignments",
        payload: () => ({ projectId: pA.id, userId: fixture.otherCadre.id, role: "helper_cadre" }),
        expect: onlyRoles("admin"),
      },
      {
        name: "GET /api/assignments?projectId=",
        method: "GET",
        url: () => `/api/assignments?projectId=${pA.id}`,
        expect: readers,
      },
    ],
  );

  it("POST /api/projects/imports: admin 200, every other role 403", async () => {
    const content = await xlsxOf([
      ["项目名称", "投资主体", "所属单位"],
      ["矩阵导入项目", "某投资方", "经开区"],
    ]);
    for (const role of roles) {
      const body = multipartFile("重点项目.xlsx", content);
      const response = await t.app.inject({
        method: "POST",
        url: "/api/projects/imports",
        headers: { cookie: cookies.get(role) ?? "", ...body.headers },
        payload: body.payload,
      });
      expect(response.statusCode, `${role}: ${response.body.slice(0, 200)}`).toBe(role === "admin" ? 200 : 403);
    }
  });

  it("lists only the leader's and the cadre's assigned project to them", async () => {
    for (const role of ["leader", "cadre"] as const) {
      const list = await t.app.inject({
        method: "GET",
        url: "/api/projects?pageSize=200",
        headers: { cookie: cookies.get(role) ?? "" },
      });
      expect(list.json().data.map((p: { name: string }) => p.name)).toEqual(["已包联项目"]);
    }
  });
});
