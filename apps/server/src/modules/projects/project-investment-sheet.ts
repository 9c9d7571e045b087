import { fenToYuan, yuanToFen } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { AppError } from "../../lib/errors.js";
import { type CellValue, cleanText, formatWanYuan, parseWanYuan } from "../../lib/excel/index.js";
import { changedSincePreview, type RowIssue } from "../imports/index.js";
import { lockProject } from "./project-investment.queries.js";
import { projectNameKey } from "./project-name-key.js";
import { projects } from "./projects.table.js";

/* What the monthly report and annual plan imports share: projects matched by name, years, amounts, locks. */

export interface ProjectRef {
  id: string;
  name: string;
  orgUnitId: string;
}

export const wan = (fen: bigint) => formatWanYuan(fenToYuan(fen));
/** The name key of a cell (null: empty), by the rule of a unit's unique active names. */
function nameKeyOf(v: CellValue): string | null {
  const text = cleanText(v);
  return text === null ? null : projectNameKey(text) || null;
}

/** The active projects the actor sees, by name key (a name written with full-width characters or spaces alike). */
export async function loadProjectsByName(db: Db, actor: Actor): Promise<Map<string, ProjectRef[]>> {
  const rows = await db
    .select({ id: projects.id, name: projects.name, orgUnitId: projects.orgUnitId, nameKey: projects.nameKey })
    .from(projects)
    .where(and(visibleProjects(actor), eq(projects.status, "active")));
  const byName = new Map<string, ProjectRef[]>();
  for (const { nameKey, ...row } of rows) byName.set(nameKey, [...(byName.get(nameKey) ?? []), row]);
  return byName;
}

export function matchProject(
  byName: Map<string, ProjectRef[]>,
  cell: CellValue,
  issues: RowIssue[],
): ProjectRef | undefined {
  const key = nameKeyOf(cell);
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

export function parseInteger(cell: CellValue, suffix: string, min: number, max: number): number | null {
  const text = cleanText(cell, { toHalfWidth: true, removeSpaces: true })?.replace(new RegExp(`${suffix}$`), "");
  if (!text || !/^\d+(\.0+)?$/.test(text)) return null;
  const n = Number.parseInt(text, 10);
  return n >= min && n <= max ? n : null;
}

export function parseYear(cell: CellValue, issues: RowIssue[]): number | null {
  const year = parseInteger(cell, "年", 2000, 2100);
  if (year === null)
    issues.push({
      field: "year",
      message: cleanText(cell) === null ? "年份未填写" : `“${cleanText(cell)}”不是有效年份`,
    });
  return year;
}

export function parseOptionalAmount(cell: CellValue, field: string, issues: RowIssue[]): bigint | null {
  if (cleanText(cell) === null) return null;
  const parsed = parseWanYuan(cell);
  if (!parsed.ok) {
    issues.push({ field, message: parsed.reason });
    return null;
  }
  return yuanToFen(parsed.value);
}

/** The projects and years the checked rows name: what to load of the stored plans or reports, in one query. */
export function projectsAndYearsOf(rows: readonly { project: ProjectRef | undefined; year: number | null }[]) {
  return {
    projectIds: [...new Set(rows.flatMap((r) => (r.project ? [r.project.id] : [])))],
    years: [...new Set(rows.flatMap((r) => (r.year !== null ? [r.year] : [])))],
  };
}

/** The project a checked row writes to, as the row keeps it. */
export interface RowProject {
  projectId: string;
  orgUnitId: string;
  projectName: string;
}

export const rowProjectOf = (project: ProjectRef): RowProject => ({
  projectId: project.id,
  orgUnitId: project.orgUnitId,
  projectName: project.name,
});

/**
 * Locks the projects the rows write to, in id order (so two imports touching the same projects cannot
 * deadlock), before any row is applied: like every investment write, an import takes the project lock, so
 * it cannot interleave with a correction or another import of the same project. A project archived since
 * the preview is refused.
 */
async function lockProjectsOf(db: Db, rows: readonly { value?: RowProject | null }[]) {
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

/**
 * Applies the checked rows of a plan or report import, after locking their projects: for each row, reads the plan
 * or report it writes over (`current`), refuses the whole import when that changed since the preview (its version;
 * null: there was none), then writes the row.
 */
export async function applyCheckedRows<
  V extends RowProject & { checkedVersion: number | null },
  E extends { version: number },
>(
  db: Db,
  rows: readonly { value?: V | null }[],
  current: (value: V) => Promise<E | undefined>,
  write: (value: V, existing: E | undefined) => Promise<unknown>,
): Promise<void> {
  await lockProjectsOf(db, rows);
  for (const { value } of rows) {
    if (!value) continue;
    const existing = await current(value);
    if ((existing?.version ?? null) !== value.checkedVersion) throw changedSincePreview();
    await write(value, existing);
  }
}
