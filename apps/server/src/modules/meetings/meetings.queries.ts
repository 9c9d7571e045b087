import type { Meeting, MeetingItem } from "@zonedesk/contracts";
import { aliasedTable, and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { departments } from "../departments/departments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { issues } from "../issues/issues.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import { reviewMeetingItems as items, reviewMeetings as meetings } from "./meetings.table.js";

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingItemRow = typeof items.$inferSelect;

const chair = aliasedTable(users, "chair");
const leader = aliasedTable(users, "responsible_leader");
const responsibleDept = aliasedTable(departments, "responsible_department");
const leadDept = aliasedTable(departments, "lead_department");

export interface MeetingWithNames {
  meeting: MeetingRow;
  orgUnitName: string;
  chairName: string | null;
  itemCount: number;
}

function selectMeetings(db: Db) {
  return db
    .select({
      meeting: meetings,
      orgUnitName: orgUnits.name,
      chairName: chair.displayName,
      itemCount: sql<number>`(select count(*)::int from ${items} i where i.meeting_id = ${meetings.id})`,
    })
    .from(meetings)
    .innerJoin(orgUnits, eq(orgUnits.id, meetings.orgUnitId))
    .leftJoin(chair, eq(chair.id, meetings.chairUserId));
}

export async function findMeetings(db: Db, p: { where: SQL | undefined; limit: number; offset: number }) {
  const [rows, [total]] = await Promise.all([
    selectMeetings(db)
      .where(p.where)
      .orderBy(desc(meetings.heldOn), desc(meetings.createdAt))
      .limit(p.limit)
      .offset(p.offset),
    db.select({ n: count() }).from(meetings).where(p.where),
  ]);
  return { rows: rows as MeetingWithNames[], total: total?.n ?? 0 };
}

export async function getMeetingRow(db: Db, id: string, visible: SQL): Promise<MeetingWithNames | undefined> {
  const [row] = await selectMeetings(db).where(and(eq(meetings.id, id), visible));
  return row as MeetingWithNames | undefined;
}

/** Locks the meeting row while items change, so a concurrent conclude cannot slip between check and write. */
export async function lockDraftMeeting(db: Db, id: string): Promise<MeetingRow | undefined> {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, id), eq(meetings.status, "draft")))
    .for("update");
  return row;
}

export function toMeeting(r: MeetingWithNames): Meeting {
  const m = r.meeting;
  return {
    id: m.id,
    orgUnitId: m.orgUnitId,
    orgUnitName: r.orgUnitName,
    title: m.title,
    heldOn: m.heldOn,
    location: m.location,
    chairUserId: m.chairUserId,
    chairName: r.chairName,
    attendees: m.attendees,
    notes: m.notes,
    status: m.status,
    concludedAt: m.concludedAt ? m.concludedAt.toISOString() : null,
    createdBy: m.createdBy,
    itemCount: Number(r.itemCount),
    version: m.version,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

/**
 * The items of a meeting with their issues' numbers, subjects and current state, in order. `visible` is the
 * actor's visibleIssues condition: an item whose issue the actor may not see stays on the agenda (the meeting
 * belongs to the unit) but is redacted to its serial number and status with `isVisible: false`, so a leader
 * sees that the agenda holds issues outside his assignments without reading them.
 */
export async function findMeetingItems(db: Db, meetingId: string, today: string, visible: SQL): Promise<MeetingItem[]> {
  const rows = await db
    .select({
      item: items,
      isVisible: sql<boolean>`coalesce((${visible}), false)`,
      serialNo: issues.serialNo,
      issueTitle: issues.title,
      issueDescription: issues.description,
      issueStatus: issues.status,
      dueOn: issues.dueOn,
      escalationLevel: issues.escalationLevel,
      enterpriseName: enterprises.name,
      projectName: projects.name,
      leadDepartmentName: leadDept.name,
      responsibleLeaderName: leader.displayName,
      responsibleDepartmentName: responsibleDept.name,
    })
    .from(items)
    .innerJoin(issues, eq(issues.id, items.issueId))
    .leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
    .leftJoin(projects, eq(projects.id, issues.projectId))
    .leftJoin(leadDept, eq(leadDept.id, issues.leadDepartmentId))
    .leftJoin(leader, eq(leader.id, items.responsibleLeaderId))
    .leftJoin(responsibleDept, eq(responsibleDept.id, items.responsibleDepartmentId))
    .where(eq(items.meetingId, meetingId))
    .orderBy(asc(items.sortOrder), asc(issues.serialNo));
  return rows.map((r): MeetingItem => {
    const base = {
      id: r.item.id,
      issueId: r.item.issueId,
      serialNo: r.serialNo,
      issueStatus: r.issueStatus,
      sortOrder: r.item.sortOrder,
      appliedAt: r.item.appliedAt ? r.item.appliedAt.toISOString() : null,
    };
    if (r.isVisible !== true) {
      return {
        ...base,
        isVisible: false,
        issueTitle: null,
        issueDescription: null,
        enterpriseName: null,
        projectName: null,
        leadDepartmentName: null,
        dueOn: null,
        isOverdue: false,
        escalationLevel: null,
        decision: null,
        responsibleLeaderId: null,
        responsibleLeaderName: null,
        responsibleDepartmentId: null,
        responsibleDepartmentName: null,
        newDueOn: null,
      };
    }
    return {
      ...base,
      isVisible: true,
      issueTitle: r.issueTitle,
      issueDescription: r.issueDescription,
      enterpriseName: r.enterpriseName,
      projectName: r.projectName,
      leadDepartmentName: r.leadDepartmentName,
      dueOn: r.dueOn,
      isOverdue: isRunning(r.issueStatus) && r.dueOn !== null && r.dueOn < today,
      escalationLevel: r.escalationLevel,
      decision: r.item.decision,
      responsibleLeaderId: r.item.responsibleLeaderId,
      responsibleLeaderName: r.responsibleLeaderName,
      responsibleDepartmentId: r.item.responsibleDepartmentId,
      responsibleDepartmentName: r.responsibleDepartmentName,
      newDueOn: r.item.newDueOn,
    };
  });
}

/** The last deadline a meeting may set: one year after the meeting date (29 Feb → 28 Feb). */
export function latestMeetingDueOn(heldOn: string): string {
  return `${Number(heldOn.slice(0, 4)) + 1}${heldOn.slice(4)}`.replace(/-02-29$/, "-02-28");
}

/** The item of a meeting, if its issue is visible to the actor (`visible` = visibleIssues(actor)). */
export async function findVisibleMeetingItem(db: Db, meetingId: string, itemId: string, visible: SQL) {
  const [row] = await db
    .select({ item: items, serialNo: issues.serialNo })
    .from(items)
    .innerJoin(issues, eq(issues.id, items.issueId))
    .where(and(eq(items.id, itemId), eq(items.meetingId, meetingId), visible));
  return row;
}

export const runningStatuses = ["routed", "in_progress"] as const;
export const openStatuses = ["received", "routed", "in_progress", "answered", "bounced"] as const;
export const isRunning = (status: string) => (runningStatuses as readonly string[]).includes(status);

/** Open issues matching `where`, with the names a candidate list shows. */
export async function findCandidateIssues(db: Db, where: SQL | undefined, limit: number) {
  return db
    .select({
      issueId: issues.id,
      serialNo: issues.serialNo,
      title: issues.title,
      status: issues.status,
      enterpriseName: enterprises.name,
      projectName: projects.name,
      leadDepartmentName: leadDept.name,
      dueOn: issues.dueOn,
      escalationLevel: issues.escalationLevel,
    })
    .from(issues)
    .leftJoin(enterprises, eq(enterprises.id, issues.enterpriseId))
    .leftJoin(projects, eq(projects.id, issues.projectId))
    .leftJoin(leadDept, eq(leadDept.id, issues.leadDepartmentId))
    .where(and(inArray(issues.status, [...openStatuses]), where))
    .orderBy(desc(issues.escalationLevel), asc(issues.dueOn), asc(issues.serialNo))
    .limit(limit);
}

export async function nextSortOrder(db: Db, meetingId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${items.sortOrder}), 0)::int` })
    .from(items)
    .where(eq(items.meetingId, meetingId));
  return Number(row?.n ?? 0) + 1;
}
