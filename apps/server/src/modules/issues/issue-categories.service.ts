import type {
  CreateIssueCategory,
  IssueCategory,
  SetWorkingCalendarDay,
  UpdateIssueCategory,
  WorkingCalendarDay,
} from "@zonedesk/contracts";
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import { appSettings } from "../../db/app-settings.table.js";
import type { Db } from "../../db/client.js";
import { requirePermission, requireSharedListMaintainer } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { issueCategories, workingCalendar } from "./issues.table.js";

/*
 * The managed list of issue categories with their default answer deadlines, and the working calendar
 * (holidays and 调休 workdays) the deadlines are counted on. Both are shared by the whole deployment, so
 * only an administrator of a top-level unit maintains them (as for tags).
 */

/**
 * Seeded categories (domain.md §2) and their default deadlines, in working days: 7 as a routing slip
 * usually demands; 10 for 融资 and 政策兑现 (a bank or a fund must decide); 5 for 其他 (simple matters).
 */
export const defaultIssueCategories: readonly { name: string; deadlineDays: number }[] = [
  { name: "前期手续办理", deadlineDays: 7 },
  { name: "要素保障", deadlineDays: 7 },
  { name: "基础设施配套", deadlineDays: 7 },
  { name: "融资", deadlineDays: 10 },
  { name: "用工", deadlineDays: 7 },
  { name: "政策兑现", deadlineDays: 10 },
  { name: "交通运输/物流", deadlineDays: 7 },
  { name: "市场开拓", deadlineDays: 7 },
  { name: "其他", deadlineDays: 5 },
];

const seededCategoriesKey = "reference_data.issue_categories";

/** Inserts each default category once; one an admin renamed or archived is not brought back. */
export async function seedIssueCategories(db: Db): Promise<void> {
  const [marker] = await db.select().from(appSettings).where(eq(appSettings.key, seededCategoriesKey));
  const offered = new Set(Array.isArray(marker?.value) ? marker.value.filter((v) => typeof v === "string") : []);
  const pending = defaultIssueCategories
    .map((c, index) => ({ ...c, deadlineInWorkingDays: true, sortOrder: (index + 1) * 10 }))
    .filter((c) => !offered.has(c.name));
  if (pending.length === 0) return;
  await db.insert(issueCategories).values(pending).onConflictDoNothing({ target: issueCategories.name });
  const names = [...offered, ...pending.map((c) => c.name)];
  await db
    .insert(appSettings)
    .values({ key: seededCategoriesKey, value: names })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: names, updatedAt: new Date() } });
}

type CategoryRow = typeof issueCategories.$inferSelect;

function toCategory(row: CategoryRow): IssueCategory {
  return {
    id: row.id,
    name: row.name,
    deadlineDays: row.deadlineDays,
    deadlineInWorkingDays: row.deadlineInWorkingDays,
    sortOrder: row.sortOrder,
    isArchived: row.isArchived,
    version: row.version,
  };
}

const nameTaken = (name: string) =>
  new AppError("CONFLICT", `问题类别“${name}”已存在`, {
    details: { issues: [{ path: "name", message: "问题类别名称已存在" }] },
  });

/** The categories, active ones only unless asked; everyone who reads issues may list them. */
export async function listIssueCategories(db: Db, actor: Actor, includeArchived = false): Promise<IssueCategory[]> {
  requirePermission(actor, "issue.read");
  const rows = await db
    .select()
    .from(issueCategories)
    .where(includeArchived ? undefined : eq(issueCategories.isArchived, false))
    .orderBy(asc(issueCategories.sortOrder), asc(issueCategories.name));
  return rows.map(toCategory);
}

export async function createIssueCategory(db: Db, actor: Actor, input: CreateIssueCategory): Promise<IssueCategory> {
  requireSharedListMaintainer(actor, "issue_category.write");
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(issueCategories)
        .values({
          name: input.name,
          deadlineDays: input.deadlineDays,
          deadlineInWorkingDays: input.deadlineInWorkingDays ?? true,
          sortOrder: input.sortOrder ?? 0,
        })
        .returning();
      if (!row) throw new Error("insert issue_categories returned no row");
      await writeAudit(tx, actor, {
        action: "issue_category.create",
        entityType: "issue_category",
        entityId: row.id,
        orgUnitId: actor.orgUnitId,
        summary: row.name,
        after: row,
      });
      return toCategory(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** Renames a category, changes its default deadline (for issues routed from now on) or archives it. */
export async function updateIssueCategory(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateIssueCategory,
): Promise<IssueCategory> {
  requireSharedListMaintainer(actor, "issue_category.write");
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx.select().from(issueCategories).where(eq(issueCategories.id, id));
      if (!current) throw notFound("问题类别");
      assertVersion(current.version, input.version, "该问题类别");
      const values = {
        name: input.name,
        deadlineDays: input.deadlineDays,
        deadlineInWorkingDays: input.deadlineInWorkingDays ?? current.deadlineInWorkingDays,
        sortOrder: input.sortOrder ?? current.sortOrder,
        isArchived: input.isArchived ?? current.isArchived,
      };
      const row = assertUpdated(
        await tx
          .update(issueCategories)
          .set({ ...values, version: sql`${issueCategories.version} + 1`, updatedAt: new Date() })
          .where(and(eq(issueCategories.id, id), eq(issueCategories.version, input.version)))
          .returning(),
        "该问题类别",
      );
      const { name, deadlineDays, deadlineInWorkingDays, sortOrder, isArchived } = current;
      await writeAudit(tx, actor, {
        action: "issue_category.update",
        entityType: "issue_category",
        entityId: id,
        orgUnitId: actor.orgUnitId,
        summary: row.name,
        ...changedFields({ name, deadlineDays, deadlineInWorkingDays, sortOrder, isArchived }, values),
      });
      return toCategory(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

// ── The working calendar ─────────────────────────────────────────────────────

/** The holidays and 调休 workdays of a year. */
export async function listWorkingCalendar(db: Db, actor: Actor, year: number): Promise<WorkingCalendarDay[]> {
  requirePermission(actor, "issue.read");
  const rows = await db
    .select()
    .from(workingCalendar)
    .where(and(gte(workingCalendar.day, `${year}-01-01`), lte(workingCalendar.day, `${year}-12-31`)))
    .orderBy(asc(workingCalendar.day));
  return rows.map((r) => ({ day: r.day, isWorkingDay: r.isWorkingDay, note: r.note }));
}

/** Marks a day a holiday (isWorkingDay false) or a 调休 workday (true); deadlines set from now on follow it. */
export async function setWorkingCalendarDay(
  db: Db,
  actor: Actor,
  day: string,
  input: SetWorkingCalendarDay,
): Promise<WorkingCalendarDay> {
  requireSharedListMaintainer(actor, "issue_category.write");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(workingCalendar).where(eq(workingCalendar.day, day));
    const values = { day, isWorkingDay: input.isWorkingDay, note: input.note ?? null };
    await tx
      .insert(workingCalendar)
      .values(values)
      .onConflictDoUpdate({
        target: workingCalendar.day,
        set: { isWorkingDay: values.isWorkingDay, note: values.note },
      });
    await writeAudit(tx, actor, {
      action: "working_calendar.set",
      entityType: "working_calendar",
      entityId: day,
      orgUnitId: actor.orgUnitId,
      summary: `${day} ${input.isWorkingDay ? "调休上班" : "放假"}${values.note ? ` ${values.note}` : ""}`,
      before: before ?? null,
      after: values,
    });
    return values;
  });
}

/** Removes a day's override: it follows the Monday–Friday rule again. */
export async function deleteWorkingCalendarDay(db: Db, actor: Actor, day: string): Promise<void> {
  requireSharedListMaintainer(actor, "issue_category.write");
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(workingCalendar).where(eq(workingCalendar.day, day)).returning();
    if (!before) throw notFound("该日期的节假日设置");
    await writeAudit(tx, actor, {
      action: "working_calendar.delete",
      entityType: "working_calendar",
      entityId: day,
      orgUnitId: actor.orgUnitId,
      summary: day,
      before,
    });
  });
}
