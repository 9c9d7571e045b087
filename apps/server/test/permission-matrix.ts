import type { Role } from "@zonedesk/contracts";
import { roles } from "@zonedesk/contracts";
import { expect, it } from "vitest";
import type { TestApp } from "./app.js";
import { assign, createDepartment, createEnterprise, createOrgUnit, createTag, createUser } from "./factories.js";

/*
 * The harness of the permission matrix: one user of each role in zone A (经开区), records in and out
 * of their scope, and a runner that checks each case against every role. Each module's
 * `<module>.permissions.test.ts` uses it for its own endpoints.
 */

export type RoleFixture = Awaited<ReturnType<typeof seedRoleFixture>>;

/**
 * 许昌市 › 经开区 (zone A) and 高新区 (zone B); a department 自然资源局 in zone A; enterprise e1 assigned to
 * the leader (lead_leader) and the cadre (helper_cadre), e2 unassigned, e3 in zone B; the enterprise user
 * belongs to e1; `otherCadre` in zone A has nothing; `outsider` is a cadre of zone B assigned to e3.
 */
export async function seedRoleFixture(db: TestApp["database"]["db"], prefix = "m") {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city", divisionCode: "411000" });
  const zoneA = await createOrgUnit(db, { parent: city, name: "经开区" });
  const zoneB = await createOrgUnit(db, { parent: city, name: "高新区" });
  const dept = await createDepartment(db, { orgUnit: zoneA, name: "自然资源局" });
  const otherDept = await createDepartment(db, { orgUnit: zoneA, name: "住建局" });
  const tag = await createTag(db, `${prefix}矩阵标签`);
  const e1 = await createEnterprise(db, { orgUnit: zoneA, name: "已包联企业有限公司" });
  const e2 = await createEnterprise(db, { orgUnit: zoneA, name: "未包联企业有限公司" });
  const e3 = await createEnterprise(db, { orgUnit: zoneB, name: "外区企业有限公司" });
  const users = {
    admin: await createUser(db, { role: "admin", orgUnit: zoneA, username: `${prefix}_admin` }),
    leader: await createUser(db, { role: "leader", orgUnit: zoneA, username: `${prefix}_leader` }),
    cadre: await createUser(db, { role: "cadre", orgUnit: zoneA, username: `${prefix}_cadre` }),
    department: await createUser(db, {
      role: "department",
      orgUnit: zoneA,
      username: `${prefix}_dept`,
      departmentId: dept.id,
    }),
    oversight: await createUser(db, { role: "oversight", orgUnit: zoneA, username: `${prefix}_oversight` }),
    statistics: await createUser(db, { role: "statistics", orgUnit: zoneA, username: `${prefix}_stats` }),
    enterprise: await createUser(db, {
      role: "enterprise",
      orgUnit: zoneA,
      username: `${prefix}_enterprise`,
      enterpriseId: e1.id,
    }),
  } satisfies Record<Role, unknown>;
  const otherCadre = await createUser(db, { role: "cadre", orgUnit: zoneA, username: `${prefix}_other_cadre` });
  const outsider = await createUser(db, { role: "cadre", orgUnit: zoneB, username: `${prefix}_outsider` });
  const a1 = await assign(db, { user: users.leader, enterprise: e1, role: "lead_leader" });
  await assign(db, { user: users.cadre, enterprise: e1, role: "helper_cadre" });
  const a3 = await assign(db, { user: outsider, enterprise: e3, role: "helper_cadre" });
  return { city, zoneA, zoneB, dept, otherDept, tag, e1, e2, e3, users, otherCadre, outsider, a1, a3 };
}

/** Signs in one user of each role; the cookies to send as that role. */
export async function signInRoles(t: TestApp, fixture: RoleFixture): Promise<Map<Role, string>> {
  const cookies = new Map<Role, string>();
  for (const role of roles) cookies.set(role, await t.signIn(fixture.users[role].username));
  return cookies;
}

export interface PermissionCase {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: () => string;
  payload?: () => Promise<unknown> | unknown;
  /** Expected status per role; roles not listed expect 403. */
  expect: Partial<Record<Role, number>>;
}

export const allRoles = (status: number) => Object.fromEntries(roles.map((r) => [r, status])) as Record<Role, number>;
export const onlyRoles = (...allowed: Role[]) =>
  Object.fromEntries(allowed.map((r) => [r, 200])) as Partial<Record<Role, number>>;

// Admin goes last in each case, so refused roles meet the record as the fixture left it.
const order: Role[] = ["leader", "cadre", "department", "oversight", "statistics", "enterprise", "admin"];

/** One test per case: no session 401, then each role in `order` gets the status the case expects (403 if unlisted). */
export function definePermissionCases(
  context: () => { t: TestApp; cookies: Map<Role, string> },
  cases: PermissionCase[],
) {
  for (const c of cases) {
    it(`${c.name}: ${order.map((r) => `${r} ${c.expect[r] ?? 403}`).join(", ")}; no session 401`, async () => {
      const { t, cookies } = context();
      const anonymous = await t.app.inject({
        method: c.method,
        url: c.url(),
        payload: c.payload ? ((await c.payload()) as object) : undefined,
      });
      expect(anonymous.statusCode, "without a session").toBe(401);
      for (const role of order) {
        const payload = c.payload ? ((await c.payload()) as object) : undefined;
        const response = await t.app.inject({
          method: c.method,
          url: c.url(),
          payload,
          headers: { cookie: cookies.get(role) ?? "" },
        });
        expect(response.statusCode, `${role}: ${response.body.slice(0, 300)}`).toBe(c.expect[role] ?? 403);
      }
    });
  }
}
