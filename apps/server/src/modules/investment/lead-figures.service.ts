import {
  type LeadFigures,
  type LeadFiguresQuery,
  type LeadStage,
  leadPipelineStages,
  leadStages,
  overBillionYuan,
} from "@zonedesk/contracts";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgSubtree, requirePermission, visibleLeads } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { fieldError } from "../../lib/errors.js";
import { projects } from "../projects/projects.table.js";
import { investmentLeads, leadActivities, leadStageEvents } from "./investment.table.js";

/*
 * Pipeline figures for a period and an org-unit subtree, computed from the records:
 *  - investor visits / negotiations: activities of kind site_visit / negotiation dated in the period;
 *  - leads per stage: the current stage of every lead in scope;
 *  - conversion k → k+1: of the leads in the unit that ever reached stage k (from the stage events, whatever
 *    their dates: moves are often entered after the fact), the share that also reached k+1; null when none;
 *  - signed in the period (signed_on within it): count and Σ amount, where a lead's amount is its key
 *    project's total investment, or its intended investment when it has no project; the flags, ≥ 1 billion
 *    (by that amount) and out-of-province signings among them.
 */

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

export async function getLeadFigures(db: Db, actor: Actor, query: LeadFiguresQuery): Promise<LeadFigures> {
  requirePermission(actor, "lead.read");
  if (query.from > query.to) throw fieldError("to", "统计期止不能早于统计期起");
  if (query.orgUnitId) {
    await assertOrgUnitInScope(db, actor, query.orgUnitId).catch(() => {
      throw fieldError("orgUnitId", "单位不存在或不在您的管理范围内");
    });
  }
  const scope = and(
    visibleLeads(actor),
    query.orgUnitId ? inOrgSubtree(investmentLeads.orgUnitId, query.orgUnitId) : undefined,
  ) as SQL;
  const leadsInScope = db.select({ id: investmentLeads.id }).from(investmentLeads).where(scope);

  const [activityCounts, stageRows, reachedRows, signedRows] = await Promise.all([
    db
      .select({
        visits: sql<number>`count(*) filter (where ${leadActivities.kind} = 'site_visit')::int`,
        negotiations: sql<number>`count(*) filter (where ${leadActivities.kind} = 'negotiation')::int`,
      })
      .from(leadActivities)
      .where(
        and(
          inArray(leadActivities.leadId, leadsInScope),
          sql`${leadActivities.occurredOn} between ${query.from} and ${query.to}`,
        ),
      ),
    db
      .select({ stage: investmentLeads.stage, n: sql<number>`count(*)::int` })
      .from(investmentLeads)
      .where(scope)
      .groupBy(investmentLeads.stage),
    db
      .select({
        leadId: leadStageEvents.leadId,
        stages: sql<string[]>`array_agg(distinct ${leadStageEvents.toStage})`,
      })
      .from(leadStageEvents)
      .where(inArray(leadStageEvents.leadId, leadsInScope))
      .groupBy(leadStageEvents.leadId),
    signedFigures(db, scope, query),
  ]);

  const stageCounts = Object.fromEntries(leadStages.map((s) => [s, 0])) as Record<LeadStage, number>;
  for (const r of stageRows) stageCounts[r.stage] = r.n;

  const reachedSets = reachedRows.map((r) => new Set(r.stages));
  const conversion = leadPipelineStages.slice(0, -1).map((fromStage, i) => {
    const toStage = leadPipelineStages[i + 1] ?? "signed";
    const reached = reachedSets.filter((s) => s.has(fromStage));
    const converted = reached.filter((s) => s.has(toStage)).length;
    return { fromStage, toStage, reached: reached.length, converted, rate: ratio(converted, reached.length) };
  });

  return {
    from: query.from,
    to: query.to,
    investorVisits: activityCounts[0]?.visits ?? 0,
    negotiations: activityCounts[0]?.negotiations ?? 0,
    stageCounts,
    conversion,
    ...signedRows,
  };
}

async function signedFigures(db: Db, scope: SQL, query: LeadFiguresQuery) {
  const amount = sql`coalesce(${projects.totalInvestment}, ${investmentLeads.intendedInvestment}, 0)`;
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      amount: sql<string>`coalesce(sum(${amount}), 0)::numeric(20, 2)::text`,
      fortune500: sql<number>`count(*) filter (where ${investmentLeads.isFortune500})::int`,
      centralSoe: sql<number>`count(*) filter (where ${investmentLeads.isCentralSoe})::int`,
      listed: sql<number>`count(*) filter (where ${investmentLeads.isListed})::int`,
      overBillion: sql<number>`count(*) filter (where ${amount} >= ${overBillionYuan})::int`,
      outCount: sql<number>`count(*) filter (where ${investmentLeads.isOutOfProvince})::int`,
      outAmount: sql<string>`coalesce(sum(${amount}) filter (where ${investmentLeads.isOutOfProvince}), 0)::numeric(20, 2)::text`,
    })
    .from(investmentLeads)
    .leftJoin(projects, eq(projects.id, investmentLeads.projectId))
    .where(
      and(
        scope,
        eq(investmentLeads.stage, "signed"),
        sql`${investmentLeads.signedOn} between ${query.from} and ${query.to}`,
      ),
    );
  return {
    signed: { count: row?.count ?? 0, amount: row?.amount ?? "0.00" },
    fortune500Signed: row?.fortune500 ?? 0,
    centralSoeSigned: row?.centralSoe ?? 0,
    listedSigned: row?.listed ?? 0,
    overBillionSigned: row?.overBillion ?? 0,
    outOfProvinceSigned: { count: row?.outCount ?? 0, amount: row?.outAmount ?? "0.00" },
  };
}
