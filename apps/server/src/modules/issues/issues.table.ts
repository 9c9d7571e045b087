import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { departments } from "../departments/departments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";
import { visits } from "../visits/visits.table.js";

/** The managed list of issue categories (前期手续办理, 要素保障, …), with each one's default answer deadline. */
export const issueCategories = pgTable("issue_categories", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  /** Default answer deadline after routing, e.g. 7. */
  deadlineDays: integer("deadline_days").notNull().default(7),
  /** Count the deadline in working days (weekends and holidays skipped) rather than calendar days. */
  deadlineInWorkingDays: boolean("deadline_in_working_days").notNull().default(true),
  sortOrder: integer("sort_order").notNull().default(0),
  isArchived: boolean("is_archived").notNull().default(false),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Days that differ from the Monday–Friday rule: public holidays (is_working_day false) and the
 * weekend days worked in exchange (调休, is_working_day true).
 */
export const workingCalendar = pgTable("working_calendar", {
  day: date("day").primaryKey(),
  isWorkingDay: boolean("is_working_day").notNull(),
  note: text("note"),
});

export const issueStatuses = ["received", "routed", "in_progress", "answered", "closed", "bounced"] as const;

/** 企业问题受理台账: one need voiced by an enterprise (or a project), from receipt to 销号. */
export const issues = pgTable(
  "issues",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human number shown on the ledger and the routing slip, e.g. WT-2026-000123. Unique per deployment. */
    serialNo: text("serial_no").notNull().unique(),
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    enterpriseId: uuid("enterprise_id").references(() => enterprises.id),
    projectId: uuid("project_id").references(() => projects.id),
    visitId: uuid("visit_id").references(() => visits.id),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => issueCategories.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    source: text("source", { enum: ["visit", "enterprise", "hotline", "meeting", "dispatcher", "other"] }).notNull(),
    status: text("status", { enum: issueStatuses }).notNull().default("received"),
    /** Outcome when closed: resolved after rating, or declined (不予受理) by the dispatcher. */
    outcome: text("outcome", { enum: ["resolved", "declined"] }),
    reporterName: text("reporter_name"),
    reporterPhone: text("reporter_phone"),
    reportedBy: uuid("reported_by").references(() => users.id),
    leadDepartmentId: uuid("lead_department_id").references(() => departments.id),
    /** Current answer deadline, approved extensions and meeting decisions included. */
    dueOn: date("due_on"),
    /** The deadline first set at routing (shown beside the current one). */
    originalDueOn: date("original_due_on"),
    /**
     * Sticky: set the first time the issue was found still unanswered after its deadline in force (by the
     * scheduled check, or by a transition of a running issue whose deadline had passed, the late answer
     * included). Later deadline moves (reopen, reroute, extension, meeting) never clear it: an issue resolved
     * with this set is not resolved on time (the zone-wide 按期办结率). Each miss, with the department that
     * held the issue then, is in issue_deadline_misses.
     */
    deadlineMissedAt: timestamp("deadline_missed_at", { withTimezone: true }),
    /** The leader a joint review meeting made answerable for the issue (责任领导). */
    responsibleLeaderId: uuid("responsible_leader_id").references(() => users.id),
    routedAt: timestamp("routed_at", { withTimezone: true }),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    answer: text("answer"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** The rating that closed the issue (null again after a 不满意 reopens it); every rating is in issue_ratings. */
    rating: text("rating", { enum: ["satisfied", "basically_satisfied", "dissatisfied"] }),
    ratedAt: timestamp("rated_at", { withTimezone: true }),
    reopenCount: integer("reopen_count").notNull().default(0),
    /** 督办: 0 none, 1 督办, 2 挂牌督办. */
    escalationLevel: integer("escalation_level").notNull().default(0),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    /** When the scheduled overdue check last escalated the issue. */
    autoEscalatedAt: timestamp("auto_escalated_at", { withTimezone: true }),
    /**
     * The deadline the last automatic escalation was for: the check escalates an issue whose deadline passed
     * only while this differs from due_on, so once per deadline however often and wherever it runs.
     */
    autoEscalatedDueOn: date("auto_escalated_due_on"),
    bounceReason: text("bounce_reason"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("issues_org_unit_idx").on(t.orgUnitId, t.status),
    index("issues_enterprise_idx").on(t.enterpriseId),
    index("issues_project_idx").on(t.projectId),
    index("issues_lead_department_idx").on(t.leadDepartmentId, t.status),
    index("issues_responsible_leader_idx").on(t.responsibleLeaderId),
    index("issues_due_idx").on(t.dueOn).where(sql`${t.status} in ('routed', 'in_progress')`),
    index("issues_created_idx").on(t.createdAt),
    // The ledger's default order (newest first): a page reads its 20 rows from this index instead of sorting the ledger.
    index("issues_ledger_order_idx").on(t.createdAt.desc().nullsLast(), t.serialNo.desc()),
    check("issues_subject_ck", sql`${t.enterpriseId} is not null or ${t.projectId} is not null`),
  ],
);

/** Departments an issue is routed to: one lead (牵头) and any co-departments (配合). */
export const issueDepartments = pgTable(
  "issue_departments",
  {
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    role: text("role", { enum: ["lead", "co"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.departmentId] }), index("issue_departments_dept_idx").on(t.departmentId)],
);

/** The full history of an issue: every transition and note, never updated or deleted. */
export const issueEvents = pgTable(
  "issue_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    /** Null for the system (the scheduled overdue check). */
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorName: text("actor_name").notNull(),
    note: text("note"),
    data: jsonb("data"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("issue_events_issue_idx").on(t.issueId, t.createdAt)],
);

export const issueExtensions = pgTable(
  "issue_extensions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    departmentId: uuid("department_id").references(() => departments.id),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    currentDueOn: date("current_due_on"),
    requestedDueOn: date("requested_due_on").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["pending", "approved", "refused"] })
      .notNull()
      .default("pending"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("issue_extensions_issue_idx").on(t.issueId),
    uniqueIndex("issue_extensions_one_pending_uq").on(t.issueId).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * Every rating the enterprise gave (or the dispatcher recorded by phone), never updated or deleted: a 不满意
 * reopens the issue and stays here, so 满意率 counts it. Seen through the issue's scope.
 */
export const issueRatings = pgTable(
  "issue_ratings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    rating: text("rating", { enum: ["satisfied", "basically_satisfied", "dissatisfied"] }).notNull(),
    comment: text("comment"),
    /** Recorded by the dispatcher from a phone call (回访). */
    byPhone: boolean("by_phone").notNull().default(false),
    ratedBy: uuid("rated_by").references(() => users.id),
    ratedAt: timestamp("rated_at", { withTimezone: true }).notNull().defaultNow(),
    /** The lead department whose answer was rated (a department's 满意率 counts the ratings of its answers). */
    leadDepartmentId: uuid("lead_department_id").references(() => departments.id),
  },
  (t) => [
    index("issue_ratings_issue_idx").on(t.issueId, t.ratedAt),
    index("issue_ratings_department_idx").on(t.leadDepartmentId),
  ],
);

/**
 * Every deadline an issue missed (逾期未办结): one row per deadline, with the lead department that held the
 * issue when the miss was recorded, never updated or deleted. Written by the deadline check or by a
 * transition that finds the deadline in force behind; the primary key makes it once per deadline, however
 * often and wherever the check runs. A department's 按期办结率 counts only the misses recorded against it, so a
 * miss of the department that bounced an issue is not charged to the one that answered it.
 */
export const issueDeadlineMisses = pgTable(
  "issue_deadline_misses",
  {
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    /** The deadline that was missed. */
    dueOn: date("due_on").notNull(),
    departmentId: uuid("department_id").references(() => departments.id),
    missedAt: timestamp("missed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.issueId, t.dueOn] }),
    index("issue_deadline_misses_department_idx").on(t.departmentId, t.issueId),
  ],
);

/** Files attached to an issue; the bytes live under the data folder (storage_key), never in a web root. */
export const issueAttachments = pgTable(
  "issue_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    eventId: uuid("event_id").references(() => issueEvents.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("issue_attachments_issue_idx").on(t.issueId)],
);
