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
import { assertOrgUnitInScope, inOrgScope, inOrgSubtree, requirePermission, visibleLeads } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { fieldError, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { normalizeIndustryCode } from "../enterprises/index.js";
import { findIndustry } from "../industries/index.js";
import { users } from "../users/users.table.js";
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
  type LeadValues,
  provinceOfPath,
  updateLeadRow,
} from "./investment.queries.js";
import { investmentLeads } from "./investment.table.js";

/** Whether an amount (numeric text, yuan) is at least 1 billion: compared as decimals, never as floats. */
export function isOverBillion(amount: string | null): boolean {
  if (amount === null) return false;
  const [whole = "0"] = amount.split(".");
  const digits = whole.replace(/^0+/, "");
  return (
    digits.length > overBillionYuan.length || (digits.length === overBillionYuan.length && digits >= overBillionYuan)
  );
}

function industryNameOf(code: string | null): string | null {
  if (!code) return null;
  for (let length = code.length; length >= 1; length--) {
    const node = findIndustry(code.slice(0, length));
    if (node) return node.name;
    if (!/^\d+$/.test(code)) break;
  }
  return null;
}

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
    isFortune500: r.isFortune500,
    isCentralSoe: r.isCentralSoe,
    isListed: r.isListed,
    isOverBillion: isOverBillion(r.intendedInvestment),
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
  // LIKE wildcards typed by the user are searched for literally (backslash is the default escape).
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : "";
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
    flags.includes("overBillion") ? sql`${investmentLeads.intendedInvestment} >= ${overBillionYuan}` : undefined,
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
  const row = await getLeadListRow(db, id, visibleLeads(actor));
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

/** "河南省", "河南" and " 河南省 " name the same province. */
export function provinceKey(name: string): string {
  return name.replace(/\s+/g, "").replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, "");
}

const outsideMainland = new Set(["境外", "港澳台"]);
/** Regions spanning several provinces: only the origin province says whether such a lead is out of province. */
const multiProvinceRegions = new Set(["京津冀", "长三角", "珠三角", "成渝"]);

/**
 * 省外: from 境外 or 港澳台, or from an origin province other than the province at the top of the park's
 * unit path. When the org tree has no province unit there is nothing to compare with, so only 境外/港澳台
 * count as out of province (the deployment should add its province unit to get the province comparison).
 */
export function isOutOfProvinceOf(
  originRegion: string | null,
  originProvince: string | null,
  parkProvince: string | null,
): boolean {
  if (originRegion !== null && outsideMainland.has(originRegion)) return true;
  if (originProvince === null || parkProvince === null) return false;
  return provinceKey(originProvince) !== provinceKey(parkProvince);
}

type LeadFields = Omit<CreateLead, "orgUnitId"> & { orgUnitId: string };

/**
 * Database values from validated input: unit and owner in the actor's scope, industry code checked against
 * GB/T 4754, out of province computed from the origin province and the province at the top of the unit's path.
 */
export async function toValues(db: Db, actor: Actor, input: LeadFields): Promise<LeadValues> {
  const unit = await assertOrgUnitInScope(db, actor, input.orgUnitId).catch(() => {
    throw fieldError("orgUnitId", "所属园区不存在或不在您的管理范围内");
  });
  let industryCode: string | null = null;
  if (input.industryCode) {
    const industry = normalizeIndustryCode(input.industryCode);
    if ("error" in industry) throw fieldError("industryCode", industry.error);
    industryCode = industry.code;
  }
  if (input.ownerUserId) {
    const [owner] = await db
      .select({ id: users.id, role: users.role, isDisabled: users.isDisabled })
      .from(users)
      .where(and(eq(users.id, input.ownerUserId), inOrgScope(actor, users.orgUnitId)));
    if (!owner) throw fieldError("ownerUserId", "负责人不存在或不在您的管理范围内");
    if (owner.isDisabled) throw fieldError("ownerUserId", "负责人的账号已停用");
    if (owner.role === "enterprise") throw fieldError("ownerUserId", "负责人应为园区工作人员，不能是企业账号");
  }
  const province = await provinceOfPath(db, unit.path);
  const originProvince = input.originProvince || null;
  const originRegion = input.originRegion ?? null;
  if (originRegion === "省内" && originProvince && province && provinceKey(originProvince) !== provinceKey(province)) {
    throw fieldError("originProvince", `来源地为“省内”，来源省份应为${province}`);
  }
  if (originRegion !== null && multiProvinceRegions.has(originRegion) && originProvince === null) {
    throw fieldError("originProvince", `来源地“${originRegion}”跨多个省份，请填写来源省份（据此判断是否省外项目）`);
  }
  const isOutOfProvince = isOutOfProvinceOf(originRegion, originProvince, province);
  return {
    orgUnitId: unit.id,
    projectName: input.projectName,
    investorName: input.investorName,
    originRegion,
    originProvince,
    isOutOfProvince,
    industryChain: input.industryChain || null,
    industryCode,
    intendedInvestment: input.intendedInvestment ?? null,
    isFortune500: input.isFortune500,
    isCentralSoe: input.isCentralSoe,
    isListed: input.isListed,
    source: input.source,
    ownerUserId: input.ownerUserId ?? null,
    contactName: input.contactName || null,
    contactPhone: input.contactPhone || null,
    description: input.description || null,
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
