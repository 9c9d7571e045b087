import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { issues } from "../issues/issues.table.js";
import { users } from "../users/users.table.js";

/** A person's inbox. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", {
      enum: [
        "issue_routed",
        "issue_due_soon",
        "issue_overdue",
        "issue_answered",
        "issue_rated",
        "issue_reopened",
        "issue_escalated",
        "issue_bounced",
        "extension_requested",
        "extension_decided",
        "meeting_decision",
      ],
    }).notNull(),
    title: text("title").notNull(),
    body: text("body"),
    issueId: uuid("issue_id").references(() => issues.id, { onDelete: "cascade" }),
    /** Path in the web pages the notice opens, e.g. /issues/<id>. */
    link: text("link"),
    /** Set for notices that must be sent once only (e.g. "due in 2 days" for one deadline). */
    dedupeKey: text("dedupe_key"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    uniqueIndex("notifications_dedupe_uq").on(t.userId, t.dedupeKey),
  ],
);
