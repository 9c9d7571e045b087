import type {
  AddMeetingItems,
  CreateMeeting,
  Meeting,
  MeetingCandidate,
  MeetingCandidatesQuery,
  MeetingDetail,
  MeetingListQuery,
  Page,
  UpdateMeeting,
  UpdateMeetingItem,
} from "@zonedesk/contracts";
import { and, eq, gt, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, inOrgScope, inOrgSubtree, requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { fieldError, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { departments } from "../departments/departments.table.js";
import { issues } from "../issues/issues.table.js";
import { users } from "../users/users.table.js";
import { concludedError, getVisibleMeeting, visibleMeetings } from "./meeting-access.js";
import { assertResponsibleLeader } from "./meeting-leaders.js";
import {
  findCandidateIssues,
  findMeetingItems,
  findMeetings,
  findVisibleMeetingItem,
  isRunning,
  latestMeetingDueOn,
  lockDraftMeeting,
  type MeetingRow,
  nextSortOrder,
  runningStatuses,
  toMeeting,
} from "./meetings.queries.js";
import { reviewMeetingItems as items, reviewMeetings as meetings } from "./meetings.table.js";

/** Locks the visible meeting for an item change; a concluded meeting is read-only. */
async function lockForItems(db: Db, actor: Actor, id: string): Promise<MeetingRow> {
  await getVisibleMeeting(db, actor, id);
  const meeting = await lockDraftMeeting(db, id);
  if (!meeting) throw concludedError();
  return meeting;
}

async function assertChair(db: Db, actor: Actor, userId: string | null | undefined, path: string) {
  if (!userId) return;
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), inOrgScope(actor, users.orgUnitId), eq(users.isDisabled, false)));
  if (!user) throw fieldError(path, "所选人员不存在、已停用或不在您的管理范围内");
  if (user.role !== "leader" && user.role !== "admin")
    throw fieldError(path, `${user.displayName}不是领导或管理人员，不能担任`);
}

export async function listMeetings(db: Db, actor: Actor, query: MeetingListQuery): Promise<Page<Meeting>> {
  requirePermission(actor, "meeting.read");
  const where = and(
    visibleMeetings(actor),
    query.status ? eq(meetings.status, query.status) : undefined,
    query.from ? sql`${meetings.heldOn} >= ${query.from}` : undefined,
    query.to ? sql`${meetings.heldOn} <= ${query.to}` : undefined,
  );
  const { rows, total } = await findMeetings(db, {
    where,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { data: rows.map(toMeeting), total, page: query.page, pageSize: query.pageSize };
}

export async function getMeeting(db: Db, actor: Actor, id: string): Promise<MeetingDetail> {
  requirePermission(actor, "meeting.read");
  const row = await getVisibleMeeting(db, actor, id);
  return { ...toMeeting(row), items: await findMeetingItems(db, id, todayInBeijing(), visibleIssues(actor)) };
}

/** Schedules a meeting of a unit in the actor's scope (default their own). */
export async function createMeeting(db: Db, actor: Actor, input: CreateMeeting): Promise<MeetingDetail> {
  requirePermission(actor, "meeting.write");
  const id = await db.transaction(async (tx) => {
    const orgUnitId = input.orgUnitId ?? actor.orgUnitId;
    await assertOrgUnitInScope(tx, actor, orgUnitId).catch(() => {
      throw fieldError("orgUnitId", "召开单位不存在或不在您的管理范围内");
    });
    await assertChair(tx, actor, input.chairUserId, "chairUserId");
    const [row] = await tx
      .insert(meetings)
      .values({
        orgUnitId,
        title: input.title,
        heldOn: input.heldOn,
        location: input.location || null,
        chairUserId: input.chairUserId ?? null,
        attendees: input.attendees || null,
        notes: input.notes || null,
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error("insert meeting returned nothing");
    await writeAudit(tx, actor, {
      action: "meeting.create",
      entityType: "review_meeting",
      entityId: row.id,
      orgUnitId,
      summary: `${row.title}（${row.heldOn}）`,
      after: row,
    });
    return row.id;
  });
  return getMeeting(db, actor, id);
}

/** Edits a draft meeting's header (optimistic version). */
export async function updateMeeting(db: Db, actor: Actor, id: string, input: UpdateMeeting): Promise<MeetingDetail> {
  requirePermission(actor, "meeting.write");
  await db.transaction(async (tx) => {
    const current = (await getVisibleMeeting(tx, actor, id)).meeting;
    if (current.status !== "draft") throw concludedError();
    assertVersion(current.version, input.version, "该会议");
    await assertChair(tx, actor, input.chairUserId, "chairUserId");
    const values = {
      title: input.title,
      heldOn: input.heldOn,
      location: input.location || null,
      chairUserId: input.chairUserId ?? null,
      attendees: input.attendees || null,
      notes: input.notes || null,
    };
    assertUpdated(
      await tx
        .update(meetings)
        .set({ ...values, version: sql`${meetings.version} + 1`, updatedAt: new Date() })
        .where(and(eq(meetings.id, id), eq(meetings.version, input.version), eq(meetings.status, "draft")))
        .returning(),
      "该会议",
    );
    const before = {
      title: current.title,
      heldOn: current.heldOn,
      location: current.location,
      chairUserId: current.chairUserId,
      attendees: current.attendees,
      notes: current.notes,
    };
    await writeAudit(tx, actor, {
      action: "meeting.update",
      entityType: "review_meeting",
      entityId: id,
      orgUnitId: current.orgUnitId,
      summary: values.title,
      ...changedFields(before, values),
    });
  });
  return getMeeting(db, actor, id);
}

/** Deletes a draft meeting with its items (nothing has been applied to the issues yet). */
export async function deleteMeeting(db: Db, actor: Actor, id: string): Promise<{ ok: true }> {
  requirePermission(actor, "meeting.write");
  await db.transaction(async (tx) => {
    const current = await lockForItems(tx, actor, id);
    await tx.delete(meetings).where(and(eq(meetings.id, id), eq(meetings.status, "draft")));
    await writeAudit(tx, actor, {
      action: "meeting.delete",
      entityType: "review_meeting",
      entityId: id,
      orgUnitId: current.orgUnitId,
      summary: `${current.title}（${current.heldOn}）`,
      before: current,
    });
  });
  return { ok: true };
}

function candidateKindWhere(kind: MeetingCandidatesQuery["kind"], today: string): SQL | undefined {
  const overdue = and(inArray(issues.status, [...runningStatuses]), lt(issues.dueOn, today));
  const escalated = gt(issues.escalationLevel, 0);
  const keyProject = isNotNull(issues.projectId);
  switch (kind) {
    case "overdue":
      return overdue;
    case "escalated":
      return escalated;
    case "key_projects":
      return keyProject;
    case "all":
      return or(overdue, escalated, keyProject);
  }
}

/**
 * Open issues the actor may see that a meeting should take up: overdue, escalated (督办), or of key projects;
 * with a meeting, only those of its unit's subtree and not already on its agenda.
 */
export async function listMeetingCandidates(
  db: Db,
  actor: Actor,
  query: MeetingCandidatesQuery,
): Promise<MeetingCandidate[]> {
  requirePermission(actor, "meeting.read");
  const today = todayInBeijing();
  let meetingWhere: SQL | undefined;
  if (query.meetingId) {
    const meeting = (await getVisibleMeeting(db, actor, query.meetingId)).meeting;
    meetingWhere = and(
      inOrgSubtree(issues.orgUnitId, meeting.orgUnitId),
      sql`not exists (select 1 from ${items} mi where mi.meeting_id = ${meeting.id} and mi.issue_id = ${issues.id})`,
    );
  }
  const rows = await findCandidateIssues(
    db,
    and(visibleIssues(actor), candidateKindWhere(query.kind, today), meetingWhere),
    500,
  );
  return rows.map((r) => ({
    ...r,
    isOverdue: isRunning(r.status) && r.dueOn !== null && r.dueOn < today,
  }));
}

/** Puts open issues on a draft meeting's agenda; issues already on it are skipped. */
export async function addMeetingItems(
  db: Db,
  actor: Actor,
  id: string,
  input: AddMeetingItems,
): Promise<MeetingDetail> {
  requirePermission(actor, "meeting.write");
  await db.transaction(async (tx) => {
    const meeting = await lockForItems(tx, actor, id);
    const ids = [...new Set(input.issueIds)];
    const found = await tx
      .select({ id: issues.id, serialNo: issues.serialNo, status: issues.status })
      .from(issues)
      .where(and(inArray(issues.id, ids), visibleIssues(actor), inOrgSubtree(issues.orgUnitId, meeting.orgUnitId)));
    if (found.length !== ids.length)
      throw fieldError(
        "issueIds",
        `有 ${ids.length - found.length} 个问题不存在、不在您的管理范围内或不属于会议召开单位`,
      );
    const closed = found.filter((i) => i.status === "closed");
    if (closed.length > 0)
      throw fieldError("issueIds", `问题 ${closed.map((i) => i.serialNo).join("、")} 已销号，不能提交会议`);
    const start = await nextSortOrder(tx, id);
    const added = await tx
      .insert(items)
      // In the order they were chosen.
      .values(ids.map((issueId, i) => ({ meetingId: id, issueId, sortOrder: start + i })))
      .onConflictDoNothing({ target: [items.meetingId, items.issueId] })
      .returning();
    const serials = new Map(found.map((i) => [i.id, i.serialNo]));
    await writeAudit(tx, actor, {
      action: "meeting.item_add",
      entityType: "review_meeting",
      entityId: id,
      orgUnitId: meeting.orgUnitId,
      summary: `${meeting.title}：加入 ${added.map((a) => serials.get(a.issueId) ?? "").join("、") || "（无新增）"}`,
      after: { issueIds: added.map((a) => a.issueId) },
    });
  });
  return getMeeting(db, actor, id);
}

/** Records an item's decision, responsible leader and unit, and new deadline (a draft meeting only). */
export async function updateMeetingItem(
  db: Db,
  actor: Actor,
  id: string,
  itemId: string,
  input: UpdateMeetingItem,
): Promise<MeetingDetail> {
  requirePermission(actor, "meeting.write");
  await db.transaction(async (tx) => {
    const meeting = await lockForItems(tx, actor, id);
    // An item whose issue the actor may not see is out of scope for him, as the issue itself is.
    const visible = await findVisibleMeetingItem(tx, id, itemId, visibleIssues(actor));
    if (!visible) throw notFound("会议议题", { isAccessRefusal: true });
    const current = visible.item;
    if (input.responsibleLeaderId) {
      await assertResponsibleLeader(tx, actor, {
        leaderId: input.responsibleLeaderId,
        issueId: current.issueId,
        serialNo: visible.serialNo,
      });
    }
    if (input.responsibleDepartmentId) {
      const [dept] = await tx
        .select()
        .from(departments)
        .where(and(eq(departments.id, input.responsibleDepartmentId), inOrgScope(actor, departments.orgUnitId)));
      if (!dept || dept.isArchived)
        throw fieldError("responsibleDepartmentId", "责任单位不存在、已停用或不在您的管理范围内");
    }
    const today = todayInBeijing();
    if (input.newDueOn && input.newDueOn < today) throw fieldError("newDueOn", `完成时限不能早于今天（${today}）`);
    const latest = latestMeetingDueOn(meeting.heldOn);
    if (input.newDueOn && input.newDueOn > latest)
      throw fieldError("newDueOn", `完成时限不能晚于会议日期（${meeting.heldOn}）一年后（${latest}）`);
    const values = {
      decision: input.decision === undefined ? current.decision : input.decision || null,
      responsibleLeaderId:
        input.responsibleLeaderId === undefined ? current.responsibleLeaderId : input.responsibleLeaderId,
      responsibleDepartmentId:
        input.responsibleDepartmentId === undefined ? current.responsibleDepartmentId : input.responsibleDepartmentId,
      newDueOn: input.newDueOn === undefined ? current.newDueOn : input.newDueOn,
    };
    await tx.update(items).set(values).where(eq(items.id, itemId));
    const before = {
      decision: current.decision,
      responsibleLeaderId: current.responsibleLeaderId,
      responsibleDepartmentId: current.responsibleDepartmentId,
      newDueOn: current.newDueOn,
    };
    await writeAudit(tx, actor, {
      action: "meeting.item_update",
      entityType: "review_meeting",
      entityId: id,
      orgUnitId: meeting.orgUnitId,
      summary: `${meeting.title}：议题决定`,
      ...changedFields(before, values),
    });
  });
  return getMeeting(db, actor, id);
}

/** Takes an issue off a draft meeting's agenda. */
export async function removeMeetingItem(db: Db, actor: Actor, id: string, itemId: string): Promise<MeetingDetail> {
  requirePermission(actor, "meeting.write");
  await db.transaction(async (tx) => {
    const meeting = await lockForItems(tx, actor, id);
    const visible = await findVisibleMeetingItem(tx, id, itemId, visibleIssues(actor));
    if (!visible) throw notFound("会议议题", { isAccessRefusal: true });
    const [removed] = await tx
      .delete(items)
      .where(and(eq(items.id, itemId), eq(items.meetingId, id)))
      .returning();
    if (!removed) throw notFound("会议议题");
    await writeAudit(tx, actor, {
      action: "meeting.item_remove",
      entityType: "review_meeting",
      entityId: id,
      orgUnitId: meeting.orgUnitId,
      summary: `${meeting.title}：移出 ${visible.serialNo}`,
      before: removed,
    });
  });
  return getMeeting(db, actor, id);
}
