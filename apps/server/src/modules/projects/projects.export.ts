import {
  type LiaisonRole,
  liaisonRoleLabels,
  type ProjectExportQuery,
  type ProjectListItem,
  projectColumns,
  projectStageLabels,
} from "@zonedesk/contracts";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db } from "../../db/client.js";
import { assertOrgUnitInScope, requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { buildTemplate, escapeFormulaText, formatWanYuan } from "../../lib/excel/index.js";
import { type SheetWriter, todayInBeijing } from "../../lib/format.js";
import { issues } from "../issues/issues.table.js";
import { findOrgUnitsUnder } from "../org-units/index.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { stageChoices } from "./projects.import.js";
import { findProjects } from "./projects.queries.js";
import { projectListWhere, toProjects } from "./projects.service.js";
import { projectAnnualPlans, projectInvestmentReports } from "./projects.table.js";

const exportLimit = 20_000;

/** Columns of the 重点项目推进表, with their widths in characters. */
export const progressSheetColumns = [
  { header: "序号", width: 6 },
  { header: "项目名称", width: 30 },
  { header: "建设单位", width: 26 },
  { header: "建设内容", width: 40 },
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
] as const;

/** Yuan as a decimal string → 万元 as a number for a numeric cell (exact to 6 decimals, as stored). */
const wan = (yuan: string) => Number(formatWanYuan(yuan));

/** The year's plan and Σ completed_in_month of the year for each project (E's tables, read directly). */
async function investmentOf(db: Db, projectIds: string[], year: number) {
  if (projectIds.length === 0) return { plans: new Map<string, string>(), completed: new Map<string, string>() };
  const [plans, completed] = await Promise.all([
    db
      .select({ projectId: projectAnnualPlans.projectId, planned: projectAnnualPlans.plannedInvestment })
      .from(projectAnnualPlans)
      .where(and(inArray(projectAnnualPlans.projectId, projectIds), eq(projectAnnualPlans.year, year))),
    db
      .select({
        projectId: projectInvestmentReports.projectId,
        completed: sql<string>`sum(${projectInvestmentReports.completedInMonth})::text`,
      })
      .from(projectInvestmentReports)
      .where(and(inArray(projectInvestmentReports.projectId, projectIds), eq(projectInvestmentReports.year, year)))
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

export interface ProjectExport {
  fileName: string;
  write: SheetWriter;
}

/**
 * Checks access and audits, then returns the writer of the 重点项目推进表 for the filtered list: a title row
 * "<unit>重点项目推进表", the date and unit line, the header, one row per project, a total row. Investment
 * columns are the year's plan and the sum of the year's monthly reports (this year unless `year` is given).
 */
export async function prepareProjectExport(db: Db, actor: Actor, query: ProjectExportQuery): Promise<ProjectExport> {
  requirePermission(actor, "project.export");
  const where = projectListWhere(actor, query);
  const today = todayInBeijing();
  const year = query.year ?? Number(today.slice(0, 4));
  // A unit outside the actor's scope answers 404 before its name can reach the file name or title.
  const [unit] = query.orgUnitId
    ? [await assertOrgUnitInScope(db, actor, query.orgUnitId)]
    : await db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, actor.orgUnitId));
  const unitName = unit?.name ?? "";
  const { rows } = await findProjects(db, { where, sort: query.sort, limit: exportLimit, offset: 0 });
  const items = await toProjects(db, rows);
  const contentOf = new Map(rows.map((r) => [r.id, r.constructionContent]));
  const ids = items.map((p) => p.id);
  const [{ plans, completed }, problems] = await Promise.all([
    investmentOf(db, ids, year),
    openIssuesOf(db, actor, ids),
  ]);
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
    const dateRow = sheet.addRow([`${year}年度    截至 ${today}    单位：万元`]);
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
      totalInvestment += toFen(p.totalInvestment);
      totalPlanned += toFen(planned);
      totalCompleted += toFen(done);
      const rate = planned && toFen(planned) > 0n ? Number(toFen(done)) / Number(toFen(planned)) : null;
      const row = sheet.addRow([
        index + 1,
        escapeFormulaText(p.name),
        escapeFormulaText(p.investorName ?? ""),
        escapeFormulaText(contentOf.get(p.id) ?? ""),
        wan(p.totalInvestment),
        planned ? wan(planned) : null,
        wan(done),
        rate ?? "—",
        projectStageLabels[p.stage],
        started?.plannedOn ?? "",
        started?.actualOn ?? "",
        escapeFormulaText(leadersOf(p)),
        escapeFormulaText(p.progressNarrative ?? ""),
        escapeFormulaText((problems.get(p.id) ?? []).map((t, i) => `${i + 1}.${t}`).join("\n")),
      ]);
      row.alignment = { vertical: "top", wrapText: true };
      for (const c of [5, 6, 7]) row.getCell(c).numFmt = "#,##0.00";
      row.getCell(8).numFmt = "0.0%";
      for (const c of [1, 8, 9, 10, 11]) row.getCell(c).alignment = { horizontal: "center", vertical: "top" };
      if (p.isBehindSchedule) {
        row.getCell(2).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" } };
      }
    });
    const total = sheet.addRow([
      "合计",
      `${items.length}个项目`,
      "",
      "",
      wan(fenToYuan(totalInvestment)),
      wan(fenToYuan(totalPlanned)),
      wan(fenToYuan(totalCompleted)),
      totalPlanned > 0n ? Number(totalCompleted) / Number(totalPlanned) : "—",
    ]);
    total.font = { bold: true };
    for (const c of [5, 6, 7]) total.getCell(c).numFmt = "#,##0.00";
    total.getCell(8).numFmt = "0.0%";
    total.getCell(8).alignment = { horizontal: "center" };
    sheet.addRow([]);
    sheet.addRow(["注：项目名称标红的，有阶段计划日期已过仍未完成；完成率 = 累计完成投资 ÷ 年度计划投资。"]);
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

/** "12345.60" → 1234560n (fen), exact. */
function toFen(yuan: string | undefined): bigint {
  if (!yuan) return 0n;
  const [int = "0", frac = ""] = yuan.split(".");
  return BigInt(int) * 100n + BigInt(`${frac}00`.slice(0, 2));
}

function fenToYuan(fen: bigint): string {
  return `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`;
}

/** The import template: the header row, a sample row and a sheet of instructions. */
export async function projectTemplateWriter(db: Db, actor: Actor): Promise<SheetWriter> {
  requirePermission(actor, "project.import");
  const [unit] = await findOrgUnitsUnder(db, actor.orgUnitPath);
  const sample: Record<string, string | number> = {
    name: "示例新能源电池项目",
    investor: "示例新能源科技有限公司",
    orgUnit: unit?.name ?? "",
    level: "市重点",
    batch: "开工一批",
    projectType: "新建",
    totalInvestment: 50000,
    location: "示例园区经三路东",
    landParcel: "2026-15号地块",
    industryChain: "新能源电池",
    industryCode: "C3841",
    stage: "落地",
    plannedSigned: "2026-01-15",
    actualSigned: "2026-01-15",
    plannedLanded: "2026-03-01",
    actualLanded: "2026-03-10",
    plannedStarted: "2026-06-30",
    leader: "leader01",
    constructionContent: "新建标准化厂房8万平方米，年产5GWh电池",
  };
  return (output) =>
    buildTemplate(output, {
      sheetName: "重点项目",
      columns: projectColumns.map((c) => ({ header: c.header, required: c.required })),
      sampleRows: [projectColumns.map((c) => sample[c.key] ?? null)],
      instructions: [
        "1. 第一行为表头，请勿修改列名；带 * 的列为必填。表头上方可以有标题行。请删除灰色示例行后再填写。",
        "2. 以“所属单位 + 项目名称”识别项目：已有的项目将被更新（空白单元格保持原值不变），没有的将被新增。",
        "3. 投资主体填写企业库中的企业名称或统一社会信用代码；企业库中没有的，填写投资方名称即可。",
        "4. 项目级别：省重点、市重点、县(区)重点；批次：签约一批、开工一批、投产一批；类型：新建、续建。",
        "5. 总投资单位为万元。日期可写 2024-03-05、2024/3/5 或 2024年3月5日。",
        `6. 当前阶段：${stageChoices}。当前阶段及其之前各阶段须填写实际日期，之后的阶段不应有实际日期；实际日期须依次不早于前一阶段，且不晚于今天。`,
        "7. 当前阶段留空时，按填写了实际日期的最后一个阶段确定；新项目都未填写时为“签约”，签约日期为今天。",
        "8. 分包领导填写包联领导的登录账号或姓名，须为您管理范围内在用的包联领导。",
        "9. 行业代码按《国民经济行业分类》（GB/T 4754-2017）填写，如 C3841。",
        "10. 上传后先预览：将新增、更新和不能导入的行（含行号、列名和原因）一目了然；确认后一次性全部导入，任何一行有误则全部不导入。",
      ],
    });
}
