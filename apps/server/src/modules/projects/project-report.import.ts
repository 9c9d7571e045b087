import { investmentReportColumns, yuanToFen } from "@zonedesk/contracts";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { buildTemplate, cleanText } from "../../lib/excel/index.js";
import type { SheetWriter } from "../../lib/format.js";
import { type ImportDefinition, importFieldsOf, type RowIssue, type RowOutcome } from "../imports/index.js";
import { findReport, findReportsOfProjects } from "./project-investment.queries.js";
import {
  applyCheckedRows,
  loadProjectsByName,
  matchProject,
  type ProjectRef,
  parseInteger,
  parseOptionalAmount,
  parseYear,
  projectsAndYearsOf,
  rowProjectOf,
  wan,
} from "./project-investment-sheet.js";
import { currentBeijingMonth, isAfterMonth, lastCompleteMonth, type YearMonth } from "./project-periods.js";
import { type ReportWrite, writeMonthlyReport } from "./project-reports.service.js";

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

/** A checked row: the report it writes (its progress text undefined: keep), as the report was when checked. */
export interface ReportImportValue extends Omit<ReportWrite, "reason"> {
  /** The version of the month's report when checked; null when there was none. */
  checkedVersion: number | null;
}

/** 月度投资填报 from a sheet: one row per project and month, 当月 and/or 累计 in 万元; a reported month is corrected. */
export const investmentReportImport: ImportDefinition<ReportContext, ReportImportValue> = {
  kind: "project_investment_reports",
  auditAction: "project.report_import",
  permission: "project.progress",
  fields: importFieldsOf(investmentReportColumns, {
    projectName: ["项目"],
    completedInMonth: ["当月完成投资", "本月完成投资（万元）", "当月完成（万元）"],
    completedToDate: ["累计完成投资", "本年累计完成投资（万元）", "累计完成（万元）"],
    progressText: ["进展", "项目进展情况", "形象进度"],
  }),
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
    const stored = new Map<string, Map<number, Awaited<ReturnType<typeof findReportsOfProjects>>[number]>>();
    for (const report of await findReportsOfProjects(db, projectsAndYearsOf(parsed))) {
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
          ...rowProjectOf(project),
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
    await applyCheckedRows(
      db,
      rows,
      (v) => findReport(db, { projectId: v.projectId, year: v.year, month: v.month }),
      (v, existing) =>
        writeMonthlyReport(db, actor, { ...v, reason: existing ? "Excel导入更正" : null }, existing, "（导入）"),
    );
  },
};

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
