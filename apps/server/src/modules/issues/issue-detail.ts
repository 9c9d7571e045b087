import type { IssueDetail, IssueStatus } from "@zonedesk/contracts";
import { eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { notFound } from "../../lib/errors.js";
import { users } from "../users/users.table.js";
import { enterpriseViewOf } from "./issue-enterprise-view.js";
import { iso, todayOf, toListItem } from "./issue-list.js";
import { allowedActionsOf, type WorkflowIssue } from "./issue-workflow.js";
import {
  findIssueAttachments,
  findIssueDepartments,
  findIssueEvents,
  findIssueExtensions,
  findIssueRatings,
  findPendingExtension,
  getIssueWithNames,
  type IssueRow,
} from "./issues.queries.js";
import { issues } from "./issues.table.js";

/** What the workflow needs to decide, from the issue, its departments and whether an extension request is pending. */
function workflowIssueOf(
  issue: IssueRow,
  depts: { departmentId: string; role: WorkflowIssue["departments"][number]["role"] }[],
  hasPendingExtension: boolean,
): WorkflowIssue {
  return {
    status: issue.status,
    enterpriseId: issue.enterpriseId,
    departments: depts.map((d) => ({ departmentId: d.departmentId, role: d.role })),
    hasPendingExtension,
    escalationLevel: issue.escalationLevel,
  };
}

/** What the workflow needs to decide, loaded for one issue. */
export async function workflowStateOf(db: Db, issue: IssueRow): Promise<WorkflowIssue> {
  const depts = await findIssueDepartments(db, [issue.id]);
  const pending = await findPendingExtension(db, issue.id);
  return workflowIssueOf(issue, depts, pending !== undefined);
}

/**
 * GET /api/issues/:id: the issue, its departments, timeline, ratings, extensions, attachments and allowed
 * actions, if the actor may see it (404 otherwise).
 */
export function getIssue(db: Db, actor: Actor, id: string): Promise<IssueDetail> {
  requirePermission(actor, "issue.read");
  return loadIssueDetail(db, actor, id, visibleIssues(actor));
}

/**
 * The issue as the actor left it with a transition that took it out of his sight (a department bouncing
 * it): the answer to that request only, with no actions left; any later read is refused like any other.
 */
export function getIssueAsLeft(db: Db, actor: Actor, id: string): Promise<IssueDetail> {
  return loadIssueDetail(db, actor, id, eq(issues.id, id));
}

async function loadIssueDetail(db: Db, actor: Actor, id: string, where: SQL): Promise<IssueDetail> {
  const row = await getIssueWithNames(db, id, where);
  if (!row) throw notFound("问题", { isAccessRefusal: true });
  const t = await todayOf(db);
  const i = row.issue;
  const [depts, events, extensions, attachments, ratings] = await Promise.all([
    findIssueDepartments(db, [id]),
    findIssueEvents(db, id),
    findIssueExtensions(db, id),
    findIssueAttachments(db, id),
    findIssueRatings(db, [id]),
  ]);
  const reporter = i.reportedBy
    ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, i.reportedBy))
    : [];
  const workflow = workflowIssueOf(
    i,
    depts,
    extensions.some((x) => x.extension.status === "pending"),
  );
  const detail: IssueDetail = {
    ...toListItem(row, t, actor),
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
    responsibleLeader:
      i.responsibleLeaderId && row.responsibleLeaderName
        ? { id: i.responsibleLeaderId, name: row.responsibleLeaderName }
        : null,
    ratings: ratings.map((r) => ({ rating: r.rating, byPhone: r.byPhone, ratedAt: r.ratedAt.toISOString() })),
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
