/** A calendar month. */
export interface YearMonth {
  year: number;
  month: number;
}

/**
 * The current month in Beijing time, as the server counts it (reports of a later month are refused,
 * figures of a later month too), whatever the browser's time zone.
 */
export function currentBeijingMonth(now = new Date()): YearMonth {
  const [year = "", month = ""] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
  })
    .format(now)
    .split("-");
  return { year: Number(year), month: Number(month) };
}

/** The last complete month (the month of the monthly bulletin): in January, December of the year before. */
export function lastCompleteMonth(now = new Date()): YearMonth {
  const current = currentBeijingMonth(now);
  return current.month === 1 ? { year: current.year - 1, month: 12 } : { year: current.year, month: current.month - 1 };
}

/**
 * The years of a project's investment card and of its plan: next year's (a plan may be set in advance), this
 * year's and the two before (in January the plan of the year just ended may still need setting).
 */
export function investmentYears(now = new Date()): number[] {
  const { year } = currentBeijingMonth(now);
  return [year + 1, year, year - 1, year - 2];
}
