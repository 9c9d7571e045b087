import type { FieldIssue, MeetingDetail, MeetingItem } from "@zonedesk/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, versionConflict } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertVersion } from "../../lib/versioning.js";
import { applyMeetingDecisionInTx } from "../issues/issues.service.js";
import { concludedError, getVisibleMeeting } from "./meeting-access.js";
import { findMeetingItems, latestMeetingDueOn } from "./meetings.queries.js";
import { getMeeting } from "./meetings.service.js";
import { reviewMeetingItems as items, reviewMeetings as meetings } from "./meetings.table.js";

/** The note of the issue's history entry: the decision with who answers for it. */
export function decisionText(
  item: Pick<MeetingItem, "decision" | "responsibleLeaderName" | "responsibleDepartmentName">,
) {
  const who = [
    item.responsibleLeaderName ? `责任领导：${item.responsibleLeaderName}` : null,
    item.responsibleDepartmentName ? `责任单位：${item.responsibleDepartmentName}` : null,
  ].filter((x) => x !== null);
  return `会议决定：${item.decision?.trim() ?? ""}${who.length > 0 ? `（${who.join("；")}）` : ""}`;
}

/**
 * Concludes a draft meeting: in one transaction, every item's decision is applied to its issue through the
 * ledger (new deadline, responsible unit, a meeting_decision history entry naming the responsible leader and
 * unit) and the meeting becomes read-only. The actor must be able to see every issue on the agenda (a leader
 * cannot re-route issues outside his assignments); an item without a decision or with a deadline in the past
 * or more than a year after the meeting date refuses the whole conclusion, naming the issue; nothing is
 * applied then.
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
    const agenda = await findMeetingItems(tx, id, today, visibleIssues(actor));
    if (agenda.length === 0) throw new AppError("INVALID_STATE", "会议还没有议题，请先加入要研究的问题");
    const hidden = agenda.filter((item) => !item.isVisible);
    if (hidden.length > 0) {
      throw new AppError(
        "FORBIDDEN",
        `问题 ${hidden.map((i) => i.serialNo).join("、")} 不在您的查看范围内，您不能结束该会议，请由能查看全部议题的人员结束（所有决定均未生效）`,
        { isAccessRefusal: true, details: { serialNos: hidden.map((i) => i.serialNo) } },
      );
    }
    const latest = latestMeetingDueOn(current.heldOn);
    const problems: FieldIssue[] = [];
    for (const [index, item] of agenda.entries()) {
      if (!item.decision?.trim())
        problems.push({ path: `items.${index}.decision`, message: `问题 ${item.serialNo} 还没有填写会议决定` });
      if (item.newDueOn !== null && item.newDueOn < today)
        problems.push({
          path: `items.${index}.newDueOn`,
          message: `问题 ${item.serialNo} 的完成时限 ${item.newDueOn} 早于今天（${today}）`,
        });
      if (item.newDueOn !== null && item.newDueOn > latest)
        problems.push({
          path: `items.${index}.newDueOn`,
          message: `问题 ${item.serialNo} 的完成时限 ${item.newDueOn} 晚于会议日期（${current.heldOn}）一年后（${latest}）`,
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
        decision: decisionText(item),
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
