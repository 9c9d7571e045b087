import type { CadencePeriod } from "@zonedesk/contracts";

/*
 * The calendar periods of visit cadence, on Beijing dates (YYYY-MM-DD): weeks run Monday to Sunday,
 * months, quarters (Jan–Mar, …) and years are calendar ones.
 */

export interface PeriodBounds {
  start: string;
  end: string;
  label: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (year: number, monthIndex: number, day: number) => new Date(Date.UTC(year, monthIndex, day));

/** The period of the given kind that contains `date`. */
export function periodContaining(period: CadencePeriod, date: string): PeriodBounds {
  const d = new Date(`${date}T00:00:00Z`);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  switch (period) {
    case "week": {
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      const start = utc(year, month, d.getUTCDate() - sinceMonday);
      const end = utc(year, month, d.getUTCDate() - sinceMonday + 6);
      return { start: iso(start), end: iso(end), label: `${iso(start)} 至 ${iso(end)} 周` };
    }
    case "month":
      return {
        start: iso(utc(year, month, 1)),
        end: iso(utc(year, month + 1, 0)),
        label: `${year}年${month + 1}月`,
      };
    case "quarter": {
      const q = Math.floor(month / 3);
      return {
        start: iso(utc(year, q * 3, 1)),
        end: iso(utc(year, q * 3 + 3, 0)),
        label: `${year}年第${q + 1}季度`,
      };
    }
    case "year":
      return { start: `${year}-01-01`, end: `${year}-12-31`, label: `${year}年` };
  }
}
