import {
  fenToYuan,
  type LiaisonRole,
  liaisonRoleLabels,
  type ProjectExportQuery,
  type ProjectListItem,
  type ProjectWarningRow,
  projectStageLabels,
  yuanToFen,
} from "@zonedesk/contracts";
import { and, eq, inArray, lte, ne, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { escapeFormulaText, formatWanYuan } from "../../lib/excel/index.js";
import { type SheetWriter, todayInBeijing } from "../../lib/format.js";
// The issue ledger's index.ts offers no read of open issues by project; its table is read here.
import { issues } from "../issues/issues.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { evaluateProjectWarnings } from "./project-figures.js";
import { type FiguresPeriod, rateOf, resolvePeriod } from "./project-periods.js";
import { toProjects } from "./project-view.js";
import { findProjects } from "./projects.queries.js";
import { projectListWhere } from "./projects.service.js";
import { projectAnnualPlans, projectInvestmentReports } from "./projects.table.js";

const exportLimit = 20_000;

/** Columns of the 重点项目推进表, with their widths in characters. */
export const progressSheetColumns = [
  { header: "序号", width: 6 },
  { header: "项目名称", width: 30 },
  { header: "批次期数", width: 12 },
  { header: "建设单位", width: 26 },
  { header: "建设内容", width: 40 },
  { header: "用地面积（亩）", width: 10 },
  { header: "总投资（万元）", width: 14 },
  { header: "年度计划投资（万元）", width: 14 },
  { header: "累计完成投资（万元）", width: 14 },
  { header: "完成率", width: 9 },
  { header: "当前阶段", width: 9 },
  { header: "计划开工", width: 12 },
  { header: "实际开工", width: 12 },
  { header: "责任领导", width: 14 },
  { header: "进展情况", width: 40 },
  { header: "存在问题", width: 36 },
  { header: "预警说明", width: 40 },
] as const;
const column = (header: (typeof progressSheetColumns)[number]["header"]) =>
  progressSheetColumns.findIndex((c) => c.header === header) + 1;
const moneyColumns = [column("总投资（万元）"), column("年度计划投资（万元）"), column("累计完成投资（万元）")];

/** The fills of the page's red and yellow rows. */
export const warningFills = { red: "FFFFC7CE", yellow: "FFFFEB9C" } as const;

/**
 * A decimal string for a numeric cell: a number only when it converts exactly (as the shared sheet writer
 * does), else the text itself. Display only; no arithmetic is ever done on the number.
 */
function numericCell(decimal: string): number | string {
  const n = Number(decimal);
  return Number.isFinite(n) && String(n) === decimal.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "") ? n : decimal;
}
const wanCell = (yuan: string) => numericCell(formatWanYuan(yuan));

/** The year's plan and Σ completed_in_month of the year up to the period's month, per project. */
async function investmentOf(db: Db, projectIds: string[], period: FiguresPeriod) {
  if (projectIds.length === 0) return { plans: new Map<string, string>(), completed: new Map<string, string>() };
  const [plans, completed] = await Promise.all([
    db
      .select({ projectId: projectAnnualPlans.projectId, planned: projectAnnualPlans.plannedInvestment })
      .from(projectAnnualPlans)
      .where(and(inArray(projectAnnualPlans.projectId, projectIds), eq(projectAnnualPlans.year, period.year))),
    db
      .select({
        projectId: projectInvestmentReports.projectId,
        completed: sql<string>`sum(${projectInvestmentReports.completedInMonth})::text`,
      })
      .from(projectInvestmentReports)
      .where(
        and(
          inArray(projectInvestmentReports.projectId, projectIds),
          eq(projectInvestmentReports.year, period.year),
          lte(projectInvestmentReports.month, period.month),
        ),
      )
      .groupBy(projectInvestmentReports.projectId),
  ]);
  return {
    plans: new Map(plans.map((p) => [p.projectId, p.planned])),
    completed: new Map(completed.map((c) => [c.projectId, c.completed])),
  };
}

/** The open (未销号) issues of each project the actor may see, as 存在问题. */
async function openIssuesOf(db: Db, actor: Actor, projectIds: string[]) {
  const map = new Map<string, string[]>();
  if (projectIds.length === 0) return map;
  const rows = await db
    .select({ projectId: issues.projectId, title: issues.title })
    .from(issues)
    .where(and(inArray(issues.projectId, projectIds), ne(issues.status, "closed"), visibleIssues(actor)))
    .orderBy(issues.createdAt);
  for (const r of rows) {
    if (!r.projectId) continue;
    map.set(r.projectId, [...(map.get(r.projectId) ?? []), r.title]);
  }
  return map;
}

/** The liaison leaders of a project as the sheet names them: 分包领导 first. */
function leadersOf(p: ProjectListItem): string {
  const leaders = p.liaisons.filter((l) => l.role === "lead_leader");
  const shown = leaders.length > 0 ? leaders : p.liaisons;
  return shown
    .map((l) =>
      leaders.length > 0 ? l.displayName : `${l.displayName}（${liaisonRoleLabels[l.role as LiaisonRole] ?? l.role}）`,
    )
    .join("、");
}

/** The 预警说明 cell: each rule that coloured the row, with this project's particulars. */
export function warningNote(row: ProjectWarningRow | undefined): string {
  return (row?.warnings ?? []).map((w) => `${w.color === "red" ? "红" : "黄"}：${w.text}（${w.detail}）`).join("\n");
}

export interface ProjectExport {
  fileName: string;
  write: SheetWriter;
}

/**
 * Checks access and audits, then returns the writer of the 重点项目推进表 for the filtered list: a title row
 * "<unit>重点项目推进表", the period and unit line, the header, one row per project, a total row. The investment
 * columns, the completion rate and the red/yellow rows with their 预警说明 are those of the project page for the
 * same year and month (GET /api/projects/warnings): the figures' period, rules and project set.
 */
export async function prepareProjectExport(db: Db, actor: Actor, query: ProjectExportQuery): Promise<ProjectExport> {
  requirePermission(actor, "project.export");
  const period = resolvePeriod({ year: query.year, month: query.month });
  const where = projectListWhere(actor, query);
  const today = todayInBeijing();
  // A unit outside the actor's scope answers 404 before its name can reach the file name or title.
  const [unit] = query.orgUnitId
    ? [await assertOrgUnitInScope(db, actor, query.orgUnitId)]
    : await db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, actor.orgUnitId));
  const unitName = unit?.name ?? "";
  const { rows } = await findProjects(db, { where, sort: query.sort, limit: exportLimit, offset: 0 });
  const items = await toProjects(db, rows);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ids = items.map((p) => p.id);
  const [{ plans, completed }, problems, warningRows] = await Promise.all([
    investmentOf(db, ids, period),
    openIssuesOf(db, actor, ids),
    ids.length === 0 ? [] : evaluateProjectWarnings(db, actor, {}, period, ids),
  ]);
  const warningsOf = new Map(warningRows.map((w) => [w.projectId, w]));
  await writeAudit(db, actor, {
    action: "project.export",
    entityType: "project",
    orgUnitId: actor.orgUnitId,
    summary: `${unitName}重点项目推进表（${items.length}个项目）`,
    after: query,
  });

  const write: SheetWriter = async (output) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("重点项目推进表", {
      views: [{ state: "frozen", xSplit: 0, ySplit: 3 }],
      pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    const width = progressSheetColumns.length;
    sheet.columns = progressSheetColumns.map((c) => ({ width: c.width }));
    const title = sheet.addRow([escapeFormulaText(`${unitName}重点项目推进表`)]);
    sheet.mergeCells(1, 1, 1, width);
    title.height = 30;
    title.getCell(1).font = { bold: true, size: 16 };
    title.getCell(1).alignment = { horizontal: "center", vertical: "middle" };
    const dateRow = sheet.addRow([`${period.year}年度    截至 ${period.asOf}    导出 ${today}    单位：万元`]);
    sheet.mergeCells(2, 1, 2, width);
    dateRow.getCell(1).alignment = { horizontal: "right" };
    const header = sheet.addRow(progressSheetColumns.map((c) => c.header));
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDCE6F1" } };
      cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    });
    header.height = 32;

    let totalInvestment = 0n;
    let totalPlanned = 0n;
    let totalCompleted = 0n;
    items.forEach((p, index) => {
      const planned = plans.get(p.id);
      const done = completed.get(p.id) ?? "0.00";
      const started = p.stageDates.find((d) => d.stage === "started");
      const warning = warningsOf.get(p.id);
      const landAreaMu = byId.get(p.id)?.landAreaMu ?? null;
      totalInvestment += yuanToFen(p.totalInvestment);
      totalPlanned += planned ? yuanToFen(planned) : 0n;
      totalCompleted += yuanToFen(done);
      const rate = planned ? rateOf(yuanToFen(done), yuanToFen(planned)) : null;
      const row = sheet.addRow([
        index + 1,
        escapeFormulaText(p.name),
        escapeFormulaText(p.campaignRound ?? ""),
        escapeFormulaText(p.investorName ?? ""),
        escapeFormulaText(byId.get(p.id)?.constructionContent ?? ""),
        landAreaMu === null ? null : numericCell(landAreaMu),
        wanCell(p.totalInvestment),
        planned ? wanCell(planned) : null,
        wanCell(done),
        rate ?? "—",
        projectStageLabels[p.stage],
        started?.plannedOn ?? "",
        started?.actualOn ?? "",
        escapeFormulaText(leadersOf(p)),
        escapeFormulaText(p.progressNarrative ?? ""),
        escapeFormulaText((problems.get(p.id) ?? []).map((t, i) => `${i + 1}.${t}`).join("\n")),
        escapeFormulaText(warningNote(warning)),
      ]);
      row.alignment = { vertical: "top", wrapText: true };
      for (const c of moneyColumns) row.getCell(c).numFmt = "#,##0.00";
      row.getCell(column("完成率")).numFmt = "0.0%";
      for (const c of [1, column("完成率"), column("当前阶段"), column("计划开工"), column("实际开工")])
        row.getCell(c).alignment = { horizontal: "center", vertical: "top" };
      const color = warning?.color ?? null;
      if (color) {
        for (let c = 1; c <= width; c++)
          row.getCell(c).fill = { type: "pattern", pattern: "solid", fgColor: { argb: warningFills[color] } };
      }
    });
    const totalRate = rateOf(totalCompleted, totalPlanned);
    const totals: (string | number | null)[] = Array.from({ length: width }, () => "");
    totals[0] = "合计";
    totals[1] = `${items.length}个项目`;
    totals[column("总投资（万元）") - 1] = wanCell(fenToYuan(totalInvestment));
    totals[column("年度计划投资（万元）") - 1] = wanCell(fenToYuan(totalPlanned));
    totals[column("累计完成投资（万元）") - 1] = wanCell(fenToYuan(totalCompleted));
    totals[column("完成率") - 1] = totalRate ?? "—";
    const total = sheet.addRow(totals);
    total.font = { bold: true };
    for (const c of moneyColumns) total.getCell(c).numFmt = "#,##0.00";
    total.getCell(column("完成率")).numFmt = "0.0%";
    total.getCell(column("完成率")).alignment = { horizontal: "center" };
    sheet.addRow([]);
    sheet.addRow([
      `注：红色、黄色行为预警项目（预警参照日期 ${period.warningsAsOf}），触发的规则见“预警说明”列；` +
        `完成率 = ${period.year}年1至${period.month}月累计完成投资 ÷ 年度计划投资。`,
    ]);
    for (let r = 3; r <= sheet.rowCount - 2; r++) {
      for (let c = 1; c <= width; c++) {
        sheet.getCell(r, c).border = {
          top: { style: "thin" },
          left: { style: "thin" },
          bottom: { style: "thin" },
          right: { style: "thin" },
        };
      }
    }
    // A few hundred projects: the whole workbook fits in memory, and the styled title rows need the full writer.
    const buffer = await workbook.xlsx.writeBuffer();
    await new Promise<void>((resolve, reject) => {
      output.once("error", reject);
      output.end(Buffer.from(buffer), () => resolve());
    });
  };
  return { fileName: `${unitName}重点项目推进表-${today}.xlsx`, write };
}
