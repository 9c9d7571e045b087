import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/departments.table.js";
import { issues } from "../issues/issues.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";

/** 联审联批会议: a periodic meeting on the hard open issues of key projects. */
export const reviewMeetings = pgTable(
  "review_meetings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    title: text("title").notNull(),
    heldOn: date("held_on").notNull(),
    location: text("location"),
    chairUserId: uuid("chair_user_id").references(() => users.id),
    attendees: text("attendees"),
    notes: text("notes"),
    /** draft: items being prepared; concluded: decisions applied to the issues. */
    status: text("status", { enum: ["draft", "concluded"] })
      .notNull()
      .default("draft"),
    concludedAt: timestamp("concluded_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("review_meetings_org_unit_idx").on(t.orgUnitId, t.heldOn)],
);

export const reviewMeetingItems = pgTable(
  "review_meeting_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => reviewMeetings.id, { onDelete: "cascade" }),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => issues.id),
    sortOrder: integer("sort_order").notNull().default(0),
    decision: text("decision"),
    responsibleLeaderId: uuid("responsible_leader_id").references(() => users.id),
    responsibleDepartmentId: uuid("responsible_department_id").references(() => departments.id),
    newDueOn: date("new_due_on"),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("review_meeting_items_uq").on(t.meetingId, t.issueId)],
);
