import type { ProjectStage } from "@zonedesk/contracts";
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { inOrgScope, visibleEnterprises, visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { todayInBeijing } from "../../lib/format.js";
// The assignments, enterprises and users modules' index.ts offer no lookups of these by name; their tables are read here.
import { isActiveOn, liaisonAssignments } from "../assignments/assignments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import type { RowIssue } from "../imports/index.js";
import { findOrgUnitsByLabel, type OrgUnitRow } from "../org-units/index.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { projectNameKey } from "./project-name-key.js";
import type { ParsedProjectRow } from "./project-sheet.js";
import { valuesOf } from "./project-values.js";
import { type ProjectRow, type ProjectValues, stageDatesOf } from "./projects.queries.js";
import { projects } from "./projects.table.js";

/*
 * What a row of the project import refers to: its unit, the project it updates (the unit's ACTIVE project of that
 * name: names are unique among a unit's active projects, an archived namesake is left alone and a new project is
 * created), the investing enterprise and the 分包领导; and the values the row leaves the project with.
 */

export interface LeaderCandidate {
  id: string;
  username: string;
  displayName: string;
  unitPath: string;
}

export interface ProjectImportContext {
  unitsByLabel: Map<string, OrgUnitRow[]>;
  leadersByUsername: Map<string, LeaderCandidate>;
  leadersByName: Map<string, LeaderCandidate[]>;
  /** projectRowKey (unit id/name key) → first row number it appeared on, across batches. */
  seen: Map<string, number>;
  today: string;
}

/** Units and leaders of the importer's scope, loaded once per check. */
export async function loadImportContext(db: Db, actor: Actor): Promise<ProjectImportContext> {
  const unitsByLabel = await findOrgUnitsByLabel(db, actor.orgUnitPath);
  const leaders = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, unitPath: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(eq(users.role, "leader"), eq(users.isDisabled, false), inOrgScope(actor, users.orgUnitId)));
  const leadersByName = new Map<string, LeaderCandidate[]>();
  for (const l of leaders) leadersByName.set(l.displayName, [...(leadersByName.get(l.displayName) ?? []), l]);
  return {
    unitsByLabel,
    leadersByUsername: new Map(leaders.map((l) => [l.username.toLowerCase(), l])),
    leadersByName,
    seen: new Map(),
    today: todayInBeijing(),
  };
}

/** Enterprises visible to the actor whose name or credit code is among `labels`. */
export async function enterprisesByLabel(db: Db, actor: Actor, labels: string[]) {
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

/** "unit id/name key": how a row names the project it updates, by the rule of a unit's unique active names. */
export const projectRowKey = (orgUnitId: string, name: string) => `${orgUnitId}/${projectNameKey(name)}`;

/**
 * The active projects the rows may update (by unit and name key, so “甲 项目” finds “甲项目”), their stage dates
 * and current 分包领导.
 */
export async function existingProjectsOf(db: Db, actor: Actor, names: string[]) {
  const keys = [...new Set(names.map(projectNameKey))];
  const rows =
    keys.length === 0
      ? []
      : await db
          .select()
          .from(projects)
          .where(and(inArray(projects.nameKey, keys), eq(projects.status, "active"), visibleProjects(actor)));
  const ids = rows.map((p) => p.id);
  const [dates, leaderRows] = await Promise.all([
    stageDatesOf(db, ids),
    ids.length === 0
      ? []
      : db
          .select({ projectId: liaisonAssignments.projectId, userId: liaisonAssignments.userId })
          .from(liaisonAssignments)
          .where(
            and(inArray(liaisonAssignments.projectId, ids), eq(liaisonAssignments.role, "lead_leader"), isActiveOn()),
          ),
  ]);
  return {
    byKey: new Map(rows.map((p) => [`${p.orgUnitId}/${p.nameKey}`, p])),
    dates,
    currentLeaders: new Set(leaderRows.map((l) => `${l.projectId}/${l.userId}`)),
  };
}

/** The unit a row names (by name or division code, inside the scope). */
export function resolveUnit(
  label: string | null,
  context: ProjectImportContext,
  issues: RowIssue[],
): OrgUnitRow | null {
  if (label === null) {
    issues.push({ field: "orgUnit", message: "所属单位不能为空" });
    return null;
  }
  const matches = context.unitsByLabel.get(label) ?? [];
  if (matches.length === 0)
    issues.push({ field: "orgUnit", message: `“${label}”不是您管理范围内的单位名称或区划代码` });
  else if (matches.length > 1) issues.push({ field: "orgUnit", message: `有多个单位名为“${label}”，请填写区划代码` });
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/** 投资主体: an enterprise of the register (by name or credit code), else a new investor's name. */
export function resolveInvestor(
  label: string | null,
  investors: Map<string, { id: string; name: string }[]>,
  issues: RowIssue[],
): { enterpriseId: string | null; investorName: string | null } | null {
  if (label === null) return null;
  const matches = investors.get(label) ?? investors.get(label.replace(/\s+/g, "").toUpperCase()) ?? [];
  if (matches.length > 1) {
    issues.push({ field: "investor", message: `企业库中有多家企业名为“${label}”，请填写统一社会信用代码` });
    return null;
  }
  return matches[0] ? { enterpriseId: matches[0].id, investorName: null } : { enterpriseId: null, investorName: label };
}

/** 分包领导: a leader of the scope, by account or by name, whose unit covers the project's. */
export function resolveLeader(
  label: string | null,
  unit: OrgUnitRow | null,
  context: ProjectImportContext,
  issues: RowIssue[],
): LeaderCandidate | null {
  if (label === null) return null;
  const byUsername = context.leadersByUsername.get(label.toLowerCase());
  const byName = context.leadersByName.get(label) ?? [];
  let leader: LeaderCandidate | null = null;
  if (byUsername) leader = byUsername;
  else if (byName.length > 1) issues.push({ field: "leader", message: `有多位包联领导名为“${label}”，请填写登录账号` });
  else if (byName[0]) leader = byName[0];
  else issues.push({ field: "leader", message: `“${label}”不是您管理范围内在用的包联领导（请填写登录账号或姓名）` });
  if (leader && unit && !unit.path.startsWith(leader.unitPath))
    issues.push({
      field: "leader",
      message: `${leader.displayName}所属单位不包含“${unit.name}”，包联后其无法查看该项目`,
    });
  return leader;
}

/** The values a row leaves the project with: a blank cell keeps the project's value (or the default for a new one). */
export function mergeRowValues(
  p: ParsedProjectRow,
  unit: OrgUnitRow,
  investor: { enterpriseId: string | null; investorName: string | null } | null,
  existing: ProjectRow | null,
): ProjectValues {
  const base = existing ? valuesOf(existing) : null;
  const pick = <T>(value: T | undefined, old: T | null | undefined, fallback: T): T => value ?? old ?? fallback;
  return {
    orgUnitId: unit.id,
    // A row finds its project by the name key: the project keeps its own spelling of the name.
    name: existing?.name ?? p.name ?? "",
    enterpriseId: investor ? investor.enterpriseId : (base?.enterpriseId ?? null),
    investorName: investor ? investor.investorName : (base?.investorName ?? null),
    industryCode: pick<string | null>(p.industryCode, base?.industryCode, null),
    industryChain: pick<string | null>(p.industryChain, base?.industryChain, null),
    level: pick(p.level, base?.level, "county"),
    batch: pick(p.batch, base?.batch, "signing"),
    campaignRound: pick<string | null>(p.campaignRound, base?.campaignRound, null),
    projectType: pick(p.projectType, base?.projectType, "new"),
    totalInvestment: pick(p.totalInvestment, base?.totalInvestment, "0.00"),
    location: pick<string | null>(p.location, base?.location, null),
    landParcel: pick<string | null>(p.landParcel, base?.landParcel, null),
    landAreaMu: pick<string | null>(p.landAreaMu, base?.landAreaMu, null),
    constructionContent: pick<string | null>(p.constructionContent, base?.constructionContent, null),
  };
}

export type Dates = Partial<Record<ProjectStage, string | null>>;
