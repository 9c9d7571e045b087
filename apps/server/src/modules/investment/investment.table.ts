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
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { orgUnits } from "../org-units/org-units.table.js";
// Table files import the tables they reference directly (not through index.ts): drizzle-kit loads the schema
// files alone, and an index.ts would pull the module's routes and services into it.
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";

export const leadStages = ["lead", "contact", "site_visit", "negotiation", "signed", "terminated"] as const;

/** 招商引资 pipeline: a lead from first information to signing (then a key project) or termination. */
export const investmentLeads = pgTable(
  "investment_leads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    projectName: text("project_name").notNull(),
    investorName: text("investor_name").notNull(),
    /** 京津冀, 长三角, 珠三角, … */
    originRegion: text("origin_region"),
    /** Province of the investor (e.g. 浙江省); out of province when it differs from the zone's. */
    originProvince: text("origin_province"),
    isOutOfProvince: boolean("is_out_of_province").notNull().default(false),
    industryChain: text("industry_chain"),
    industryCode: text("industry_code"),
    /** Yuan. ≥ 1 billion is flagged 10亿元以上 (computed, not stored). */
    intendedInvestment: numeric("intended_investment", { precision: 18, scale: 2 }),
    isFortune500: boolean("is_fortune500").notNull().default(false),
    isCentralSoe: boolean("is_central_soe").notNull().default(false),
    isListed: boolean("is_listed").notNull().default(false),
    source: text("source", {
      enum: ["chain_research", "business_referral", "forum", "online_fair", "agency", "other"],
    }).notNull(),
    stage: text("stage", { enum: leadStages }).notNull().default("lead"),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    description: text("description"),
    signedOn: date("signed_on"),
    terminatedOn: date("terminated_on"),
    terminationReason: text("termination_reason"),
    projectId: uuid("project_id").references(() => projects.id),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("investment_leads_org_unit_idx").on(t.orgUnitId, t.stage),
    /** A key project is signed from one lead at most. */
    uniqueIndex("investment_leads_project_uq").on(t.projectId),
    check("investment_leads_amount_ck", sql`${t.intendedInvestment} is null or ${t.intendedInvestment} >= 0`),
  ],
);

/** 招商活动: contacts, investor site visits (考察), negotiation rounds (洽谈), with date and people. */
export const leadActivities = pgTable(
  "lead_activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leadId: uuid("lead_id")
      .notNull()
      .references(() => investmentLeads.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["contact", "site_visit", "negotiation", "visit_out", "other"] }).notNull(),
    occurredOn: date("occurred_on").notNull(),
    participants: text("participants"),
    summary: text("summary").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("lead_activities_lead_idx").on(t.leadId, t.occurredOn)],
);

/** Stage changes of a lead, for conversion between stages and the lead's history. */
export const leadStageEvents = pgTable(
  "lead_stage_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leadId: uuid("lead_id")
      .notNull()
      .references(() => investmentLeads.id, { onDelete: "cascade" }),
    fromStage: text("from_stage"),
    toStage: text("to_stage").notNull(),
    occurredOn: date("occurred_on").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorName: text("actor_name").notNull(),
    note: text("note"),
    data: jsonb("data"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("lead_stage_events_lead_idx").on(t.leadId, t.createdAt)],
);
