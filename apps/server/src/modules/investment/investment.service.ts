import {
  boardColumnLimit,
  type CreateLead,
  type Lead,
  type LeadBoard,
  type LeadDetail,
  type LeadFilter,
  type LeadListQuery,
  type LeadPage,
  type LeadStage,
  leadStages,
  overBillionYuan,
  type UpdateLead,
} from "@zonedesk/contracts";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { inOrgSubtree, requirePermission, visibleLeads, visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { containsPattern } from "../../lib/like.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { industryNameOf } from "../projects/index.js";
import {
  countLeadsByStage,
  findLeads,
  findStageEvents,
  getLeadListRow,
  getLeadRow,
  insertLead,
  insertStageEvents,
  type LeadListRow,
  type LeadRow,
  leadAmount,
  updateLeadRow,
} from "./investment.queries.js";
import { investmentLeads } from "./investment.table.js";
import { isOverBillion, type LeadFields, toValues } from "./lead-values.js";

/**
 * A lead as the API answers it; 10亿元以上 from its signed amount, else its intended investment. The signed amount
 * itself is shown only to a reader who sees the key project (see leadListColumns).
 */
export function toLead(r: LeadListRow): Lead {
  return {
    id: r.id,
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName,
    projectName: r.projectName,
    investorName: r.investorName,
    originRegion: r.originRegion,
    originProvince: r.originProvince,
    isOutOfProvince: r.isOutOfProvince,
    industryChain: r.industryChain,
    industryCode: r.industryCode,
    industryName: industryNameOf(r.industryCode),
    intendedInvestment: r.intendedInvestment,
    signedInvestment: r.signedInvestment,
    isFortune500: r.isFortune500,
    isCentralSoe: r.isCentralSoe,
    isListed: r.isListed,
    // The lead's own amount, also when the reader does not see its project's (signedInvestment null).
    isOverBillion: isOverBillion(r.amount),
    source: r.source,
    stage: r.stage,
    ownerUserId: r.ownerUserId,
    ownerName: r.ownerName,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    description: r.description,
    signedOn: r.signedOn,
    terminatedOn: r.terminatedOn,
    terminationReason: r.terminationReason,
    projectId: r.projectId,
    lastActivityOn: r.lastActivityOn,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The list filters as one condition, always inside what the actor may see. */
export function leadListWhere(actor: Actor, f: LeadFilter): SQL | undefined {
  const flags = f.flags ?? [];
  const q = f.q?.replace(/\s+/g, "").toLowerCase();
  const pattern = q ? containsPattern(q) : "";
  const createdOn = sql`(${investmentLeads.createdAt} at time zone 'Asia/Shanghai')::date`;
  return and(
    visibleLeads(actor),
    f.stage && f.stage.length > 0 ? inArray(investmentLeads.stage, f.stage) : undefined,
    f.source && f.source.length > 0 ? inArray(investmentLeads.source, f.source) : undefined,
    f.ownerUserId ? eq(investmentLeads.ownerUserId, f.ownerUserId) : undefined,
    f.originRegion && f.originRegion.length > 0 ? inArray(investmentLeads.originRegion, f.originRegion) : undefined,
    flags.includes("fortune500") ? eq(investmentLeads.isFortune500, true) : undefined,
    flags.includes("centralSoe") ? eq(investmentLeads.isCentralSoe, true) : undefined,
    flags.includes("listed") ? eq(investmentLeads.isListed, true) : undefined,
    flags.includes("overBillion") ? sql`${leadAmount} >= ${overBillionYuan}` : undefined,
    f.outOfProvince ? eq(investmentLeads.isOutOfProvince, f.outOfProvince === "yes") : undefined,
    q
      ? sql`(lower(${investmentLeads.projectName}) like ${pattern} or lower(${investmentLeads.investorName}) like ${pattern})`
      : undefined,
    f.orgUnitId ? inOrgSubtree(investmentLeads.orgUnitId, f.orgUnitId) : undefined,
    f.from ? sql`${createdOn} >= ${f.from}` : undefined,
    f.to ? sql`${createdOn} <= ${f.to}` : undefined,
  );
}

/** The leads the actor may see, filtered, sorted and paged. */
export async function listLeads(db: Db, actor: Actor, query: LeadListQuery): Promise<LeadPage> {
  requirePermission(actor, "lead.read");
  const { rows, total } = await findLeads(db, {
    where: leadListWhere(actor, query),
    visibleProject: visibleProjects(actor),
    sort: query.sort,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { data: rows.map(toLead), total, page: query.page, pageSize: query.pageSize };
}

/** The pipeline board: one column per stage with its count, Σ intended investment and latest leads. */
export async function getLeadBoard(db: Db, actor: Actor, filter: LeadFilter): Promise<LeadBoard> {
  requirePermission(actor, "lead.read");
  const where = leadListWhere(actor, filter);
  const totals = new Map((await countLeadsByStage(db, where)).map((r) => [r.stage, r]));
  const columns = await Promise.all(
    leadStages.map(async (stage) => {
      const total = totals.get(stage);
      const { rows } =
        (total?.count ?? 0) === 0
          ? { rows: [] }
          : await findLeads(db, {
              where: and(where, eq(investmentLeads.stage, stage)),
              visibleProject: visibleProjects(actor),
              sort: "-updatedAt",
              limit: boardColumnLimit,
              offset: 0,
            });
      return { stage, count: total?.count ?? 0, intendedInvestment: total?.amount ?? "0.00", leads: rows.map(toLead) };
    }),
  );
  return { columns };
}

/** Loads a lead the actor may see, else 404 (out of scope looks like absent). */
export async function getVisibleLeadRow(db: Db, actor: Actor, id: string): Promise<LeadRow> {
  const row = await getLeadRow(db, id, visibleLeads(actor));
  if (!row) throw notFound("招商线索", { isAccessRefusal: true });
  return row;
}

/** One lead with its stage history. */
export async function getLead(db: Db, actor: Actor, id: string): Promise<LeadDetail> {
  requirePermission(actor, "lead.read");
  const row = await getLeadListRow(db, { id, visible: visibleLeads(actor), visibleProject: visibleProjects(actor) });
  if (!row) throw notFound("招商线索", { isAccessRefusal: true });
  const events = await findStageEvents(db, id);
  return {
    ...toLead(row),
    stageEvents: events.map((e) => ({
      id: e.id,
      fromStage: e.fromStage as LeadStage | null, // written only from leadStages
      toStage: e.toStage as LeadStage,
      occurredOn: e.occurredOn,
      actorName: e.actorName,
      note: e.note,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

/** Registers a lead at stage 线索, with its first stage event (conversion counts start from it). */
export async function createLeadInTx(tx: Db, actor: Actor, input: CreateLead, registeredOn = todayInBeijing()) {
  const values = await toValues(tx, actor, input);
  const created = await insertLead(tx, { ...values, createdBy: actor.userId });
  await insertStageEvents(tx, [
    {
      leadId: created.id,
      fromStage: null,
      toStage: "lead",
      occurredOn: registeredOn,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: null,
    },
  ]);
  await writeAudit(tx, actor, {
    action: "lead.create",
    entityType: "investment_lead",
    entityId: created.id,
    orgUnitId: created.orgUnitId,
    summary: created.projectName,
    after: values,
  });
  return created;
}

export async function createLead(db: Db, actor: Actor, input: CreateLead): Promise<LeadDetail> {
  requirePermission(actor, "lead.write");
  const created = await db.transaction((tx) => createLeadInTx(tx, actor, input));
  return getLead(db, actor, created.id);
}

/** Edits the fields sent; a stale version is refused with VERSION_CONFLICT, never merged. Stage moves have their own endpoint. */
export async function updateLead(db: Db, actor: Actor, id: string, input: UpdateLead): Promise<LeadDetail> {
  requirePermission(actor, "lead.write");
  await db.transaction(async (tx) => {
    const current = await getVisibleLeadRow(tx, actor, id);
    assertVersion(current.version, input.version, "该线索");
    const { version: _v, ...patch } = input;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const merged: LeadFields = {
      orgUnitId: current.orgUnitId,
      projectName: current.projectName,
      investorName: current.investorName,
      originRegion: current.originRegion as LeadFields["originRegion"], // written only through the contract's list
      originProvince: current.originProvince,
      industryChain: current.industryChain,
      industryCode: current.industryCode,
      intendedInvestment: current.intendedInvestment,
      isFortune500: current.isFortune500,
      isCentralSoe: current.isCentralSoe,
      isListed: current.isListed,
      source: current.source,
      ownerUserId: current.ownerUserId,
      contactName: current.contactName,
      contactPhone: current.contactPhone,
      description: current.description,
      ...defined,
    };
    const values = await toValues(tx, actor, merged);
    assertUpdated(await updateLeadRow(tx, id, input.version, values), "该线索");
    const { before, after } = changedFields(pickValues(current), values);
    await writeAudit(tx, actor, {
      action: "lead.update",
      entityType: "investment_lead",
      entityId: id,
      orgUnitId: values.orgUnitId,
      summary: values.projectName,
      before,
      after,
    });
  });
  return getLead(db, actor, id);
}

function pickValues(row: LeadRow): Record<string, unknown> {
  const {
    id: _id,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    createdBy: _b,
    stage: _s,
    signedOn: _so,
    terminatedOn: _t,
    terminationReason: _r,
    projectId: _p,
    ...values
  } = row;
  return values;
}
