import type { CreateIssueInput, IssueSource } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { assertEnterpriseVisible, assertProjectVisible, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { projects } from "../projects/projects.table.js";
import { recordIssueEvent } from "./issue-common.js";
import { insertIssue, nextSerialNo } from "./issues.queries.js";
import { issueCategories } from "./issues.table.js";

// Creating an issue (登记). Reading is in issue-list.ts and issue-detail.ts, the transitions in issue-*.ts.

/**
 * Records a new issue (待受理) in the caller's transaction: checks the category and that the enterprise /
 * project is one the actor may report for (an enterprise user: always its own enterprise), gives an issue of a
 * project without an enterprise the project's investing enterprise (when in the register), numbers it
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

  const subject = await subjectOf(tx, enterpriseId, projectId);
  const orgUnitId = subject.orgUnitId;
  enterpriseId = subject.enterpriseId;
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

/**
 * The unit of the issue (its enterprise's, else its project's) and its enterprise. An issue of a key project alone
 * concerns the project's investing enterprise when that is in the register (an issue raised on a project visit
 * too): the enterprise's users then see and rate it. The issue stays in the project's unit.
 */
async function subjectOf(
  tx: Db,
  enterpriseId: string | null,
  projectId: string | null,
): Promise<{ orgUnitId: string; enterpriseId: string | null }> {
  if (enterpriseId !== null) {
    const [e] = await tx.select({ o: enterprises.orgUnitId }).from(enterprises).where(eq(enterprises.id, enterpriseId));
    if (e) return { orgUnitId: e.o, enterpriseId };
  }
  if (projectId !== null) {
    const [p] = await tx
      .select({ o: projects.orgUnitId, e: projects.enterpriseId })
      .from(projects)
      .where(eq(projects.id, projectId));
    if (p) return { orgUnitId: p.o, enterpriseId: enterpriseId ?? p.e };
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
