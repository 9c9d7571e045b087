import type { IssueDetail } from "@zonedesk/contracts";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { departments } from "../departments/departments.table.js";
import { users } from "../users/users.table.js";

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
/** How staff without a department (the dispatcher, leaders, cadres) appear to an enterprise. */
export const SERVICE_CENTRE = "园区服务中心";

/** Who a user is, as an enterprise user may see them: its own users by name, staff as their department. */
export async function enterpriseShownNames(
  db: Db,
  userIds: readonly (string | null)[],
): Promise<(userId: string | null, name: string) => { userId: string | null; name: string }> {
  const ids = [...new Set(userIds)].filter((id): id is string => id !== null);
  const people =
    ids.length === 0
      ? []
      : await db
          .select({ id: users.id, enterpriseId: users.enterpriseId, departmentName: departments.name })
          .from(users)
          .leftJoin(departments, eq(departments.id, users.departmentId))
          .where(inArray(users.id, ids));
  const byId = new Map(people.map((p) => [p.id, p]));
  return (userId, name) => {
    const person = userId === null ? undefined : byId.get(userId);
    if (person?.enterpriseId) return { userId, name };
    return { userId: null, name: person?.departmentName ?? SERVICE_CENTRE };
  };
}

/**
 * What an enterprise user sees of an issue: the timeline without the internal entries and notes, staff
 * replaced by their department (or 园区服务中心) wherever a person is named (timeline, attachments, the
 * staff member who recorded the issue), routings reduced to the department names, no responsible leader,
 * no extension requests, no bounce reason.
 */
export async function enterpriseViewOf(db: Db, detail: IssueDetail): Promise<IssueDetail> {
  const shownName = await enterpriseShownNames(db, [
    ...detail.events.map((e) => e.actorUserId),
    ...detail.attachments.map((a) => a.uploadedBy),
    detail.reportedBy,
  ]);
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
  const reporter = detail.reportedByName === null ? null : shownName(detail.reportedBy, detail.reportedByName);
  return {
    ...detail,
    reportedBy: reporter?.userId ?? null,
    reportedByName: reporter?.name ?? null,
    responsibleLeader: null,
    responsibleLeaderId: null,
    responsibleLeaderName: null,
    bounceReason: null,
    events,
    extensions: [],
    attachments: detail.attachments.map((a) => {
      const who = shownName(a.uploadedBy, a.uploadedByName);
      return { ...a, uploadedByName: who.name };
    }),
  };
}
