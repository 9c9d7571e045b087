import type { IssueStats, IssueStatsQuery, IssueStatsRow } from "@zonedesk/contracts";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgSubtree, requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { todayInBeijing } from "../../lib/format.js";
import { departments } from "../departments/departments.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { issueRatings, issues } from "./issues.table.js";

/*
 * The ledger statistics of domain.md §3:
 *   办结率 = resolved ÷ collected, 按期办结率 = resolved on time ÷ resolved, 满意率 = (满意+基本满意) ÷ rated.
 * Collected: issues raised in the period, except those declined (不予受理). Resolved: answered (已办结) or
 * closed (已销号) — a declined issue is closed too but is not collected. On time: resolved and never past
 * its deadline in force (deadline_missed_at, sticky: a later reopen, reroute, extension or meeting deadline
 * does not make a missed deadline good). Rated / satisfied: every rating the collected issues received
 * (issue_ratings), so a 不满意 that reopened an issue counts as rated and not satisfied, and an issue rated
 * 不满意 then 满意 counts 2 rated, 1 satisfied.
 */

const resolved = sql`${issues.status} in ('answered', 'closed')`;

/** Ratings per issue: given, and 满意 or 基本满意. */
function ratingCountsOf(db: Db) {
  return db
    .select({
      issueId: issueRatings.issueId,
      given: sql<number>`count(*)`.as("given"),
      positive: sql<number>`count(*) filter (where ${issueRatings.rating} in ('satisfied', 'basically_satisfied'))`.as(
        "positive",
      ),
    })
    .from(issueRatings)
    .groupBy(issueRatings.issueId)
    .as("rating_counts");
}

function measures(today: string, rc: ReturnType<typeof ratingCountsOf>) {
  return {
    collected: sql<number>`count(*)::int`,
    resolved: sql<number>`(count(*) filter (where ${resolved}))::int`,
    overdue: sql<number>`(count(*) filter (where ${issues.status} in ('routed', 'in_progress') and ${issues.dueOn} < ${today}))::int`,
    resolvedOnTime: sql<number>`(count(*) filter (where ${resolved} and ${issues.deadlineMissedAt} is null))::int`,
    rated: sql<number>`coalesce(sum(${rc.given}), 0)::int`,
    satisfied: sql<number>`coalesce(sum(${rc.positive}), 0)::int`,
    resolveSeconds: sql<
      string | null
    >`(avg(extract(epoch from (${issues.answeredAt} - ${issues.createdAt}))) filter (where ${resolved} and ${issues.answeredAt} is not null))::text`,
  };
}

type Counts = {
  collected: number;
  resolved: number;
  overdue: number;
  resolvedOnTime: number;
  rated: number;
  satisfied: number;
  resolveSeconds: string | null;
};

const zero: Counts = {
  collected: 0,
  resolved: 0,
  overdue: 0,
  resolvedOnTime: 0,
  rated: 0,
  satisfied: 0,
  resolveSeconds: null,
};

/** A rate as a decimal with 4 places, or null when there is nothing to divide by (never NaN). */
export function ratio(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

function toRow(key: string | null, name: string, c: Counts): IssueStatsRow {
  const seconds = c.resolveSeconds === null ? null : Number(c.resolveSeconds);
  return {
    key,
    name,
    collected: c.collected,
    resolved: c.resolved,
    inProgress: c.collected - c.resolved,
    overdue: c.overdue,
    resolvedOnTime: c.resolvedOnTime,
    rated: c.rated,
    satisfied: c.satisfied,
    resolutionRate: ratio(c.resolved, c.collected),
    onTimeRate: ratio(c.resolvedOnTime, c.resolved),
    satisfactionRate: ratio(c.satisfied, c.rated),
    avgDaysToResolve: seconds === null || Number.isNaN(seconds) ? null : Math.round((seconds / 86_400) * 10) / 10,
  };
}

const beijingStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

/**
 * GET /api/issues/stats: per lead department, or per child unit of the chosen unit (each child with its
 * whole subtree rolled up; issues of the unit itself form a "本级" row), and a total row, over the
 * issues the actor may see.
 */
export async function getIssueStats(db: Db, actor: Actor, query: IssueStatsQuery): Promise<IssueStats> {
  requirePermission(actor, "issue.stats");
  const unit = await assertOrgUnitInScope(db, actor, query.orgUnitId ?? actor.orgUnitId);
  const today = todayInBeijing();
  const where = and(
    visibleIssues(actor),
    inOrgSubtree(issues.orgUnitId, unit.id),
    sql`${issues.outcome} is distinct from 'declined'`,
    query.from ? sql`${issues.createdAt} >= ${beijingStart(query.from).toISOString()}` : undefined,
    query.to
      ? sql`${issues.createdAt} < ${new Date(beijingStart(query.to).getTime() + 86_400_000).toISOString()}`
      : undefined,
  ) as SQL;
  const rc = ratingCountsOf(db);
  const m = measures(today, rc);
  const withRatings = eq(rc.issueId, issues.id);

  const [totalCounts] = await db.select(m).from(issues).leftJoin(rc, withRatings).where(where);
  const total = toRow(null, "合计", totalCounts ?? zero);

  let rows: IssueStatsRow[];
  if (query.groupBy === "department") {
    const grouped = await db
      .select({ key: issues.leadDepartmentId, ...m })
      .from(issues)
      .leftJoin(rc, withRatings)
      .where(where)
      .groupBy(issues.leadDepartmentId);
    const ids = grouped.flatMap((g) => (g.key ? [g.key] : []));
    const names = new Map(
      ids.length
        ? (
            await db
              .select({ id: departments.id, name: departments.name })
              .from(departments)
              .where(inArray(departments.id, ids))
          ).map((d) => [d.id, d.name])
        : [],
    );
    rows = grouped.map((g) => toRow(g.key, g.key ? (names.get(g.key) ?? "") : "未交办", g));
  } else {
    // The child of `unit` on the path of the issue's unit: "/…/unit/<child>/…" → <child>; '' = the unit itself.
    // The offset is inlined (an integer we computed) so the SELECT and GROUP BY expressions are identical.
    const childKey = sql<string>`split_part(substr(${orgUnits.path}, ${sql.raw(String(unit.path.length + 1))}), '/', 1)`;
    const grouped = await db
      .select({ key: childKey, ...m })
      .from(issues)
      .innerJoin(orgUnits, eq(orgUnits.id, issues.orgUnitId))
      .leftJoin(rc, withRatings)
      .where(where)
      .groupBy(childKey);
    const children = await db
      .select({ id: orgUnits.id, name: orgUnits.name })
      .from(orgUnits)
      .where(eq(orgUnits.parentId, unit.id))
      .orderBy(orgUnits.name);
    const byKey = new Map(grouped.map((g) => [g.key, g]));
    rows = children.map((c) => toRow(c.id, c.name, byKey.get(c.id) ?? zero));
    const own = byKey.get("");
    if (own) rows.push(toRow(unit.id, `${unit.name}本级`, own));
  }
  rows.sort((a, b) => b.collected - a.collected || a.name.localeCompare(b.name, "zh-CN"));
  return {
    groupBy: query.groupBy,
    from: query.from ?? null,
    to: query.to ?? null,
    orgUnitId: unit.id,
    orgUnitName: unit.name,
    rows,
    total,
  };
}
