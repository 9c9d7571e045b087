import {
  type ProjectStage,
  type ProjectWarning,
  type ProjectWarningColor,
  projectStageLabels,
  projectStages,
  projectWarningRules,
  yuanToFen,
} from "@zonedesk/contracts";
import { addCalendarDays } from "../../lib/working-days.js";
import type { FigureProjectRow } from "./project-investment.queries.js";
import { endOfMonth, type FiguresPeriod, gapPointsOf } from "./project-periods.js";

/*
 * The rules that colour a project red or yellow (projectWarningRules in the contracts), evaluated from the
 * records as of a date: stages from their actual dates, never from the project's current stage.
 */

export type StageDates = Map<ProjectStage, { plannedOn: string | null; actualOn: string | null }>;

const ruleOf = (code: ProjectWarning["code"]) => {
  const rule = projectWarningRules.find((r) => r.code === code);
  if (!rule) throw new Error(`unknown warning rule ${code}`);
  return rule;
};

function warning(code: ProjectWarning["code"], detail: string): ProjectWarning {
  const rule = ruleOf(code);
  return { code, color: rule.color, text: rule.text, detail };
}

/** The stage a project was at on `date`: the last stage whose actual date is on or before it (null: not yet signed). */
export function stageAsOf(dates: StageDates, date: string): ProjectStage | null {
  let stage: ProjectStage | null = null;
  for (const s of projectStages) {
    const on = dates.get(s)?.actualOn ?? null;
    if (on !== null && on <= date) stage = s;
  }
  return stage;
}

/**
 * The warnings of one project as of `period.warningsAsOf`: a stage not reached by then (no actual date on or
 * before it) whose planned date has passed (red) or falls within 7 days (yellow); investment completion below
 * time progress by more than 20 points (red) or below it (yellow); no report for `period.reportMonth`, the
 * last month ended by then, while the year has a plan, of a project signed by the end of that month (red).
 * `row.isMonthReported` is about that month.
 */
export function warningsOf(row: FigureProjectRow, dates: StageDates, period: FiguresPeriod): ProjectWarning[] {
  const result: ProjectWarning[] = [];
  const soon = addCalendarDays(period.warningsAsOf, 7);
  for (const stage of projectStages) {
    const d = dates.get(stage);
    if (!d?.plannedOn) continue;
    if (d.actualOn !== null && d.actualOn <= period.warningsAsOf) continue;
    const label = projectStageLabels[stage];
    if (d.plannedOn < period.warningsAsOf)
      result.push(warning("stage_overdue", `${label}计划日期${d.plannedOn}已过仍未${label}`));
    else if (d.plannedOn <= soon) result.push(warning("stage_due_soon", `${label}计划日期${d.plannedOn}将在7天内到期`));
  }
  if (row.planned !== null && yuanToFen(row.planned) > 0n) {
    const planned = yuanToFen(row.planned);
    const completed = yuanToFen(row.completed);
    // Decided on the gap as shown (rounded to 0.1 point), so the colour always agrees with the text:
    // a gap that rounds to 0.0 is 持平 (no warning); behind by more than 20.0 points is red.
    const gap = gapPointsOf(completed, planned, period.month) ?? 0;
    if (gap < -20) result.push(warning("investment_far_behind", `完成率落后时序进度${(-gap).toFixed(1)}个百分点`));
    else if (gap < 0) result.push(warning("investment_behind", `完成率落后时序进度${(-gap).toFixed(1)}个百分点`));
    const due = period.reportMonth;
    // A project signed after that month had nothing to report for it.
    const signedOn = dates.get("signed")?.actualOn ?? null;
    if (due && signedOn !== null && signedOn <= endOfMonth(due) && !row.isMonthReported)
      result.push(warning("report_missing", `${due.year}年${due.month}月未报送完成投资`));
  }
  return result;
}

export function colorOf(warnings: ProjectWarning[]): ProjectWarningColor | null {
  if (warnings.some((w) => w.color === "red")) return "red";
  return warnings.length > 0 ? "yellow" : null;
}
