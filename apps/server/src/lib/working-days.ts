import { and, gte, lte } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { workingCalendar } from "../modules/issues/issues.table.js";

/*
 * Working days (工作日): Monday to Friday, except the public holidays in working_calendar
 * (is_working_day false), plus the weekend days worked in exchange (调休, is_working_day true).
 * Dates are YYYY-MM-DD strings throughout; arithmetic is done in UTC so no time zone shifts a day.
 */

/** Calendar overrides by day: true = a working day (调休), false = a holiday. */
export type CalendarOverrides = ReadonlyMap<string, boolean>;

const DAY_MS = 86_400_000;

export function addCalendarDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDayWith(overrides: CalendarOverrides, day: string): boolean {
  const override = overrides.get(day);
  if (override !== undefined) return override;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `count`-th working day after `start` (start itself not counted); count 0 gives `start`. */
export function addWorkingDaysWith(overrides: CalendarOverrides, start: string, count: number): string {
  let day = start;
  let left = count;
  const step = left < 0 ? -1 : 1;
  while (left !== 0) {
    day = addCalendarDays(day, step);
    if (isWorkingDayWith(overrides, day)) left -= step;
  }
  return day;
}

/** Working days d with from < d ≤ to; negative (counted the other way) when `to` is before `from`. */
export function workingDaysBetweenWith(overrides: CalendarOverrides, from: string, to: string): number {
  if (to === from) return 0;
  const sign = to > from ? 1 : -1;
  const [lo, hi] = sign > 0 ? [from, to] : [to, from];
  let count = 0;
  for (let day = addCalendarDays(lo, 1); day <= hi; day = addCalendarDays(day, 1)) {
    if (isWorkingDayWith(overrides, day)) count += 1;
  }
  return sign * count;
}

/** The overrides between two days (inclusive). */
export async function loadCalendarOverrides(db: Db, from: string, to: string): Promise<Map<string, boolean>> {
  const rows = await db
    .select({ day: workingCalendar.day, isWorkingDay: workingCalendar.isWorkingDay })
    .from(workingCalendar)
    .where(and(gte(workingCalendar.day, from), lte(workingCalendar.day, to)));
  return new Map(rows.map((r) => [r.day, r.isWorkingDay]));
}

/**
 * The `count`-th working day after `start`, honouring the calendar. Loads a window of overrides wide
 * enough for any run of holidays (a week-long 国庆 plus weekends), widening it if ever needed.
 */
export async function addWorkingDays(db: Db, start: string, count: number): Promise<string> {
  let span = Math.abs(count) * 2 + 30;
  for (;;) {
    const [from, to] = count >= 0 ? [start, addCalendarDays(start, span)] : [addCalendarDays(start, -span), start];
    const overrides = await loadCalendarOverrides(db, from, to);
    const result = addWorkingDaysWith(overrides, start, count);
    if (result >= from && result <= to) return result;
    span *= 2;
  }
}

/** Working days d with from < d ≤ to (negative when `to` is before `from`), honouring the calendar. */
export async function workingDaysBetween(db: Db, from: string, to: string): Promise<number> {
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return workingDaysBetweenWith(await loadCalendarOverrides(db, lo, hi), from, to);
}

/** `day` itself when it is a working day, else the next working day after it. */
export async function nextWorkingDayFrom(db: Db, day: string): Promise<string> {
  const overrides = await loadCalendarOverrides(db, day, day);
  return isWorkingDayWith(overrides, day) ? day : addWorkingDays(db, day, 1);
}

/**
 * A deadline `days` after `start`: in working days, or in calendar days; a calendar-day deadline that falls
 * on a weekend or a holiday moves to the next working day.
 */
export async function deadlineAfter(db: Db, start: string, days: number, inWorkingDays: boolean): Promise<string> {
  return inWorkingDays ? addWorkingDays(db, start, days) : nextWorkingDayFrom(db, addCalendarDays(start, days));
}
