import { fieldError } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";

/*
 * The period of the key-project figures and the exact arithmetic of their rates: money summed as BigInt fen,
 * rates divided once from exact values; a zero denominator gives null, never NaN.
 */

export interface YearMonth {
  year: number;
  month: number;
}

/** "2026-07-31" → { year: 2026, month: 7 }. */
function yearMonthOf(date: string): YearMonth {
  return { year: Number.parseInt(date.slice(0, 4), 10), month: Number.parseInt(date.slice(5, 7), 10) };
}

export function currentBeijingMonth(now = new Date()): YearMonth {
  return yearMonthOf(todayInBeijing(now));
}

function previousMonth({ year, month }: YearMonth): YearMonth {
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** The last month that has ended, in Beijing time: the month a 每月通报 reports on. */
export function lastCompleteMonth(now = new Date()): YearMonth {
  return previousMonth(currentBeijingMonth(now));
}

export function isAfterMonth(a: YearMonth, b: YearMonth): boolean {
  return a.year > b.year || (a.year === b.year && a.month > b.month);
}

/** The last day of the month as YYYY-MM-DD. */
export function endOfMonth({ year, month }: YearMonth): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(last).padStart(2, "0")}`;
}

export interface FiguresPeriod extends YearMonth {
  asOf: string;
  /** The date the stage rules compare planned dates with: today for the default period. */
  warningsAsOf: string;
  /**
   * The month whose report "上月未报送投资" asks for: the last month that had ended by `warningsAsOf` (the
   * month of `warningsAsOf` itself when it is that month's last day); null when that month lies before the year.
   */
  reportMonth: YearMonth | null;
}

/** The last month ended by `date` (its own month on its last day), if it lies in `year`. */
export function reportMonthOf(year: number, date: string): YearMonth | null {
  const own = yearMonthOf(date);
  const ended = date === endOfMonth(own) ? own : previousMonth(own);
  return ended.year === year ? ended : null;
}

/**
 * The period of the figures. Default: the last complete month in Beijing time (the month of the monthly
 * bulletin), with stage warnings as of today. A given year alone means its December, or for the current
 * year the last complete month; a given month alone is a month of the current year. A period after the
 * current Beijing month is refused (400 naming `month`, or `year` when only the year is given): its time
 * progress would compare against data that cannot exist yet.
 */
export function resolvePeriod(query: { year?: number; month?: number }, now = new Date()): FiguresPeriod {
  const today = todayInBeijing(now);
  const current = currentBeijingMonth(now);
  const last = lastCompleteMonth(now);
  let period: YearMonth;
  if (query.year === undefined && query.month === undefined) period = last;
  else if (query.month !== undefined) period = { year: query.year ?? current.year, month: query.month };
  else if (query.year === current.year)
    period = { year: current.year, month: last.year === current.year ? last.month : 1 };
  else period = { year: query.year ?? current.year, month: 12 };
  if (isAfterMonth(period, current)) {
    const field = query.month !== undefined ? "month" : "year";
    throw fieldError(
      field,
      `${period.year}年${query.month !== undefined ? `${period.month}月` : ""}尚未到来，不能统计；请选择${current.year}年${current.month}月或之前的月份`,
    );
  }
  const asOf = endOfMonth(period);
  const isDefault = query.year === undefined && query.month === undefined;
  const warningsAsOf = isDefault || asOf > today ? today : asOf;
  return { ...period, asOf, warningsAsOf, reportMonth: reportMonthOf(period.year, warningsAsOf) };
}

// ── Exact arithmetic ─────────────────────────────────────────────────────────

const rateScale = 10n ** 12n;

/** numerator ÷ denominator as a decimal, from exact integers; null when the denominator is 0. */
export function rateOf(numerator: bigint, denominator: bigint): number | null {
  if (denominator === 0n) return null;
  return Number((numerator * rateScale) / denominator) / Number(rateScale);
}

function roundDiv(n: bigint, d: bigint): bigint {
  // Half away from zero, d > 0.
  return n >= 0n ? (2n * n + d) / (2n * d) : -((-2n * n + d) / (2n * d));
}

/**
 * completion − time progress in percentage points, rounded to 0.1 from the exact values:
 * (completed ÷ planned − month ÷ 12) × 100 = (12·completed − month·planned) × 100 ÷ (12·planned).
 */
export function gapPointsOf(completed: bigint, planned: bigint, month: number): number | null {
  if (planned === 0n) return null;
  const tenths = roundDiv((12n * completed - BigInt(month) * planned) * 1000n, 12n * planned);
  return Number(tenths) / 10;
}

export function gapTextOf(points: number | null): string | null {
  if (points === null) return null;
  if (points > 0) return `超时序进度${points.toFixed(1)}个百分点`;
  if (points < 0) return `落后时序进度${(-points).toFixed(1)}个百分点`;
  return "与时序进度持平";
}
