import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/departments.table.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    phone: text("phone"),
    role: text("role", {
      enum: ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"],
    }).notNull(),
    /** The root of the subtree this user may see. */
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    departmentId: uuid("department_id").references(() => departments.id),
    enterpriseId: uuid("enterprise_id").references(() => enterprises.id),
    passwordHash: text("password_hash").notNull(),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    isDisabled: boolean("is_disabled").notNull().default(false),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("users_org_unit_idx").on(t.orgUnitId),
    index("users_department_idx").on(t.departmentId),
    // Sign-in compares usernames case-insensitively, so two accounts may not differ only by case.
    uniqueIndex("users_username_lower_uq").on(sql`lower(${t.username})`),
  ],
);
