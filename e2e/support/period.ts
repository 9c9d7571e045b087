/**
 * Dates and figures the specs compute from the clock and from what they entered, as the pages must show them,
 * so a spec holds on any date (faketime included).
 */

const pad = (n: number) => String(n).padStart(2, "0");

/** The date `days` from today in Beijing (the server's calendar and the pages' time zone), YYYY-MM-DD. */
export function beijingDate(days = 0): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/**
 * The period of the projects spec from the clock: the year of the last complete month (in January the year just
 * ended); reports for that month and the one before (in February, when January is the only complete month,
 * January and the current month), figures as of the later report month; the lead signed on the first day of
 * the first report month, so the project belongs to the period's figures.
 */
export function testPeriod() {
  const today = beijingDate();
  const [y = 0, m = 0] = today.split("-").map(Number);
  const last = m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
  const reportMonths: [number, number] = last.month >= 2 ? [last.month - 1, last.month] : [1, 2];
  const month = reportMonths[1];
  const asOf = `${last.year}-${pad(month)}-${pad(new Date(Date.UTC(last.year, month, 0)).getUTCDate())}`;
  return {
    today,
    year: last.year,
    month,
    last,
    reportMonths,
    signedOn: `${last.year}-${pad(reportMonths[0])}-01`,
    to: asOf < today ? asOf : today,
  };
}

export type TestPeriod = ReturnType<typeof testPeriod>;

/** A rate as the pages show it: one decimal and "%". */
export const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** completion − time progress in points, rounded to 0.1 half away from zero from exact integers (domain.md §3). */
export function gapPoints(completedWan: number, plannedWan: number, month: number): number {
  const n = (12 * completedWan - month * plannedWan) * 1000;
  const d = 12 * plannedWan;
  return (n >= 0 ? Math.floor((2 * n + d) / (2 * d)) : -Math.floor((-2 * n + d) / (2 * d))) / 10;
}

/** The 超/落后时序进度 text of a gap. */
export function gapText(points: number): string {
  if (points > 0) return `超时序进度${points.toFixed(1)}个百分点`;
  if (points < 0) return `落后时序进度${(-points).toFixed(1)}个百分点`;
  return "与时序进度持平";
}

/** The investment rule a project's row must show for that gap, or null when it is level or ahead. */
export function investmentRule(points: number): string | null {
  if (points < -20) return "投资完成率低于时序进度20个百分点以上";
  return points < 0 ? "投资完成率低于时序进度" : null;
}
