import type { ProjectIssue } from "@zonedesk/contracts";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { todayInBeijing } from "../../lib/format.js";
// The issue ledger's index.ts offers no read of issues by project; until it does, these reads use its tables.
import { departments } from "../departments/departments.table.js";
import { issues } from "../issues/issues.table.js";
import { getVisibleProjectRow } from "./project-access.js";

/*
 * Problems of a project (项目问题) are the issue ledger's issues linked to it, read through the ledger's
 * own access rule (visibleIssues), so a cadre sees what the ledger would show them.
 */

/** How many linked issues the actor may see: in all, not yet closed (未销号), and overdue. */
export async function projectIssueCounts(db: Db, actor: Actor, projectId: string) {
  const [counts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      open: sql<number>`(count(*) filter (where ${issues.status} <> 'closed'))::int`,
      overdue: sql<number>`(count(*) filter (where ${issues.status} in ('routed', 'in_progress')
          and ${issues.dueOn} < ${todayInBeijing()}))::int`,
    })
    .from(issues)
    .where(and(eq(issues.projectId, projectId), visibleIssues(actor)));
  return { total: counts?.total ?? 0, open: counts?.open ?? 0, overdue: counts?.overdue ?? 0 };
}

/**
 * The issue ledger's issues linked to the project (GET /api/projects/:id/issues), newest first: the project must
 * be visible and each issue passes the ledger's own access rule.
 */
export async function listProjectIssues(db: Db, actor: Actor, projectId: string): Promise<ProjectIssue[]> {
  requirePermission(actor, "project.read");
  await getVisibleProjectRow(db, actor, projectId);
  const today = todayInBeijing();
  const rows = await db
    .select({
      id: issues.id,
      serialNo: issues.serialNo,
      title: issues.title,
      status: issues.status,
      leadDepartmentName: departments.name,
      dueOn: issues.dueOn,
      createdAt: issues.createdAt,
    })
    .from(issues)
    .leftJoin(departments, eq(departments.id, issues.leadDepartmentId))
    .where(and(eq(issues.projectId, projectId), visibleIssues(actor)))
    .orderBy(desc(issues.createdAt), desc(issues.serialNo))
    .limit(500);
  return rows.map((r) => ({
    id: r.id,
    serialNo: r.serialNo,
    title: r.title,
    status: r.status,
    leadDepartmentName: r.leadDepartmentName ?? null,
    dueOn: r.dueOn,
    isOverdue: r.dueOn !== null && (r.status === "routed" || r.status === "in_progress") && r.dueOn < today,
    createdAt: r.createdAt.toISOString(),
  }));
}
