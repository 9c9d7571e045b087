import type { Db } from "../../db/client.js";
import { visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { AppError, fieldError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { findActiveNamesake, getProjectRow, lockProjectRow, type ProjectRow } from "./projects.queries.js";

/** The project row if the actor may see it, else 404 (audited as a refusal). */
export async function getVisibleProjectRow(db: Db, actor: Actor, id: string, forUpdate = false): Promise<ProjectRow> {
  const row = forUpdate
    ? await lockProjectRow(db, id, visibleProjects(actor))
    : await getProjectRow(db, id, visibleProjects(actor));
  if (!row) throw notFound("项目", { isAccessRefusal: true });
  return row;
}

/**
 * An archived project is read-only: every write to it (facts, stage, dates, procedures, narrative, investment)
 * is refused with the same 409 INVALID_STATE until it is restored.
 */
export function assertProjectActive(project: { status: string }, what: string): void {
  if (project.status !== "active") throw new AppError("INVALID_STATE", `该项目已归档，不能${what}（请先恢复项目）`);
}

const nameTaken = (name: string) =>
  fieldError("name", `所属单位已有名为“${name}”的项目（未归档），项目名称不能重复（全角半角、空格不同的视为同名）`);

/**
 * The name must be free among the unit's active projects (an archived namesake does not count), compared by its
 * key: “甲 项目” is taken by “甲项目”, and the message names the project that has it.
 */
export async function assertProjectNameFree(
  db: Db,
  p: { orgUnitId: string; name: string; exceptId?: string },
): Promise<void> {
  const namesake = await findActiveNamesake(db, p);
  if (namesake) throw nameTaken(namesake.name);
}

/**
 * A unique violation of a project write, raised when a concurrent write took the name or the lead between our
 * check and our write, as the error the check would have given; anything else unchanged.
 */
export function asProjectWriteError(error: unknown, name: string): unknown {
  if (isUniqueViolation(error, "projects_org_unit_name_uq")) return nameTaken(name);
  if (isUniqueViolation(error, "projects_lead_uq") || isUniqueViolation(error, "investment_leads_project_uq"))
    return new AppError("INVALID_STATE", "该线索已签约并转为重点项目，不能重复签约");
  return error;
}
