import { and, asc, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { queryGrams, searchGramsOf } from "../../lib/search-grams.js";
import { isActiveOn, liaisonAssignments } from "../assignments/assignments.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { tags } from "../tags/tags.table.js";
import { users } from "../users/users.table.js";
import { enterprises, enterpriseTags } from "./enterprises.table.js";

export type EnterpriseRow = typeof enterprises.$inferSelect;
export type EnterpriseValues = Omit<
  typeof enterprises.$inferInsert,
  "id" | "searchGrams" | "version" | "createdAt" | "updatedAt"
>;

/** Name fragment or code fragment: every gram through the GIN index, then a LIKE recheck. */
export function enterpriseSearch(q: string): SQL | undefined {
  const grams = queryGrams(q);
  if (grams.length === 0) return undefined;
  const needle = q.replace(/\s+/g, "");
  return sql`(${enterprises.searchGrams} @> ${sql`array[${sql.join(
    grams.map((g) => sql`${g}`),
    sql`, `,
  )}]::text[]`}
    and (lower(${enterprises.name}) like ${`%${needle.toLowerCase()}%`} or ${enterprises.creditCode} like ${`%${needle.toUpperCase()}%`}))`;
}

/** Has an active 分包领导 assignment. */
export const hasActiveLeader = sql`exists (select 1 from ${liaisonAssignments} la where la.enterprise_id = ${enterprises.id}
  and la.role = 'lead_leader' and ${isActiveOn("la")})`;

const sortColumns = {
  name: enterprises.name,
  creditCode: enterprises.creditCode,
  foundedOn: enterprises.foundedOn,
  registeredCapital: enterprises.registeredCapital,
  updatedAt: enterprises.updatedAt,
} as const;

export interface FindEnterprisesParams {
  where: SQL | undefined;
  sort: string;
  limit: number;
  offset: number;
  /** Count at most this many rows: a one-character search can match every row, and counting them all is the slow part. */
  countCap?: number;
}

export async function findEnterprises(db: Db, p: FindEnterprisesParams) {
  const descending = p.sort.startsWith("-");
  const key = p.sort.replace(/^-/, "") as keyof typeof sortColumns; // validated by the contract's regex
  const column = sortColumns[key] ?? enterprises.name;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(enterprises)
      .where(p.where)
      .orderBy(descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`, asc(enterprises.id))
      .limit(p.limit)
      .offset(p.offset),
    p.countCap === undefined
      ? db.select({ n: count() }).from(enterprises).where(p.where)
      : db.select({ n: count() }).from(
          db
            .select({ one: sql`1` })
            .from(enterprises)
            .where(p.where)
            .limit(p.countCap + 1)
            .as("capped"),
        ),
  ]);
  const n = total?.n ?? 0;
  const isCapped = p.countCap !== undefined && n > p.countCap;
  return { rows, total: isCapped ? (p.countCap ?? n) : n, totalIsLowerBound: isCapped };
}

/** Tags, active liaisons and org-unit names for a page of enterprises, in three queries. */
export async function loadEnterpriseDetails(db: Db, ids: string[]) {
  if (ids.length === 0) return { tagsOf: new Map(), liaisonsOf: new Map(), unitNames: new Map() };
  const [tagRows, liaisonRows, unitRows] = await Promise.all([
    db
      .select({ enterpriseId: enterpriseTags.enterpriseId, id: tags.id, name: tags.name })
      .from(enterpriseTags)
      .innerJoin(tags, eq(tags.id, enterpriseTags.tagId))
      .where(inArray(enterpriseTags.enterpriseId, ids))
      .orderBy(asc(tags.sortOrder), asc(tags.name)),
    db
      .select({
        enterpriseId: liaisonAssignments.enterpriseId,
        assignmentId: liaisonAssignments.id,
        userId: users.id,
        displayName: users.displayName,
        role: liaisonAssignments.role,
      })
      .from(liaisonAssignments)
      .innerJoin(users, eq(users.id, liaisonAssignments.userId))
      .where(and(inArray(liaisonAssignments.enterpriseId, ids), isActiveOn()))
      .orderBy(asc(liaisonAssignments.role), asc(users.displayName)),
    db
      .select({ id: orgUnits.id, name: orgUnits.name })
      .from(orgUnits)
      .where(
        inArray(
          orgUnits.id,
          sql`(select ${enterprises.orgUnitId} from ${enterprises} where ${inArray(enterprises.id, ids)})`,
        ),
      ),
  ]);
  const group = <T extends { enterpriseId: string | null }>(rows: T[]) => {
    const map = new Map<string, Omit<T, "enterpriseId">[]>();
    for (const { enterpriseId, ...rest } of rows) {
      if (enterpriseId === null) continue;
      const list = map.get(enterpriseId) ?? [];
      list.push(rest);
      map.set(enterpriseId, list);
    }
    return map;
  };
  return {
    tagsOf: group(tagRows),
    liaisonsOf: group(liaisonRows),
    unitNames: new Map(unitRows.map((u) => [u.id, u.name])),
  };
}

export async function getEnterpriseRow(db: Db, id: string, visible: SQL): Promise<EnterpriseRow | undefined> {
  const [row] = await db
    .select()
    .from(enterprises)
    .where(and(eq(enterprises.id, id), visible));
  return row;
}

export async function insertEnterprise(db: Db, values: EnterpriseValues): Promise<EnterpriseRow> {
  const [row] = await db
    .insert(enterprises)
    .values({ ...values, searchGrams: searchGramsOf(values.name, values.creditCode) })
    .returning();
  if (!row) throw new Error("insert enterprise returned nothing");
  return row;
}

export function updateEnterpriseRow(db: Db, id: string, version: number, values: Partial<EnterpriseValues>) {
  const grams =
    values.name !== undefined && values.creditCode !== undefined
      ? { searchGrams: searchGramsOf(values.name, values.creditCode) }
      : {};
  return db
    .update(enterprises)
    .set({ ...values, ...grams, version: sql`${enterprises.version} + 1`, updatedAt: new Date() })
    .where(and(eq(enterprises.id, id), eq(enterprises.version, version)))
    .returning();
}

/** Replaces the enterprise's tags with exactly `tagIds`. */
export async function setEnterpriseTags(db: Db, enterpriseId: string, tagIds: string[]): Promise<void> {
  await db.delete(enterpriseTags).where(eq(enterpriseTags.enterpriseId, enterpriseId));
  if (tagIds.length > 0) {
    await db.insert(enterpriseTags).values([...new Set(tagIds)].map((tagId) => ({ enterpriseId, tagId })));
  }
}

export async function tagIdsOf(db: Db, enterpriseId: string): Promise<string[]> {
  const rows = await db
    .select({ tagId: enterpriseTags.tagId })
    .from(enterpriseTags)
    .where(eq(enterpriseTags.enterpriseId, enterpriseId));
  return rows.map((r) => r.tagId).sort();
}

export async function findEnterprisesByCreditCodes(db: Db, codes: string[]): Promise<EnterpriseRow[]> {
  if (codes.length === 0) return [];
  return db.select().from(enterprises).where(inArray(enterprises.creditCode, codes));
}

/** Inserts many enterprises in batches of 500, computing their search grams. */
export async function insertEnterprises(db: Db, values: EnterpriseValues[]): Promise<EnterpriseRow[]> {
  const out: EnterpriseRow[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500).map((v) => ({ ...v, searchGrams: searchGramsOf(v.name, v.creditCode) }));
    out.push(...(await db.insert(enterprises).values(chunk).returning()));
  }
  return out;
}

/** Sorted tag ids per enterprise. */
export async function tagIdsByEnterprise(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (ids.length === 0) return map;
  const rows = await db.select().from(enterpriseTags).where(inArray(enterpriseTags.enterpriseId, ids));
  for (const r of rows) map.set(r.enterpriseId, [...(map.get(r.enterpriseId) ?? []), r.tagId].sort());
  return map;
}
