import { type CreateLead, overBillionYuan } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgScope } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { fieldError } from "../../lib/errors.js";
import { industryOfInput } from "../enterprises/index.js";
// The users module's index.ts offers no check of an owner in the actor's scope; its table is read here.
import { users } from "../users/users.table.js";
import { type LeadValues, provinceOfPath } from "./investment.queries.js";

/*
 * A lead's values from validated input: unit and owner in scope, industry code, out of province; and the
 * computed flags (10亿元以上).
 */

/**
 * Whether an amount (numeric text, yuan) is at least 1 billion: compared as decimals, never as floats. The amount
 * of a lead is its signed project's total investment once signed, else its intended investment (see leadAmount).
 */
export function isOverBillion(amount: string | null): boolean {
  if (amount === null) return false;
  const [whole = "0"] = amount.split(".");
  const digits = whole.replace(/^0+/, "");
  return (
    digits.length > overBillionYuan.length || (digits.length === overBillionYuan.length && digits >= overBillionYuan)
  );
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

export type LeadFields = Omit<CreateLead, "orgUnitId"> & { orgUnitId: string };

/**
 * Database values from validated input: unit and owner in the actor's scope, industry code checked against
 * GB/T 4754, out of province computed from the origin province and the province at the top of the unit's path.
 */
export async function toValues(db: Db, actor: Actor, input: LeadFields): Promise<LeadValues> {
  const unit = await assertOrgUnitInScope(db, actor, input.orgUnitId).catch(() => {
    throw fieldError("orgUnitId", "所属园区不存在或不在您的管理范围内");
  });
  const industryCode = industryOfInput(input.industryCode)?.code ?? null;
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
