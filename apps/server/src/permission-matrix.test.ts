import type { Role } from "@zonedesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/app.js";
import { makeCreditCode } from "../test/factories.js";
import {
  allRoles,
  definePermissionCases,
  onlyRoles,
  type PermissionCase,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../test/permission-matrix.js";

/*
 * Every endpoint against every role. A role the endpoint is not for gets 403; a record outside the
 * actor's scope gets 404 (so it cannot be probed); no session gets 401.
 */

let t: TestApp;
let f: RoleFixture;
let cookies = new Map<Role, string>();

beforeAll(async () => {
  t = await createTestApp();
  f = await seedRoleFixture(t.database.db);
  cookies = await signInRoles(t, f);
});
afterAll(() => t.close());

const all = allRoles;
const only = onlyRoles;
const version = async (url: string) => {
  const response = await t.app.inject({ method: "GET", url, headers: { cookie: cookies.get("admin") ?? "" } });
  return (response.json() as { version: number }).version;
};
const enterpriseBody = (code: string, name: string) => ({ orgUnitId: f.zoneA.id, creditCode: code, name });
let seq = 0;

const cases: PermissionCase[] = [
  { name: "GET /org-units", method: "GET", url: () => "/api/org-units", expect: all(200) },
  {
    name: "POST /org-units",
    method: "POST",
    url: () => "/api/org-units",
    payload: () => ({ parentId: f.zoneA.id, name: `片区${++seq}`, kind: "park" }),
    expect: only("admin"),
  },
  {
    name: "PATCH /org-units/:id",
    method: "PATCH",
    url: () => `/api/org-units/${f.zoneA.id}`,
    payload: async () => ({
      name: "经开区",
      kind: "zone",
      divisionCode: null,
      version: (
        await t.app.inject({ method: "GET", url: "/api/org-units", headers: { cookie: cookies.get("admin") ?? "" } })
      )
        .json()
        .find((u: { id: string }) => u.id === f.zoneA.id).version,
    }),
    expect: only("admin"),
  },
  { name: "GET /departments", method: "GET", url: () => "/api/departments", expect: { ...all(200), enterprise: 403 } },
  {
    name: "POST /departments",
    method: "POST",
    url: () => "/api/departments",
    payload: () => ({ orgUnitId: f.zoneA.id, name: `新部门${++seq}` }),
    expect: only("admin"),
  },
  {
    name: "PATCH /departments/:id",
    method: "PATCH",
    url: () => `/api/departments/${f.dept.id}`,
    payload: async () => ({
      name: "自然资源局",
      version: (
        await t.app.inject({ method: "GET", url: "/api/departments", headers: { cookie: cookies.get("admin") ?? "" } })
      )
        .json()
        .find((d: { id: string }) => d.id === f.dept.id).version,
    }),
    expect: only("admin"),
  },
  { name: "GET /users", method: "GET", url: () => "/api/users", expect: only("admin") },
  {
    name: "GET /users/options",
    method: "GET",
    url: () => "/api/users/options?role=leader,cadre",
    expect: only("admin", "leader", "cadre"),
  },
  { name: "GET /users/:id", method: "GET", url: () => `/api/users/${f.otherCadre.id}`, expect: only("admin") },
  {
    name: "POST /users",
    method: "POST",
    url: () => "/api/users",
    payload: () => ({
      username: `new_user_${++seq}`,
      displayName: "新用户",
      role: "cadre",
      orgUnitId: f.zoneA.id,
      password: "Xuchang#2026park",
    }),
    expect: only("admin"),
  },
  {
    name: "PATCH /users/:id",
    method: "PATCH",
    url: () => `/api/users/${f.otherCadre.id}`,
    payload: async () => ({
      displayName: "另一位干部",
      role: "cadre",
      orgUnitId: f.zoneA.id,
      isDisabled: false,
      version: await version(`/api/users/${f.otherCadre.id}`),
    }),
    expect: only("admin"),
  },
  {
    name: "POST /users/:id/reset-password",
    method: "POST",
    url: () => `/api/users/${f.otherCadre.id}/reset-password`,
    payload: () => ({ newPassword: "Reset#2026park" }),
    expect: only("admin"),
  },
  { name: "GET /tags", method: "GET", url: () => "/api/tags", expect: all(200) },
  {
    name: "POST /tags",
    method: "POST",
    url: () => "/api/tags",
    payload: () => ({ name: `标签${++seq}` }),
    expect: {}, // tags are shared by all zones: a zone admin is refused too (the city admin case is in org-units.routes.test.ts)
  },
  {
    name: "PATCH /tags/:id",
    method: "PATCH",
    url: () => `/api/tags/${f.tag.id}`,
    payload: async () => ({
      name: "矩阵标签",
      version: (
        await t.app.inject({ method: "GET", url: "/api/tags", headers: { cookie: cookies.get("admin") ?? "" } })
      )
        .json()
        .find((x: { id: string }) => x.id === f.tag.id).version,
    }),
    expect: {},
  },
  { name: "GET /industries", method: "GET", url: () => "/api/industries", expect: all(200) },
  { name: "GET /enterprises", method: "GET", url: () => "/api/enterprises", expect: all(200) },
  {
    name: "GET /enterprises/:assigned",
    method: "GET",
    url: () => `/api/enterprises/${f.e1.id}`,
    expect: { ...all(200), department: 404 },
  },
  {
    name: "GET /enterprises/:unassigned",
    method: "GET",
    url: () => `/api/enterprises/${f.e2.id}`,
    expect: { admin: 200, oversight: 200, statistics: 200, leader: 404, cadre: 404, department: 404, enterprise: 404 },
  },
  { name: "GET /enterprises/:other-zone", method: "GET", url: () => `/api/enterprises/${f.e3.id}`, expect: all(404) },
  {
    name: "GET /enterprises/:id/assignments",
    method: "GET",
    url: () => `/api/enterprises/${f.e2.id}/assignments`,
    expect: { admin: 200, oversight: 200, statistics: 200, leader: 404, cadre: 404, department: 404, enterprise: 404 },
  },
  {
    name: "POST /enterprises",
    method: "POST",
    url: () => "/api/enterprises",
    payload: () => enterpriseBody(makeCreditCode(), `矩阵新建企业${++seq}有限公司`),
    expect: only("admin"),
  },
  {
    name: "PUT /enterprises/:id",
    method: "PUT",
    url: () => `/api/enterprises/${f.e2.id}`,
    payload: async () => ({
      ...enterpriseBody(f.e2.creditCode, "未包联企业有限公司"),
      version: await version(`/api/enterprises/${f.e2.id}`),
    }),
    expect: only("admin"),
  },
  {
    name: "PUT /enterprises/:other-zone",
    method: "PUT",
    url: () => `/api/enterprises/${f.e3.id}`,
    payload: () => ({ ...enterpriseBody(f.e3.creditCode, "外区企业有限公司"), version: 1 }),
    expect: { admin: 404 },
  },
  {
    name: "POST /enterprises/:id/archive",
    method: "POST",
    url: () => `/api/enterprises/${f.e2.id}/archive`,
    payload: async () => ({ version: await version(`/api/enterprises/${f.e2.id}`) }),
    expect: only("admin"),
  },
  {
    name: "POST /enterprises/:id/restore",
    method: "POST",
    url: () => `/api/enterprises/${f.e2.id}/restore`,
    payload: async () => ({ version: await version(`/api/enterprises/${f.e2.id}`) }),
    expect: only("admin"),
  },
  {
    name: "GET /enterprises/export",
    method: "GET",
    url: () => "/api/enterprises/export",
    expect: only("admin", "leader", "oversight", "statistics"),
  },
  {
    name: "GET /enterprises/import-template",
    method: "GET",
    url: () => "/api/enterprises/import-template",
    expect: only("admin"),
  },
  {
    name: "GET /enterprises/imports/:id",
    method: "GET",
    url: () => "/api/enterprises/imports/00000000-0000-4000-8000-000000000000",
    expect: { admin: 404 },
  },
  {
    name: "GET /assignments",
    method: "GET",
    url: () => "/api/assignments",
    expect: only("admin", "leader", "cadre", "oversight", "statistics"),
  },
  {
    name: "GET /assignments/mine",
    method: "GET",
    url: () => "/api/assignments/mine",
    expect: only("admin", "leader", "cadre", "oversight", "statistics"),
  },
  {
    name: "GET /assignments/coverage",
    method: "GET",
    url: () => "/api/assignments/coverage",
    expect: only("admin", "oversight", "statistics"),
  },
  {
    name: "GET /assignments/import-template",
    method: "GET",
    url: () => "/api/assignments/import-template",
    expect: only("admin"),
  },
  {
    name: "POST /assignments",
    method: "POST",
    url: () => "/api/assignments",
    payload: () => ({ enterpriseId: f.e2.id, userId: f.otherCadre.id, role: "helper_cadre" }),
    expect: only("admin"),
  },
  {
    name: "POST /assignments (other zone)",
    method: "POST",
    url: () => "/api/assignments",
    payload: () => ({ enterpriseId: f.e3.id, userId: f.otherCadre.id, role: "helper_cadre" }),
    expect: { admin: 400 },
  },
  {
    name: "POST /assignments/bulk",
    method: "POST",
    url: () => "/api/assignments/bulk",
    payload: () => ({ enterpriseIds: [f.e1.id, f.e2.id], userId: f.otherCadre.id, role: "chief_service_officer" }),
    expect: only("admin"),
  },
  {
    name: "POST /assignments/:other-zone/end",
    method: "POST",
    url: () => `/api/assignments/${f.a3.id}/end`,
    payload: () => ({}),
    expect: { admin: 404 },
  },
  {
    name: "POST /assignments/:id/end",
    method: "POST",
    url: () => `/api/assignments/${f.a1.id}/end`,
    payload: () => ({}),
    expect: only("admin"),
  },
  { name: "GET /audit", method: "GET", url: () => "/api/audit", expect: only("admin", "oversight") },
  { name: "GET /audit/export", method: "GET", url: () => "/api/audit/export", expect: only("admin", "oversight") },
];

describe("permission matrix", () => {
  definePermissionCases(() => ({ t, cookies }), cases);

  it("lists only what each role may see", async () => {
    const names = async (role: Role) =>
      (
        await t.app.inject({
          method: "GET",
          url: "/api/enterprises?pageSize=200",
          headers: { cookie: cookies.get(role) ?? "" },
        })
      )
        .json()
        .data.map((e: { name: string }) => e.name)
        .filter((n: string) => !n.startsWith("矩阵新建"))
        .sort();
    expect(await names("cadre")).toEqual(["已包联企业有限公司"]);
    expect(await names("leader")).toEqual([]); // the leader's assignment was ended by the matrix above
    expect(await names("enterprise")).toEqual(["已包联企业有限公司"]);
    expect(await names("department")).toEqual([]);
    expect(await names("oversight")).toEqual(["已包联企业有限公司", "未包联企业有限公司"]);
    const outsider = await t.signIn("m_outsider");
    const seen = (await t.app.inject({ method: "GET", url: "/api/enterprises", headers: { cookie: outsider } })).json();
    expect(seen.data.map((e: { name: string }) => e.name)).toEqual(["外区企业有限公司"]);
  });

  it("audits refused access", async () => {
    await t.app.inject({
      method: "GET",
      url: `/api/enterprises/${f.e3.id}`,
      headers: { cookie: cookies.get("cadre") ?? "" },
    });
    const audit = await t.app.inject({
      method: "GET",
      url: "/api/audit?action=access.denied&pageSize=200",
      headers: { cookie: cookies.get("admin") ?? "" },
    });
    const rows = audit.json().data as { actorName: string; summary: string }[];
    expect(rows.some((r) => r.summary.includes(`/api/enterprises/${f.e3.id}`))).toBe(true);
  });
});
