import type {
  CreateEnterprise,
  Enterprise,
  EnterpriseListQuery,
  EnterprisePage,
  UpdateEnterprise,
} from "@zonedesk/contracts";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgSubtree, requirePermission, visibleEnterprises } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { tags } from "../tags/tags.table.js";
import { industryOfInput, resolveIndustry } from "./enterprise-sheet.js";
import {
  type EnterpriseRow,
  type EnterpriseValues,
  enterpriseSearch,
  findEnterprises,
  getEnterpriseRow,
  hasActiveLeader,
  insertEnterprise,
  loadEnterpriseDetails,
  setEnterpriseTags,
  tagIdsOf,
  updateEnterpriseRow,
} from "./enterprises.queries.js";
import { enterprises, enterpriseTags } from "./enterprises.table.js";

/** Rows with their tags, liaisons and unit names, as the API answers them. */
export async function toEnterprises(db: Db, rows: EnterpriseRow[]): Promise<Enterprise[]> {
  const { tagsOf, liaisonsOf, unitNames } = await loadEnterpriseDetails(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    orgUnitId: r.orgUnitId,
    orgUnitName: unitNames.get(r.orgUnitId) ?? "",
    creditCode: r.creditCode,
    name: r.name,
    legalRepresentative: r.legalRepresentative,
    registeredCapital: r.registeredCapital,
    foundedOn: r.foundedOn,
    address: r.address,
    industryCode: r.industryCode,
    industryName: r.industryCode ? (resolveIndustry(r.industryCode)?.name ?? null) : null,
    scale: r.scale,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    status: r.status,
    tags: tagsOf.get(r.id) ?? [],
    liaisons: liaisonsOf.get(r.id) ?? [],
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** The list filters as one condition, always inside what the actor may see. */
export function enterpriseListWhere(
  actor: Actor,
  query: Omit<EnterpriseListQuery, "page" | "pageSize" | "sort">,
): SQL | undefined {
  const tagIds = query.tagIds ?? [];
  const scales = (query.scale ?? []).filter((s): s is NonNullable<EnterpriseRow["scale"]> =>
    ["large", "medium", "small", "micro"].includes(s),
  );
  const industry = query.industryCode?.toUpperCase();
  return and(
    visibleEnterprises(actor),
    query.status === "all" ? undefined : eq(enterprises.status, query.status),
    query.q ? enterpriseSearch(query.q) : undefined,
    query.orgUnitId ? inOrgSubtree(enterprises.orgUnitId, query.orgUnitId) : undefined,
    industry
      ? /^[A-T]$/.test(industry)
        ? eq(enterprises.industrySection, industry)
        : sql`${enterprises.industryCode} like ${`${industry}%`}`
      : undefined,
    ...tagIds.map(
      (tagId) =>
        sql`exists (select 1 from ${enterpriseTags} et where et.enterprise_id = ${enterprises.id} and et.tag_id = ${tagId})`,
    ),
    scales.length > 0 ? sql`${enterprises.scale} in ${scales}` : undefined,
    query.assigned === "yes" ? hasActiveLeader : query.assigned === "no" ? sql`not ${hasActiveLeader}` : undefined,
  );
}

/** A search counts its matches up to this many; the page then shows "5000+" and asks for a narrower search. */
export const searchCountCap = 5000;

/** The enterprises the actor may see, filtered, sorted and paged. */
export async function listEnterprises(db: Db, actor: Actor, query: EnterpriseListQuery): Promise<EnterprisePage> {
  requirePermission(actor, "enterprise.read");
  const { rows, total, totalIsLowerBound } = await findEnterprises(db, {
    where: enterpriseListWhere(actor, query),
    sort: query.sort,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
    countCap: query.q ? searchCountCap : undefined,
  });
  return { data: await toEnterprises(db, rows), total, totalIsLowerBound, page: query.page, pageSize: query.pageSize };
}

async function getVisibleRow(db: Db, actor: Actor, id: string): Promise<EnterpriseRow> {
  const row = await getEnterpriseRow(db, id, visibleEnterprises(actor));
  if (!row) throw notFound("企业", { isAccessRefusal: true });
  return row;
}

export async function getEnterprise(db: Db, actor: Actor, id: string): Promise<Enterprise> {
  requirePermission(actor, "enterprise.read");
  const [enterprise] = await toEnterprises(db, [await getVisibleRow(db, actor, id)]);
  if (!enterprise) throw notFound("企业");
  return enterprise;
}

/** Database values from validated input: industry code checked against GB/T 4754, tags against the list. */
async function toValues(
  db: Db,
  actor: Actor,
  input: CreateEnterprise,
): Promise<{ values: EnterpriseValues; tagIds: string[] }> {
  await assertOrgUnitInScope(db, actor, input.orgUnitId).catch(() => {
    throw fieldError("orgUnitId", "所属园区不存在或不在您的管理范围内");
  });
  const industry = industryOfInput(input.industryCode);
  const industryCode = industry?.code ?? null;
  const industrySection = industry?.section ?? null;
  const tagIds = [...new Set(input.tagIds ?? [])].sort();
  if (tagIds.length > 0) {
    const found = await db.select({ id: tags.id }).from(tags).where(sql`${tags.id} in ${tagIds}`);
    if (found.length !== tagIds.length) throw fieldError("tagIds", "所选标签不存在");
  }
  return {
    values: {
      orgUnitId: input.orgUnitId,
      creditCode: input.creditCode,
      name: input.name,
      legalRepresentative: input.legalRepresentative || null,
      registeredCapital: input.registeredCapital ?? null,
      foundedOn: input.foundedOn ?? null,
      address: input.address || null,
      industryCode,
      industrySection,
      scale: input.scale ?? null,
      contactName: input.contactName || null,
      contactPhone: input.contactPhone || null,
    },
    tagIds,
  };
}

export function creditCodeTaken(code: string): AppError {
  return new AppError("CREDIT_CODE_TAKEN", `统一社会信用代码“${code}”已登记，不能重复`, {
    details: { issues: [{ path: "creditCode", message: "该统一社会信用代码已登记" }] },
  });
}

/** Registers an enterprise; the credit code is unique per deployment. */
export async function createEnterprise(db: Db, actor: Actor, input: CreateEnterprise): Promise<Enterprise> {
  requirePermission(actor, "enterprise.write");
  try {
    const row = await db.transaction(async (tx) => {
      const { values, tagIds } = await toValues(tx, actor, input);
      const created = await insertEnterprise(tx, values);
      await setEnterpriseTags(tx, created.id, tagIds);
      await writeAudit(tx, actor, {
        action: "enterprise.create",
        entityType: "enterprise",
        entityId: created.id,
        orgUnitId: created.orgUnitId,
        summary: created.name,
        after: { ...values, tagIds },
      });
      return created;
    });
    return getEnterprise(db, actor, row.id);
  } catch (error) {
    if (isUniqueViolation(error)) throw creditCodeTaken(input.creditCode);
    throw error;
  }
}

/** Edits an enterprise; an edit based on a stale version is refused with VERSION_CONFLICT, never merged. */
export async function updateEnterprise(db: Db, actor: Actor, id: string, input: UpdateEnterprise): Promise<Enterprise> {
  requirePermission(actor, "enterprise.write");
  try {
    await db.transaction(async (tx) => {
      const current = await getVisibleRow(tx, actor, id);
      assertVersion(current.version, input.version, "该企业");
      const { values, tagIds } = await toValues(tx, actor, input);
      assertUpdated(await updateEnterpriseRow(tx, id, input.version, values), "该企业");
      const beforeTags = await tagIdsOf(tx, id);
      await setEnterpriseTags(tx, id, tagIds);
      const before = { ...pickValues(current), tagIds: beforeTags };
      await writeAudit(tx, actor, {
        action: "enterprise.update",
        entityType: "enterprise",
        entityId: id,
        orgUnitId: values.orgUnitId,
        summary: values.name,
        ...changedFields(before, { ...values, tagIds }),
      });
    });
    return getEnterprise(db, actor, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw creditCodeTaken(input.creditCode);
    throw error;
  }
}

export function pickValues(row: EnterpriseRow): EnterpriseValues {
  const { id: _id, searchGrams: _g, version: _v, createdAt: _c, updatedAt: _u, ...values } = row;
  return values;
}

/** Archives (or restores) an enterprise: it leaves the default lists but keeps its history. */
export async function setEnterpriseStatus(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  status: "active" | "archived",
): Promise<Enterprise> {
  requirePermission(actor, "enterprise.write");
  await db.transaction(async (tx) => {
    const current = await getVisibleRow(tx, actor, id);
    assertVersion(current.version, version, "该企业");
    if (current.status === status) return;
    assertUpdated(await updateEnterpriseRow(tx, id, version, { status }), "该企业");
    await writeAudit(tx, actor, {
      action: status === "archived" ? "enterprise.archive" : "enterprise.restore",
      entityType: "enterprise",
      entityId: id,
      orgUnitId: current.orgUnitId,
      summary: current.name,
      before: { status: current.status },
      after: { status },
    });
  });
  return getEnterprise(db, actor, id);
}
