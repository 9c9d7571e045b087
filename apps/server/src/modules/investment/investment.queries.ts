import { and, asc, count, desc, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projectTotalInvestmentOf } from "../projects/index.js";
import { users } from "../users/users.table.js";
import { investmentLeads, leadActivities, leadStageEvents } from "./investment.table.js";

export type LeadRow = typeof investmentLeads.$inferSelect;
export type LeadValues = Omit<typeof investmentLeads.$inferInsert, "id" | "version" | "createdAt" | "updatedAt">;
export type LeadStageValue = LeadRow["stage"];
export type LeadActivityRow = typeof leadActivities.$inferSelect;

/** 签约金额: the total investment of the key project a lead was signed into (null before signing). */
export const leadSignedInvestment = projectTotalInvestmentOf(investmentLeads.projectId);

/**
 * The amount of a lead, one rule for the 10亿元以上 flag, the list filter and the pipeline figures: its signed
 * project's total investment once it has one, else its intended investment (null when neither).
 */
export const leadAmount = sql<string | null>`coalesce(${leadSignedInvestment}, ${investmentLeads.intendedInvestment})`;

/**
 * A lead row with the names and the date of its latest activity, as lists show it. `signedInvestment` is project
 * data: null unless the reader sees the project (`visibleProject`, a condition on projects); `amount` (the one rule
 * of 10亿元以上, which lead lists and figures classify by) is lead data.
 */
function leadListColumns(visibleProject: SQL) {
  return {
    ...getTableColumns(investmentLeads),
    signedInvestment: sql<string | null>`${projectTotalInvestmentOf(investmentLeads.projectId, visibleProject)}::text`,
    amount: sql<string | null>`${leadAmount}::text`,
    orgUnitName: orgUnits.name,
    ownerName: users.displayName,
    lastActivityOn: sql<
      string | null
    >`(select max(${leadActivities.occurredOn})::text from ${leadActivities} where ${leadActivities.leadId} = ${investmentLeads.id})`,
  };
}
export type LeadListRow = LeadRow & {
  orgUnitName: string;
  ownerName: string | null;
  lastActivityOn: string | null;
  signedInvestment: string | null;
  amount: string | null;
};

const sortColumns = {
  updatedAt: investmentLeads.updatedAt,
  createdAt: investmentLeads.createdAt,
  intendedInvestment: investmentLeads.intendedInvestment,
  projectName: investmentLeads.projectName,
} as const;

export interface FindLeadsParams {
  where: SQL | undefined;
  /** The projects the reader sees (visibleProjects(actor)): a lead's signed amount shows only for those. */
  visibleProject: SQL;
  sort: string;
  limit: number;
  offset: number;
}

export async function findLeads(db: Db, p: FindLeadsParams): Promise<{ rows: LeadListRow[]; total: number }> {
  const descending = p.sort.startsWith("-");
  const key = p.sort.replace(/^-/, "") as keyof typeof sortColumns; // validated by the contract's regex
  const column = sortColumns[key] ?? investmentLeads.updatedAt;
  const [rows, [total]] = await Promise.all([
    db
      .select(leadListColumns(p.visibleProject))
      .from(investmentLeads)
      .innerJoin(orgUnits, eq(orgUnits.id, investmentLeads.orgUnitId))
      .leftJoin(users, eq(users.id, investmentLeads.ownerUserId))
      .where(p.where)
      .orderBy(descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`, asc(investmentLeads.id))
      .limit(p.limit)
      .offset(p.offset),
    db.select({ n: count() }).from(investmentLeads).where(p.where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function getLeadListRow(
  db: Db,
  p: { id: string; visible: SQL; visibleProject: SQL },
): Promise<LeadListRow | undefined> {
  const [row] = await db
    .select(leadListColumns(p.visibleProject))
    .from(investmentLeads)
    .innerJoin(orgUnits, eq(orgUnits.id, investmentLeads.orgUnitId))
    .leftJoin(users, eq(users.id, investmentLeads.ownerUserId))
    .where(and(eq(investmentLeads.id, p.id), p.visible));
  return row;
}

export async function getLeadRow(db: Db, id: string, visible: SQL): Promise<LeadRow | undefined> {
  const [row] = await db
    .select()
    .from(investmentLeads)
    .where(and(eq(investmentLeads.id, id), visible));
  return row;
}

/** Per stage: how many leads and their Σ intended investment (yuan, text). */
export async function countLeadsByStage(db: Db, where: SQL | undefined) {
  return db
    .select({
      stage: investmentLeads.stage,
      count: sql<number>`count(*)::int`,
      amount: sql<string>`coalesce(sum(${investmentLeads.intendedInvestment}), 0)::numeric(20, 2)::text`,
    })
    .from(investmentLeads)
    .where(where)
    .groupBy(investmentLeads.stage);
}

export async function insertLead(db: Db, values: LeadValues): Promise<LeadRow> {
  const [row] = await db.insert(investmentLeads).values(values).returning();
  if (!row) throw new Error("insert lead returned nothing");
  return row;
}

export function updateLeadRow(db: Db, id: string, version: number, values: Partial<LeadValues>) {
  return db
    .update(investmentLeads)
    .set({ ...values, version: sql`${investmentLeads.version} + 1`, updatedAt: new Date() })
    .where(and(eq(investmentLeads.id, id), eq(investmentLeads.version, version)))
    .returning();
}

/** Changes the stage only if the lead is still at `expected`: of two concurrent moves, one finds nothing to update. */
export function updateLeadStageRow(db: Db, id: string, expected: LeadStageValue, values: Partial<LeadValues>) {
  return db
    .update(investmentLeads)
    .set({ ...values, version: sql`${investmentLeads.version} + 1`, updatedAt: new Date() })
    .where(and(eq(investmentLeads.id, id), eq(investmentLeads.stage, expected)))
    .returning();
}

export interface StageEventValues {
  leadId: string;
  fromStage: LeadStageValue | null;
  toStage: LeadStageValue;
  occurredOn: string;
  actorUserId: string | null;
  actorName: string;
  note: string | null;
  data?: unknown;
}

export async function insertStageEvents(db: Db, events: StageEventValues[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(leadStageEvents).values(events);
}

export function findStageEvents(db: Db, leadId: string) {
  return db
    .select()
    .from(leadStageEvents)
    .where(eq(leadStageEvents.leadId, leadId))
    .orderBy(asc(leadStageEvents.createdAt), asc(leadStageEvents.occurredOn));
}

/** The stage a lead was at when it was last terminated. */
export async function stageBeforeTermination(db: Db, leadId: string): Promise<LeadStageValue | null> {
  const [row] = await db
    .select({ fromStage: leadStageEvents.fromStage })
    .from(leadStageEvents)
    .where(and(eq(leadStageEvents.leadId, leadId), eq(leadStageEvents.toStage, "terminated")))
    .orderBy(desc(leadStageEvents.createdAt))
    .limit(1);
  return (row?.fromStage as LeadStageValue | null | undefined) ?? null;
}

const activityColumns = { ...getTableColumns(leadActivities), createdByName: users.displayName };

export function findActivities(db: Db, leadId: string) {
  return db
    .select(activityColumns)
    .from(leadActivities)
    .leftJoin(users, eq(users.id, leadActivities.createdBy))
    .where(eq(leadActivities.leadId, leadId))
    .orderBy(desc(leadActivities.occurredOn), desc(leadActivities.createdAt));
}

export async function getActivity(db: Db, leadId: string, activityId: string) {
  const [row] = await db
    .select(activityColumns)
    .from(leadActivities)
    .leftJoin(users, eq(users.id, leadActivities.createdBy))
    .where(and(eq(leadActivities.id, activityId), eq(leadActivities.leadId, leadId)));
  return row;
}

export async function insertActivity(db: Db, values: typeof leadActivities.$inferInsert): Promise<LeadActivityRow> {
  const [row] = await db.insert(leadActivities).values(values).returning();
  if (!row) throw new Error("insert activity returned nothing");
  return row;
}

export function updateActivityRow(db: Db, id: string, values: Partial<typeof leadActivities.$inferInsert>) {
  return db.update(leadActivities).set(values).where(eq(leadActivities.id, id)).returning();
}

export function deleteActivityRow(db: Db, id: string) {
  return db.delete(leadActivities).where(eq(leadActivities.id, id)).returning();
}

/** Display names of users, by id. */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The province-level unit at the top of `path` (e.g. 河南省), if the tree has one. */
export async function provinceOfPath(db: Db, path: string): Promise<string | null> {
  const [row] = await db
    .select({ name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, "province"), sql`${path} like ${orgUnits.path} || '%'`))
    .orderBy(sql`length(${orgUnits.path})`)
    .limit(1);
  return row?.name ?? null;
}
