import {
  type LeadFigures,
  type LeadFiguresQuery,
  type LeadStage,
  leadPipelineStages,
  leadStages,
  overBillionYuan,
} from "@zonedesk/contracts";
import { and, desc, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgSubtree, requirePermission, visibleLeads } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { fieldError } from "../../lib/errors.js";
import { leadAmount } from "./investment.queries.js";
import { investmentLeads, leadActivities, leadStageEvents } from "./investment.table.js";

/*
 * Pipeline figures for a period [from, to] and an org-unit subtree, computed from the records:
 *  - investor visits / negotiations: activities of kind site_visit / negotiation dated in the period;
 *  - leads per stage: the stage of each lead as of `to`, i.e. the target of its last stage event dated on or
 *    before `to` (events in the order they were written; a lead without such an event did not exist yet);
 *  - conversion k → k+1: of the leads that reached stage k within the period (an event to k dated in it), the
 *    share that reached k+1 by `to`; null when none reached k;
 *  - signed in the period (signed_on within it): count and Σ amount, where a lead's amount is its signed key
 *    project's total investment, or its intended investment when it has none (the rule of the 10亿元以上 flag);
 *    the flags, ≥ 1 billion (by that amount) and out-of-province signings among them.
 */

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/** Rank of a stage among events written together (a forward move writes one per stage passed, at one time). */
const stageRank = sql`array_position(array[${sql.join(
  leadStages.map((s) => sql`${s}`),
  sql`, `,
)}]::text[], ${leadStageEvents.toStage})`;

/** The pipeline figures of the period for the actor's scope or one unit of it (404 for a unit outside it). */
export async function getLeadFigures(db: Db, actor: Actor, query: LeadFiguresQuery): Promise<LeadFigures> {
  requirePermission(actor, "lead.read");
  if (query.from > query.to) throw fieldError("to", "统计期止不能早于统计期起");
  if (query.orgUnitId) await assertOrgUnitInScope(db, actor, query.orgUnitId);
  const scope = and(
    visibleLeads(actor),
    query.orgUnitId ? inOrgSubtree(investmentLeads.orgUnitId, query.orgUnitId) : undefined,
  ) as SQL; // and() of a non-empty list is never undefined
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
      .selectDistinctOn([leadStageEvents.leadId], { leadId: leadStageEvents.leadId, stage: leadStageEvents.toStage })
      .from(leadStageEvents)
      .where(and(inArray(leadStageEvents.leadId, leadsInScope), lte(leadStageEvents.occurredOn, query.to)))
      .orderBy(
        leadStageEvents.leadId,
        desc(leadStageEvents.createdAt),
        desc(leadStageEvents.occurredOn),
        desc(stageRank),
      ),
    db
      .select({
        leadId: leadStageEvents.leadId,
        inPeriod: sql<
          string[] | null
        >`array_agg(distinct ${leadStageEvents.toStage}) filter (where ${leadStageEvents.occurredOn} >= ${query.from})`,
        byEnd: sql<string[]>`array_agg(distinct ${leadStageEvents.toStage})`,
      })
      .from(leadStageEvents)
      .where(and(inArray(leadStageEvents.leadId, leadsInScope), lte(leadStageEvents.occurredOn, query.to)))
      .groupBy(leadStageEvents.leadId),
    signedFigures(db, scope, query),
  ]);

  const stageCounts = Object.fromEntries(leadStages.map((s) => [s, 0])) as Record<LeadStage, number>;
  for (const r of stageRows) {
    const stage = r.stage as LeadStage; // written only from leadStages
    if (stage in stageCounts) stageCounts[stage]++;
  }

  const reached = reachedRows.map((r) => ({ inPeriod: new Set(r.inPeriod ?? []), byEnd: new Set(r.byEnd) }));
  const conversion = leadPipelineStages.slice(0, -1).map((fromStage, i) => {
    const toStage = leadPipelineStages[i + 1] ?? "signed";
    const entered = reached.filter((s) => s.inPeriod.has(fromStage));
    const converted = entered.filter((s) => s.byEnd.has(toStage)).length;
    return { fromStage, toStage, reached: entered.length, converted, rate: ratio(converted, entered.length) };
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
  const amount = sql`coalesce(${leadAmount}, 0)`;
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
    .where(
      and(
        scope,
        sql`${investmentLeads.stage} = 'signed'`,
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
