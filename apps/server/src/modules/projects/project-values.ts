import { type CreateProjectInput, fenToYuan, type UpdateProject, yuanToFen } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, visibleEnterprises } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { fieldError } from "../../lib/errors.js";
// The enterprises module's index.ts offers no visibility check that returns the row; its table is read here.
import { enterprises } from "../enterprises/enterprises.table.js";
import { industryOfInput } from "../enterprises/index.js";
import type { ProjectRow, ProjectValues } from "./projects.queries.js";

/*
 * A project's facts from validated input, checked against the registers: the unit in the actor's scope, the
 * investing enterprise visible to the actor (or a new investor's name), the industry code against GB/T 4754.
 */

type ProjectFields = Omit<CreateProjectInput, "plannedDates" | "signedOn">;
export type ProjectPatch = Omit<UpdateProject, "version">;

async function assertUnit(db: Db, actor: Actor, orgUnitId: string): Promise<void> {
  await assertOrgUnitInScope(db, actor, orgUnitId).catch(() => {
    throw fieldError("orgUnitId", "所属单位不存在或不在您的管理范围内");
  });
}

async function visibleEnterpriseId(db: Db, actor: Actor, enterpriseId: string): Promise<string> {
  const [enterprise] = await db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(and(eq(enterprises.id, enterpriseId), visibleEnterprises(actor)));
  if (!enterprise) throw fieldError("enterpriseId", "所选投资主体企业不存在或不在您的管理范围内");
  return enterprise.id;
}

const industryCodeOf = (code: string | null | undefined) => industryOfInput(code)?.code ?? null;

/** Database values of a new project (POST /api/projects, the lead's signing). */
export async function toProjectValues(db: Db, actor: Actor, input: ProjectFields): Promise<ProjectValues> {
  await assertUnit(db, actor, input.orgUnitId);
  const enterpriseId = input.enterpriseId ? await visibleEnterpriseId(db, actor, input.enterpriseId) : null;
  return {
    orgUnitId: input.orgUnitId,
    name: input.name.trim(),
    enterpriseId,
    investorName: enterpriseId ? null : input.investorName?.trim() || null,
    industryCode: industryCodeOf(input.industryCode),
    industryChain: input.industryChain || null,
    level: input.level,
    batch: input.batch,
    campaignRound: input.campaignRound || null,
    projectType: input.projectType,
    totalInvestment: input.totalInvestment,
    location: input.location || null,
    landParcel: input.landParcel || null,
    landAreaMu: input.landAreaMu ?? null,
    constructionContent: input.constructionContent || null,
  };
}

/** The facts of a stored project, as values (without stage, narrative, status and bookkeeping). */
export function valuesOf(row: ProjectRow): ProjectValues {
  return {
    orgUnitId: row.orgUnitId,
    name: row.name,
    enterpriseId: row.enterpriseId,
    investorName: row.investorName,
    industryCode: row.industryCode,
    industryChain: row.industryChain,
    level: row.level,
    batch: row.batch,
    campaignRound: row.campaignRound,
    projectType: row.projectType,
    totalInvestment: row.totalInvestment,
    location: row.location,
    landParcel: row.landParcel,
    landAreaMu: row.landAreaMu,
    constructionContent: row.constructionContent,
  };
}

/** "12" and "12.00" are the same amount: decimals as the numeric(…, 2) column stores them, so a diff is real. */
const twoDecimals = (amount: string) => fenToYuan(yuanToFen(amount));

/** A text field of a PATCH: absent keeps the value, null or blank clears it. */
const textOf = (sent: string | null | undefined, kept: string | null | undefined) =>
  sent === undefined ? (kept ?? null) : sent?.trim() || null;

/**
 * The values a PATCH leaves the project with: a field left out keeps its value, an explicit null clears it.
 * Only what the request changes is checked against the registers (a unit or enterprise kept as it is is not
 * re-checked). `enterpriseId: null` unlinks the register enterprise; the investor is then `investorName`.
 */
export async function patchProjectValues(
  db: Db,
  actor: Actor,
  current: ProjectRow,
  patch: ProjectPatch,
): Promise<ProjectValues> {
  const base = valuesOf(current);
  if (patch.orgUnitId !== undefined && patch.orgUnitId !== base.orgUnitId) await assertUnit(db, actor, patch.orgUnitId);
  let enterpriseId = base.enterpriseId ?? null;
  if (patch.enterpriseId === null) enterpriseId = null;
  else if (patch.enterpriseId !== undefined && patch.enterpriseId !== enterpriseId)
    enterpriseId = await visibleEnterpriseId(db, actor, patch.enterpriseId);
  let investorName = base.investorName ?? null;
  if (patch.investorName !== undefined) {
    investorName = patch.investorName?.trim() || null;
    if (investorName && enterpriseId)
      throw fieldError(
        "investorName",
        "该项目的投资主体为企业库中的企业；改填投资方名称时，请同时清除所选企业（enterpriseId 设为 null）",
      );
  }
  if (enterpriseId) investorName = null;
  if (!enterpriseId && !investorName) throw fieldError("investorName", "请选择投资主体企业或填写投资主体名称");
  return {
    orgUnitId: patch.orgUnitId ?? base.orgUnitId,
    name: patch.name?.trim() ?? base.name,
    enterpriseId,
    investorName,
    industryCode: patch.industryCode === undefined ? (base.industryCode ?? null) : industryCodeOf(patch.industryCode),
    industryChain: textOf(patch.industryChain, base.industryChain),
    level: patch.level ?? base.level,
    batch: patch.batch ?? base.batch,
    campaignRound: textOf(patch.campaignRound, base.campaignRound),
    projectType: patch.projectType ?? base.projectType,
    totalInvestment: patch.totalInvestment === undefined ? base.totalInvestment : twoDecimals(patch.totalInvestment),
    location: textOf(patch.location, base.location),
    landParcel: textOf(patch.landParcel, base.landParcel),
    landAreaMu:
      patch.landAreaMu === undefined ? (base.landAreaMu ?? null) : patch.landAreaMu && twoDecimals(patch.landAreaMu),
    constructionContent: textOf(patch.constructionContent, base.constructionContent),
  };
}
