import { annualPlanColumns, fenToYuan, investmentReportColumns, yuanToFen } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission, visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAuditMany } from "../../lib/audit.js";
import { AppError } from "../../lib/errors.js";
import { buildTemplate, type CellValue, cleanText, formatWanYuan, parseWanYuan } from "../../lib/excel/index.js";
import type { SheetWriter } from "../../lib/format.js";
import type { ImportDefinition, RowIssue, RowOutcome } from "../imports/index.js";
import { currentBeijingMonth, isAfterMonth, lastCompleteMonth, type YearMonth } from "./project-figures.js";
import {
  findPlan,
  findPlansOfProjects,
  findReport,
  findReportsOfProjects,
  insertPlan,
  lockProject,
  updatePlan,
} from "./project-investment.queries.js";
import { writeMonthlyReport } from "./project-investment.service.js";
import { projects } from "./projects.table.js";

interface ProjectRef {
  id: string;
  name: string;
  orgUnitId: string;
}

const wan = (fen: bigint) => formatWanYuan(fenToYuan(fen));
const nameKey = (v: CellValue) => cleanText(v, { toHalfWidth: true, removeSpaces: true });

/** The active projects the actor sees, by name (written with full-width or stray spaces alike). */
async function loadProjectsByName(db: Db, actor: Actor): Promise<Map<string, ProjectRef[]>> {
  const rows = await db
    .select({ id: projects.id, name: projects.name, orgUnitId: projects.orgUnitId })
    .from(projects)
    .where(and(visibleProjects(actor), eq(projects.status, "active")));
  const byName = new Map<string, ProjectRef[]>();
  for (const row of rows) {
    const key = nameKey(row.name) ?? "";
    byName.set(key, [...(byName.get(key) ?? []), row]);
  }
  return byName;
}

function matchProject(byName: Map<string, ProjectRef[]>, cell: CellValue, issues: RowIssue[]): ProjectRef | undefined {
  const key = nameKey(cell);
  if (key === null) {
    issues.push({ field: "projectName", message: "项目名称不能为空" });
    return undefined;
  }
  const found = byName.get(key) ?? [];
  if (found.length === 0)
    issues.push({ field: "projectName", message: `未找到名为“${cleanText(cell)}”的项目（或不在您的管理范围内）` });
  else if (found.length > 1)
    issues.push({
      field: "projectName",
      message: `有${found.length}个名为“${cleanText(cell)}”的项目，无法确定是哪一个`,
    });
  return found.length === 1 ? found[0] : undefined;
}

function parseInteger(cell: CellValue, suffix: string, min: number, max: number): number | null {
  const text = cleanText(cell, { toHalfWidth: true, removeSpaces: true })?.replace(new RegExp(`${suffix}$`), "");
  if (!text || !/^\d+(\.0+)?$/.test(text)) return null;
  const n = Number.parseInt(text, 10);
  return n >= min && n <= max ? n : null;
}

function parseYear(cell: CellValue, issues: RowIssue[]): number | null {
  const year = parseInteger(cell, "年", 2000, 2100);
  if (year === null)
    issues.push({
      field: "year",
      message: cleanText(cell) === null ? "年份未填写" : `“${cleanText(cell)}”不是有效年份`,
    });
  return year;
}

function parseOptionalAmount(cell: CellValue, field: string, issues: RowIssue[]): bigint | null {
  if (cleanText(cell) === null) return null;
  const parsed = parseWanYuan(cell);
  if (!parsed.ok) {
    issues.push({ field, message: parsed.reason });
    return null;
  }
  return yuanToFen(parsed.value);
}

// ── Monthly investment reports ───────────────────────────────────────────────

interface ReportContext {
  byName: Map<string, ProjectRef[]>;
  current: YearMonth;
  /** project|year|month → the row that first named it. */
  seen: Map<string, number>;
  /** project|year → month → amount of the rows before, which override the stored months. */
  pending: Map<string, Map<number, bigint>>;
  /** project|year → the latest month an earlier row converted from 累计, which later rows must not change under. */
  convertedFrom: Map<string, { month: number; rowNumber: number }>;
}

export interface ReportImportValue {
  projectId: string;
  orgUnitId: string;
  projectName: string;
  year: number;
  month: number;
  completedFen: bigint;
  progressText: string | undefined;
  /** The version of the month's report when checked; null when there was none. */
  checkedVersion: number | null;
}

/** 月度投资填报 from a sheet: one row per project and month, 当月 and/or 累计 in 万元; a reported month is corrected. */
export const investmentReportImport: ImportDefinition<ReportContext, ReportImportValue> = {
  kind: "project_investment_reports",
  auditAction: "project.report_import",
  permission: "project.progress",
  fields: investmentReportColumns.map((c) => ({
    key: c.key,
    header: c.header,
    required: c.required,
    aliases: (
      {
        projectName: ["项目"],
        completedInMonth: ["当月完成投资", "本月完成投资（万元）", "当月完成（万元）"],
        completedToDate: ["累计完成投资", "本年累计完成投资（万元）", "累计完成（万元）"],
        progressText: ["进展", "项目进展情况", "形象进度"],
      } as Record<string, string[]>
    )[c.key],
  })),
  maxRows: 20_000,

  mappingIssues(mapping) {
    return mapping.completedInMonth || mapping.completedToDate
      ? []
      : [{ field: "completedInMonth", message: "须有“当月完成投资（万元）”或“累计完成投资（万元）”列" }];
  },

  async loadContext(db, actor) {
    return {
      byName: await loadProjectsByName(db, actor),
      current: currentBeijingMonth(),
      seen: new Map(),
      pending: new Map(),
      convertedFrom: new Map(),
    };
  },

  async checkRows(db, _actor, context, rows) {
    const parsed = rows.map((r) => {
      const issues: RowIssue[] = [];
      const project = matchProject(context.byName, r.values.projectName ?? null, issues);
      const year = parseYear(r.values.year ?? null, issues);
      const month = parseInteger(r.values.month ?? null, "月", 1, 12);
      if (month === null) {
        const text = cleanText(r.values.month ?? null);
        issues.push({ field: "month", message: text === null ? "月份未填写" : `“${text}”不是有效月份（1至12）` });
      }
      if (year !== null && month !== null && isAfterMonth({ year, month }, context.current))
        issues.push({ field: "month", message: `${year}年${month}月尚未到来，不能填报` });
      const inMonth = parseOptionalAmount(r.values.completedInMonth ?? null, "completedInMonth", issues);
      const toDate = parseOptionalAmount(r.values.completedToDate ?? null, "completedToDate", issues);
      if (cleanText(r.values.completedInMonth ?? null) === null && cleanText(r.values.completedToDate ?? null) === null)
        issues.push({ field: "completedInMonth", message: "当月完成投资与累计完成投资至少填一项" });
      const progressText = cleanText(r.values.progressText ?? null) ?? undefined;
      if (progressText && progressText.length > 2000)
        issues.push({ field: "progressText", message: "进展情况不超过2000个字" });
      return { r, issues, project, year, month, inMonth, toDate, progressText };
    });
    const projectIds = [...new Set(parsed.flatMap((p) => (p.project ? [p.project.id] : [])))];
    const years = [...new Set(parsed.flatMap((p) => (p.year !== null ? [p.year] : [])))];
    const stored = new Map<string, Map<number, Awaited<ReturnType<typeof findReportsOfProjects>>[number]>>();
    for (const report of await findReportsOfProjects(db, { projectIds, years })) {
      const key = `${report.projectId}|${report.year}`;
      const months = stored.get(key) ?? new Map();
      months.set(report.month, report);
      stored.set(key, months);
    }

    return parsed.map((p): RowOutcome<ReportImportValue> => {
      const { r, issues, project, year, month } = p;
      const label = `${project?.name ?? cleanText(r.values.projectName ?? null) ?? ""} ${year ?? "?"}年${month ?? "?"}月`;
      const refused = (more: RowIssue[] = []): RowOutcome<ReportImportValue> => ({
        rowNumber: r.rowNumber,
        action: "refused",
        key: label,
        label,
        changes: [],
        issues: [...issues, ...more],
      });
      if (issues.length > 0 || !project || year === null || month === null) return refused();
      const yearKey = `${project.id}|${year}`;
      const first = context.seen.get(`${yearKey}|${month}`);
      if (first !== undefined) return refused([{ field: "month", message: `与第${first}行是同一项目同一月份` }]);
      const converted = context.convertedFrom.get(yearKey);
      if (converted && converted.month > month)
        return refused([
          {
            field: "month",
            message: `第${converted.rowNumber}行已按累计数换算了${converted.month}月，本行更改更早的月份，请按月份先后排列`,
          },
        ]);
      const pending = context.pending.get(yearKey) ?? new Map<number, bigint>();
      const storedMonths = stored.get(yearKey) ?? new Map();
      let earlier = 0n;
      for (let k = 1; k < month; k++) {
        const own = pending.get(k);
        const kept = storedMonths.get(k);
        earlier += own ?? (kept ? yuanToFen(kept.completedInMonth) : 0n);
      }
      let fen: bigint;
      if (p.inMonth !== null) {
        fen = p.inMonth;
        if (p.toDate !== null && p.toDate !== earlier + fen)
          return refused([
            {
              field: "completedToDate",
              message: `累计完成投资 ${wan(p.toDate)} 万元与1至${month - 1}月合计 ${wan(earlier)} 万元加当月 ${wan(fen)} 万元不符`,
            },
          ]);
      } else {
        const toDate = p.toDate ?? 0n;
        if (toDate < earlier)
          return refused([
            {
              field: "completedToDate",
              message: `累计完成投资 ${wan(toDate)} 万元低于1至${month - 1}月已填报的合计 ${wan(earlier)} 万元`,
            },
          ]);
        fen = toDate - earlier;
        context.convertedFrom.set(yearKey, { month, rowNumber: r.rowNumber });
      }
      context.seen.set(`${yearKey}|${month}`, r.rowNumber);
      pending.set(month, fen);
      context.pending.set(yearKey, pending);
      const existing = storedMonths.get(month);
      const changes: string[] = [];
      if (existing) {
        const old = yuanToFen(existing.completedInMonth);
        if (old !== fen) changes.push(`当月完成投资 ${wan(old)} → ${wan(fen)} 万元`);
        if (p.progressText !== undefined && p.progressText !== existing.progressText) changes.push("进展情况");
      }
      return {
        rowNumber: r.rowNumber,
        action: !existing ? "create" : changes.length > 0 ? "update" : "unchanged",
        key: label,
        label: existing ? `${label}（更正）` : label,
        changes,
        issues: [],
        value: {
          projectId: project.id,
          orgUnitId: project.orgUnitId,
          projectName: project.name,
          year,
          month,
          completedFen: fen,
          progressText: p.progressText,
          checkedVersion: existing?.version ?? null,
        },
      };
    });
  },

  async applyRows(db, actor, rows) {
    await lockProjectsOf(db, rows);
    for (const row of rows) {
      const v = row.value;
      if (!v) continue;
      const existing = await findReport(db, { projectId: v.projectId, year: v.year, month: v.month });
      if ((existing?.version ?? null) !== v.checkedVersion)
        throw new AppError("CONFLICT", "导入期间数据已被他人修改，本次导入未做任何修改，请重新上传预览");
      await writeMonthlyReport(
        db,
        actor,
        {
          projectId: v.projectId,
          orgUnitId: v.orgUnitId,
          projectName: v.projectName,
          year: v.year,
          month: v.month,
          completedFen: v.completedFen,
          progressText: v.progressText,
          reason: existing ? "Excel导入更正" : null,
        },
        existing,
        "（导入）",
      );
    }
  },
};

/**
 * Locks the projects the rows write to, in id order (so two imports touching the same projects cannot
 * deadlock), before any row is applied: like every investment write, an import takes the project lock, so
 * it cannot interleave with a correction or another import of the same project. A project archived since
 * the preview is refused.
 */
async function lockProjectsOf(db: Db, rows: { value?: { projectId: string; projectName: string } | null }[]) {
  const byId = new Map(rows.flatMap((r) => (r.value ? [[r.value.projectId, r.value.projectName] as const] : [])));
  for (const id of [...byId.keys()].sort()) {
    const project = await lockProject(db, id);
    if (project?.status !== "active") {
      throw new AppError(
        "INVALID_STATE",
        `项目“${byId.get(id)}”已归档或已删除，不能导入投资数据；本次导入未做任何修改，请重新上传预览`,
      );
    }
  }
}

// ── Annual plans ─────────────────────────────────────────────────────────────

interface PlanContext {
  byName: Map<string, ProjectRef[]>;
  seen: Map<string, number>;
}

export interface PlanImportValue {
  projectId: string;
  orgUnitId: string;
  projectName: string;
  year: number;
  plannedFen: bigint;
  checkedVersion: number | null;
}

/** 年度计划投资 from a sheet: one row per project and year, in 万元. */
export const annualPlanImport: ImportDefinition<PlanContext, PlanImportValue> = {
  kind: "project_annual_plans",
  auditAction: "project.plan_import",
  permission: "project.progress",
  fields: annualPlanColumns.map((c) => ({
    key: c.key,
    header: c.header,
    required: c.required,
    aliases: (
      { projectName: ["项目"], plannedInvestment: ["年度计划投资", "计划投资（万元）"] } as Record<string, string[]>
    )[c.key],
  })),
  maxRows: 20_000,

  async loadContext(db, actor) {
    return { byName: await loadProjectsByName(db, actor), seen: new Map() };
  },

  async checkRows(db, _actor, context, rows) {
    const parsed = rows.map((r) => {
      const issues: RowIssue[] = [];
      const project = matchProject(context.byName, r.values.projectName ?? null, issues);
      const year = parseYear(r.values.year ?? null, issues);
      const planned = parseWanYuan(r.values.plannedInvestment ?? null);
      if (!planned.ok) issues.push({ field: "plannedInvestment", message: planned.reason });
      return { r, issues, project, year, plannedFen: planned.ok ? yuanToFen(planned.value) : null };
    });
    const plans = await findPlansOfProjects(db, {
      projectIds: [...new Set(parsed.flatMap((p) => (p.project ? [p.project.id] : [])))],
      years: [...new Set(parsed.flatMap((p) => (p.year !== null ? [p.year] : [])))],
    });
    const planOf = new Map(plans.map((p) => [`${p.projectId}|${p.year}`, p]));
    return parsed.map(({ r, issues, project, year, plannedFen }): RowOutcome<PlanImportValue> => {
      const label = `${project?.name ?? cleanText(r.values.projectName ?? null) ?? ""} ${year ?? "?"}年`;
      const key = project && year !== null ? `${project.id}|${year}` : "";
      const first = context.seen.get(key);
      if (first !== undefined) issues.push({ field: "year", message: `与第${first}行是同一项目同一年份` });
      const existing = planOf.get(key);
      if (existing?.monthlyPlan && plannedFen !== null && yuanToFen(existing.plannedInvestment) !== plannedFen)
        issues.push({
          field: "plannedInvestment",
          message: "该项目本年已有分月计划，修改年度计划请在项目页面同时调整分月计划",
        });
      if (issues.length > 0 || !project || year === null || plannedFen === null)
        return { rowNumber: r.rowNumber, action: "refused", key: label, label, changes: [], issues };
      context.seen.set(key, r.rowNumber);
      const old = existing ? yuanToFen(existing.plannedInvestment) : null;
      return {
        rowNumber: r.rowNumber,
        action: old === null ? "create" : old === plannedFen ? "unchanged" : "update",
        key: label,
        label,
        changes: old !== null && old !== plannedFen ? [`年度计划投资 ${wan(old)} → ${wan(plannedFen)} 万元`] : [],
        issues: [],
        value: {
          projectId: project.id,
          orgUnitId: project.orgUnitId,
          projectName: project.name,
          year,
          plannedFen,
          checkedVersion: existing?.version ?? null,
        },
      };
    });
  },

  async applyRows(db, actor, rows) {
    await lockProjectsOf(db, rows);
    const audits = [];
    for (const row of rows) {
      const v = row.value;
      if (!v) continue;
      const existing = (await findPlan(db, { projectId: v.projectId, year: v.year }))?.plan;
      if ((existing?.version ?? null) !== v.checkedVersion)
        throw new AppError("CONFLICT", "导入期间数据已被他人修改，本次导入未做任何修改，请重新上传预览");
      const plannedInvestment = fenToYuan(v.plannedFen);
      if (existing) {
        const updated = await updatePlan(
          db,
          { projectId: v.projectId, year: v.year, version: existing.version },
          { plannedInvestment, monthlyPlan: existing.monthlyPlan ?? null, updatedBy: actor.userId },
        );
        if (updated.length === 0)
          throw new AppError("CONFLICT", "导入期间数据已被他人修改，本次导入未做任何修改，请重新上传预览");
      } else await insertPlan(db, { projectId: v.projectId, year: v.year, plannedInvestment, updatedBy: actor.userId });
      audits.push({
        action: "project.plan_set",
        entityType: "project",
        entityId: v.projectId,
        orgUnitId: v.orgUnitId,
        summary: `${v.projectName}：${v.year}年度计划投资 ${wan(v.plannedFen)} 万元（导入）`,
        before: existing ? { year: v.year, plannedInvestment: existing.plannedInvestment } : undefined,
        after: { year: v.year, plannedInvestment },
      });
    }
    await writeAuditMany(db, actor, audits);
  },
};

// ── Templates ────────────────────────────────────────────────────────────────

/** The monthly report template: header, two grey sample rows, instructions. */
export function reportTemplateWriter(actor: Actor): SheetWriter {
  requirePermission(actor, "project.progress");
  const last = lastCompleteMonth();
  return (output) =>
    buildTemplate(output, {
      sheetName: "月度投资填报",
      columns: investmentReportColumns.map((c) => ({
        header: c.header,
        required: c.required,
        note: {
          projectName: "与系统中的项目名称一致",
          year: "如 2026",
          month: "1至12",
          completedInMonth: "万元；与累计至少填一项",
          completedToDate: "万元，本年1月至本月合计；只填累计时按已填报的前几个月换算当月数",
          progressText: "本月形象进度",
        }[c.key],
      })),
      sampleRows: [
        ["示例新能源电池项目", last.year, last.month, 1250.5, null, "主体结构施工完成60%"],
        ["示例智能装备产业园", last.year, last.month, null, 8600, "设备安装调试"],
      ],
      instructions: [
        "每行填写一个项目一个月份的完成投资，金额单位为万元。",
        "已填报过的月份会被更正（保留更正记录），不会重复新增。",
        "只填“累计完成投资”时，系统以本年此前各月已填报的合计换算出当月数。",
        "任何一行有误时整个文件都不会导入，请按提示修改后重新上传。请删除灰色示例行。",
      ],
    });
}

/** The annual plan template. */
export function planTemplateWriter(actor: Actor): SheetWriter {
  requirePermission(actor, "project.progress");
  const year = currentBeijingMonth().year;
  return (output) =>
    buildTemplate(output, {
      sheetName: "年度投资计划",
      columns: annualPlanColumns.map((c) => ({
        header: c.header,
        required: c.required,
        note: { projectName: "与系统中的项目名称一致", year: "如 2026", plannedInvestment: "万元" }[c.key],
      })),
      sampleRows: [
        ["示例新能源电池项目", year, 30000],
        ["示例智能装备产业园", year, 12000.5],
      ],
      instructions: [
        "每行填写一个项目一个年度的计划投资，金额单位为万元。",
        "已有计划的年份会被修改；已设分月计划的项目请在项目页面调整。",
        "任何一行有误时整个文件都不会导入。请删除灰色示例行。",
      ],
    });
}
