import type { SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { inOrgScope } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { AppError, notFound } from "../../lib/errors.js";
import { getMeetingRow, type MeetingWithNames } from "./meetings.queries.js";
import { reviewMeetings } from "./meetings.table.js";

/** Meetings are seen by the org-unit scope: those of the actor's unit and its subtree. */
export const visibleMeetings = (actor: Actor): SQL => inOrgScope(actor, reviewMeetings.orgUnitId);

export async function getVisibleMeeting(db: Db, actor: Actor, id: string): Promise<MeetingWithNames> {
  const row = await getMeetingRow(db, id, visibleMeetings(actor));
  if (!row) throw notFound("会议", { isAccessRefusal: true });
  return row;
}

export function concludedError(): AppError {
  return new AppError("INVALID_STATE", "会议已结束，会议记录只能查看，不能修改");
}
