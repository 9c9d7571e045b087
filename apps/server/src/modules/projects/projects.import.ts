import { type ProjectStage, projectStageIndex, projectStageLabels, projectStages } from "@zonedesk/contracts";
import { writeAuditMany } from "../../lib/audit.js";
import { AppError } from "../../lib/errors.js";
import { assertUpdated } from "../../lib/versioning.js";
import { assignToProjectInTx } from "../assignments/index.js";
import type { ImportDefinition, RowIssue, RowOutcome } from "../imports/index.js";
import {
  type Dates,
  enterprisesByLabel,
  existingProjectsOf,
  loadImportContext,
  mergeRowValues,
  type ProjectImportContext,
  projectRowKey,
  resolveInvestor,
  resolveLeader,
  resolveUnit,
} from "./project-import-rows.js";
import {
  checkStageDates,
  parseProjectRow,
  projectImportFields,
  stageDateKeys,
  stageFromDates,
} from "./project-sheet.js";
import { assertPlannedDatesInOrder } from "./project-stages.js";
import { valuesOf } from "./project-values.js";
import {
  insertProject,
  insertProjectEvent,
  type ProjectRow,
  type ProjectValues,
  updateProjectRow,
  upsertStageDates,
} from "./projects.queries.js";

export interface ProjectImportValue {
  existing: ProjectRow | null;
  values: ProjectValues;
  stage: ProjectStage;
  planned: Dates;
  actual: Dates;
  /** A 分包领导 to assign (not already one of the project). */
  leaderUserId: string | null;
  leaderName: string | null;
}

const fieldLabels: Record<string, string> = Object.fromEntries(projectImportFields.map((f) => [f.key, f.header]));
const compared: [keyof ProjectValues, string][] = [
  ["enterpriseId", "investor"],
  ["investorName", "investor"],
  ["level", "level"],
  ["batch", "batch"],
  ["campaignRound", "campaignRound"],
  ["projectType", "projectType"],
  ["totalInvestment", "totalInvestment"],
  ["location", "location"],
  ["landParcel", "landParcel"],
  ["landAreaMu", "landAreaMu"],
  ["industryChain", "industryChain"],
  ["industryCode", "industryCode"],
  ["constructionContent", "constructionContent"],
];

function maxStage(a: ProjectStage | null, b: ProjectStage | null): ProjectStage | null {
  if (a === null) return b;
  if (b === null) return a;
  return projectStageIndex(a) >= projectStageIndex(b) ? a : b;
}

function normalized(v: unknown): string {
  return v === null || v === undefined ? "" : String(v);
}

/** Labels used in the template's instructions. */
export const stageChoices = projectStages.map((s) => projectStageLabels[s]).join("、");

/**
 * Key project import: a project is identified by its name within its org unit, among the unit's active projects
 * (updated if it exists, else created: the same rule as the unique name of a unit's active projects), inside the
 * importer's scope; two rows of one unit and name are refused; all rows or none.
 */
export const projectImport: ImportDefinition<ProjectImportContext, ProjectImportValue> = {
  kind: "projects",
  auditAction: "project.import",
  permission: "project.import",
  fields: projectImportFields,
  maxRows: 20_000,

  mappingIssues(mapping) {
    const money = mapping.totalInvestment;
    if (money && /[（(]\s*(元|亿元)\s*[)）]/.test(money)) {
      return [{ field: "totalInvestment", message: "该列单位不是“万元”，模板要求以万元填写总投资：请换算后再导入" }];
    }
    return [];
  },

  loadContext: loadImportContext,

  async checkRows(db, actor, context, rows) {
    const parsed = rows.map((r) => ({ rowNumber: r.rowNumber, ...parseProjectRow(r.values) }));
    const investors = await enterprisesByLabel(db, actor, [
      ...new Set(parsed.flatMap((p) => (p.investor ? [p.investor] : []))),
    ]);
    const existing = await existingProjectsOf(db, actor, [...new Set(parsed.flatMap((p) => (p.name ? [p.name] : [])))]);

    return parsed.map((p): RowOutcome<ProjectImportValue> => {
      const issues: RowIssue[] = [...p.issues];
      const key = `${p.orgUnitLabel ?? ""}/${p.name ?? ""}`;
      const label = p.name ?? "";
      if (p.name === null) issues.push({ field: "name", message: "项目名称不能为空" });
      const unit = resolveUnit(p.orgUnitLabel, context, issues);
      const project = unit && p.name ? (existing.byKey.get(projectRowKey(unit.id, p.name)) ?? null) : null;
      if (unit && p.name) {
        const seenKey = projectRowKey(unit.id, p.name);
        const first = context.seen.get(seenKey);
        if (first !== undefined && first !== p.rowNumber)
          issues.push({ field: "name", message: `与第${first}行是同一单位的同名项目（同一单位未归档的项目不能重名）` });
        else context.seen.set(seenKey, p.rowNumber);
      }
      if (!project) {
        if (p.investor === null) issues.push({ field: "investor", message: "投资主体不能为空" });
        const missing = (field: "level" | "batch" | "projectType" | "totalInvestment", message: string) => {
          if (!p[field] && !p.issues.some((i) => i.field === field)) issues.push({ field, message });
        };
        missing("level", "项目级别不能为空");
        missing("batch", "批次不能为空");
        missing("projectType", "类型不能为空");
        missing("totalInvestment", "总投资不能为空");
      }
      const investor = resolveInvestor(p.investor, investors, issues);
      const leader = resolveLeader(p.leaderLabel, unit, context, issues);
      // Stage and dates: blank cells keep what the project has.
      const before = project ? (existing.dates.get(project.id) ?? []) : [];
      const planned: Dates = {};
      const actual: Dates = {};
      for (const s of projectStages) {
        const old = before.find((d) => d.stage === s);
        planned[s] = p.planned[s] ?? old?.plannedOn ?? null;
        actual[s] = p.actual[s] ?? old?.actualOn ?? null;
      }
      const stage = p.stage ?? maxStage(project?.stage ?? null, stageFromDates(actual)) ?? "signed";
      if (!project && !actual.signed && !p.issues.some((i) => i.field === stageDateKeys.signed.actual))
        actual.signed = context.today;
      if (!p.issues.some((i) => i.field === "stage" || i.field.startsWith("actual")))
        issues.push(...checkStageDates(stage, actual, context.today));
      try {
        assertPlannedDatesInOrder(planned, (s) => stageDateKeys[s].planned);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const refused = (error.details as { issues: { path: string; message: string }[] }).issues;
        issues.push(...refused.map((i) => ({ field: i.path, message: i.message })));
      }

      if (issues.length > 0 || !unit || !p.name) {
        return { rowNumber: p.rowNumber, action: "refused", key, label, changes: [], issues };
      }
      const values = mergeRowValues(p, unit, investor, project);
      const leaderIsNew = leader !== null && !(project && existing.currentLeaders.has(`${project.id}/${leader.id}`));
      const value: ProjectImportValue = {
        existing: project,
        values,
        stage,
        planned,
        actual,
        leaderUserId: leaderIsNew ? (leader?.id ?? null) : null,
        leaderName: leaderIsNew ? (leader?.displayName ?? null) : null,
      };
      if (!project) return { rowNumber: p.rowNumber, action: "create", key, label, changes: [], issues: [], value };
      const base = valuesOf(project);
      const changes = new Set<string>();
      for (const [field, column] of compared) {
        if (normalized(values[field]) !== normalized(base[field])) changes.add(fieldLabels[column] ?? column);
      }
      if (stage !== project.stage) changes.add(fieldLabels.stage ?? "stage");
      for (const s of projectStages) {
        const old = before.find((d) => d.stage === s);
        if ((planned[s] ?? null) !== (old?.plannedOn ?? null)) changes.add(fieldLabels[stageDateKeys[s].planned] ?? s);
        if ((actual[s] ?? null) !== (old?.actualOn ?? null)) changes.add(fieldLabels[stageDateKeys[s].actual] ?? s);
      }
      if (leaderIsNew) changes.add(fieldLabels.leader ?? "leader");
      return {
        rowNumber: p.rowNumber,
        action: changes.size > 0 ? "update" : "unchanged",
        key,
        label,
        changes: [...changes],
        issues: [],
        value,
      };
    });
  },

  async applyRows(db, actor, rows) {
    const audits = [];
    for (const r of rows) {
      const value = r.value;
      if (!value || (r.action !== "create" && r.action !== "update")) continue;
      const dates = projectStages.map((stage) => ({
        stage,
        plannedOn: value.planned[stage] ?? null,
        actualOn: value.actual[stage] ?? null,
      }));
      let projectId: string;
      const existing = value.existing;
      if (!existing) {
        const row = await insertProject(db, { ...value.values, stage: value.stage });
        projectId = row.id;
        await upsertStageDates(db, projectId, dates);
        await insertProjectEvent(db, {
          projectId,
          action: "created",
          toStage: value.stage,
          actorUserId: actor.userId,
          actorName: actor.displayName,
          note: `导入（第${r.rowNumber}行）`,
          data: { planned: value.planned, actual: value.actual },
        });
        audits.push({
          action: "project.create",
          entityType: "project",
          entityId: projectId,
          orgUnitId: row.orgUnitId,
          summary: `${row.name}（导入）`,
          after: { ...value.values, stage: value.stage, planned: value.planned, actual: value.actual },
        });
      } else {
        projectId = existing.id;
        assertUpdated(
          await updateProjectRow(db, existing.id, existing.version, { ...value.values, stage: value.stage }),
          `项目“${existing.name}”`,
        );
        await upsertStageDates(db, projectId, dates);
        await insertProjectEvent(db, {
          projectId,
          action: "imported",
          fromStage: existing.stage,
          toStage: value.stage,
          actorUserId: actor.userId,
          actorName: actor.displayName,
          note: `导入更新：${r.changes.join("、")}`,
          data: { planned: value.planned, actual: value.actual },
        });
        audits.push({
          action: "project.update",
          entityType: "project",
          entityId: projectId,
          orgUnitId: value.values.orgUnitId,
          summary: `${value.values.name}（导入：${r.changes.join("、")}）`,
          before: { ...valuesOf(existing), stage: existing.stage },
          after: { ...value.values, stage: value.stage },
        });
      }
      if (value.leaderUserId) {
        await assignToProjectInTx(db, actor, { projectId, userId: value.leaderUserId, role: "lead_leader" });
      }
    }
    await writeAuditMany(db, actor, audits);
  },
};
