import type { IssueListItem, IssueListQuery, IssuePage } from "@zonedesk/contracts";
import { and, eq, gt, gte, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { inOrgSubtree, requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { todayInBeijing } from "../../lib/format.js";
import { containsPattern } from "../../lib/like.js";
import { addWorkingDays } from "../../lib/working-days.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { isRunning, RUNNING } from "./issue-common.js";
import { findIssues, type IssueWithNames } from "./issues.queries.js";
import { issueDepartments, issues } from "./issues.table.js";

// The ledger list (GET /api/issues) and the filters the export shares.

export interface Today {
  today: string;
  /** Last day counted as "due soon": 2 working days from today. */
  soonLimit: string;
}

/** Beijing today and the last day counted as due soon. */
export async function todayOf(db: Db): Promise<Today> {
  const today = todayInBeijing();
  return { today, soonLimit: await addWorkingDays(db, today, 2) };
}

/** The list filters as one condition, always inside what the actor may see. */
export function issueListWhere(
  actor: Actor,
  query: Omit<IssueListQuery, "page" | "pageSize" | "sort">,
  t: Today,
): SQL | undefined {
  const running = inArray(issues.status, [...RUNNING]);
  const overdue = and(running, lt(issues.dueOn, t.today));
  const dueSoon = and(running, gte(issues.dueOn, t.today), lte(issues.dueOn, t.soonLimit));
  const like = query.q ? containsPattern(query.q) : null;
  return and(
    visibleIssues(actor),
    query.status?.length ? inArray(issues.status, query.status) : undefined,
    query.categoryId ? eq(issues.categoryId, query.categoryId) : undefined,
    query.departmentId
      ? sql`exists (select 1 from ${issueDepartments} d where d.issue_id = ${issues.id} and d.department_id = ${query.departmentId})`
      : undefined,
    query.orgUnitId ? inOrgSubtree(issues.orgUnitId, query.orgUnitId) : undefined,
    query.enterpriseId ? eq(issues.enterpriseId, query.enterpriseId) : undefined,
    query.projectId ? eq(issues.projectId, query.projectId) : undefined,
    query.overdue === undefined ? undefined : query.overdue ? overdue : sql`not coalesce(${overdue}, false)`,
    query.dueSoon === undefined ? undefined : query.dueSoon ? dueSoon : sql`not coalesce(${dueSoon}, false)`,
    query.escalated === undefined
      ? undefined
      : query.escalated
        ? gt(issues.escalationLevel, 0)
        : eq(issues.escalationLevel, 0),
    like
      ? sql`(${issues.title} like ${like} or ${issues.description} like ${like} or ${issues.serialNo} like ${like.toUpperCase()} or ${enterprises.name} like ${like})`
      : undefined,
    query.createdFrom ? gte(issues.createdAt, new Date(`${query.createdFrom}T00:00:00+08:00`)) : undefined,
    query.createdTo
      ? lt(issues.createdAt, new Date(new Date(`${query.createdTo}T00:00:00+08:00`).getTime() + 86_400_000))
      : undefined,
  );
}

export const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/**
 * One ledger row as the API answers it. The responsible leader is staff: an enterprise user sees neither
 * the id nor the name (as the detail hides staff names from it).
 */
export function toListItem(row: IssueWithNames, t: Today, actor: Actor): IssueListItem {
  const i = row.issue;
  const running = isRunning(i.status);
  const showsStaff = actor.role !== "enterprise";
  return {
    id: i.id,
    serialNo: i.serialNo,
    title: i.title,
    status: i.status,
    source: i.source,
    outcome: i.outcome,
    categoryId: i.categoryId,
    categoryName: row.categoryName,
    orgUnitId: i.orgUnitId,
    orgUnitName: row.orgUnitName,
    enterpriseId: i.enterpriseId,
    enterpriseName: row.enterpriseName,
    projectId: i.projectId,
    projectName: row.projectName,
    leadDepartmentId: i.leadDepartmentId,
    leadDepartmentName: row.leadDepartmentName,
    dueOn: i.dueOn,
    originalDueOn: i.originalDueOn,
    deadlineMissedAt: iso(i.deadlineMissedAt),
    responsibleLeaderId: showsStaff ? i.responsibleLeaderId : null,
    responsibleLeaderName: showsStaff ? row.responsibleLeaderName : null,
    isOverdue: running && i.dueOn !== null && i.dueOn < t.today,
    isDueSoon: running && i.dueOn !== null && i.dueOn >= t.today && i.dueOn <= t.soonLimit,
    escalationLevel: i.escalationLevel,
    rating: i.rating,
    reopenCount: i.reopenCount,
    createdAt: i.createdAt.toISOString(),
    routedAt: iso(i.routedAt),
    answeredAt: iso(i.answeredAt),
    closedAt: iso(i.closedAt),
    version: i.version,
  };
}

/** GET /api/issues: one page of the ledger within the actor's scope. */
export async function listIssues(db: Db, actor: Actor, query: IssueListQuery): Promise<IssuePage> {
  requirePermission(actor, "issue.read");
  const t = await todayOf(db);
  const { rows, total } = await findIssues(db, {
    where: issueListWhere(actor, query, t),
    sort: query.sort,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { data: rows.map((r) => toListItem(r, t, actor)), total, page: query.page, pageSize: query.pageSize };
}
