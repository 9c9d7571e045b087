import { addDays } from "./random.js";

/*
 * The demo's calendar. Every date of the demo is a distance from "today", the Beijing date the demo is loaded
 * on, so it looks the same whatever the day: visits of the last four months, issues of the last ten and a half
 * with deadlines around today, a joint review meeting next week, 包联 of the last two years, projects signed
 * over the last two and a half years, the year's plans with reports through the last complete month and last
 * year's in full. The distances were taken from the demo as it was when pinned to 2026-11-20, so that date keeps
 * its figures; what was added since (last year's investment, the latest signings) draws from a second source.
 */

export interface DemoCalendar {
  /** The demo's "today", YYYY-MM-DD (Beijing). */
  today: string;
  /** The latest day of recorded work: nothing done by people is dated later than the day before the load. */
  yesterday: string;
  /** Today's year. */
  year: number;
  /** The last complete month of today's year (the month a 每月通报 reports on); 0 in January. */
  lastCompleteMonth: number;
  /** The day the platform went live, about 22 months ago: 包联 that began earlier are recorded from it. */
  goLive: string;
  /** The four 集中签约 rounds of the last four complete quarters, e.g. "2026年第三期". */
  campaignRounds: readonly string[];
  /** The date `days` after today (before it when negative). */
  day(days: number): string;
}

const roundNames = ["第一期", "第二期", "第三期", "第四期"];

/** The calendar of a demo loaded on `today` (YYYY-MM-DD); an invalid date is a programming error. */
export function demoCalendar(today: string): DemoCalendar {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || addDays(today, 0) !== today)
    throw new Error(`demo date must be a valid YYYY-MM-DD date: ${today}`);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const quarter = year * 4 + Math.floor((month - 1) / 3);
  const round = (q: number) => `${Math.floor(q / 4)}年${roundNames[q % 4]}`;
  return {
    today,
    yesterday: addDays(today, -1),
    year,
    lastCompleteMonth: month - 1,
    goLive: addDays(today, -687),
    // In the order the demo always listed them (the three before this quarter, then the one before those).
    campaignRounds: [round(quarter - 3), round(quarter - 2), round(quarter - 1), round(quarter - 4)],
    day: (days) => addDays(today, days),
  };
}

/** A Beijing time on a date, at the full hour. */
export const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, "0")}:00:00+08:00`);
export const minDate = (a: string, b: string) => (a < b ? a : b);
export const maxDate = (a: string, b: string) => (a > b ? a : b);
/** The last day of a month, YYYY-MM-DD. */
export const monthEnd = (year: number, month: number) =>
  addDays(`${month === 12 ? year + 1 : year}-${String((month % 12) + 1).padStart(2, "0")}-01`, -1);
