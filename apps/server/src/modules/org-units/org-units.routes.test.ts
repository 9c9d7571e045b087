import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createOrgUnit, createUser } from "../../../test/factories.js";

let t: TestApp;
let zoneAdmin: string;
let f: {
  city: Awaited<ReturnType<typeof createOrgUnit>>;
  zone: Awaited<ReturnType<typeof createOrgUnit>>;
  other: Awaited<ReturnType<typeof createOrgUnit>>;
};

beforeAll(async () => {
  t = await createTestApp();
  const city = await createOrgUnit(t.database.db, { name: "许昌市", kind: "city", divisionCode: "411000" });
  const zone = await createOrgUnit(t.database.db, { parent: city, name: "经开区", kind: "zone" });
  const other = await createOrgUnit(t.database.db, { parent: city, name: "高新区", kind: "zone" });
  f = { city, zone, other };
  await createUser(t.database.db, { role: "admin", orgUnit: zone, username: "o_admin" });
  zoneAdmin = await t.signIn("o_admin");
});
afterAll(() => t.close());

const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: zoneAdmin } });

describe("org units and departments", () => {
  it("shows a zone admin only the zone's subtree", async () => {
    await call("POST", "/api/org-units", { parentId: f.zone.id, name: "电商产业园", kind: "park" });
    const units = (await call("GET", "/api/org-units")).json();
    expect(units.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(["经开区", "电商产业园"]));
    expect(units.map((u: { name: string }) => u.name)).not.toContain("高新区");
    expect(units.map((u: { name: string }) => u.name)).not.toContain("许昌市");
  });

  it("refuses a child above its parent's level, a bad division code and a parent outside the scope", async () => {
    const higher = await call("POST", "/api/org-units", { parentId: f.zone.id, name: "某市", kind: "city" });
    expect(higher.json().details.issues[0]).toMatchObject({ path: "kind" });
    const code = await call("POST", "/api/org-units", {
      parentId: f.zone.id,
      name: "某园",
      kind: "park",
      divisionCode: "41100",
    });
    expect(code.json().details.issues[0]).toMatchObject({ path: "divisionCode", message: "行政区划代码应为6位数字" });
    expect(
      (await call("POST", "/api/org-units", { parentId: f.other.id, name: "越权园", kind: "park" })).statusCode,
    ).toBe(404);
  });

  it("refuses a level change that breaks the tree", async () => {
    const units = (await call("GET", "/api/org-units")).json() as { id: string; name: string; version: number }[];
    const park = units.find((u) => u.name === "电商产业园");
    if (!park) throw new Error("fixture");
    const up = await call("PATCH", `/api/org-units/${park.id}`, {
      name: "电商产业园",
      kind: "city",
      version: park.version,
    });
    expect(up.json().details.issues[0]).toMatchObject({ path: "kind", message: "单位层级不能高于上级单位" });
  });

  it("renames with optimistic concurrency", async () => {
    const ok = await call("PATCH", `/api/org-units/${f.zone.id}`, {
      name: "许昌经开区",
      kind: "zone",
      divisionCode: "411002",
      version: 1,
    });
    expect(ok.json()).toMatchObject({ name: "许昌经开区", divisionCode: "411002", version: 2 });
    expect(
      (await call("PATCH", `/api/org-units/${f.zone.id}`, { name: "再改", kind: "zone", version: 1 })).json().code,
    ).toBe("VERSION_CONFLICT");
  });

  it("creates, renames and archives departments; a duplicate name in one unit is refused", async () => {
    const created = await call("POST", "/api/departments", { orgUnitId: f.zone.id, name: "生态环境分局" });
    expect(created.json()).toMatchObject({
      name: "生态环境分局",
      orgUnitName: "许昌经开区",
      memberCount: 0,
      isArchived: false,
    });
    const duplicate = await call("POST", "/api/departments", { orgUnitId: f.zone.id, name: "生态环境分局" });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().details.issues[0].path).toBe("name");
    const archived = await call("PATCH", `/api/departments/${created.json().id}`, {
      name: "生态环境分局",
      isArchived: true,
      version: 1,
    });
    expect(archived.json().isArchived).toBe(true);
    expect((await call("POST", "/api/departments", { orgUnitId: f.other.id, name: "越权局" })).statusCode).toBe(404);
    const listed = (await call("GET", `/api/departments?orgUnitId=${f.zone.id}`)).json();
    expect(listed.map((d: { name: string }) => d.name)).toEqual(["生态环境分局"]);
  });

  it("lets only a top-level admin manage the shared tags: create, refuse a duplicate, archive", async () => {
    const refused = await call("POST", "/api/tags", { name: "区级标签" });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain("全平台共用");
    await createUser(t.database.db, { role: "admin", orgUnit: f.city, username: "o_city_admin" });
    const cityAdmin = await t.signIn("o_city_admin");
    const cityCall = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
      t.app.inject({ method, url, payload, headers: { cookie: cityAdmin } });
    // the web is told who may maintain the shared lists, so a zone admin is not offered buttons that are refused
    const permissionsOf = async (call: typeof cityCall) => (await call("GET", "/api/auth/me")).json().permissions;
    const shared = ["tag.write", "issue_category.write", "procedure_type.write"];
    expect(await permissionsOf(cityCall)).toEqual(expect.arrayContaining(shared));
    const zonePermissions = await permissionsOf(call);
    expect(zonePermissions).toContain("enterprise.write");
    for (const p of shared) expect(zonePermissions).not.toContain(p);
    const created = await cityCall("POST", "/api/tags", { name: "瞪羚企业", category: "重点培育", sortOrder: 5 });
    expect(created.json()).toMatchObject({
      name: "瞪羚企业",
      category: "重点培育",
      enterpriseCount: 0,
      isArchived: false,
    });
    expect((await cityCall("POST", "/api/tags", { name: "瞪羚企业" })).json()).toMatchObject({
      code: "CONFLICT",
      details: { issues: [{ path: "name" }] },
    });
    const archived = await cityCall("PATCH", `/api/tags/${created.json().id}`, {
      name: "瞪羚企业",
      isArchived: true,
      version: 1,
    });
    expect(archived.json().isArchived).toBe(true);
    expect((await cityCall("POST", "/api/tags", { name: "" })).json().details.issues[0]).toMatchObject({
      path: "name",
      message: "请输入标签名称",
    });
  });
});
