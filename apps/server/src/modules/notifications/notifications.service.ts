import {
  type Notification,
  type NotificationListQuery,
  type NotificationPage,
  outboundNotificationKinds,
  type ReadAllResult,
  type UnreadCount,
} from "@zonedesk/contracts";
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { notFound } from "../../lib/errors.js";
import { isoOrNull } from "../../lib/route-helpers.js";
import { users } from "../users/users.table.js";
import {
  countUnreadByKind,
  findNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "./notifications.queries.js";
import { notificationOutbox, notifications } from "./notifications.table.js";

export type NotificationKind = (typeof notifications.$inferInsert)["kind"];

export interface Notice {
  kind: NotificationKind;
  title: string;
  body?: string | null;
  issueId?: string | null;
  link?: string | null;
  /** A notice with a key is written once per recipient (e.g. "due soon" for one deadline). */
  dedupeKey?: string | null;
}

/** WeCom markdown messages are limited to 4,096 bytes; we keep well under it. */
const maxOutboundChars = 1200;

/**
 * Puts a notice in the inbox of each recipient (users, and every active user of the departments),
 * in the caller's transaction, so a notice exists exactly when the change that caused it does.
 * Notices someone must act on (routed, due soon, overdue, escalated, bounced) are also queued in the
 * outbox in the same transaction; the outbox job sends them later, so a webhook never slows or fails
 * the write, and a killed process loses nothing.
 */
export async function notify(
  tx: Db,
  recipients: { userIds?: string[]; departmentIds?: string[] },
  notice: Notice,
): Promise<void> {
  const ids = new Set(recipients.userIds ?? []);
  if (recipients.departmentIds?.length) {
    const members = await tx
      .select({ id: users.id, isDisabled: users.isDisabled })
      .from(users)
      .where(inArray(users.departmentId, recipients.departmentIds));
    for (const m of members) if (!m.isDisabled) ids.add(m.id);
  }
  if (ids.size === 0) return;
  await tx
    .insert(notifications)
    .values(
      [...ids].map((userId) => ({
        userId,
        kind: notice.kind,
        title: notice.title,
        body: notice.body ?? null,
        issueId: notice.issueId ?? null,
        link: notice.link ?? null,
        dedupeKey: notice.dedupeKey ?? null,
      })),
    )
    .onConflictDoNothing();
  if (outboundNotificationKinds.includes(notice.kind)) {
    await tx
      .insert(notificationOutbox)
      .values({
        kind: notice.kind,
        title: notice.title,
        content: outboundContent(notice),
        issueId: notice.issueId ?? null,
        dedupeKey: notice.dedupeKey ?? null,
      })
      .onConflictDoNothing();
  }
}

/** The message as the group robot shows it: the title in bold, the body quoted. */
function outboundContent(notice: Notice): string {
  const body = (notice.body ?? "").trim();
  const text = body === "" ? `**${notice.title}**` : `**${notice.title}**\n> ${body.replace(/\n/g, "\n> ")}`;
  return text.length > maxOutboundChars ? `${text.slice(0, maxOutboundChars - 1)}…` : text;
}

function toNotification(row: typeof notifications.$inferSelect): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    issueId: row.issueId,
    link: row.link,
    readAt: isoOrNull(row.readAt),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The actor's own inbox, newest first; `unread` keeps only the unread ones. */
export async function listNotifications(db: Db, actor: Actor, query: NotificationListQuery): Promise<NotificationPage> {
  requirePermission(actor, "notification.read");
  const { rows, total } = await findNotifications(db, {
    userId: actor.userId,
    unreadOnly: query.unread === true,
    kind: query.kind,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { data: rows.map(toNotification), total, page: query.page, pageSize: query.pageSize };
}

/** Unread notices of the actor, in all and by kind (the badge on the bell and the inbox tabs). */
export async function getUnreadCount(db: Db, actor: Actor): Promise<UnreadCount> {
  requirePermission(actor, "notification.read");
  const rows = await countUnreadByKind(db, actor.userId);
  const byKind: UnreadCount["byKind"] = {};
  let total = 0;
  for (const r of rows) {
    byKind[r.kind] = r.count;
    total += r.count;
  }
  return { total, byKind };
}

/**
 * Marks one of the actor's notices read (idempotent: an already read notice keeps its first read time).
 * Another person's notice answers 404, like one that does not exist. Reading one's own inbox is not a
 * change to a register, so it writes no audit row.
 */
export async function readNotification(db: Db, actor: Actor, id: string): Promise<Notification> {
  requirePermission(actor, "notification.read");
  const row = await markNotificationRead(db, { userId: actor.userId, id });
  if (!row) throw notFound("消息");
  return toNotification(row);
}

/** Marks every unread notice of the actor read. */
export async function readAllNotifications(db: Db, actor: Actor): Promise<ReadAllResult> {
  requirePermission(actor, "notification.read");
  return { updated: await markAllNotificationsRead(db, actor.userId) };
}
