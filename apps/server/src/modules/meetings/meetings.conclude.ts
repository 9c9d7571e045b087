import type { FieldIssue, MeetingDetail } from "@zonedesk/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, versionConflict } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertVersion } from "../../lib/versioning.js";
import { applyMeetingDecisionInTx } from "../issues/issues.service.js";
import { concludedError, getVisibleMeeting } from "./meeting-access.js";
import { findMeetingItems } from "./meetings.queries.js";
import { getMeeting } from "./meetings.service.js";
import { reviewMeetingItems as items, reviewMeetings as meetings } from "./meetings.table.js";

/**
 * Concludes a draft meeting: in one transaction, every item's decision is applied to its issue through the
 * ledger (new deadline, responsible unit, a meeting_decision history entry) and the meeting becomes read-only.
 * An item without a decision or with a deadline in the past refuses the whole conclusion, naming the issue;
 * nothing is applied then.
 */
export async function concludeMeeting(db: Db, actor: Actor, id: string, version: number): Promise<MeetingDetail> {
  requirePermission(actor, "meeting.write");
  await db.transaction(async (tx) => {
    const current = (await getVisibleMeeting(tx, actor, id)).meeting;
    if (current.status !== "draft") throw concludedError();
    assertVersion(current.version, version, "该会议");
    const [updated] = await tx
      .update(meetings)
      .set({
        status: "concluded",
        concludedAt: new Date(),
        version: sql`${meetings.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(meetings.id, id), eq(meetings.status, "draft"), eq(meetings.version, version)))
      .returning();
    if (!updated) throw versionConflict("该会议");
    const today = todayInBeijing();
    const agenda = await findMeetingItems(tx, id, today);
    if (agenda.length === 0) throw new AppError("INVALID_STATE", "会议还没有议题，请先加入要研究的问题");
    const problems: FieldIssue[] = [];
    for (const [index, item] of agenda.entries()) {
      if (!item.decision?.trim())
        problems.push({ path: `items.${index}.decision`, message: `问题 ${item.serialNo} 还没有填写会议决定` });
      if (item.newDueOn !== null && item.newDueOn < today)
        problems.push({
          path: `items.${index}.newDueOn`,
          message: `问题 ${item.serialNo} 的完成时限 ${item.newDueOn} 早于今天（${today}）`,
        });
    }
    const [first] = problems;
    if (first) {
      throw new AppError("VALIDATION_FAILED", `${first.message}，会议未结束，所有决定均未生效`, {
        details: { issues: problems },
      });
    }
    for (const item of agenda) {
      await applyMeetingDecisionInTx(tx, actor, item.issueId, {
        decision: item.decision ?? "",
        responsibleDepartmentId: item.responsibleDepartmentId,
        newDueOn: item.newDueOn,
        meetingTitle: current.title,
      });
    }
    await tx.update(items).set({ appliedAt: new Date() }).where(eq(items.meetingId, id));
    await writeAudit(tx, actor, {
      action: "meeting.conclude",
      entityType: "review_meeting",
      entityId: id,
      orgUnitId: current.orgUnitId,
      summary: `${current.title}：${agenda.length} 项会议决定已更新到问题 ${agenda.map((i) => i.serialNo).join("、")}`,
      before: { status: "draft" },
      after: { status: "concluded", items: agenda.map((i) => ({ serialNo: i.serialNo, decision: i.decision })) },
    });
  });
  return getMeeting(db, actor, id);
}
