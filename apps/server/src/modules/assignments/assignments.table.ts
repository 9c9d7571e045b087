import { type SQL, sql } from "drizzle-orm";
import { check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projects } from "../projects/projects.table.js";
import { users } from "../users/users.table.js";

/**
 * 包联: a leader or cadre assigned to an enterprise or to a key project (exactly one of the two).
 * Ending an assignment sets ends_on; rows are never deleted, so history is kept.
 */
export const liaisonAssignments = pgTable(
  "liaison_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    enterpriseId: uuid("enterprise_id").references(() => enterprises.id),
    projectId: uuid("project_id").references(() => projects.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", {
      enum: ["lead_leader", "chief_service_officer", "helper_cadre", "township", "department", "discipline"],
    }).notNull(),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on"),
    note: text("note"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    index("liaison_assignments_user_idx").on(t.userId).where(sql`${t.endsOn} is null`),
    index("liaison_assignments_enterprise_idx").on(t.enterpriseId),
    index("liaison_assignments_org_unit_idx").on(t.orgUnitId),
    index("liaison_assignments_project_idx").on(t.projectId),
    // The same person in the same role on the same enterprise or project is active at most once, so two
    // identical requests sent at once cannot both pass the service's duplicate check.
    uniqueIndex("liaison_assignments_active_enterprise_uq")
      .on(t.userId, t.role, t.enterpriseId)
      .where(sql`${t.endsOn} is null and ${t.enterpriseId} is not null`),
    uniqueIndex("liaison_assignments_active_project_uq")
      .on(t.userId, t.role, t.projectId)
      .where(sql`${t.endsOn} is null and ${t.projectId} is not null`),
    check("liaison_assignments_subject_ck", sql`(${t.enterpriseId} is null) <> (${t.projectId} is null)`),
  ],
);

/** Today in Beijing, whatever the database server's time zone: dates in the registers are Beijing dates. */
export const beijingToday = sql`(now() at time zone 'Asia/Shanghai')::date`;

/**
 * An assignment is active from its start date until its end date (exclusive): ending one today takes
 * effect at once, and one that starts next month grants nothing yet. `alias` names the table in raw SQL.
 */
export function isActiveOn(alias?: string): SQL {
  const startsOn = alias ? sql.raw(`${alias}.starts_on`) : liaisonAssignments.startsOn;
  const endsOn = alias ? sql.raw(`${alias}.ends_on`) : liaisonAssignments.endsOn;
  return sql`(${startsOn} <= ${beijingToday} and (${endsOn} is null or ${endsOn} > ${beijingToday}))`;
}
