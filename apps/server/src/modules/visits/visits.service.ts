import type {
  CancelVisit,
  CompleteVisit,
  CreateVisit,
  Page,
  UpdateVisit,
  Visit,
  VisitIssueDraft,
  VisitListQuery,
  VisitWithCoordination,
} from "@zonedesk/contracts";
import { visitStatusLabels } from "@zonedesk/contracts";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  inOrgScope,
  requirePermission,
  visibleEnterprises,
  visibleIssues,
  visibleProjects,
  visibleVisits,
} from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { createIssueInTx } from "../issues/index.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import { findRecentVisitsByOthers } from "./visit-coordination.service.js";
import {
  findVisits,
  getVisitRow,
  insertVisit,
  participantIdsOf,
  setVisitParticipants,
  toVisits,
  updateVisitRow,
  type VisitRow,
  type VisitWithNames,
  visitInvolves,
} from "./visits.queries.js";
import { visits } from "./visits.table.js";

interface Subject {
  enterpriseId: string | null;
  projectId: string | null;
  orgUnitId: string;
  name: string;
}

/** The enterprise or project of a visit, if the actor may see it (a cadre: only assigned ones); else 404. */
async function resolveSubject(
  db: Db,
  actor: Actor,
  input: { enterpriseId?: string | null; projectId?: string | null },
): Promise<Subject> {
  if (input.enterpriseId) {
    const [row] = await db
      .select()
      .from(enterprises)
      .where(and(eq(enterprises.id, input.enterpriseId), visibleEnterprises(actor)));
    if (!row) throw notFound("企业", { isAccessRefusal: true });
    if (row.status !== "active") throw fieldError("enterpriseId", `${row.name}已归档，不能登记走访`);
    return { enterpriseId: row.id, projectId: null, orgUnitId: row.orgUnitId, name: row.name };
  }
  if (input.projectId) {
    const [row] = await db
      .select()
      .from(projects)
      .where(and(eq(projects.id, input.projectId), visibleProjects(actor)));
    if (!row) throw notFound("项目", { isAccessRefusal: true });
    if (row.status !== "active") throw fieldError("projectId", `${row.name}已归档，不能登记走访`);
    return { enterpriseId: null, projectId: row.id, orgUnitId: row.orgUnitId, name: row.name };
  }
  throw fieldError("enterpriseId", "请选择走访的企业或项目（二选一）");
}

/** The participants as stored: the recorder plus the chosen system users, who must be active and in scope. */
async function resolveParticipants(db: Db, actor: Actor, recordedBy: string, ids: string[]): Promise<string[]> {
  const others = [...new Set(ids)].filter((id) => id !== recordedBy);
  if (others.length > 0) {
    const found = await db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          inArray(users.id, others),
          inOrgScope(actor, users.orgUnitId),
          eq(users.isDisabled, false),
          ne(users.role, "enterprise"),
        ),
      );
    if (found.length !== others.length) {
      throw fieldError(
        "participantIds",
        `有 ${others.length - found.length} 位参与人员不存在、已停用或不在您的管理范围内`,
      );
    }
  }
  return [recordedBy, ...others].sort();
}

function assertDateForStatus(status: VisitRow["status"], visitedOn: string, path = "visitedOn"): void {
  const today = todayInBeijing();
  if (status === "done" && visitedOn > today) throw fieldError(path, `已走访的日期不能晚于今天（${today}）`);
  if (status === "planned" && visitedOn < today) throw fieldError(path, `计划走访的日期不能早于今天（${today}）`);
}

/**
 * Creates the issues raised on the spot through the ledger, in the caller's transaction; an issue raised on a
 * project visit gets the project's investing enterprise from the ledger (when it is in the register), so the
 * enterprise's users see and rate it. A refusal of one row names it (issues.1.description), and the caller's
 * transaction rolls everything back.
 */
async function raiseIssues(
  tx: Db,
  actor: Actor,
  visit: VisitRow,
  drafts: VisitIssueDraft[],
): Promise<{ id: string; serialNo: string }[]> {
  const created: { id: string; serialNo: string }[] = [];
  for (const [index, draft] of drafts.entries()) {
    try {
      created.push(
        await createIssueInTx(
          tx,
          actor,
          {
            enterpriseId: visit.enterpriseId,
            projectId: visit.projectId,
            categoryId: draft.categoryId,
            title: draft.title,
            description: draft.description,
          },
          { source: "visit", visitId: visit.id },
        ),
      );
    } catch (error) {
      throw withIssueRow(error, index);
    }
  }
  return created;
}

/** Re-addresses a field error of one issue to its row in the visit form. */
function withIssueRow(error: unknown, index: number): unknown {
  if (!(error instanceof AppError) || error.code !== "VALIDATION_FAILED") return error;
  const details = error.details as { issues?: { path: string; message: string }[] } | undefined;
  const issues = (details?.issues ?? [{ path: "", message: error.message }]).map((i) => ({
    path: ["issues", String(index), i.path].filter((s) => s.length > 0).join("."),
    message: i.message,
  }));
  return new AppError("VALIDATION_FAILED", `第 ${index + 1} 个问题：${error.message}`, { details: { issues } });
}

async function getVisibleVisit(db: Db, actor: Actor, id: string): Promise<VisitWithNames> {
  const row = await getVisitRow(db, id, visibleVisits(actor));
  if (!row) throw notFound("走访记录", { isAccessRefusal: true });
  return row;
}

/** Only the recorder (or an administrator of the scope) changes a visit. */
function assertMayChange(actor: Actor, visit: VisitRow): void {
  if (actor.role !== "admin" && visit.recordedBy !== actor.userId) {
    throw new AppError("FORBIDDEN", "只有走访记录人或管理员可以修改该走访记录", { isAccessRefusal: true });
  }
}

async function withCoordination(db: Db, actor: Actor, visit: Visit): Promise<VisitWithCoordination> {
  const recent = await findRecentVisitsByOthers(db, actor, {
    enterpriseId: visit.enterpriseId,
    projectId: visit.projectId,
    date: visit.visitedOn,
    excludeVisitId: visit.id,
  });
  return { visit, recentVisitsByOthers: recent.visits };
}

/** Lists the visits the actor may see, filtered and paged, newest first. */
export async function listVisits(db: Db, actor: Actor, query: VisitListQuery): Promise<Page<Visit>> {
  requirePermission(actor, "visit.read");
  const where = and(
    visibleVisits(actor),
    query.enterpriseId ? eq(visits.enterpriseId, query.enterpriseId) : undefined,
    query.projectId ? eq(visits.projectId, query.projectId) : undefined,
    query.userId ? visitInvolves(query.userId) : undefined,
    query.mine ? visitInvolves(actor.userId) : undefined,
    query.from ? sql`${visits.visitedOn} >= ${query.from}` : undefined,
    query.to ? sql`${visits.visitedOn} <= ${query.to}` : undefined,
    query.status ? eq(visits.status, query.status) : undefined,
  );
  const { rows, total } = await findVisits(db, {
    where,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { data: await toVisits(db, visibleIssues(actor), rows), total, page: query.page, pageSize: query.pageSize };
}

export async function getVisit(db: Db, actor: Actor, id: string): Promise<Visit> {
  requirePermission(actor, "visit.read");
  const [visit] = await toVisits(db, visibleIssues(actor), [await getVisibleVisit(db, actor, id)]);
  if (!visit) throw notFound("走访记录");
  return visit;
}

/**
 * Records a visit (done) or plans one, with its participants and the issues raised on the spot, in one
 * transaction with its audit row; any bad issue refuses the whole visit. Answers the visit and the visits
 * of others to the same enterprise or project around its date (无事不扰).
 */
export async function createVisit(db: Db, actor: Actor, input: CreateVisit): Promise<VisitWithCoordination> {
  requirePermission(actor, "visit.write");
  const id = await db.transaction(async (tx) => {
    const subject = await resolveSubject(tx, actor, input);
    assertDateForStatus(input.status, input.visitedOn);
    if (input.status === "planned" && input.issues.length > 0)
      throw fieldError("issues", "计划走访不能登记问题，请在完成走访时登记");
    const participantIds = await resolveParticipants(tx, actor, actor.userId, input.participantIds);
    const visit = await insertVisit(tx, {
      orgUnitId: subject.orgUnitId,
      enterpriseId: subject.enterpriseId,
      projectId: subject.projectId,
      status: input.status,
      visitedOn: input.visitedOn,
      recordedBy: actor.userId,
      otherParticipants: input.otherParticipants || null,
      method: input.method,
      summary: input.summary,
    });
    await setVisitParticipants(tx, visit.id, participantIds);
    const raised = await raiseIssues(tx, actor, visit, input.issues);
    await writeAudit(tx, actor, {
      action: "visit.create",
      entityType: "visit",
      entityId: visit.id,
      orgUnitId: visit.orgUnitId,
      summary: `${subject.name} ${input.visitedOn}（${visitStatusLabels[input.status]}${raised.length > 0 ? `，登记问题 ${raised.map((r) => r.serialNo).join("、")}` : ""}）`,
      after: { ...visit, participantIds, issueIds: raised.map((r) => r.id) },
    });
    return visit.id;
  });
  return withCoordination(db, actor, await getVisit(db, actor, id));
}

/** Records a planned visit as done: its summary, participants and the issues raised. */
export async function completeVisit(
  db: Db,
  actor: Actor,
  id: string,
  input: CompleteVisit,
): Promise<VisitWithCoordination> {
  requirePermission(actor, "visit.write");
  await db.transaction(async (tx) => {
    const current = (await getVisibleVisit(tx, actor, id)).visit;
    assertMayChange(actor, current);
    assertVersion(current.version, input.version, "该走访记录");
    if (current.status !== "planned")
      throw new AppError("INVALID_STATE", `该走访${visitStatusLabels[current.status]}，只有计划走访可以完成`);
    const today = todayInBeijing();
    const visitedOn = input.visitedOn ?? (current.visitedOn > today ? today : current.visitedOn);
    assertDateForStatus("done", visitedOn);
    const participantIds = input.participantIds
      ? await resolveParticipants(tx, actor, current.recordedBy, input.participantIds)
      : null;
    const values = {
      status: "done" as const,
      visitedOn,
      summary: input.summary,
      ...(input.method ? { method: input.method } : {}),
      ...(input.otherParticipants !== undefined ? { otherParticipants: input.otherParticipants || null } : {}),
    };
    const updated = assertUpdated(
      await updateVisitRow(tx, id, { version: input.version, status: "planned" }, values),
      "该走访记录",
    );
    if (participantIds) await setVisitParticipants(tx, id, participantIds);
    const raised = await raiseIssues(tx, actor, updated, input.issues);
    await writeAudit(tx, actor, {
      action: "visit.complete",
      entityType: "visit",
      entityId: id,
      orgUnitId: updated.orgUnitId,
      summary: `${visitedOn} 完成走访${raised.length > 0 ? `，登记问题 ${raised.map((r) => r.serialNo).join("、")}` : ""}`,
      before: { status: current.status, visitedOn: current.visitedOn },
      after: { ...values, issueIds: raised.map((r) => r.id) },
    });
  });
  return withCoordination(db, actor, await getVisit(db, actor, id));
}

/** Cancels a planned visit. */
export async function cancelVisit(db: Db, actor: Actor, id: string, input: CancelVisit): Promise<Visit> {
  requirePermission(actor, "visit.write");
  await db.transaction(async (tx) => {
    const current = (await getVisibleVisit(tx, actor, id)).visit;
    assertMayChange(actor, current);
    assertVersion(current.version, input.version, "该走访记录");
    if (current.status !== "planned")
      throw new AppError("INVALID_STATE", `该走访${visitStatusLabels[current.status]}，只有计划走访可以取消`);
    const updated = assertUpdated(
      await updateVisitRow(tx, id, { version: input.version, status: "planned" }, { status: "cancelled" }),
      "该走访记录",
    );
    await writeAudit(tx, actor, {
      action: "visit.cancel",
      entityType: "visit",
      entityId: id,
      orgUnitId: updated.orgUnitId,
      summary: `取消 ${current.visitedOn} 的计划走访${input.reason ? `：${input.reason}` : ""}`,
      before: { status: current.status },
      after: { status: "cancelled", reason: input.reason ?? null },
    });
  });
  return getVisit(db, actor, id);
}

/** Edits a visit's date, method, participants or summary (the recorder or an administrator). */
export async function updateVisit(db: Db, actor: Actor, id: string, input: UpdateVisit): Promise<Visit> {
  requirePermission(actor, "visit.write");
  await db.transaction(async (tx) => {
    const current = (await getVisibleVisit(tx, actor, id)).visit;
    assertMayChange(actor, current);
    assertVersion(current.version, input.version, "该走访记录");
    if (current.status === "cancelled") throw new AppError("INVALID_STATE", "已取消的走访不能修改");
    if (input.visitedOn !== undefined) assertDateForStatus(current.status, input.visitedOn);
    if (current.status === "done" && input.summary !== undefined && input.summary.length === 0)
      throw fieldError("summary", "请填写走访情况");
    const beforeParticipants = await participantIdsOf(tx, id);
    const participantIds = input.participantIds
      ? await resolveParticipants(tx, actor, current.recordedBy, input.participantIds)
      : beforeParticipants;
    const values = {
      visitedOn: input.visitedOn ?? current.visitedOn,
      method: input.method ?? current.method,
      otherParticipants:
        input.otherParticipants === undefined ? current.otherParticipants : input.otherParticipants || null,
      summary: input.summary ?? current.summary,
    };
    assertUpdated(await updateVisitRow(tx, id, { version: input.version }, values), "该走访记录");
    await setVisitParticipants(tx, id, participantIds);
    const before = {
      visitedOn: current.visitedOn,
      method: current.method,
      otherParticipants: current.otherParticipants,
      summary: current.summary,
      participantIds: beforeParticipants,
    };
    await writeAudit(tx, actor, {
      action: "visit.update",
      entityType: "visit",
      entityId: id,
      orgUnitId: current.orgUnitId,
      summary: `修改 ${current.visitedOn} 的走访记录`,
      ...changedFields(before, { ...values, participantIds }),
    });
  });
  return getVisit(db, actor, id);
}
