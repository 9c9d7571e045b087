import type { Role } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createVisitRow } from "../../../test/factories.js";
import {
  allRoles,
  definePermissionCases,
  onlyRoles,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";
import { todayInBeijing } from "../../lib/format.js";
import { visitCadenceRules, visits } from "./visits.table.js";

let t: TestApp;
let f: RoleFixture;
let cookies: Map<Role, string>;
const today = todayInBeijing();
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const ids = { e1Visit: "", e2Visit: "", zoneBVisit: "", cadreVisit: "", planned: "", rule: "", zoneBRule: "" };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  f = await seedRoleFixture(db, "vp");
  cookies = await signInRoles(t, f);
  ids.e1Visit = (await createVisitRow(db, { recordedBy: f.users.admin, enterprise: f.e1, visitedOn: today })).id;
  ids.e2Visit = (await createVisitRow(db, { recordedBy: f.users.admin, enterprise: f.e2, visitedOn: today })).id;
  ids.zoneBVisit = (await createVisitRow(db, { recordedBy: f.outsider, enterprise: f.e3, visitedOn: today })).id;
  ids.cadreVisit = (await createVisitRow(db, { recordedBy: f.users.cadre, enterprise: f.e1, visitedOn: today })).id;
  await freshPlanned();
  const [rule] = await db
    .insert(visitCadenceRules)
    .values({ orgUnitId: f.zoneA.id, name: "一周一企", appliesToRole: "leader", target: "any", period: "week" })
    .returning();
  const [zoneBRule] = await db
    .insert(visitCadenceRules)
    .values({ orgUnitId: f.zoneB.id, name: "外区规则", appliesToRole: "cadre", target: "any", period: "month" })
    .returning();
  ids.rule = rule?.id ?? "";
  ids.zoneBRule = zoneBRule?.id ?? "";
});
afterAll(() => t.close());

const versionOf = async (id: string) => {
  const [row] = await t.database.db.select({ version: visits.version }).from(visits).where(eq(visits.id, id));
  return row?.version ?? 0;
};
/** A fresh planned visit of the cadre for each request, so each role meets it in the same state. */
const freshPlanned = async () => {
  ids.planned = (
    await createVisitRow(t.database.db, {
      recordedBy: f.users.cadre,
      enterprise: f.e1,
      visitedOn: tomorrow,
      status: "planned",
    })
  ).id;
  return ids.planned;
};
const readers = onlyRoles("admin", "leader", "cadre", "oversight", "statistics");
const cadenceReaders = onlyRoles("admin", "leader", "oversight", "statistics");
const visitBody = (enterpriseId: () => string) => () => ({
  enterpriseId: enterpriseId(),
  visitedOn: today,
  summary: "走访了解生产经营情况",
});

describe("visits: each endpoint × 7 roles", () => {
  definePermissionCases(
    () => ({ t, cookies }),
    [
      { name: "GET /api/visits", method: "GET", url: () => "/api/visits", expect: readers },
      {
        name: "POST /api/visits (assigned enterprise)",
        method: "POST",
        url: () => "/api/visits",
        payload: visitBody(() => f.e1.id),
        expect: onlyRoles("admin", "leader", "cadre"),
      },
      {
        name: "POST /api/visits (unassigned enterprise: 404 for leader and cadre)",
        method: "POST",
        url: () => "/api/visits",
        payload: visitBody(() => f.e2.id),
        expect: { admin: 200, leader: 404, cadre: 404 },
      },
      {
        name: "POST /api/visits (another zone's enterprise)",
        method: "POST",
        url: () => "/api/visits",
        payload: visitBody(() => f.e3.id),
        expect: { admin: 404, leader: 404, cadre: 404 },
      },
      {
        name: "GET /api/visits/:id (assigned)",
        method: "GET",
        url: () => `/api/visits/${ids.e1Visit}`,
        expect: readers,
      },
      {
        name: "GET /api/visits/:id (unassigned enterprise)",
        method: "GET",
        url: () => `/api/visits/${ids.e2Visit}`,
        expect: { admin: 200, oversight: 200, statistics: 200, leader: 404, cadre: 404 },
      },
      {
        name: "GET /api/visits/:id (another zone)",
        method: "GET",
        url: () => `/api/visits/${ids.zoneBVisit}`,
        expect: { admin: 404, oversight: 404, statistics: 404, leader: 404, cadre: 404 },
      },
      {
        name: "PATCH /api/visits/:id (the recorder or admin)",
        method: "PATCH",
        url: () => `/api/visits/${ids.cadreVisit}`,
        payload: async () => ({ summary: "更正走访情况", version: await versionOf(ids.cadreVisit) }),
        expect: { cadre: 200, admin: 200 },
      },
      {
        name: "POST /api/visits/:id/complete",
        method: "POST",
        url: () => `/api/visits/${ids.planned}/complete`,
        payload: async () => ({ summary: "完成走访", version: await versionOf(await freshPlanned()) }),
        expect: { cadre: 200, admin: 200 },
      },
      {
        name: "POST /api/visits/:id/cancel",
        method: "POST",
        url: () => `/api/visits/${ids.planned}/cancel`,
        payload: async () => ({ version: await versionOf(await freshPlanned()) }),
        expect: { cadre: 200, admin: 200 },
      },
      {
        name: "GET /api/visits/recent (assigned)",
        method: "GET",
        url: () => `/api/visits/recent?enterpriseId=${f.e1.id}`,
        expect: readers,
      },
      {
        name: "GET /api/visits/recent (unassigned)",
        method: "GET",
        url: () => `/api/visits/recent?enterpriseId=${f.e2.id}`,
        expect: { admin: 200, oversight: 200, statistics: 200, leader: 404, cadre: 404 },
      },
      { name: "GET /api/visits/settings", method: "GET", url: () => "/api/visits/settings", expect: readers },
      {
        name: "PUT /api/visits/settings",
        method: "PUT",
        url: () => "/api/visits/settings",
        payload: () => ({ coordinationDays: 7 }),
        expect: onlyRoles("admin"),
      },
      {
        name: "GET /api/visits/cadence-rules",
        method: "GET",
        url: () => "/api/visits/cadence-rules",
        expect: cadenceReaders,
      },
      {
        name: "GET /api/visits/cadence-rules/:id (another zone)",
        method: "GET",
        url: () => `/api/visits/cadence-rules/${ids.zoneBRule}`,
        expect: { admin: 404, leader: 404, oversight: 404, statistics: 404 },
      },
      {
        name: "POST /api/visits/cadence-rules",
        method: "POST",
        url: () => "/api/visits/cadence-rules",
        payload: () => ({ name: "每月一企", appliesToRole: "cadre", target: "any", period: "month", minVisits: 1 }),
        expect: onlyRoles("admin"),
      },
      {
        name: "PATCH /api/visits/cadence-rules/:id",
        method: "PATCH",
        url: () => `/api/visits/cadence-rules/${ids.rule}`,
        payload: async () => {
          const [rule] = await t.database.db
            .select({ version: visitCadenceRules.version })
            .from(visitCadenceRules)
            .where(eq(visitCadenceRules.id, ids.rule));
          return {
            name: "一周一企",
            appliesToRole: "leader",
            target: "any",
            period: "week",
            minVisits: 1,
            version: rule?.version,
          };
        },
        expect: onlyRoles("admin"),
      },
      {
        name: "GET /api/visits/cadence",
        method: "GET",
        url: () => `/api/visits/cadence?ruleId=${ids.rule}`,
        expect: cadenceReaders,
      },
      {
        name: "GET /api/visits/cadence/export",
        method: "GET",
        url: () => `/api/visits/cadence/export?ruleId=${ids.rule}`,
        expect: cadenceReaders,
      },
      {
        name: "GET /api/visits/cadence (another zone's rule)",
        method: "GET",
        url: () => `/api/visits/cadence?ruleId=${ids.zoneBRule}`,
        expect: { admin: 404, leader: 404, oversight: 404, statistics: 404 },
      },
      {
        name: "GET /api/visits/:id (unknown id)",
        method: "GET",
        url: () => `/api/visits/${crypto.randomUUID()}`,
        expect: { ...allRoles(404), department: 403, enterprise: 403 },
      },
    ],
  );
});
