import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { notificationOutbox } from "./notifications.table.js";
import type { OutboundChannel } from "./outbound-channel.js";

export interface DrainOptions {
  /** The clock of the run (tests move it forward to reach a retry). */
  now?: Date;
  batchSize?: number;
  /** After this many failed attempts a message is given up (failed_at set, kept for inspection). */
  maxAttempts?: number;
  /** How long a claimed message is reserved for this run before another instance may take it over. */
  leaseSeconds?: number;
}

export interface DrainResult {
  delivered: number;
  failed: number;
  givenUp: number;
}

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 6 hours. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

/**
 * Sends the queued outbound messages that are due. Messages are claimed with one UPDATE over a
 * `FOR UPDATE SKIP LOCKED` selection that also pushes their next attempt past a lease, so instances
 * running at once never take the same message; each success sets delivered_at, each failure records
 * the error and schedules a retry with backoff. A process killed mid-send leaves the message to be
 * retried after the lease (at least once; never twice in normal operation).
 */
export async function drainOutbox(db: Db, channel: OutboundChannel, options: DrainOptions = {}): Promise<DrainResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 10;
  const leaseSeconds = options.leaseSeconds ?? 120;
  const result: DrainResult = { delivered: 0, failed: 0, givenUp: 0 };
  for (;;) {
    const claimed = await db
      .update(notificationOutbox)
      .set({
        attempts: sql`${notificationOutbox.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + leaseSeconds * 1000),
      })
      .where(
        sql`${notificationOutbox.id} in (
          select o.id from ${notificationOutbox} o
          where o.delivered_at is null and o.failed_at is null and o.next_attempt_at <= ${now.toISOString()}
          order by o.next_attempt_at, o.created_at
          limit ${batchSize}
          for update skip locked)`,
      )
      .returning();
    for (const message of claimed) {
      try {
        await channel.send(message);
        await db
          .update(notificationOutbox)
          .set({ deliveredAt: sql`now()`, lastError: null })
          .where(eq(notificationOutbox.id, message.id));
        result.delivered += 1;
      } catch (error) {
        const givingUp = message.attempts >= maxAttempts;
        await db
          .update(notificationOutbox)
          .set({
            lastError: `${channel.name}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000),
            nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(message.attempts) * 1000),
            failedAt: givingUp ? sql`now()` : null,
          })
          .where(eq(notificationOutbox.id, message.id));
        result.failed += 1;
        if (givingUp) result.givenUp += 1;
      }
    }
    if (claimed.length < batchSize) return result;
  }
}
