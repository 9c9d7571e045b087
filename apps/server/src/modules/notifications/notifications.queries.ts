import type { NotificationKind } from "@zonedesk/contracts";
import { and, count, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { notifications } from "./notifications.table.js";

export interface FindNotificationsParams {
  userId: string;
  unreadOnly: boolean;
  kind?: NotificationKind;
  limit: number;
  offset: number;
}

export async function findNotifications(db: Db, p: FindNotificationsParams) {
  const conditions: SQL[] = [eq(notifications.userId, p.userId)];
  if (p.unreadOnly) conditions.push(isNull(notifications.readAt));
  if (p.kind) conditions.push(eq(notifications.kind, p.kind));
  const where = and(...conditions);
  const [rows, [totalRow]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(p.limit)
      .offset(p.offset),
    db.select({ total: count() }).from(notifications).where(where),
  ]);
  return { rows, total: totalRow?.total ?? 0 };
}

export async function countUnreadByKind(db: Db, userId: string) {
  return db
    .select({ kind: notifications.kind, count: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .groupBy(notifications.kind);
}

/** Sets read_at once (the first read time is kept); returns the row, or nothing when it is not the user's. */
export async function markNotificationRead(db: Db, p: { userId: string; id: string }) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, p.id), eq(notifications.userId, p.userId)))
    .returning();
  return row;
}

export async function markAllNotificationsRead(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
