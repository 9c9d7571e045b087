import { buildIssues } from "./build-issues.js";
import { buildLeads } from "./build-leads.js";
import { buildMeeting } from "./build-meeting.js";
import { buildProjects } from "./build-projects.js";
import { buildVisits } from "./build-visits.js";
import type { SeededRandom } from "./random.js";
import type { WorkCatalogs, WorkContext, WorkPlan, WorkTime } from "./work-plan.js";

export type { WorkCatalogs, WorkContext, WorkPlan, WorkTime } from "./work-plan.js";

/**
 * The demo's daily work: key projects with this year's and last year's plans and monthly investment, investment
 * leads, visits, the issue ledger with its history, a joint review meeting and some unread notices. Every date
 * is a distance from the calendar's today (see demo-calendar.ts), so the figures look like the bulletin of the
 * month the demo is loaded in. The same random sources and the same today give the same plan (ids aside); last
 * year's investment draws from `time.history`, so it leaves the rest of the plan as it was before it existed.
 */
export function buildWorkPlan(rng: SeededRandom, ctx: WorkContext, catalogs: WorkCatalogs, time: WorkTime): WorkPlan {
  const plan: WorkPlan = {
    projects: [],
    stageDates: [],
    projectEvents: [],
    plans: [],
    reports: [],
    revisions: [],
    procedures: [],
    projectAssignments: [],
    leads: [],
    leadActivities: [],
    leadEvents: [],
    visits: [],
    visitParticipants: [],
    cadenceRules: [],
    issues: [],
    issueDepartments: [],
    issueEvents: [],
    issueRatings: [],
    issueDeadlineMisses: [],
    meetings: [],
    meetingItems: [],
    notifications: [],
  };
  const serials = new Map<string, number>();
  for (const zone of ctx.zones) {
    const zoneUsers = ctx.users.filter((u) => u.zoneCode === zone.spec.code);
    const admin = zoneUsers.find((u) => u.role === "admin");
    if (!admin) continue;
    const staff = {
      zone,
      admin,
      leaders: zoneUsers.filter((u) => u.role === "leader"),
      cadres: zoneUsers.filter((u) => u.role === "cadre"),
    };
    const departmentUsers = zoneUsers.filter((u) => u.role === "department");
    const zoneDepartments = ctx.departments.filter((d) => d.zoneCode === zone.spec.code);
    const projectIds = buildProjects(rng, plan, staff, ctx, catalogs, time);
    buildLeads(rng, plan, { zone, admin, leaders: staff.leaders, projectIds }, time.calendar);
    plan.cadenceRules.push(
      {
        orgUnitId: zone.zoneId,
        name: "一周一企（包联领导每周至少走访一家企业）",
        appliesToRole: "leader",
        target: "any",
        period: "week",
        minVisits: 1,
      },
      {
        orgUnitId: zone.zoneId,
        name: "包联企业每季度至少走访一次",
        appliesToRole: "cadre",
        target: "each_assigned",
        period: "quarter",
        minVisits: 1,
      },
    );
    const visitByEnterprise = buildVisits(rng, plan, zone, ctx, time.calendar);
    buildIssues(
      rng,
      plan,
      { zone, admin, departmentUsers, zoneDepartments, ctx, catalogs, projectIds, visitByEnterprise, serials },
      time.calendar,
    );
    buildMeeting(plan, staff, zoneDepartments, time.calendar);
  }
  return plan;
}
