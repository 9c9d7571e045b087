import type {
  CadenceReport,
  CadenceReportQuery,
  CadenceRow,
  CadenceRule,
  CreateCadenceRule,
  UpdateCadenceRule,
} from "@zonedesk/contracts";
import { cadencePeriodLabels, cadenceRoleLabels, cadenceTargetLabels } from "@zonedesk/contracts";
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { queryRows } from "../../db/client.js";
import {
  assertOrgUnitInScope,
  inOrgScope,
  inOrgSubtree,
  requirePermission,
  visibleEnterprises,
} from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, notFound } from "../../lib/errors.js";
import { writeSheet } from "../../lib/excel/index.js";
import { type SheetWriter, todayInBeijing } from "../../lib/format.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { liaisonAssignments } from "../assignments/assignments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { periodContaining } from "./cadence-period.js";
import { visitCadenceRules as rules, visitParticipants, visits } from "./visits.table.js";

type RuleRow = typeof rules.$inferSelect;

/** Rules that apply to the actor (their unit and its ancestors) or that the actor manages (their subtree). */
function visibleRules(actor: Actor): SQL {
  return sql`${rules.orgUnitId} in (select ou.id from ${orgUnits} ou where ${actor.orgUnitPath} like ou.path || '%' or ou.path like ${`${actor.orgUnitPath}%`})`;
}

async function isInActorSubtree(db: Db, actor: Actor, orgUnitId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, orgUnitId), inOrgScope(actor, orgUnits.id)));
  return row !== undefined;
}

async function toRules(db: Db, actor: Actor, rows: { rule: RuleRow; orgUnitName: string }[]): Promise<CadenceRule[]> {
  const editable = new Set<string>();
  for (const r of rows) if (await isInActorSubtree(db, actor, r.rule.orgUnitId)) editable.add(r.rule.orgUnitId);
  return rows.map(({ rule, orgUnitName }) => ({
    id: rule.id,
    orgUnitId: rule.orgUnitId,
    orgUnitName,
    name: rule.name,
    appliesToRole: rule.appliesToRole,
    target: rule.target,
    period: rule.period,
    minVisits: rule.minVisits,
    isActive: rule.isActive,
    isEditable: editable.has(rule.orgUnitId),
    version: rule.version,
  }));
}

function selectRules(db: Db) {
  return db
    .select({ rule: rules, orgUnitName: orgUnits.name })
    .from(rules)
    .innerJoin(orgUnits, eq(orgUnits.id, rules.orgUnitId));
}

async function getVisibleRule(db: Db, actor: Actor, id: string) {
  const [row] = await selectRules(db).where(and(eq(rules.id, id), visibleRules(actor)));
  if (!row) throw notFound("走访频次规则", { isAccessRefusal: true });
  return row;
}

/** The cadence rules that apply to the actor's unit or that the actor manages. */
export async function listCadenceRules(db: Db, actor: Actor): Promise<CadenceRule[]> {
  requirePermission(actor, "cadence.read");
  const rows = await selectRules(db)
    .where(visibleRules(actor))
    .orderBy(asc(orgUnits.path), asc(rules.appliesToRole), asc(rules.name));
  return toRules(db, actor, rows);
}

export async function getCadenceRule(db: Db, actor: Actor, id: string): Promise<CadenceRule> {
  requirePermission(actor, "cadence.read");
  const [rule] = await toRules(db, actor, [await getVisibleRule(db, actor, id)]);
  if (!rule) throw notFound("走访频次规则");
  return rule;
}

function describeRule(r: Pick<RuleRow, "name" | "appliesToRole" | "target" | "period" | "minVisits">): string {
  return `${r.name}（${cadenceRoleLabels[r.appliesToRole]}，${cadenceTargetLabels[r.target]}${cadencePeriodLabels[r.period]}至少${r.minVisits}次）`;
}

/** Adds a rule for a unit of the actor's subtree (default their own unit). */
export async function createCadenceRule(db: Db, actor: Actor, input: CreateCadenceRule): Promise<CadenceRule> {
  requirePermission(actor, "cadence.write");
  const id = await db.transaction(async (tx) => {
    const orgUnitId = input.orgUnitId ?? actor.orgUnitId;
    await assertOrgUnitInScope(tx, actor, orgUnitId).catch(() => {
      throw fieldError("orgUnitId", "适用单位不存在或不在您的管理范围内");
    });
    const [row] = await tx
      .insert(rules)
      .values({
        orgUnitId,
        name: input.name,
        appliesToRole: input.appliesToRole,
        target: input.target,
        period: input.period,
        minVisits: input.minVisits,
      })
      .returning();
    if (!row) throw new Error("insert cadence rule returned nothing");
    await writeAudit(tx, actor, {
      action: "cadence_rule.create",
      entityType: "visit_cadence_rule",
      entityId: row.id,
      orgUnitId,
      summary: describeRule(row),
      after: row,
    });
    return row.id;
  });
  return getCadenceRule(db, actor, id);
}

/** Edits a rule of the actor's subtree; a rule set by a higher unit is refused. */
export async function updateCadenceRule(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateCadenceRule,
): Promise<CadenceRule> {
  requirePermission(actor, "cadence.write");
  await db.transaction(async (tx) => {
    const { rule: current } = await getVisibleRule(tx, actor, id);
    if (!(await isInActorSubtree(tx, actor, current.orgUnitId)))
      throw new AppError("FORBIDDEN", "该规则由上级单位制定，只有上级单位可以修改", { isAccessRefusal: true });
    assertVersion(current.version, input.version, "该规则");
    const values = {
      name: input.name,
      appliesToRole: input.appliesToRole,
      target: input.target,
      period: input.period,
      minVisits: input.minVisits,
      isActive: input.isActive ?? current.isActive,
    };
    assertUpdated(
      await tx
        .update(rules)
        .set({ ...values, version: sql`${rules.version} + 1`, updatedAt: new Date() })
        .where(and(eq(rules.id, id), eq(rules.version, input.version)))
        .returning(),
      "该规则",
    );
    const { id: _i, orgUnitId: _o, version: _v, createdAt: _c, updatedAt: _u, ...before } = current;
    await writeAudit(tx, actor, {
      action: "cadence_rule.update",
      entityType: "visit_cadence_rule",
      entityId: id,
      orgUnitId: current.orgUnitId,
      summary: describeRule(values),
      ...changedFields(before, values),
    });
  });
  return getCadenceRule(db, actor, id);
}

/**
 * The cadence report of one rule as of a date: each person of the rule's role in the actor's scope (and the
 * rule's unit subtree), what is required in the period containing the date, what they did from the period's
 * start to the date (done visits they recorded or took part in), and by how much they are behind; for
 * "each assigned enterprise" rules also the enterprises (active 包联 on that date) not visited enough.
 * Worst first.
 */
export async function getCadenceReport(db: Db, actor: Actor, query: CadenceReportQuery): Promise<CadenceReport> {
  requirePermission(actor, "cadence.read");
  const [rule] = await toRules(db, actor, [await getVisibleRule(db, actor, query.ruleId)]);
  if (!rule) throw notFound("走访频次规则");
  const asOf = query.asOf ?? todayInBeijing();
  const period = periodContaining(rule.period, asOf);
  const people = await db
    .select({ id: users.id, displayName: users.displayName, orgUnitName: orgUnits.name })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        eq(users.role, rule.appliesToRole),
        eq(users.isDisabled, false),
        inOrgScope(actor, users.orgUnitId),
        inOrgSubtree(users.orgUnitId, rule.orgUnitId),
      ),
    );
  const ids = people.map((p) => p.id);
  // Each (person, visit) once: as the recorder or as a participant.
  const involvement =
    ids.length === 0
      ? []
      : await queryRows<{ user_id: string; visit_id: string; enterprise_id: string | null }>(
          db,
          sql`select x.user_id, v.id as visit_id, v.enterprise_id
              from ${visits} v
              join (select ${visits.id} as visit_id, ${visits.recordedBy} as user_id from ${visits}
                    union select ${visitParticipants.visitId}, ${visitParticipants.userId} from ${visitParticipants}) x
                on x.visit_id = v.id
              where v.status = 'done' and v.visited_on between ${period.start} and ${asOf}
                and x.user_id in ${ids}`,
        );
  const assigned =
    rule.target === "each_assigned" && ids.length > 0
      ? await db
          .selectDistinct({
            userId: liaisonAssignments.userId,
            id: enterprises.id,
            name: enterprises.name,
            // A leader or cadre sees the names of his own enterprises only; the rest of a colleague's are counted.
            isVisible: sql<boolean>`coalesce((${visibleEnterprises(actor)}), false)`,
          })
          .from(liaisonAssignments)
          .innerJoin(enterprises, eq(enterprises.id, liaisonAssignments.enterpriseId))
          .where(
            and(
              inArray(liaisonAssignments.userId, ids),
              eq(enterprises.status, "active"),
              sql`${liaisonAssignments.startsOn} <= ${asOf}`,
              sql`(${liaisonAssignments.endsOn} is null or ${liaisonAssignments.endsOn} > ${asOf})`,
            ),
          )
          .orderBy(asc(enterprises.name))
      : [];
  const rows: CadenceRow[] = people.map((person) => {
    const mine = involvement.filter((v) => v.user_id === person.id);
    if (rule.target === "any") {
      const done = new Set(mine.map((v) => v.visit_id)).size;
      const behind = Math.max(0, rule.minVisits - done);
      return {
        userId: person.id,
        displayName: person.displayName,
        orgUnitName: person.orgUnitName,
        required: rule.minVisits,
        done,
        behind,
        isOnTrack: behind === 0,
        assignedCount: 0,
        unvisitedCount: 0,
        unvisitedEnterprises: [],
      };
    }
    const theirs = assigned.filter((a) => a.userId === person.id);
    let done = 0;
    const unvisited: { id: string; name: string; isVisible: boolean }[] = [];
    for (const e of theirs) {
      const n = new Set(mine.filter((v) => v.enterprise_id === e.id).map((v) => v.visit_id)).size;
      done += Math.min(n, rule.minVisits);
      if (n < rule.minVisits) unvisited.push(e);
    }
    const required = theirs.length * rule.minVisits;
    return {
      userId: person.id,
      displayName: person.displayName,
      orgUnitName: person.orgUnitName,
      required,
      done,
      behind: required - done,
      isOnTrack: required === done,
      assignedCount: theirs.length,
      unvisitedCount: unvisited.length,
      unvisitedEnterprises: unvisited.filter((e) => e.isVisible).map((e) => ({ id: e.id, name: e.name })),
    };
  });
  rows.sort((a, b) => b.behind - a.behind || a.done - b.done || a.displayName.localeCompare(b.displayName, "zh"));
  return {
    rule,
    asOf,
    periodStart: period.start,
    periodEnd: period.end,
    periodLabel: period.label,
    people: rows.length,
    onTrack: rows.filter((r) => r.isOnTrack).length,
    rows,
  };
}

/** The unvisited enterprises of a row: the names the reader may see, the others as a count. */
function unvisitedText(r: CadenceRow): string | null {
  const names = r.unvisitedEnterprises.map((e) => e.name);
  const hidden = r.unvisitedCount - names.length;
  if (hidden > 0) names.push(names.length > 0 ? `另有${hidden}家` : `${hidden}家`);
  return names.join("、") || null;
}

/** The report as a workbook, after the same checks; the export is audited. */
export async function prepareCadenceExport(db: Db, actor: Actor, query: CadenceReportQuery): Promise<SheetWriter> {
  const report = await getCadenceReport(db, actor, query);
  await writeAudit(db, actor, {
    action: "cadence.export",
    entityType: "visit_cadence_rule",
    entityId: report.rule.id,
    orgUnitId: actor.orgUnitId,
    summary: `${report.rule.name} ${report.periodLabel}（截至 ${report.asOf}）`,
  });
  return (output) =>
    writeSheet(output, {
      sheetName: "走访频次",
      title: `${describeRule(report.rule)} ${report.periodLabel}（截至 ${report.asOf}）`,
      columns: [
        { header: "序号", width: 6, kind: "number" },
        { header: "姓名", width: 14 },
        { header: "单位", width: 20 },
        { header: "应走访", width: 10, kind: "number" },
        { header: "已走访", width: 10, kind: "number" },
        { header: "差额", width: 10, kind: "number" },
        { header: "状态", width: 10 },
        { header: "未走访企业", width: 60 },
      ],
      rows: report.rows.map((r, i) => [
        i + 1,
        r.displayName,
        r.orgUnitName,
        r.required,
        r.done,
        r.behind,
        r.isOnTrack ? "达标" : `差${r.behind}次`,
        unvisitedText(r),
      ]),
    });
}
