import { type ProjectStage, projectStageIndex, projectStageLabels, projectStages } from "@zonedesk/contracts";
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { inOrgScope, visibleEnterprises, visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAuditMany } from "../../lib/audit.js";
import { AppError } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertUpdated } from "../../lib/versioning.js";
import { isActiveOn, liaisonAssignments } from "../assignments/assignments.table.js";
import { assignToProjectInTx } from "../assignments/index.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import type { ImportDefinition, RowIssue, RowOutcome } from "../imports/index.js";
import { findOrgUnitsUnder, type OrgUnitRow } from "../org-units/index.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import {
  checkStageDates,
  parseProjectRow,
  projectImportFields,
  stageDateKeys,
  stageFromDates,
} from "./project-sheet.js";
import { assertPlannedDatesInOrder } from "./project-stages.js";
import {
  insertProject,
  insertProjectEvent,
  type ProjectRow,
  type ProjectValues,
  stageDatesOf,
  updateProjectRow,
  upsertStageDates,
} from "./projects.queries.js";
import { projects } from "./projects.table.js";

interface LeaderCandidate {
  id: string;
  username: string;
  displayName: string;
  unitPath: string;
}

interface Context {
  unitsByLabel: Map<string, OrgUnitRow[]>;
  unitPaths: Map<string, string>;
  leadersByUsername: Map<string, LeaderCandidate>;
  leadersByName: Map<string, LeaderCandidate[]>;
  /** "unit id/project name" → first row number it appeared on, across batches. */
  seen: Map<string, number>;
  today: string;
}

type Dates = Partial<Record<ProjectStage, string | null>>;

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
  ["projectType", "projectType"],
  ["totalInvestment", "totalInvestment"],
  ["location", "location"],
  ["landParcel", "landParcel"],
  ["industryChain", "industryChain"],
  ["industryCode", "industryCode"],
  ["constructionContent", "constructionContent"],
];

/** Enterprises visible to the actor whose name or credit code is among `labels`. */
async function enterprisesByLabel(db: Db, actor: Actor, labels: string[]) {
  const byLabel = new Map<string, { id: string; name: string }[]>();
  if (labels.length === 0) return byLabel;
  const codes = labels.map((l) => l.replace(/\s+/g, "").toUpperCase());
  const rows = await db
    .select({ id: enterprises.id, name: enterprises.name, creditCode: enterprises.creditCode })
    .from(enterprises)
    .where(
      and(or(inArray(enterprises.name, labels), inArray(enterprises.creditCode, codes)), visibleEnterprises(actor)),
    );
  for (const row of rows) {
    for (const key of [row.name, row.creditCode]) byLabel.set(key, [...(byLabel.get(key) ?? []), row]);
  }
  return byLabel;
}

/**
 * Key project import: a project is identified by its name within its org unit (updated if it exists, else
 * created), inside the importer's scope; all rows or none.
 */
export const projectImport: ImportDefinition<Context, ProjectImportValue> = {
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

  async loadContext(db, actor) {
    const units = await findOrgUnitsUnder(db, actor.orgUnitPath);
    const unitsByLabel = new Map<string, OrgUnitRow[]>();
    for (const u of units) {
      for (const label of [u.name, u.divisionCode].filter((l): l is string => Boolean(l))) {
        unitsByLabel.set(label, [...(unitsByLabel.get(label) ?? []), u]);
      }
    }
    const leaders = await db
      .select({ id: users.id, username: users.username, displayName: users.displayName, unitPath: orgUnits.path })
      .from(users)
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .where(and(eq(users.role, "leader"), eq(users.isDisabled, false), inOrgScope(actor, users.orgUnitId)));
    const leadersByName = new Map<string, LeaderCandidate[]>();
    for (const l of leaders) leadersByName.set(l.displayName, [...(leadersByName.get(l.displayName) ?? []), l]);
    return {
      unitsByLabel,
      unitPaths: new Map(units.map((u) => [u.id, u.path])),
      leadersByUsername: new Map(leaders.map((l) => [l.username.toLowerCase(), l])),
      leadersByName,
      seen: new Map(),
      today: todayInBeijing(),
    };
  },

  async checkRows(db, actor, context, rows) {
    const parsed = rows.map((r) => ({ rowNumber: r.rowNumber, ...parseProjectRow(r.values) }));
    const investors = await enterprisesByLabel(db, actor, [
      ...new Set(parsed.flatMap((p) => (p.investor ? [p.investor] : []))),
    ]);
    const names = [...new Set(parsed.flatMap((p) => (p.name ? [p.name] : [])))];
    const existingRows =
      names.length === 0
        ? []
        : await db
            .select()
            .from(projects)
            .where(and(inArray(projects.name, names), visibleProjects(actor)));
    const existingByKey = new Map(existingRows.map((p) => [`${p.orgUnitId}/${p.name}`, p]));
    const existingDates = await stageDatesOf(
      db,
      existingRows.map((p) => p.id),
    );
    const leaderRows =
      existingRows.length === 0
        ? []
        : await db
            .select({ projectId: liaisonAssignments.projectId, userId: liaisonAssignments.userId })
            .from(liaisonAssignments)
            .where(
              and(
                inArray(
                  liaisonAssignments.projectId,
                  existingRows.map((p) => p.id),
                ),
                eq(liaisonAssignments.role, "lead_leader"),
                isActiveOn(),
              ),
            );
    const currentLeaders = new Set(leaderRows.map((l) => `${l.projectId}/${l.userId}`));

    return parsed.map((p): RowOutcome<ProjectImportValue> => {
      const issues: RowIssue[] = [...p.issues];
      const key = `${p.orgUnitLabel ?? ""}/${p.name ?? ""}`;
      const label = p.name ?? "";
      if (p.name === null) issues.push({ field: "name", message: "项目名称不能为空" });
      let unit: OrgUnitRow | null = null;
      if (p.orgUnitLabel === null) issues.push({ field: "orgUnit", message: "所属单位不能为空" });
      else {
        const matches = context.unitsByLabel.get(p.orgUnitLabel) ?? [];
        if (matches.length === 0)
          issues.push({ field: "orgUnit", message: `“${p.orgUnitLabel}”不是您管理范围内的单位名称或区划代码` });
        else if (matches.length > 1)
          issues.push({ field: "orgUnit", message: `有多个单位名为“${p.orgUnitLabel}”，请填写区划代码` });
        else unit = matches[0] ?? null;
      }
      const existing = unit && p.name ? (existingByKey.get(`${unit.id}/${p.name}`) ?? null) : null;
      if (unit && p.name) {
        const seenKey = `${unit.id}/${p.name}`;
        const first = context.seen.get(seenKey);
        if (first !== undefined && first !== p.rowNumber)
          issues.push({ field: "name", message: `与第${first}行是同一单位的同名项目` });
        else context.seen.set(seenKey, p.rowNumber);
      }
      if (existing && existing.status !== "active")
        issues.push({ field: "name", message: "该项目已归档，请先恢复后再导入更新" });
      if (!existing) {
        if (p.investor === null) issues.push({ field: "investor", message: "投资主体不能为空" });
        if (!p.level && !p.issues.some((i) => i.field === "level"))
          issues.push({ field: "level", message: "项目级别不能为空" });
        if (!p.batch && !p.issues.some((i) => i.field === "batch"))
          issues.push({ field: "batch", message: "批次不能为空" });
        if (!p.projectType && !p.issues.some((i) => i.field === "projectType"))
          issues.push({ field: "projectType", message: "类型不能为空" });
        if (!p.totalInvestment && !p.issues.some((i) => i.field === "totalInvestment"))
          issues.push({ field: "totalInvestment", message: "总投资不能为空" });
      }
      // 投资主体: an enterprise of the register (by name or credit code), else a new investor's name.
      let investor: { enterpriseId: string | null; investorName: string | null } | null = null;
      if (p.investor !== null) {
        const matches = investors.get(p.investor) ?? investors.get(p.investor.replace(/\s+/g, "").toUpperCase()) ?? [];
        if (matches.length > 1)
          issues.push({ field: "investor", message: `企业库中有多家企业名为“${p.investor}”，请填写统一社会信用代码` });
        else if (matches[0]) investor = { enterpriseId: matches[0].id, investorName: null };
        else investor = { enterpriseId: null, investorName: p.investor };
      }
      // 分包领导: a leader of the scope, by account or by name, whose unit covers the project's.
      let leader: LeaderCandidate | null = null;
      if (p.leaderLabel !== null) {
        const byUsername = context.leadersByUsername.get(p.leaderLabel.toLowerCase());
        const byName = context.leadersByName.get(p.leaderLabel) ?? [];
        if (byUsername) leader = byUsername;
        else if (byName.length > 1)
          issues.push({ field: "leader", message: `有多位包联领导名为“${p.leaderLabel}”，请填写登录账号` });
        else if (byName[0]) leader = byName[0];
        else
          issues.push({
            field: "leader",
            message: `“${p.leaderLabel}”不是您管理范围内在用的包联领导（请填写登录账号或姓名）`,
          });
        if (leader && unit && !unit.path.startsWith(leader.unitPath))
          issues.push({
            field: "leader",
            message: `${leader.displayName}所属单位不包含“${unit.name}”，包联后其无法查看该项目`,
          });
      }
      // Stage and dates: blank cells keep what the project has.
      const before = existing ? (existingDates.get(existing.id) ?? []) : [];
      const planned: Dates = {};
      const actual: Dates = {};
      for (const s of projectStages) {
        const old = before.find((d) => d.stage === s);
        planned[s] = p.planned[s] ?? old?.plannedOn ?? null;
        actual[s] = p.actual[s] ?? old?.actualOn ?? null;
      }
      const stage = p.stage ?? maxStage(existing?.stage ?? null, stageFromDates(actual)) ?? "signed";
      if (!existing && !actual.signed && !p.issues.some((i) => i.field === stageDateKeys.signed.actual))
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
      const base: ProjectValues | null = existing
        ? {
            orgUnitId: existing.orgUnitId,
            name: existing.name,
            enterpriseId: existing.enterpriseId,
            investorName: existing.investorName,
            industryCode: existing.industryCode,
            industryChain: existing.industryChain,
            level: existing.level,
            batch: existing.batch,
            campaignRound: existing.campaignRound,
            projectType: existing.projectType,
            totalInvestment: existing.totalInvestment,
            location: existing.location,
            landParcel: existing.landParcel,
            landAreaMu: existing.landAreaMu,
            constructionContent: existing.constructionContent,
          }
        : null;
      const pick = <T>(value: T | undefined, old: T | undefined, fallback: T): T => value ?? old ?? fallback;
      const values: ProjectValues = {
        orgUnitId: unit.id,
        name: p.name,
        enterpriseId: investor ? investor.enterpriseId : (base?.enterpriseId ?? null),
        investorName: investor ? investor.investorName : (base?.investorName ?? null),
        industryCode: pick(p.industryCode, base?.industryCode ?? undefined, null),
        industryChain: pick(p.industryChain, base?.industryChain ?? undefined, null),
        level: pick(p.level, base?.level, "county"),
        batch: pick(p.batch, base?.batch, "signing"),
        campaignRound: base?.campaignRound ?? null,
        projectType: pick(p.projectType, base?.projectType, "new"),
        totalInvestment: pick(p.totalInvestment, base?.totalInvestment, "0.00"),
        location: pick(p.location, base?.location ?? undefined, null),
        landParcel: pick(p.landParcel, base?.landParcel ?? undefined, null),
        landAreaMu: base?.landAreaMu ?? null,
        constructionContent: pick(p.constructionContent, base?.constructionContent ?? undefined, null),
      };
      const leaderIsNew = leader !== null && !(existing && currentLeaders.has(`${existing.id}/${leader.id}`));
      const value: ProjectImportValue = {
        existing,
        values,
        stage,
        planned,
        actual,
        leaderUserId: leaderIsNew ? (leader?.id ?? null) : null,
        leaderName: leaderIsNew ? (leader?.displayName ?? null) : null,
      };
      if (!existing || !base) {
        return { rowNumber: p.rowNumber, action: "create", key, label, changes: [], issues: [], value };
      }
      const changes = new Set<string>();
      for (const [field, column] of compared) {
        if (normalized(values[field]) !== normalized(base[field])) changes.add(fieldLabels[column] ?? column);
      }
      if (stage !== existing.stage) changes.add(fieldLabels.stage ?? "stage");
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
      if (r.action === "create") {
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
        const existing = value.existing;
        if (!existing) continue;
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
          before: { stage: existing.stage },
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
