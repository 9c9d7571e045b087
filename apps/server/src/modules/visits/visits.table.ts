import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";

/** 走访: a visit to an enterprise or a project, planned or done. */
export const visits = pgTable(
  "visits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    enterpriseId: uuid("enterprise_id").references(() => enterprises.id),
    projectId: uuid("project_id").references(() => projects.id),
    status: text("status", { enum: ["planned", "done", "cancelled"] })
      .notNull()
      .default("done"),
    visitedOn: date("visited_on").notNull(),
    /** Who recorded it (a leader or cadre). */
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    /** People from outside the system (the enterprise's side, others), free text. */
    otherParticipants: text("other_participants"),
    method: text("method", { enum: ["on_site", "phone", "online", "meeting"] })
      .notNull()
      .default("on_site"),
    summary: text("summary").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("visits_enterprise_idx").on(t.enterpriseId, t.visitedOn),
    index("visits_project_idx").on(t.projectId, t.visitedOn),
    index("visits_org_unit_idx").on(t.orgUnitId, t.visitedOn),
    check("visits_subject_ck", sql`${t.enterpriseId} is not null or ${t.projectId} is not null`),
  ],
);

/** The system users who took part in a visit (the recorder included). */
export const visitParticipants = pgTable(
  "visit_participants",
  {
    visitId: uuid("visit_id")
      .notNull()
      .references(() => visits.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.userId] }), index("visit_participants_user_idx").on(t.userId)],
);

/**
 * Visit cadence as data: e.g. "cadre: each assigned enterprise at least once per quarter",
 * "leader: at least one enterprise per week (一周一企)". Applies to the org unit's subtree.
 */
export const visitCadenceRules = pgTable("visit_cadence_rules", {
  id: uuid("id").primaryKey().defaultRandom(),
  orgUnitId: uuid("org_unit_id")
    .notNull()
    .references(() => orgUnits.id),
  name: text("name").notNull(),
  appliesToRole: text("applies_to_role", { enum: ["leader", "cadre"] }).notNull(),
  /** each_assigned: every assigned enterprise must be visited; any: that many visits in all. */
  target: text("target", { enum: ["each_assigned", "any"] }).notNull(),
  period: text("period", { enum: ["week", "month", "quarter", "year"] }).notNull(),
  minVisits: integer("min_visits").notNull().default(1),
  isActive: boolean("is_active").notNull().default(true),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
