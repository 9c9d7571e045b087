import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createDepartment, createEnterprise, createOrgUnit, createUser } from "../../../test/factories.js";
import { sessions } from "../auth/sessions.table.js";

let t: TestApp;
let admin: string;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  const other = await createOrgUnit(db, { parent: city, name: "高新区" });
  const dept = await createDepartment(db, { orgUnit: zone, name: "税务局" });
  const otherDept = await createDepartment(db, { orgUnit: other, name: "外区税务局" });
  const enterprise = await createEnterprise(db, { orgUnit: zone, name: "用户测试企业有限公司" });
  const self = await createUser(db, { role: "admin", orgUnit: zone, username: "u_admin" });
  return { zone, other, dept, otherDept, enterprise, self };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("u_admin");
});
afterAll(() => t.close());

const post = (url: string, payload: object) =>
  t.app.inject({ method: "POST", url, headers: { cookie: admin }, payload });
const patch = (url: string, payload: object) =>
  t.app.inject({ method: "PATCH", url, headers: { cookie: admin }, payload });
const newUser = (over: Record<string, unknown> = {}) => ({
  username: "zhang.san",
  displayName: "张三",
  role: "cadre",
  orgUnitId: f.zone.id,
  password: "Xuchang#2026park",
  ...over,
});

describe("users", () => {
  it("creates a user who must change the initial password, and refuses the same username again", async () => {
    const created = await post("/api/users", newUser({ phone: "13912345678" }));
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      username: "zhang.san",
      displayName: "张三",
      role: "cadre",
      orgUnitName: "经开区",
      mustChangePassword: true,
      isDisabled: false,
      phone: "13912345678",
    });
    const again = await post("/api/users", newUser({ username: "ZHANG.SAN" }));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "USERNAME_TAKEN", details: { issues: [{ path: "username" }] } });
  });

  it("names the field of each invalid input", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ username: "张三" }, "username"],
      [{ phone: "12345" }, "phone"],
      [{ role: "superuser" }, "role"],
      [{ password: "password" }, "password"],
      [{ role: "department" }, "departmentId"],
      [{ role: "department", departmentId: "00000000-0000-4000-8000-000000000000" }, "departmentId"],
      [{ role: "enterprise" }, "enterpriseId"],
    ];
    for (const [over, path] of cases) {
      const response = await post(
        "/api/users",
        newUser({ username: `check_${path}_${Math.random().toString(36).slice(2, 6)}`, ...over }),
      );
      expect(response.statusCode, JSON.stringify(over)).toBe(400);
      expect(response.json().details.issues[0].path, JSON.stringify(over)).toBe(path);
    }
  });

  it("refuses a department of another zone and an org unit outside the admin's scope", async () => {
    const dept = await post(
      "/api/users",
      newUser({ username: "dept_other", role: "department", departmentId: f.otherDept.id }),
    );
    expect(dept.json().details.issues[0].message).toContain("不在您的管理范围内");
    const unit = await post("/api/users", newUser({ username: "unit_other", orgUnitId: f.other.id }));
    expect(unit.statusCode).toBe(404);
  });

  it("links department and enterprise users", async () => {
    const d = await post("/api/users", newUser({ username: "tax_user", role: "department", departmentId: f.dept.id }));
    expect(d.json()).toMatchObject({ departmentName: "税务局" });
    const e = await post(
      "/api/users",
      newUser({ username: "ent_user", role: "enterprise", enterpriseId: f.enterprise.id }),
    );
    expect(e.json()).toMatchObject({ enterpriseName: "用户测试企业有限公司" });
  });

  it("lists with search, role and status filters", async () => {
    const list = (
      await t.app.inject({
        method: "GET",
        url: `/api/users?q=${encodeURIComponent("张")}&role=cadre`,
        headers: { cookie: admin },
      })
    ).json();
    expect(list.data.map((u: { username: string }) => u.username)).toEqual(["zhang.san"]);
    const admins = (
      await t.app.inject({ method: "GET", url: "/api/users?role=admin,leader", headers: { cookie: admin } })
    ).json();
    expect(admins.total).toBe(1);
  });

  it("disabling a user ends that user's sessions at once", async () => {
    const user = await createUser(t.database.db, { role: "cadre", orgUnit: f.zone, username: "to_disable" });
    const cookie = await t.signIn("to_disable");
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(200);
    const response = await patch(`/api/users/${user.id}`, {
      displayName: user.displayName,
      role: "cadre",
      orgUnitId: f.zone.id,
      isDisabled: true,
      version: user.version,
    });
    expect(response.json().isDisabled).toBe(true);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(401);
  });

  it("refuses a stale edit and an admin disabling or demoting themselves", async () => {
    const user = await createUser(t.database.db, { role: "cadre", orgUnit: f.zone, username: "stale_user" });
    const body = { displayName: "改名", role: "cadre", orgUnitId: f.zone.id, isDisabled: false };
    expect((await patch(`/api/users/${user.id}`, { ...body, version: user.version })).statusCode).toBe(200);
    expect((await patch(`/api/users/${user.id}`, { ...body, version: user.version })).json().code).toBe(
      "VERSION_CONFLICT",
    );
    const self = await patch(`/api/users/${f.self.id}`, {
      displayName: "我",
      role: "cadre",
      orgUnitId: f.zone.id,
      isDisabled: false,
      version: f.self.version,
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().message).toContain("不能停用自己");
  });

  it("resets a password: unlocks, ends sessions, and forces a change at next sign-in", async () => {
    const user = await createUser(t.database.db, { role: "cadre", orgUnit: f.zone, username: "reset_me" });
    const old = await t.signIn("reset_me");
    const weak = await post(`/api/users/${user.id}/reset-password`, { newPassword: "12345678" });
    expect(weak.json().code).toBe("PASSWORD_TOO_WEAK");
    const reset = await post(`/api/users/${user.id}/reset-password`, { newPassword: "Reset#2026park" });
    expect(reset.json()).toMatchObject({ mustChangePassword: true, lockedUntil: null });
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: old } })).statusCode).toBe(401);
    const fresh = await t.signIn("reset_me", "Reset#2026park");
    expect(
      (await t.app.inject({ method: "GET", url: "/api/enterprises", headers: { cookie: fresh } })).json().code,
    ).toBe("PASSWORD_CHANGE_REQUIRED");
  });

  it("offers only active leaders and cadres of the scope in the picker", async () => {
    await createUser(t.database.db, {
      role: "leader",
      orgUnit: f.zone,
      username: "pick_leader",
      displayName: "选择领导",
    });
    await createUser(t.database.db, {
      role: "leader",
      orgUnit: f.other,
      username: "pick_far",
      displayName: "选择外区",
    });
    await createUser(t.database.db, {
      role: "leader",
      orgUnit: f.zone,
      username: "pick_off",
      displayName: "选择停用",
      isDisabled: true,
    });
    const options = (
      await t.app.inject({
        method: "GET",
        url: `/api/users/options?q=${encodeURIComponent("选择")}`,
        headers: { cookie: admin },
      })
    ).json();
    expect(options.map((o: { displayName: string }) => o.displayName)).toEqual(["选择领导"]);

    // a leader (meetings, leads) or a cadre (visit participants) names people with the same picker: only the
    // people of their own scope, found by name, with name, role and unit; no account names, no other roles
    await createUser(t.database.db, { role: "leader", orgUnit: f.zone, username: "pick_chair" });
    await createUser(t.database.db, { role: "cadre", orgUnit: f.zone, username: "pick_cadre" });
    await createUser(t.database.db, {
      role: "department",
      orgUnit: f.zone,
      username: "pick_dept",
      displayName: "选择委局",
    });
    for (const username of ["pick_chair", "pick_cadre"]) {
      const cookie = await t.signIn(username);
      const options = async (query: string) => {
        const response = await t.app.inject({ method: "GET", url: `/api/users/options?${query}`, headers: { cookie } });
        expect(response.statusCode).toBe(200);
        return response.json() as { displayName: string }[];
      };
      expect(await options(`q=${encodeURIComponent("选择")}&role=leader`)).toEqual([
        { id: expect.any(String), displayName: "选择领导", role: "leader", orgUnitName: f.zone.name },
      ]);
      // a role the picker does not offer falls back to leaders and cadres, never to everyone
      const names = (await options(`q=${encodeURIComponent("选择")}&role=department`)).map((o) => o.displayName);
      expect(names).toEqual(["选择领导"]);
      // the account name finds no one: the picker searches names only
      expect(await options("q=pick_leader")).toEqual([]);
    }
  });
});
