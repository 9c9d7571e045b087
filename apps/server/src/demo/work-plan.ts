import type {
  investmentLeads,
  issueDeadlineMisses,
  issueDepartments,
  issueEvents,
  issueRatings,
  issues,
  leadActivities,
  leadStageEvents,
  liaisonAssignments,
  notifications,
  projectAnnualPlans,
  projectEvents,
  projectInvestmentReportRevisions,
  projectInvestmentReports,
  projectProcedures,
  projectStageDates,
  projects,
  reviewMeetingItems,
  reviewMeetings,
  visitCadenceRules,
  visitParticipants,
  visits,
} from "../db/schema.js";
import type { EnterprisePlan, ZoneUnits } from "./build-enterprises.js";
import type { AssignmentPlan, DepartmentPlan, UserPlan } from "./build-people.js";
import type { DemoCalendar } from "./demo-calendar.js";
import type { SeededRandom } from "./random.js";

/* The rows of the demo's daily work, shared by its builders (build-work.ts and the build-*.ts it calls). */

export type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];

export interface WorkCatalogs {
  categories: { id: string; name: string; deadlineDays: number }[];
  procedureTypes: { id: string; name: string; sortOrder: number }[];
}

export interface WorkContext {
  zones: readonly ZoneUnits[];
  enterprises: readonly EnterprisePlan[];
  users: readonly UserPlan[];
  departments: readonly DepartmentPlan[];
  assignments: readonly AssignmentPlan[];
}

/** When the work happens, and a second random source for last year's investment (see buildWorkPlan). */
export interface WorkTime {
  calendar: DemoCalendar;
  history: SeededRandom;
}

export interface WorkPlan {
  projects: Insert<typeof projects>[];
  stageDates: Insert<typeof projectStageDates>[];
  projectEvents: Insert<typeof projectEvents>[];
  plans: Insert<typeof projectAnnualPlans>[];
  reports: Insert<typeof projectInvestmentReports>[];
  revisions: Insert<typeof projectInvestmentReportRevisions>[];
  procedures: Insert<typeof projectProcedures>[];
  projectAssignments: Insert<typeof liaisonAssignments>[];
  leads: Insert<typeof investmentLeads>[];
  leadActivities: Insert<typeof leadActivities>[];
  leadEvents: Insert<typeof leadStageEvents>[];
  visits: Insert<typeof visits>[];
  visitParticipants: Insert<typeof visitParticipants>[];
  cadenceRules: Insert<typeof visitCadenceRules>[];
  issues: Insert<typeof issues>[];
  issueDepartments: Insert<typeof issueDepartments>[];
  issueEvents: Insert<typeof issueEvents>[];
  issueRatings: Insert<typeof issueRatings>[];
  issueDeadlineMisses: Insert<typeof issueDeadlineMisses>[];
  meetings: Insert<typeof reviewMeetings>[];
  meetingItems: Insert<typeof reviewMeetingItems>[];
  notifications: Insert<typeof notifications>[];
}

/** The zone's people the builders hand work to. */
export interface ZoneStaff {
  zone: ZoneUnits;
  admin: UserPlan;
  leaders: readonly UserPlan[];
  cadres: readonly UserPlan[];
}

export const wan = (amount: number) => `${Math.round(amount) * 10000}.00`; // whole 万元 → yuan string
