import type { Role } from "@zonedesk/contracts";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/db.js";
import {
  assign,
  createDepartment,
  createEnterprise,
  createIssueRow,
  createOrgUnit,
  createUser,
} from "../../test/factories.js";
import type { Database } from "../db/client.js";
import { enterprises } from "../modules/enterprises/enterprises.table.js";
import { issueDepartments, issues } from "../modules/issues/issues.table.js";
import { visibleEnterprises, visibleIssues } from "./access.js";
import type { Actor } from "./actor.js";
import { todayInBeijing } from "./format.js";
import { addCalendarDays } from "./working-days.js";

let database: Database;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: Database["db"]) {
  const city = await createOrgUnit(db, { name: "市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "甲区", kind: "zone" });
  const park = await createOrgUnit(db, { parent: zone, name: "甲园", kind: "park" });
  const other = await createOrgUnit(db, { parent: city, name: "乙区", kind: "zone" });
  const dept = await createDepartment(db, { orgUnit: zone, name: "住建局" });
  const inZone = await createEnterprise(db, { orgUnit: zone, name: "区直企业" });
  const inPark = await createEnterprise(db, { orgUnit: park, name: "园区企业" });
  const inOther = await createEnterprise(db, { orgUnit: other, name: "乙区企业" });
  const cadre = await createUser(db, { role: "cadre", orgUnit: zone });
  const deptCadre = await createUser(db, { role: "cadre", orgUnit: zone, departmentId: dept.id });
  await assign(db, { user: cadre, enterprise: inPark, role: "helper_cadre" });
  // An assignment that ended a year ago (relative to today, so the rule holds on any date).
  await assign(db, {
    user: cadre,
    enterprise: inZone,
    role: "helper_cadre",
    endsOn: addCalendarDays(todayInBeijing(), -365),
  });
  await assign(db, { user: deptCadre, enterprise: inZone, role: "department" });
  return { city, zone, park, other, dept, inZone, inPark, inOther, cadre };
}

beforeAll(async () => {
  database = await createTestDatabase();
  f = await seed(database.db);
});
afterAll(() => database.close());

function actor(role: Role, over: Partial<Actor> = {}): Actor {
  return {
    userId: "00000000-0000-4000-8000-000000000000",
    username: "x",
    displayName: "x",
    role,
    orgUnitId: f.zone.id,
    orgUnitPath: f.zone.path,
    departmentId: null,
    enterpriseId: null,
    ip: null,
    ...over,
  };
}

async function seen(a: Actor): Promise<string[]> {
  const rows = await database.db
    .select({ name: enterprises.name })
    .from(enterprises)
    .where(visibleEnterprises(a))
    .orderBy(asc(enterprises.name));
  return rows.map((r) => r.name);
}

describe("scope rules", () => {
  it("gives admin, oversight and statistics the whole subtree of their unit", async () => {
    for (const role of ["admin", "oversight", "statistics"] as const) {
      expect(await seen(actor(role))).toEqual(["区直企业", "园区企业"]);
      expect(await seen(actor(role, { orgUnitPath: f.park.path }))).toEqual(["园区企业"]);
      expect(await seen(actor(role, { orgUnitPath: f.city.path }))).toEqual(["乙区企业", "区直企业", "园区企业"]);
    }
  });

  it("gives a cadre only enterprises with an active assignment to them, inside their subtree", async () => {
    expect(await seen(actor("cadre", { userId: f.cadre.id }))).toEqual(["园区企业"]);
    expect(await seen(actor("cadre", { userId: f.cadre.id, orgUnitPath: f.other.path }))).toEqual([]);
    expect(await seen(actor("leader", { userId: f.cadre.id }))).toEqual(["园区企业"]);
  });

  it("gives a department the enterprises its members serve, and nothing without a department", async () => {
    expect(await seen(actor("department", { departmentId: f.dept.id }))).toEqual(["区直企业"]);
    expect(await seen(actor("department"))).toEqual([]);
  });

  it("gives an enterprise user only its own enterprise, and nothing without one", async () => {
    expect(await seen(actor("enterprise", { enterpriseId: f.inOther.id }))).toEqual(["乙区企业"]);
    expect(await seen(actor("enterprise"))).toEqual([]);
  });
});

describe("issue scope rules", () => {
  async function issuesSeen(a: Actor): Promise<string[]> {
    const rows = await database.db.select({ id: issues.id }).from(issues).where(visibleIssues(a));
    return rows.map((r) => r.id).sort();
  }

  it("gives a leader the issues a meeting made him answer for, besides those of his assignments", async () => {
    const leader = await createUser(database.db, { role: "leader", orgUnit: f.zone });
    const assigned = await createIssueRow(database.db, { orgUnit: f.park, enterprise: f.inPark });
    const named = await createIssueRow(database.db, { orgUnit: f.zone, enterprise: f.inZone });
    await assign(database.db, { user: leader, enterprise: f.inPark, role: "lead_leader" });
    const me = actor("leader", { userId: leader.id });
    expect(await issuesSeen(me)).toEqual([assigned.id]);
    await database.db.update(issues).set({ responsibleLeaderId: leader.id }).where(eq(issues.id, named.id));
    expect(await issuesSeen(me)).toEqual([assigned.id, named.id].sort());
    // Not outside his subtree, even when named.
    expect(await issuesSeen(actor("leader", { userId: leader.id, orgUnitPath: f.other.path }))).toEqual([]);
  });

  it("gives a department only the issues routed to it now: a bounce or reroute takes them away", async () => {
    const routed = await createIssueRow(database.db, {
      orgUnit: f.zone,
      enterprise: f.inZone,
      status: "routed",
      leadDepartment: f.dept,
    });
    const department = actor("department", { departmentId: f.dept.id });
    expect(await issuesSeen(department)).toContain(routed.id);
    // What a bounce does: the issue is no longer routed to any department.
    await database.db.delete(issueDepartments).where(eq(issueDepartments.issueId, routed.id));
    await database.db.update(issues).set({ status: "bounced", leadDepartmentId: null }).where(eq(issues.id, routed.id));
    expect(await issuesSeen(department)).not.toContain(routed.id);
  });
});
