import {
  type CreateIssueInput,
  type IssueDetail,
  type IssueListItem,
  type IssueListQuery,
  type IssuePage,
  type IssueSource,
  type IssueStatus,
  issueStatusLabels,
} from "@zonedesk/contracts";
import { and, eq, gt, gte, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  assertEnterpriseVisible,
  assertProjectVisible,
  inOrgScope,
  inOrgSubtree,
  requirePermission,
  visibleIssues,
} from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { addWorkingDays, deadlineAfter } from "../../lib/working-days.js";
import { departments } from "../departments/departments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { notify } from "../notifications/notifications.service.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import { allowedActionsOf, type WorkflowIssue } from "./issue-workflow.js";
import {
  findIssueAttachments,
  findIssueDepartments,
  findIssueEvents,
  findIssueExtensions,
  findIssues,
  findPendingExtension,
  getIssueWithNames,
  type IssueRow,
  type IssueWithNames,
  insertIssue,
  insertIssueEvent,
  lockIssueRow,
  nextSerialNo,
  setIssueDepartments,
  updateIssueGuarded,
} from "./issues.queries.js";
import { issueCategories, issueDepartments, issueExtensions, issues } from "./issues.table.js";

const RUNNING: IssueStatus[] = ["routed", "in_progress"];

// ── Shared helpers other modules call ─────────────────────────────────────────

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

/**
 * The administrators who dispatch the issues of `orgUnitId`: the active admins of that unit, or of its
 * nearest ancestor that has any.
 */
export async function dispatchersOf(tx: Db, orgUnitId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id, path: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        eq(users.role, "admin"),
        eq(users.isDisabled, false),
        sql`(select u.path from ${orgUnits} u where u.id = ${orgUnitId}) like ${orgUnits.path} || '%'`,
      ),
    );
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
    .where(
      and(
        inArray(departments.id, all),
        eq(departments.isArchived, false),
        sql`(select u.path from ${orgUnits} u where u.id = ${orgUnitId}) like ${orgUnits.path} || '%'`,
      ),
    );
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

// ── Creating an issue ────────────────────────────────────────────────────────

/**
 * Records a new issue (待受理) in the caller's transaction: checks the category and that the enterprise /
 * project is one the actor may report for (an enterprise user: always its own enterprise), numbers it
 * WT-<year>-<6 digits>, writes its first history entry and the audit row.
 */
export async function createIssueInTx(
  tx: Db,
  actor: Actor,
  input: CreateIssueInput,
  origin: { source: IssueSource; visitId?: string | null },
): Promise<{ id: string; serialNo: string }> {
  requirePermission(actor, "issue.create");
  let enterpriseId = input.enterpriseId ?? null;
  let projectId = input.projectId ?? null;
  if (actor.role === "enterprise") {
    if (actor.enterpriseId === null) throw new AppError("FORBIDDEN", "您的账号未关联企业，不能反映问题");
    enterpriseId = actor.enterpriseId;
    if (projectId !== null) {
      const [project] = await tx.select({ e: projects.enterpriseId }).from(projects).where(eq(projects.id, projectId));
      if (project?.e !== enterpriseId) projectId = null;
    }
  } else {
    if (enterpriseId !== null) await assertEnterpriseVisible(tx, actor, enterpriseId);
    if (projectId !== null) await assertProjectVisible(tx, actor, projectId);
  }
  if (enterpriseId === null && projectId === null) throw fieldError("enterpriseId", "请选择问题涉及的企业或项目");

  const [category] = await tx.select().from(issueCategories).where(eq(issueCategories.id, input.categoryId));
  if (!category || category.isArchived) throw fieldError("categoryId", "问题类别不存在或已停用");

  const orgUnitId = await subjectOrgUnit(tx, enterpriseId, projectId);
  const serialNo = await nextSerialNo(tx, todayInBeijing().slice(0, 4));
  const isEnterprise = actor.role === "enterprise";
  const row = await insertIssue(tx, {
    serialNo,
    orgUnitId,
    enterpriseId,
    projectId,
    visitId: origin.visitId ?? null,
    categoryId: category.id,
    title: input.title,
    description: input.description,
    source: origin.source,
    status: "received",
    reporterName: input.reporterName ?? (isEnterprise ? actor.displayName : null),
    reporterPhone: input.reporterPhone ?? null,
    reportedBy: actor.userId,
  });
  await recordIssueEvent(tx, {
    issueId: row.id,
    action: "created",
    fromStatus: null,
    toStatus: "received",
    actor,
    data: { source: origin.source, visitId: origin.visitId ?? null },
  });
  await writeAudit(tx, actor, {
    action: "issue.create",
    entityType: "issue",
    entityId: row.id,
    orgUnitId,
    summary: `${serialNo} ${row.title}`,
    after: row,
  });
  return { id: row.id, serialNo };
}

async function subjectOrgUnit(tx: Db, enterpriseId: string | null, projectId: string | null): Promise<string> {
  if (enterpriseId !== null) {
    const [e] = await tx.select({ o: enterprises.orgUnitId }).from(enterprises).where(eq(enterprises.id, enterpriseId));
    if (e) return e.o;
  }
  if (projectId !== null) {
    const [p] = await tx.select({ o: projects.orgUnitId }).from(projects).where(eq(projects.id, projectId));
    if (p) return p.o;
  }
  throw fieldError("enterpriseId", "问题涉及的企业或项目不存在");
}

/** POST /api/issues: the source follows from who reports (the dispatcher chooses hotline, meeting…). */
export async function createIssue(
  db: Db,
  actor: Actor,
  input: CreateIssueInput,
): Promise<{ id: string; serialNo: string }> {
  requirePermission(actor, "issue.create");
  const source: IssueSource =
    actor.role === "enterprise"
      ? "enterprise"
      : actor.role === "admin"
        ? (input.source ?? "dispatcher")
        : (input.source ?? "other");
  return db.transaction((tx) => createIssueInTx(tx, actor, input, { source }));
}

// ── Reading ──────────────────────────────────────────────────────────────────

interface Today {
  today: string;
  /** Last day counted as "due soon": 2 working days from today. */
  soonLimit: string;
}

async function todayOf(db: Db): Promise<Today> {
  const today = todayInBeijing();
  return { today, soonLimit: await addWorkingDays(db, today, 2) };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The list filters as one condition, always inside what the actor may see. */
export function issueListWhere(
  actor: Actor,
  query: Omit<IssueListQuery, "page" | "pageSize" | "sort">,
  t: Today,
): SQL | undefined {
  const running = inArray(issues.status, RUNNING);
  const overdue = and(running, lt(issues.dueOn, t.today));
  const dueSoon = and(running, gte(issues.dueOn, t.today), lte(issues.dueOn, t.soonLimit));
  const like = query.q ? `%${escapeLike(query.q)}%` : null;
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

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function toListItem(row: IssueWithNames, t: Today): IssueListItem {
  const i = row.issue;
  const running = RUNNING.includes(i.status);
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
  return { data: rows.map((r) => toListItem(r, t)), total, page: query.page, pageSize: query.pageSize };
}

/** What the workflow needs to decide, loaded for one issue. */
export async function workflowStateOf(db: Db, issue: IssueRow): Promise<WorkflowIssue> {
  const depts = await findIssueDepartments(db, [issue.id]);
  const pending = await findPendingExtension(db, issue.id);
  return {
    status: issue.status,
    enterpriseId: issue.enterpriseId,
    departments: depts.map((d) => ({ departmentId: d.departmentId, role: d.role })),
    hasPendingExtension: pending !== undefined,
    escalationLevel: issue.escalationLevel,
  };
}

/** GET /api/issues/:id: the issue, its departments, timeline, extensions, attachments and allowed actions. */
export async function getIssue(db: Db, actor: Actor, id: string): Promise<IssueDetail> {
  requirePermission(actor, "issue.read");
  const row = await getIssueWithNames(db, id, visibleIssues(actor));
  if (!row) throw notFound("问题", { isAccessRefusal: true });
  const t = await todayOf(db);
  const i = row.issue;
  const depts = await findIssueDepartments(db, [id]);
  const events = await findIssueEvents(db, id);
  const extensions = await findIssueExtensions(db, id);
  const attachments = await findIssueAttachments(db, id);
  const pending = extensions.some((x) => x.extension.status === "pending");
  const reporter = i.reportedBy
    ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, i.reportedBy))
    : [];
  const workflow: WorkflowIssue = {
    status: i.status,
    enterpriseId: i.enterpriseId,
    departments: depts.map((d) => ({ departmentId: d.departmentId, role: d.role })),
    hasPendingExtension: pending,
    escalationLevel: i.escalationLevel,
  };
  const detail: IssueDetail = {
    ...toListItem(row, t),
    description: i.description,
    visitId: i.visitId,
    reporterName: i.reporterName,
    reporterPhone: i.reporterPhone,
    reportedBy: i.reportedBy,
    reportedByName: reporter[0]?.name ?? null,
    answer: i.answer,
    bounceReason: i.bounceReason,
    ratedAt: iso(i.ratedAt),
    escalatedAt: iso(i.escalatedAt),
    updatedAt: i.updatedAt.toISOString(),
    departments: depts.map((d) => ({ departmentId: d.departmentId, name: d.name, role: d.role })),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: (e.fromStatus as IssueStatus | null) ?? null,
      toStatus: (e.toStatus as IssueStatus | null) ?? null,
      actorUserId: e.actorUserId,
      actorName: e.actorName,
      note: e.note,
      data: e.data ?? null,
      createdAt: e.createdAt.toISOString(),
    })),
    extensions: extensions.map((x) => ({
      id: x.extension.id,
      departmentId: x.extension.departmentId,
      departmentName: x.departmentName,
      requestedBy: x.extension.requestedBy,
      requestedByName: x.requestedByName,
      currentDueOn: x.extension.currentDueOn,
      requestedDueOn: x.extension.requestedDueOn,
      reason: x.extension.reason,
      status: x.extension.status,
      decidedBy: x.extension.decidedBy,
      decidedByName: x.decidedByName,
      decidedAt: iso(x.extension.decidedAt),
      decisionNote: x.extension.decisionNote,
      createdAt: x.extension.createdAt.toISOString(),
    })),
    attachments: attachments.map((a) => ({
      id: a.attachment.id,
      fileName: a.attachment.fileName,
      contentType: a.attachment.contentType,
      sizeBytes: a.attachment.sizeBytes,
      sha256: a.attachment.sha256,
      uploadedBy: a.attachment.uploadedBy,
      uploadedByName: a.uploadedByName,
      createdAt: a.attachment.createdAt.toISOString(),
    })),
    allowedActions: allowedActionsOf(actor, workflow),
  };
  return actor.role === "enterprise" ? enterpriseViewOf(db, detail) : detail;
}

/** Timeline entries an enterprise sees; the rest (退回, 督办, 延期, 会议, 附件…) is the administration's own. */
const enterpriseEventActions = new Set([
  "created",
  "routed",
  "rerouted",
  "accepted",
  "progress",
  "answered",
  "rated",
  "reopened",
  "declined",
  "closed",
]);
/** Entries whose note the enterprise reads (its own words, the answer, the reason for closing). */
const enterpriseNoteActions = new Set(["created", "progress", "answered", "rated", "reopened", "declined", "closed"]);
const SERVICE_CENTRE = "园区服务中心";

/**
 * What an enterprise user sees of an issue: the timeline without the internal entries and notes, staff
 * replaced by their department (or 园区服务中心), routings reduced to the department names, no extension
 * requests, no bounce reason.
 */
async function enterpriseViewOf(db: Db, detail: IssueDetail): Promise<IssueDetail> {
  const ids = [
    ...new Set([...detail.events.map((e) => e.actorUserId), ...detail.attachments.map((a) => a.uploadedBy)]),
  ].filter((id): id is string => id !== null);
  const people =
    ids.length === 0
      ? []
      : await db
          .select({ id: users.id, enterpriseId: users.enterpriseId, departmentName: departments.name })
          .from(users)
          .leftJoin(departments, eq(departments.id, users.departmentId))
          .where(inArray(users.id, ids));
  const byId = new Map(people.map((p) => [p.id, p]));
  /** The enterprise's own users keep their names; staff show as their department or the service centre. */
  const shownName = (userId: string | null, name: string) => {
    const person = userId === null ? undefined : byId.get(userId);
    if (person?.enterpriseId) return { userId, name };
    return { userId: null, name: person?.departmentName ?? SERVICE_CENTRE };
  };
  const events = detail.events
    .filter((e) => enterpriseEventActions.has(e.action))
    .map((e) => {
      const who = shownName(e.actorUserId, e.actorName);
      let data: unknown = null;
      if (e.action === "routed" || e.action === "rerouted") {
        const d = (e.data ?? {}) as { leadDepartmentName?: string | null; coDepartments?: { name: string | null }[] };
        data = {
          leadDepartmentName: d.leadDepartmentName ?? null,
          coDepartments: (d.coDepartments ?? []).map((c) => ({ name: c.name })),
        };
      } else if (e.action === "rated" || e.action === "reopened") {
        data = { rating: (e.data as { rating?: string } | null)?.rating ?? null };
      }
      return {
        ...e,
        action: e.action === "rerouted" ? "routed" : e.action,
        actorUserId: who.userId,
        actorName: who.name,
        note: enterpriseNoteActions.has(e.action) ? e.note : null,
        data,
      };
    });
  return {
    ...detail,
    bounceReason: null,
    events,
    extensions: [],
    attachments: detail.attachments.map((a) => {
      const who = shownName(a.uploadedBy, a.uploadedByName);
      return { ...a, uploadedByName: who.name };
    }),
  };
}

// ── Joint review meetings (联审联批) ────────────────────────────────────────────

/**
 * Applies a joint review meeting's decision to an issue of the actor's org-unit scope, in the caller's
 * transaction: records a 'meeting_decision' entry; a new deadline replaces due_on; a different responsible
 * department becomes the lead (an issue being handled goes back to 已交办 for it to accept); an issue
 * still 待受理/已退回 that now has a department is routed. A closed issue only gets the history entry.
 * Notifies the departments.
 */
export async function applyMeetingDecisionInTx(
  tx: Db,
  actor: Actor,
  issueId: string,
  decision: { decision: string; responsibleDepartmentId: string | null; newDueOn: string | null; meetingTitle: string },
): Promise<void> {
  const issue = await lockIssueRow(tx, issueId, inOrgScope(actor, issues.orgUnitId));
  if (!issue) throw notFound("问题", { isAccessRefusal: true });
  const depts = await findIssueDepartments(tx, [issueId]);
  const currentLead = depts.find((d) => d.role === "lead")?.departmentId ?? null;
  const newLead = decision.responsibleDepartmentId ?? currentLead;
  const changesLead = newLead !== null && newLead !== currentLead;

  let toStatus: IssueStatus = issue.status;
  const values: Partial<typeof issues.$inferInsert> = {};
  if (issue.status !== "closed") {
    const today = todayInBeijing();
    if (decision.newDueOn !== null) assertDeadlineInRange("newDueOn", "会议确定的完成时限", decision.newDueOn, today);
    if (changesLead && newLead !== null) {
      await assertRoutableDepartments(
        tx,
        issue.orgUnitId,
        { leadDepartmentId: newLead, coDepartmentIds: [] },
        { lead: "responsibleDepartmentId", co: "coDepartmentIds" },
      );
      const co = depts.filter((d) => d.role === "co" && d.departmentId !== newLead).map((d) => d.departmentId);
      await setIssueDepartments(tx, issueId, newLead, co);
      values.leadDepartmentId = newLead;
    }
    if ((issue.status === "received" || issue.status === "bounced") && newLead !== null) {
      toStatus = "routed";
    } else if (changesLead && issue.status === "in_progress") {
      toStatus = "routed";
    }
    if (toStatus === "routed" && toStatus !== issue.status) {
      values.routedAt = new Date();
      values.bounceReason = null;
    }
    if (changesLead && issue.status === "routed") values.routedAt = new Date();
    const dueOn =
      decision.newDueOn ??
      (toStatus === "routed" && issue.dueOn === null ? await categoryDeadline(tx, issue.categoryId, today) : null);
    if (dueOn !== null) {
      values.dueOn = dueOn;
      if (issue.originalDueOn === null) values.originalDueOn = dueOn;
    }
    values.status = toStatus;
    const updated = await updateIssueGuarded(tx, issueId, { expectedStatus: issue.status }, values);
    if (!updated) {
      throw new AppError(
        "INVALID_STATE",
        `该问题状态已变为其他状态，请刷新（原状态“${issueStatusLabels[issue.status]}”）`,
      );
    }
  }
  await recordIssueEvent(tx, {
    issueId,
    action: "meeting_decision",
    fromStatus: issue.status,
    toStatus,
    actor,
    note: decision.decision,
    data: {
      meetingTitle: decision.meetingTitle,
      responsibleDepartmentId: decision.responsibleDepartmentId,
      newDueOn: decision.newDueOn,
    },
  });
  if (changesLead && issue.status !== "closed") await lapsePendingExtension(tx, issueId, toStatus);
  await writeAudit(tx, actor, {
    action: "issue.meeting_decision",
    entityType: "issue",
    entityId: issueId,
    orgUnitId: issue.orgUnitId,
    summary: `${issue.serialNo} ${decision.meetingTitle}`,
    before: { status: issue.status, dueOn: issue.dueOn, leadDepartmentId: issue.leadDepartmentId },
    after: { status: toStatus, ...values },
  });
  const departmentIds = [...new Set([...(newLead ? [newLead] : []), ...depts.map((d) => d.departmentId)])];
  await notify(
    tx,
    { departmentIds },
    {
      kind: "meeting_decision",
      title: `联审联批会议决定：${issue.serialNo} ${issue.title}`,
      body: decision.decision,
      issueId,
      link: `/issues/${issueId}`,
    },
  );
}
