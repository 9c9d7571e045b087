import { annualPlanColumns, yuanToFen } from "@zonedesk/contracts";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { buildTemplate, cleanText, parseWanYuan } from "../../lib/excel/index.js";
import type { SheetWriter } from "../../lib/format.js";
import { type ImportDefinition, importFieldsOf, type RowIssue, type RowOutcome } from "../imports/index.js";
import { findPlan, findPlansOfProjects } from "./project-investment.queries.js";
import {
  applyCheckedRows,
  loadProjectsByName,
  matchProject,
  type ProjectRef,
  parseYear,
  projectsAndYearsOf,
  type RowProject,
  rowProjectOf,
  wan,
} from "./project-investment-sheet.js";
import { currentBeijingMonth } from "./project-periods.js";
import { writeAnnualPlan } from "./project-plans.service.js";

// ── Annual plans ─────────────────────────────────────────────────────────────

interface PlanContext {
  byName: Map<string, ProjectRef[]>;
  seen: Map<string, number>;
}

export interface PlanImportValue extends RowProject {
  year: number;
  plannedFen: bigint;
  checkedVersion: number | null;
}

/**
 * 年度计划投资 from a sheet: one row per project and year, in 万元. Permission project.plan (the project office), like
 * PUT /plans/:year; every row written keeps a plan revision and a history event.
 */
export const annualPlanImport: ImportDefinition<PlanContext, PlanImportValue> = {
  kind: "project_annual_plans",
  auditAction: "project.plan_import",
  permission: "project.plan",
  fields: importFieldsOf(annualPlanColumns, {
    projectName: ["项目"],
    plannedInvestment: ["年度计划投资", "计划投资（万元）"],
  }),
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
    const plans = await findPlansOfProjects(db, projectsAndYearsOf(parsed));
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
          ...rowProjectOf(project),
          year,
          plannedFen,
          checkedVersion: existing?.version ?? null,
        },
      };
    });
  },

  async applyRows(db, actor, rows) {
    await applyCheckedRows(
      db,
      rows,
      async (v) => (await findPlan(db, { projectId: v.projectId, year: v.year }))?.plan,
      (v, existing) =>
        writeAnnualPlan(
          db,
          actor,
          {
            project: { id: v.projectId, name: v.projectName, orgUnitId: v.orgUnitId },
            year: v.year,
            plannedFen: v.plannedFen,
            monthlyPlan: existing?.monthlyPlan ?? null,
            source: "import",
          },
          existing,
        ),
    );
  },
};

/** The annual plan template. */
export function planTemplateWriter(actor: Actor): SheetWriter {
  requirePermission(actor, "project.plan");
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
