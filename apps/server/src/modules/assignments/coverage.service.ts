import type { CoverageQuery, CoverageReport, CoverageRow } from "@zonedesk/contracts";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { queryRows } from "../../db/client.js";
import { inOrgSubtree, requirePermission, visibleEnterprises } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { enterprises, enterpriseTags } from "../enterprises/enterprises.table.js";
import { hasActiveLeader } from "../enterprises/index.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { tags } from "../tags/tags.table.js";
import { users } from "../users/users.table.js";
import { isActiveAssignment } from "./assignments.queries.js";
import { liaisonAssignments } from "./assignments.table.js";

/** 包联覆盖率 = enterprises with an active 分包领导 ÷ enterprises in the set; null when the set is empty. */
export function coverageRow(key: string, label: string, total: number, withLeader: number): CoverageRow {
  return {
    key,
    label,
    enterprises: total,
    withLeader,
    withoutLeader: total - withLeader,
    coverageRate: total === 0 ? null : Math.round((withLeader / total) * 10000) / 10000,
  };
}

/**
 * Coverage of the active enterprises the actor may see (optionally one subtree and one tag):
 * in total, per org unit, per tag; each person's load; and the enterprises still without a leader.
 */
export async function getCoverageReport(db: Db, actor: Actor, query: CoverageQuery): Promise<CoverageReport> {
  requirePermission(actor, "coverage.read");
  const set: SQL | undefined = and(
    visibleEnterprises(actor),
    eq(enterprises.status, "active"),
    query.orgUnitId ? inOrgSubtree(enterprises.orgUnitId, query.orgUnitId) : undefined,
    query.tagId
      ? sql`exists (select 1 from ${enterpriseTags} et where et.enterprise_id = ${enterprises.id} and et.tag_id = ${query.tagId})`
      : undefined,
  );
  const covered = sql<number>`count(*) filter (where ${hasActiveLeader})::int`;
  const [totals, perUnit, perTag, loads, uncovered] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int`, covered }).from(enterprises).where(set),
    db
      .select({ id: orgUnits.id, name: orgUnits.name, n: sql<number>`count(*)::int`, covered })
      .from(enterprises)
      .innerJoin(orgUnits, eq(orgUnits.id, enterprises.orgUnitId))
      .where(set)
      .groupBy(orgUnits.id, orgUnits.name)
      .orderBy(orgUnits.name),
    db
      .select({ id: tags.id, name: tags.name, n: sql<number>`count(*)::int`, covered })
      .from(enterprises)
      .innerJoin(enterpriseTags, eq(enterpriseTags.enterpriseId, enterprises.id))
      .innerJoin(tags, eq(tags.id, enterpriseTags.tagId))
      .where(set)
      .groupBy(tags.id, tags.name, tags.sortOrder)
      .orderBy(tags.sortOrder, tags.name),
    db
      .select({
        userId: users.id,
        displayName: users.displayName,
        role: users.role,
        orgUnitName: orgUnits.name,
        liaisonRole: liaisonAssignments.role,
        n: sql<number>`count(distinct ${liaisonAssignments.enterpriseId})::int`,
      })
      .from(liaisonAssignments)
      .innerJoin(enterprises, eq(enterprises.id, liaisonAssignments.enterpriseId))
      .innerJoin(users, eq(users.id, liaisonAssignments.userId))
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .where(and(set, isActiveAssignment))
      .groupBy(users.id, users.displayName, users.role, orgUnits.name, liaisonAssignments.role),
    db
      .select({
        id: enterprises.id,
        name: enterprises.name,
        creditCode: enterprises.creditCode,
        orgUnitName: orgUnits.name,
      })
      .from(enterprises)
      .innerJoin(orgUnits, eq(orgUnits.id, enterprises.orgUnitId))
      .where(and(set, sql`not ${hasActiveLeader}`))
      .orderBy(enterprises.name)
      .limit(500),
  ]);
  const people = new Map<string, CoverageReport["loads"][number]>();
  for (const l of loads) {
    const person = people.get(l.userId) ?? {
      userId: l.userId,
      displayName: l.displayName,
      role: l.role,
      orgUnitName: l.orgUnitName,
      enterprises: 0,
      byRole: {},
    };
    person.byRole[l.liaisonRole] = l.n;
    people.set(l.userId, person);
  }
  const distinctLoads = await distinctEnterpriseCounts(db, [...people.keys()], set);
  for (const [userId, n] of distinctLoads) {
    const person = people.get(userId);
    if (person) person.enterprises = n;
  }
  const total = totals[0] ?? { n: 0, covered: 0 };
  return {
    total: coverageRow("total", "合计", total.n, total.covered),
    byOrgUnit: perUnit.map((u) => coverageRow(u.id, u.name, u.n, u.covered)),
    byTag: perTag.map((t) => coverageRow(t.id, t.name, t.n, t.covered)),
    loads: [...people.values()].sort(
      (a, b) => b.enterprises - a.enterprises || a.displayName.localeCompare(b.displayName, "zh"),
    ),
    uncovered,
  };
}

/** Distinct enterprises per person (a person may hold two roles on one enterprise). */
async function distinctEnterpriseCounts(db: Db, userIds: string[], set: SQL | undefined): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await queryRows<{ user_id: string; n: number }>(
    db,
    sql`select ${liaisonAssignments.userId} as user_id, count(distinct ${liaisonAssignments.enterpriseId})::int as n
        from ${liaisonAssignments} join ${enterprises} on ${enterprises.id} = ${liaisonAssignments.enterpriseId}
        where ${and(set, isActiveAssignment)} group by ${liaisonAssignments.userId}`,
  );
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}
