import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../users/users.table.js";
import { notifications } from "./notifications.table.js";

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

/**
 * Puts a notice in the inbox of each recipient (users, and every active user of the departments),
 * in the caller's transaction, so a notice exists exactly when the change that caused it does.
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
}
