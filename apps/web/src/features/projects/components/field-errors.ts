import type { FieldErrorOptions } from "../../../lib/use-error-handler";

/**
 * The plan form holds `planned`, `byMonth` and `months` for the API's `plannedInvestment` and `monthlyPlan`:
 * a month's amount goes to that month, the sum check (no index) to the "split by month" switch.
 */
export const planFieldNames: FieldErrorOptions = {
  fields: {
    plannedInvestment: "planned",
    monthlyPlan: "byMonth",
    ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`monthlyPlan.${i}`, ["months", i]])),
  },
  labels: { version: "年度计划版本" },
};

/** The report form types one amount (当月 or 累计) into `amount`. */
export const reportFieldNames: FieldErrorOptions = {
  fields: { completedInMonth: "amount", completedToDate: "amount" },
  labels: { version: "填报版本", month: "月份", year: "年份", "params.month": "月份", "params.year": "年份" },
};
