import type { IssueStats, IssueStatsQuery, IssueStatsRow } from "@zonedesk/contracts";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgSubtree, requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { todayInBeijing } from "../../lib/format.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { findDepartmentNames } from "./issues.queries.js";
import { issueDeadlineMisses, issueRatings, issues } from "./issues.table.js";

/*
 * The ledger statistics of domain.md §3:
 *   办结率 = resolved ÷ collected, 按期办结率 = resolved on time ÷ resolved, 满意率 = (满意+基本满意) ÷ rated.
 * Collected: issues raised in the period, except those declined (不予受理). Resolved: answered (已办结) or
 * closed (已销号) — a declined issue is closed too but is not collected. Collected, resolved, in progress and
 * overdue count each issue once, in the row of its current lead department (or its unit).
 * On time, zone-wide and per unit: resolved and never past a deadline in force (deadline_missed_at, sticky: a
 * later reopen, reroute, extension or meeting deadline does not make a missed deadline good). On time, per
 * department: resolved by the department (its current lead) with no miss recorded against it
 * (issue_deadline_misses keeps the department that held the issue at each miss), so a department that answers
 * on time an issue another one let run late and bounced is not charged with that miss.
 * Rated / satisfied: every rating the collected issues received (issue_ratings), so a 不满意 that reopened an
 * issue counts as rated and not satisfied, and an issue rated 不满意 then 满意 counts 2 rated, 1 satisfied; per
 * department, the ratings of that department's answers (issue_ratings.lead_department_id), wherever the issue
 * went afterwards. The ratings are read for the issues of the statistics only, never the whole table.
 */

const resolved = sql`${issues.status} in ('answered', 'closed')`;
const neverMissed = sql`${issues.deadlineMissedAt} is null`;
/** No deadline miss is recorded against the issue's current lead department. */
const noMissOfLead = sql`not exists (select 1 from ${issueDeadlineMisses} m where m.issue_id = ${issues.id} and m.department_id = ${issues.leadDepartmentId})`;

/** The measures counted on the issues themselves; `onTime` says which misses count against the row. */
function issueMeasures(today: string, onTime: SQL) {
  return {
    collected: sql<number>`count(*)::int`,
    resolved: sql<number>`(count(*) filter (where ${resolved}))::int`,
    overdue: sql<number>`(count(*) filter (where ${issues.status} in ('routed', 'in_progress') and ${issues.dueOn} < ${today}))::int`,
    resolvedOnTime: sql<number>`(count(*) filter (where ${resolved} and ${onTime}))::int`,
    resolveSeconds: sql<
      string | null
    >`(avg(extract(epoch from (${issues.answeredAt} - ${issues.createdAt}))) filter (where ${resolved} and ${issues.answeredAt} is not null))::text`,
  };
}

/** The measures counted on the ratings (issue_ratings joined to the issues of the statistics). */
const ratingMeasures = {
  rated: sql<number>`count(*)::int`,
  satisfied: sql<number>`(count(*) filter (where ${issueRatings.rating} in ('satisfied', 'basically_satisfied')))::int`,
};

/**
 * The department a rating is charged to: the one whose answer it rated; a rating recorded without it (rows
 * written outside the workflow) goes to the issue's current lead.
 */
const ratedDepartment = sql<string | null>`coalesce(${issueRatings.leadDepartmentId}, ${issues.leadDepartmentId})`;

type IssueCounts = Omit<Counts, "rated" | "satisfied">;
type RatingCounts = Pick<Counts, "rated" | "satisfied">;

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

/** Issue and rating counts of one row key put together (either may be missing). */
function countsOf(issueRow: IssueCounts | undefined, ratingRow: RatingCounts | undefined): Counts {
  return {
    ...zero,
    ...(issueRow ?? {}),
    rated: ratingRow?.rated ?? 0,
    satisfied: ratingRow?.satisfied ?? 0,
  };
}

/**
 * Rows per department: the issues by their current lead department (on time: no miss recorded against it),
 * the ratings by the department whose answer was rated; a department with ratings only still has its row.
 */
async function rowsByDepartment(db: Db, where: SQL, today: string): Promise<IssueStatsRow[]> {
  const [byIssue, byRating] = await Promise.all([
    db
      .select({ key: issues.leadDepartmentId, ...issueMeasures(today, noMissOfLead) })
      .from(issues)
      .where(where)
      .groupBy(issues.leadDepartmentId),
    db
      .select({ key: ratedDepartment, ...ratingMeasures })
      .from(issueRatings)
      .innerJoin(issues, eq(issues.id, issueRatings.issueId))
      .where(where)
      .groupBy(ratedDepartment),
  ]);
  const issuesOf = new Map(byIssue.map(({ key, ...c }) => [key, c]));
  const ratingsOf = new Map(byRating.map(({ key, ...c }) => [key, c]));
  const keys = [...new Set([...issuesOf.keys(), ...ratingsOf.keys()])];
  const names = await findDepartmentNames(db, keys);
  return keys.map((key) =>
    toRow(key, key ? (names.get(key) ?? "") : "未交办", countsOf(issuesOf.get(key), ratingsOf.get(key))),
  );
}

/** Rows per child unit of `unit` (each with its subtree rolled up), the unit's own issues as 本级. */
async function rowsByOrgUnit(
  db: Db,
  where: SQL,
  today: string,
  unit: { id: string; name: string; path: string },
): Promise<IssueStatsRow[]> {
  // The child of `unit` on the path of the issue's unit: "/…/unit/<child>/…" → <child>; '' = the unit itself.
  // The offset is inlined (an integer we computed) so the SELECT and GROUP BY expressions are identical.
  const childKey = sql<string>`split_part(substr(${orgUnits.path}, ${sql.raw(String(unit.path.length + 1))}), '/', 1)`;
  const [byIssue, byRating, children] = await Promise.all([
    db
      .select({ key: childKey, ...issueMeasures(today, neverMissed) })
      .from(issues)
      .innerJoin(orgUnits, eq(orgUnits.id, issues.orgUnitId))
      .where(where)
      .groupBy(childKey),
    db
      .select({ key: childKey, ...ratingMeasures })
      .from(issueRatings)
      .innerJoin(issues, eq(issues.id, issueRatings.issueId))
      .innerJoin(orgUnits, eq(orgUnits.id, issues.orgUnitId))
      .where(where)
      .groupBy(childKey),
    db
      .select({ id: orgUnits.id, name: orgUnits.name })
      .from(orgUnits)
      .where(eq(orgUnits.parentId, unit.id))
      .orderBy(orgUnits.name),
  ]);
  const issuesOf = new Map(byIssue.map(({ key, ...c }) => [key, c]));
  const ratingsOf = new Map(byRating.map(({ key, ...c }) => [key, c]));
  const rows = children.map((c) => toRow(c.id, c.name, countsOf(issuesOf.get(c.id), ratingsOf.get(c.id))));
  if (issuesOf.has("") || ratingsOf.has("")) {
    rows.push(toRow(unit.id, `${unit.name}本级`, countsOf(issuesOf.get(""), ratingsOf.get(""))));
  }
  return rows;
}

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
  const [[issueTotal], [ratingTotal]] = await Promise.all([
    db.select(issueMeasures(today, neverMissed)).from(issues).where(where),
    db.select(ratingMeasures).from(issueRatings).innerJoin(issues, eq(issues.id, issueRatings.issueId)).where(where),
  ]);
  const total = toRow(null, "合计", countsOf(issueTotal, ratingTotal));
  const rows =
    query.groupBy === "department"
      ? await rowsByDepartment(db, where, today)
      : await rowsByOrgUnit(db, where, today, unit);
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
