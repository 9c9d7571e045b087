import type { UserPlan } from "./build-people.js";
import { at, type DemoCalendar, maxDate, minDate, monthEnd } from "./demo-calendar.js";
import { addDays, type SeededRandom } from "./random.js";
import { type WorkPlan, wan } from "./work-plan.js";

/*
 * A key project's annual plan (年度计划投资) and its monthly investment reports. This year's run through the
 * last complete month; last year's are complete, so in January and February the year just ended has its full
 * figures while this year's are only beginning, as in a zone that has used the platform for a while.
 */

export const stages = ["signed", "landed", "started", "in_production", "reached_output"] as const;
export type Stage = (typeof stages)[number];

/** What a monthly report or the project's progress says at a stage. */
export function progressText(stage: Stage): string {
  switch (stage) {
    case "signed":
      return "已签订投资协议，正在办理企业注册和用地手续。";
    case "landed":
      return "企业已注册，土地已摘牌，正在办理规划许可和施工许可。";
    case "started":
      return "主体厂房钢结构施工中，设备采购合同已签订。";
    case "in_production":
      return "一期生产线已投产，二期设备正在安装调试。";
    case "reached_output":
      return "项目已全面达产，产能利用率稳定在90%以上。";
  }
}

/** The stage a project had reached on a date, from its actual dates. */
function stageOn(actual: Partial<Record<Stage, string>>, date: string): Stage {
  let reached: Stage = "signed";
  for (const s of stages) {
    const on = actual[s];
    if (on && on <= date) reached = s;
  }
  return reached;
}

export interface InvestingProject {
  id: string;
  totalWan: number;
  signedOn: string;
  actual: Partial<Record<Stage, string>>;
  cadre: UserPlan;
  admin: UserPlan;
}

/**
 * One year's plan and reports of a project: planned for the months it is on site (from landing on, as land
 * purchase and site works count as investment), reported month by month through `lastMonth` at `pace` of the
 * plan. The random draws are taken in the order the demo always took them, so a demo of the same date keeps
 * its figures.
 */
export function buildInvestmentYear(
  rng: SeededRandom,
  plan: WorkPlan,
  calendar: DemoCalendar,
  project: InvestingProject,
  year: { year: number; lastMonth: number; pace: () => number; mayMissLastMonth: boolean },
): void {
  const landedOn = project.actual.landed;
  const firstMonth = landedOn && landedOn < `${year.year}-01-01` ? 1 : landedOn ? Number(landedOn.slice(5, 7)) : 13;
  // A project landing during the year plans only for the months it is on site.
  const activeMonths = Math.max(1, 13 - Math.min(firstMonth, 12));
  const planWan = Math.max(
    500,
    Math.round((project.totalWan * (0.2 + rng.next() * 0.3) * activeMonths) / 12 / 100) * 100,
  );
  // Plans are set at the start of the year, or when a project signed during it enters the ledger.
  const plannedOn = minDate(maxDate(`${year.year}-01-10`, project.signedOn), calendar.yesterday);
  plan.plans.push({
    projectId: project.id,
    year: year.year,
    plannedInvestment: wan(planWan),
    updatedBy: project.admin.id,
    updatedAt: at(plannedOn),
  });
  const pace = year.pace();
  for (let m = firstMonth; m <= year.lastMonth; m++) {
    if (year.mayMissLastMonth && m === year.lastMonth && rng.chance(0.08)) continue; // some have not reported yet
    const reportId = crypto.randomUUID();
    const amount = Math.round((planWan / activeMonths) * pace * (0.7 + rng.next() * 0.6));
    // Reported in the first week of the next month, and never later than the day before the demo's today.
    const reportedOn = minDate(addDays(monthEnd(year.year, m), rng.int(2, 8)), calendar.yesterday);
    const text = progressText(stageOn(project.actual, monthEnd(year.year, m)));
    plan.reports.push({
      id: reportId,
      projectId: project.id,
      year: year.year,
      month: m,
      completedInMonth: wan(amount),
      progressText: text,
      reportedBy: project.cadre.id,
      createdAt: at(reportedOn),
      updatedAt: at(reportedOn),
    });
    if (rng.chance(0.03)) {
      plan.revisions.push({
        reportId,
        completedInMonth: wan(amount + rng.int(50, 300)),
        progressText: "初报数据",
        reportedBy: project.cadre.id,
        reportedAt: at(reportedOn),
        correctedBy: project.admin.id,
        correctedAt: at(reportedOn, 15),
        reason: "统计口径核对后更正",
      });
    }
  }
}

/** Whether a project was on site during a year: landed by its end and not yet at full output at its start. */
export function wasOnSiteIn(actual: Partial<Record<Stage, string>>, year: number): boolean {
  const landedOn = actual.landed;
  const reachedOn = actual.reached_output;
  return landedOn !== undefined && landedOn <= `${year}-12-31` && !(reachedOn && reachedOn < `${year}-01-01`);
}
