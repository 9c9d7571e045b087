import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { projectNameKeySql } from "./project-name-key.js";

export const projectStages = ["signed", "landed", "started", "in_production", "reached_output"] as const;
const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

/** 重点项目 (三个一批): from signing to reaching designed output. Money in yuan. */
export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    name: text("name").notNull(),
    /** What names are compared by (full-width as half-width, no spaces: see project-name-key.ts), kept by the database. */
    nameKey: text("name_key")
      .notNull()
      .generatedAlwaysAs(sql.raw(projectNameKeySql('"name"'))),
    /** The investing enterprise when it is in the register; investorName otherwise (a company yet to register). */
    enterpriseId: uuid("enterprise_id").references(() => enterprises.id),
    investorName: text("investor_name"),
    industryCode: text("industry_code"),
    industryChain: text("industry_chain"),
    level: text("level", { enum: ["province", "city", "county"] }).notNull(),
    batch: text("batch", { enum: ["signing", "starting", "production"] }).notNull(),
    /** Campaign round, e.g. "2026年第三期". */
    campaignRound: text("campaign_round"),
    projectType: text("project_type", { enum: ["new", "continuing"] }).notNull(),
    totalInvestment: money("total_investment").notNull(),
    location: text("location"),
    landParcel: text("land_parcel"),
    /** Land area in 亩. */
    landAreaMu: numeric("land_area_mu", { precision: 12, scale: 2 }),
    constructionContent: text("construction_content"),
    stage: text("stage", { enum: projectStages }).notNull().default("signed"),
    progressNarrative: text("progress_narrative"),
    progressUpdatedAt: timestamp("progress_updated_at", { withTimezone: true }),
    /**
     * The investment lead it was signed from, if any; at most one project per lead (unique). No foreign key:
     * investment_leads.project_id already references the project, and a second key the other way would make
     * the two tables reference each other, so no bulk load (demo, restore) could insert either first.
     */
    leadId: uuid("lead_id"),
    status: text("status", { enum: ["active", "archived"] })
      .notNull()
      .default("active"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("projects_org_unit_idx").on(t.orgUnitId, t.status),
    index("projects_enterprise_idx").on(t.enterpriseId),
    index("projects_stage_idx").on(t.stage),
    uniqueIndex("projects_lead_uq").on(t.leadId),
    /**
     * A name names one project of a unit among those not archived (an archived namesake may remain), compared by
     * its key: “甲 项目” and “甲项目” are one name.
     */
    uniqueIndex("projects_org_unit_name_uq").on(t.orgUnitId, t.nameKey).where(sql`${t.status} = 'active'`),
    check("projects_total_investment_ck", sql`${t.totalInvestment} >= 0`),
  ],
);

/** Planned and actual date of each stage of a project. */
export const projectStageDates = pgTable(
  "project_stage_dates",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    stage: text("stage", { enum: projectStages }).notNull(),
    plannedOn: date("planned_on"),
    actualOn: date("actual_on"),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.stage] })],
);

/** History of a project: stage changes, edits of dates and narrative, never updated or deleted. */
export const projectEvents = pgTable(
  "project_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromStage: text("from_stage"),
    toStage: text("to_stage"),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorName: text("actor_name").notNull(),
    note: text("note"),
    data: jsonb("data"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("project_events_project_idx").on(t.projectId, t.createdAt)],
);

/** The planned investment of a project for one year (年度计划投资), optionally split by month. */
export const projectAnnualPlans = pgTable(
  "project_annual_plans",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    plannedInvestment: money("planned_investment").notNull(),
    /** Twelve monthly planned amounts as decimal strings (yuan), or null when there is no monthly plan. */
    monthlyPlan: jsonb("monthly_plan").$type<string[] | null>(),
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.year] }),
    check("project_annual_plans_amount_ck", sql`${t.plannedInvestment} >= 0`),
  ],
);

/** Every setting and change of a year's plan: the values before and after, who and when. */
export const projectAnnualPlanRevisions = pgTable(
  "project_annual_plan_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    /** Null for the first setting of the year's plan. */
    previousPlannedInvestment: money("previous_planned_investment"),
    plannedInvestment: money("planned_investment").notNull(),
    previousMonthlyPlan: jsonb("previous_monthly_plan").$type<string[] | null>(),
    monthlyPlan: jsonb("monthly_plan").$type<string[] | null>(),
    source: text("source", { enum: ["manual", "import"] }).notNull(),
    changedBy: uuid("changed_by").references(() => users.id),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("project_annual_plan_revisions_project_idx").on(t.projectId, t.year, t.changedAt)],
);

/**
 * Completed investment reported for one month (当月完成投资). One current row per project and month:
 * a second report for the month corrects this row, and the old values go to the revisions table.
 * 累计 (year to date) is the sum of the year's months up to that month.
 */
export const projectInvestmentReports = pgTable(
  "project_investment_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    month: integer("month").notNull(),
    completedInMonth: money("completed_in_month").notNull(),
    progressText: text("progress_text"),
    reportedBy: uuid("reported_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("project_investment_reports_month_uq").on(t.projectId, t.year, t.month),
    check("project_investment_reports_month_ck", sql`${t.month} between 1 and 12`),
    check("project_investment_reports_amount_ck", sql`${t.completedInMonth} >= 0`),
  ],
);

/** The values a monthly report held before each correction. */
export const projectInvestmentReportRevisions = pgTable(
  "project_investment_report_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => projectInvestmentReports.id, { onDelete: "cascade" }),
    completedInMonth: money("completed_in_month").notNull(),
    progressText: text("progress_text"),
    reportedBy: uuid("reported_by").references(() => users.id),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
    correctedBy: uuid("corrected_by").references(() => users.id),
    correctedAt: timestamp("corrected_at", { withTimezone: true }).notNull().defaultNow(),
    reason: text("reason"),
  },
  (t) => [index("project_investment_report_revisions_report_idx").on(t.reportId)],
);

/** The managed checklist of approval procedures (前期手续): 立项备案, 用地预审与选址, … */
export const procedureTypes = pgTable("procedure_types", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  sortOrder: integer("sort_order").notNull().default(0),
  isArchived: boolean("is_archived").notNull().default(false),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const projectProcedures = pgTable(
  "project_procedures",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    procedureTypeId: uuid("procedure_type_id")
      .notNull()
      .references(() => procedureTypes.id),
    status: text("status", { enum: ["not_started", "in_progress", "done", "not_applicable"] })
      .notNull()
      .default("not_started"),
    plannedOn: date("planned_on"),
    startedOn: date("started_on"),
    completedOn: date("completed_on"),
    /** The zone's agency service (代办/帮办) handles it. */
    agencyService: boolean("agency_service").notNull().default(false),
    handler: text("handler"),
    note: text("note"),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.procedureTypeId] })],
);
