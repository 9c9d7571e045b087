import type { Role } from "@zonedesk/contracts";
import { asc, eq, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/db.js";
import {
  assign,
  assignProject,
  createDepartment,
  createEnterprise,
  createIssueRow,
  createOrgUnit,
  createProject,
  createUser,
  createVisitRow,
} from "../../test/factories.js";
import type { Database } from "../db/client.js";
import { enterprises } from "../modules/enterprises/enterprises.table.js";
import { issueDepartments, issues } from "../modules/issues/issues.table.js";
import { projects } from "../modules/projects/projects.table.js";
import { visits } from "../modules/visits/visits.table.js";
import { coordinationVisits, visibleEnterprises, visibleIssues, visibleVisits } from "./access.js";
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

describe("visit scope rules", () => {
  async function visitsSeen(where: SQL): Promise<string[]> {
    const rows = await database.db.select({ summary: visits.summary }).from(visits).where(where);
    return rows.map((r) => r.summary).sort();
  }

  it("lets a project's cadre read the visits to the project, and only be told of those to its investor", async () => {
    const db = database.db;
    const project = await createProject(db, { orgUnit: f.park, name: "园区企业二期项目" });
    const archived = await createProject(db, { orgUnit: f.park, name: "园区企业一期项目", status: "archived" });
    const abroad = await createProject(db, { orgUnit: f.other, name: "园区企业乙区分厂" });
    for (const p of [project, archived, abroad]) {
      await db.update(projects).set({ enterpriseId: f.inPark.id }).where(eq(projects.id, p.id));
    }
    const projectCadre = await createUser(db, { role: "cadre", orgUnit: f.zone });
    await assignProject(db, { user: projectCadre, project, role: "helper_cadre" });
    const recorder = await createUser(db, { role: "cadre", orgUnit: f.zone });
    const day = todayInBeijing();
    await createVisitRow(db, { recordedBy: recorder, enterprise: f.inPark, visitedOn: day, summary: "走访企业" });
    await createVisitRow(db, { recordedBy: recorder, project, visitedOn: day, summary: "走访二期项目" });
    await createVisitRow(db, { recordedBy: recorder, project: archived, visitedOn: day, summary: "走访一期项目" });
    await createVisitRow(db, { recordedBy: recorder, project: abroad, visitedOn: day, summary: "走访乙区分厂" });

    const cadre = actor("cadre", { userId: projectCadre.id });
    expect(await visitsSeen(visibleVisits(cadre))).toEqual(["走访二期项目"]);
    expect(await visitsSeen(coordinationVisits(cadre, { enterpriseId: null, projectId: project.id }))).toEqual(
      ["走访二期项目", "走访企业"].sort(),
    );
    // The enterprise's cadre (f.cadre is assigned to 园区企业): its active projects in his scope, not the archived
    // one nor the one in 乙区; he reads none of the project visits.
    const enterpriseCadre = actor("cadre", { userId: f.cadre.id });
    expect(await visitsSeen(visibleVisits(enterpriseCadre))).toEqual(["走访企业"]);
    expect(
      await visitsSeen(coordinationVisits(enterpriseCadre, { enterpriseId: f.inPark.id, projectId: null })),
    ).toEqual(["走访二期项目", "走访企业"].sort());
    // An archived project links to nothing.
    expect(await visitsSeen(coordinationVisits(cadre, { enterpriseId: null, projectId: archived.id }))).toEqual([
      "走访一期项目",
    ]);
    // Roles without visit.read are told nothing.
    expect(
      await visitsSeen(
        coordinationVisits(actor("department", { departmentId: f.dept.id }), {
          enterpriseId: f.inPark.id,
          projectId: null,
        }),
      ),
    ).toEqual([]);
  });
});
