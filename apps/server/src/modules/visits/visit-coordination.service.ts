import type { RecentVisit, RecentVisits, RecentVisitsQuery, VisitSettings } from "@zonedesk/contracts";
import { and, inArray, ne, sql } from "drizzle-orm";
import { appSettings } from "../../db/app-settings.table.js";
import type { Db } from "../../db/client.js";
import {
  assertEnterpriseVisible,
  assertProjectVisible,
  coordinationVisits,
  isSubjectVisible,
  requirePermission,
  visibleIssues,
} from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { todayInBeijing } from "../../lib/format.js";
import { findVisits, toVisits, visitInvolves } from "./visits.queries.js";
import { visits } from "./visits.table.js";

/*
 * 无事不扰: before and after recording a visit, the form shows who else (another unit, department or person)
 * visited the same enterprise or project within a few days, so enterprises are not visited by three units a week.
 */

/*
 * The window is set per org unit (app_settings key "visits.coordinationDays:<org unit id>"): the value of the
 * unit itself or of its nearest ancestor applies, else the former deployment-wide value, else 7 days. An
 * administrator sets it for his own unit, so a zone admin cannot change the window of other zones.
 */
const legacyCoordinationDaysKey = "visits.coordinationDays";
export const coordinationDaysKey = (orgUnitId: string) => `${legacyCoordinationDaysKey}:${orgUnitId}`;
export const defaultCoordinationDays = 7;

const validDays = (value: unknown): number | null =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;

/** The window in force for a unit, given its materialised path ("/<root>/…/<self>/"). */
export async function readCoordinationDays(db: Db, orgUnitPath: string): Promise<number> {
  // Nearest first: the unit itself, its parent, … the root, then the former deployment-wide setting.
  const keys = [
    ...orgUnitPath.split("/").filter(Boolean).reverse().map(coordinationDaysKey),
    legacyCoordinationDaysKey,
  ];
  const rows = await db.select().from(appSettings).where(inArray(appSettings.key, keys));
  const byKey = new Map(rows.map((r) => [r.key, validDays(r.value)]));
  for (const key of keys) {
    const days = byKey.get(key);
    if (days !== undefined && days !== null) return days;
  }
  return defaultCoordinationDays;
}

/** The window in force for the actor's unit. */
export async function getVisitSettings(db: Db, actor: Actor): Promise<VisitSettings> {
  requirePermission(actor, "visit.read");
  return { coordinationDays: await readCoordinationDays(db, actor.orgUnitPath) };
}

/** Sets the coordination window of the administrator's own unit (and the units below without their own), audited. */
export async function updateVisitSettings(db: Db, actor: Actor, input: VisitSettings): Promise<VisitSettings> {
  requirePermission(actor, "cadence.write");
  const key = coordinationDaysKey(actor.orgUnitId);
  await db.transaction(async (tx) => {
    const before = await readCoordinationDays(tx, actor.orgUnitPath);
    await tx
      .insert(appSettings)
      .values({ key, value: input.coordinationDays })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: input.coordinationDays, updatedAt: new Date() } });
    await writeAudit(tx, actor, {
      action: "visit.settings_update",
      entityType: "app_setting",
      entityId: key,
      orgUnitId: actor.orgUnitId,
      summary: `无事不扰提示天数：${before} → ${input.coordinationDays}`,
      before: { coordinationDays: before },
      after: input,
    });
  });
  return input;
}

function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Visits by others within `days` of `date` to the same enterprise (the enterprise, its active key projects, or
 * an active project's investing enterprise; coordinationVisits): not recorded by the actor and without the
 * actor among the participants, planned or done (not cancelled), recorded in the actor's scope, and only for a
 * subject the actor may see (none otherwise, e.g. for the recorder of a visit whose assignment has ended).
 * Each answers who came (unit and people), when, how and what they recorded; the visit itself stays behind
 * visibleVisits, and the issues raised on it behind visibleIssues.
 */
export async function findRecentVisitsByOthers(
  db: Db,
  actor: Actor,
  p: { enterpriseId: string | null; projectId: string | null; date: string; excludeVisitId?: string },
): Promise<{ days: number; from: string; to: string; visits: RecentVisit[] }> {
  const days = await readCoordinationDays(db, actor.orgUnitPath);
  const from = shiftDate(p.date, -days);
  const to = shiftDate(p.date, days);
  if (!(await isSubjectVisible(db, actor, p))) return { days, from, to, visits: [] };
  const { rows } = await findVisits(db, {
    where: and(
      coordinationVisits(actor, p),
      ne(visits.status, "cancelled"),
      sql`${visits.visitedOn} between ${from} and ${to}`,
      sql`not ${visitInvolves(actor.userId)}`,
      p.excludeVisitId ? ne(visits.id, p.excludeVisitId) : undefined,
    ),
    limit: 50,
    offset: 0,
  });
  const list = await toVisits(db, visibleIssues(actor), rows);
  return {
    days,
    from,
    to,
    visits: list.map((v) => ({
      id: v.id,
      visitedOn: v.visitedOn,
      status: v.status,
      method: v.method,
      recordedByName: v.recordedByName,
      unitName: v.recordedByUnitName,
      participantNames: v.participants.map((x) => x.displayName),
      otherParticipants: v.otherParticipants,
      summary: v.summary,
      issues: v.issues,
    })),
  };
}

/** GET /api/visits/recent: the coordination list for the visit form. */
export async function getRecentVisits(db: Db, actor: Actor, query: RecentVisitsQuery): Promise<RecentVisits> {
  requirePermission(actor, "visit.read");
  if (query.enterpriseId) await assertEnterpriseVisible(db, actor, query.enterpriseId);
  if (query.projectId) await assertProjectVisible(db, actor, query.projectId);
  return findRecentVisitsByOthers(db, actor, {
    enterpriseId: query.enterpriseId ?? null,
    projectId: query.projectId ?? null,
    date: query.date ?? todayInBeijing(),
  });
}
