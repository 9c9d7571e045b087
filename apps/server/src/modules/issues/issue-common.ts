import { type IssueStatus, type Role, runningIssueStatuses } from "@zonedesk/contracts";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { isUnitOrAncestorOf } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { fieldError, notFound } from "../../lib/errors.js";
import { deadlineAfter } from "../../lib/working-days.js";
import { departments } from "../departments/departments.table.js";
import { type Notice, notify } from "../notifications/notifications.service.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { type IssueRow, insertIssueEvent } from "./issues.queries.js";
import { issueCategories, issueExtensions } from "./issues.table.js";

/*
 * Rules and helpers shared by the ledger's services (creation, transitions, meeting decisions, the deadline
 * check): the history, who is told, deadlines, routing targets.
 */

/** Statuses in which the deadline runs (a department holds the issue). */
export const RUNNING: readonly IssueStatus[] = runningIssueStatuses;
export const isRunning = (status: IssueStatus) => RUNNING.includes(status);

export interface IssueEventInput {
  issueId: string;
  action: string;
  fromStatus: IssueStatus | null;
  toStatus: IssueStatus | null;
  /** null = the system (系统), e.g. the scheduled overdue check. */
  actor: Actor | null;
  note?: string | null;
  data?: unknown;
}

/** Appends one entry to an issue's history (issue_events), in the caller's transaction. */
export async function recordIssueEvent(tx: Db, event: IssueEventInput): Promise<string> {
  return insertIssueEvent(tx, {
    issueId: event.issueId,
    action: event.action,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorUserId: event.actor?.userId ?? null,
    actorName: event.actor?.displayName ?? "系统",
    note: event.note ?? null,
    data: event.data ?? null,
  });
}

/** The active users of `role` in the unit `orgUnitId` or one of its ancestors, with their unit's path. */
export function activeUsersAbove(tx: Db, role: Role, orgUnitId: string): Promise<{ id: string; path: string }[]> {
  return tx
    .select({ id: users.id, path: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(eq(users.role, role), eq(users.isDisabled, false), isUnitOrAncestorOf(orgUnitId)));
}

/**
 * The administrators who dispatch the issues of `orgUnitId`: the active admins of that unit, or of its
 * nearest ancestor that has any.
 */
export async function dispatchersOf(tx: Db, orgUnitId: string): Promise<string[]> {
  const rows = await activeUsersAbove(tx, "admin", orgUnitId);
  const deepest = Math.max(0, ...rows.map((r) => r.path.length));
  return rows.filter((r) => r.path.length === deepest).map((r) => r.id);
}

/** The active users of the enterprise (企业联系人). */
export async function enterpriseUsersOf(tx: Db, enterpriseId: string | null): Promise<string[]> {
  if (enterpriseId === null) return [];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.enterpriseId, enterpriseId), eq(users.isDisabled, false)));
  return rows.map((r) => r.id);
}

/** The default answer deadline of a category, counted from `start`. */
export async function categoryDeadline(tx: Db, categoryId: string, start: string): Promise<string> {
  const [category] = await tx.select().from(issueCategories).where(eq(issueCategories.id, categoryId));
  if (!category) throw notFound("问题类别");
  return deadlineAfter(tx, start, category.deadlineDays, category.deadlineInWorkingDays);
}

/**
 * Checks that departments may receive an issue of `orgUnitId`: they exist, are active and belong to the
 * issue's unit or one of its ancestors (the zone's 委局, the city's bureaus). A department of another zone is
 * refused even for a city administrator: it could not see the issue it was given.
 */
export async function assertRoutableDepartments(
  tx: Db,
  orgUnitId: string,
  ids: { leadDepartmentId: string; coDepartmentIds: readonly string[] },
  fields: { lead: string; co: string } = { lead: "leadDepartmentId", co: "coDepartmentIds" },
): Promise<Map<string, string>> {
  const all = [...new Set([ids.leadDepartmentId, ...ids.coDepartmentIds])];
  const rows = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
    .where(and(inArray(departments.id, all), eq(departments.isArchived, false), isUnitOrAncestorOf(orgUnitId)));
  const names = new Map(rows.map((r) => [r.id, r.name]));
  if (!names.has(ids.leadDepartmentId)) {
    throw fieldError(fields.lead, "牵头单位不存在、已停用或不属于该问题所在区域");
  }
  const badCo = ids.coDepartmentIds.findIndex((id) => !names.has(id));
  if (badCo >= 0) throw fieldError(`${fields.co}.${badCo}`, "配合单位不存在、已停用或不属于该问题所在区域");
  return names;
}

/** The latest deadline accepted: one year from today. */
export function latestDeadline(today: string): string {
  return `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, "-02-28");
}

/** Refuses a deadline before today or more than a year ahead, naming the field. */
export function assertDeadlineInRange(field: string, label: string, day: string, today: string): void {
  if (day < today) throw fieldError(field, `${label}不能早于今天（${today}）`);
  const latest = latestDeadline(today);
  if (day > latest) throw fieldError(field, `${label}不能晚于一年后（${latest}）`);
}

export const EXTENSION_LAPSED_NOTE = "问题状态已变化，申请自动失效";

/**
 * Closes the issue's pending extension request, if any, as refused with a note saying why, and records it
 * in the history: called in the transaction of every change that takes the issue out of the department's
 * hands (answer, bounce, rating, closing) or gives it to another lead department (route, reroute, meeting).
 */
export async function lapsePendingExtension(tx: Db, issueId: string, status: IssueStatus): Promise<void> {
  const lapsed = await tx
    .update(issueExtensions)
    .set({ status: "refused", decidedBy: null, decidedAt: new Date(), decisionNote: EXTENSION_LAPSED_NOTE })
    .where(and(eq(issueExtensions.issueId, issueId), eq(issueExtensions.status, "pending")))
    .returning();
  for (const x of lapsed) {
    await recordIssueEvent(tx, {
      issueId,
      action: "extension_lapsed",
      fromStatus: status,
      toStatus: status,
      actor: null,
      note: EXTENSION_LAPSED_NOTE,
      data: { extensionId: x.id, requestedDueOn: x.requestedDueOn, departmentId: x.departmentId },
    });
  }
}

/** How a notice names the issue: "WT-2026-000123 厂区供电容量不足". */
export const titleOf = (i: Pick<IssueRow, "serialNo" | "title">) => `${i.serialNo} ${i.title}`;

export interface Recipients {
  userIds?: string[];
  departmentIds?: string[];
}

/** A notice to send with a change, addressed to users and/or the members of departments. */
export interface PlannedNotice {
  to: Recipients;
  notice: Omit<Notice, "issueId" | "link">;
}

/** Sends the planned notices of a change of the issue, in the caller's transaction. */
export async function sendIssueNotices(tx: Db, issueId: string, notices: readonly PlannedNotice[]): Promise<void> {
  for (const n of notices) await notify(tx, n.to, { ...n.notice, issueId, link: `/issues/${issueId}` });
}

/**
 * The notices of a routing (交办、改派, by the dispatcher or a meeting decision): 新交办问题 to the lead and
 * co-departments (also to the WeCom group), and to the departments taken off the issue that they no longer
 * hold it.
 */
export function routingNotices(
  issue: Pick<IssueRow, "serialNo" | "title">,
  p: { leadDepartmentId: string; leadName: string; coDepartmentIds: string[]; removed: string[]; body: string },
): PlannedNotice[] {
  return [
    {
      to: { departmentIds: [p.leadDepartmentId, ...p.coDepartmentIds] },
      notice: { kind: "issue_routed", title: `新交办问题：${titleOf(issue)}`, body: p.body },
    },
    ...(p.removed.length > 0
      ? [
          {
            to: { departmentIds: p.removed },
            notice: {
              kind: "issue_routed" as const,
              title: `问题已改派其他单位：${titleOf(issue)}`,
              body: `该问题已改由${p.leadName}牵头办理，贵单位无需继续办理`,
            },
          },
        ]
      : []),
  ];
}
