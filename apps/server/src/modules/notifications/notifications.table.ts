import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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

/**
 * Notices that also go out through the outbound channel (WeCom group robot, or the log), written by
 * notify() in the same transaction as the change, and delivered later by the drain job with retries:
 * a killed process loses nothing, and a slow or failing webhook never blocks or fails the user's write.
 */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    /** The message as sent (markdown). */
    content: text("content").notNull(),
    issueId: uuid("issue_id").references(() => issues.id, { onDelete: "cascade" }),
    /** The same key as the inbox notice: a keyed notice goes out once. */
    dedupeKey: text("dedupe_key"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    /** Set when the attempts are used up; the row is kept for inspection. */
    failedAt: timestamp("failed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notification_outbox_pending_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null and ${t.failedAt} is null`),
    uniqueIndex("notification_outbox_dedupe_uq").on(t.dedupeKey).where(sql`${t.dedupeKey} is not null`),
  ],
);
