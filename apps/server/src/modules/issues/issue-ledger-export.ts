import {
  type IssueExportQuery,
  type IssueStatus,
  issueLedgerColumns,
  issueOutcomeLabels,
  issueRatingLabels,
  issueSourceLabels,
  issueStatusLabels,
} from "@zonedesk/contracts";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { type SheetCell, type SheetColumn, writeSheet } from "../../lib/excel/index.js";
import { formatBeijingTime, type SheetWriter, todayInBeijing } from "../../lib/format.js";
import { addWorkingDays } from "../../lib/working-days.js";
import { issueListWhere } from "./issue-list.js";
import { findIssueDepartments, findIssueRatings, findIssues, type IssueWithNames } from "./issues.queries.js";
import { issueEvents } from "./issues.table.js";

const exportLimit = 100_000;
const batchSize = 500;

const widths: Record<(typeof issueLedgerColumns)[number], number> = {
  序号: 6,
  编号: 18,
  企业名称: 28,
  问题描述: 48,
  问题类别: 14,
  责任单位: 28,
  责任领导: 12,
  办理时限: 12,
  办理进展: 40,
  办结情况: 40,
  企业评价: 16,
  来源: 10,
  提出日期: 12,
};

const wrapped: ReadonlySet<(typeof issueLedgerColumns)[number]> = new Set([
  "企业名称",
  "问题描述",
  "责任单位",
  "办理进展",
  "办结情况",
] as const);

const columns: SheetColumn[] = issueLedgerColumns.map((header) => ({
  header,
  width: widths[header],
  kind: header === "序号" ? "number" : header === "办理时限" || header === "提出日期" ? "date" : "text",
  wrap: wrapped.has(header),
}));

/** 办结情况: the status, and the answer once there is one (declined issues say so). */
export function resolutionText(issue: {
  status: IssueStatus;
  outcome: "resolved" | "declined" | null;
  answer: string | null;
}): string {
  if (issue.status === "closed" && issue.outcome === "declined") return issueOutcomeLabels.declined;
  const label = issueStatusLabels[issue.status];
  return issue.answer ? `${label}：${issue.answer}` : label;
}

/** 责任单位: "牵头：A；配合：B、C". */
export function responsibleUnitsText(list: { role: "lead" | "co"; name: string }[]): string {
  const lead = list.filter((d) => d.role === "lead").map((d) => d.name);
  const co = list.filter((d) => d.role === "co").map((d) => d.name);
  return [lead.length ? `牵头：${lead.join("、")}` : "", co.length ? `配合：${co.join("、")}` : ""]
    .filter(Boolean)
    .join("；");
}

/** 企业评价: every rating given, in order, e.g. "不满意→满意" (a 不满意 reopened the issue). */
export function ratingsText(ratings: readonly { rating: keyof typeof issueRatingLabels }[]): string | null {
  return ratings.length === 0 ? null : ratings.map((r) => issueRatingLabels[r.rating]).join("→");
}

/** The latest progress note (办理进展) of each issue. */
async function latestProgressNotes(db: Db, issueIds: string[]): Promise<Map<string, string>> {
  if (issueIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([issueEvents.issueId], { issueId: issueEvents.issueId, note: issueEvents.note })
    .from(issueEvents)
    .where(and(inArray(issueEvents.issueId, issueIds), eq(issueEvents.action, "progress")))
    .orderBy(issueEvents.issueId, desc(issueEvents.createdAt));
  return new Map(rows.flatMap((r) => (r.note ? [[r.issueId, r.note] as const] : [])));
}

function describe(row: IssueWithNames): string {
  const { title, description } = row.issue;
  return description.startsWith(title) ? description : `${title}：${description}`;
}

/**
 * GET /api/issues/export: checks the permission and audits, then returns the writer of the ledger
 * (企业问题受理台账) with the list's filters, within what the actor may see, in the offices' layout:
 * a title row with the export time, then 序号, 编号, 企业名称, 问题描述, 问题类别, 责任单位, 责任领导, 办理时限,
 * 办理进展, 办结情况, 企业评价 (every rating in order), 来源, 提出日期. Text a spreadsheet would run as a formula is neutralised.
 */
export async function prepareIssueLedgerExport(db: Db, actor: Actor, query: IssueExportQuery): Promise<SheetWriter> {
  requirePermission(actor, "issue.export");
  const today = todayInBeijing();
  const where = issueListWhere(actor, query, { today, soonLimit: await addWorkingDays(db, today, 2) });
  await writeAudit(db, actor, {
    action: "issue.export",
    entityType: "issue",
    orgUnitId: actor.orgUnitId,
    summary: JSON.stringify(query),
  });
  async function* rows(): AsyncGenerator<SheetCell[]> {
    let n = 0;
    for (let offset = 0; offset < exportLimit; offset += batchSize) {
      const { rows: chunk } = await findIssues(db, { where, sort: query.sort, limit: batchSize, offset });
      const ids = chunk.map((r) => r.issue.id);
      const [departmentsOf, progress, ratings] = await Promise.all([
        findIssueDepartments(db, ids),
        latestProgressNotes(db, ids),
        findIssueRatings(db, ids),
      ]);
      for (const row of chunk) {
        const i = row.issue;
        n += 1;
        yield [
          n,
          i.serialNo,
          row.enterpriseName ?? (row.projectName ? `项目：${row.projectName}` : null),
          describe(row),
          row.categoryName,
          responsibleUnitsText(departmentsOf.filter((d) => d.issueId === i.id)) || null,
          row.responsibleLeaderName,
          i.dueOn,
          progress.get(i.id) ?? null,
          resolutionText(i),
          ratingsText(ratings.filter((r) => r.issueId === i.id)),
          issueSourceLabels[i.source],
          formatBeijingTime(i.createdAt).slice(0, 10),
        ];
      }
      if (chunk.length < batchSize) return;
    }
  }
  return (output) =>
    writeSheet(output, {
      sheetName: "企业问题受理台账",
      title: `企业问题受理台账（导出时间：${formatBeijingTime(new Date())}）`,
      columns,
      rows: rows(),
    });
}
