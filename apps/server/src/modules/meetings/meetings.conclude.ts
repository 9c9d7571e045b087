import { type FieldIssue, issueStatusLabels, type MeetingDetail, type MeetingItem } from "@zonedesk/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, versionConflict } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertVersion } from "../../lib/versioning.js";
import { applyMeetingDecisionInTx } from "../issues/index.js";
import { concludedError, getVisibleMeeting } from "./meeting-access.js";
import { responsibleLeaderProblems } from "./meeting-leaders.js";
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

/** Re-addresses a field error of one decision (e.g. responsibleDepartmentId) to its agenda item. */
function withItemPath(error: unknown, index: number, serialNo: string): unknown {
  if (!(error instanceof AppError) || error.code !== "VALIDATION_FAILED") return error;
  const details = error.details as { issues?: FieldIssue[] } | undefined;
  const issues = (details?.issues ?? [{ path: "", message: error.message }]).map((i) => ({
    path: ["items", String(index), i.path].filter((s) => s.length > 0).join("."),
    message: i.message,
  }));
  const message = error.message.includes(serialNo) ? error.message : `问题 ${serialNo}：${error.message}`;
  return new AppError("VALIDATION_FAILED", `${message}，会议未结束，所有决定均未生效`, { details: { issues } });
}

/**
 * Concludes a draft meeting: in one transaction, every item's decision is applied to its issue through the
 * ledger (new deadline, responsible unit, a meeting_decision history entry naming the responsible leader and
 * unit; an issue not yet routed, or given to another unit, is routed by the meeting with the same history and
 * notices as a dispatcher's routing; the responsible leader is stored on the issue and told) and the meeting
 * becomes read-only. The actor must be able to see every issue on the agenda (a leader cannot re-route issues
 * outside his assignments); an item without a decision, with a deadline in the past or more than a year after
 * the meeting date, on an issue no department holds (待受理, 已退回) without a responsible unit, or with a
 * responsible leader who is no longer an active leader whose scope holds the issue's unit, refuses the whole
 * conclusion, naming the item, its field and the issue; nothing is applied then.
 */
export async function concludeMeeting(db: Db, actor: Actor, id: string, version: number): Promise<MeetingDetail> {
  requirePermission(actor, "meeting.write");
  await db.transaction(async (tx) => {
    const visible = await getVisibleMeeting(tx, actor, id);
    const current = visible.meeting;
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
    const leaderProblems = await responsibleLeaderProblems(
      tx,
      agenda.flatMap((item) =>
        item.responsibleLeaderId
          ? [{ key: item.id, leaderId: item.responsibleLeaderId, issueId: item.issueId, serialNo: item.serialNo }]
          : [],
      ),
    );
    for (const [index, item] of agenda.entries()) {
      const leaderProblem = leaderProblems.get(item.id);
      if (leaderProblem) problems.push({ path: `items.${index}.responsibleLeaderId`, message: leaderProblem });
      if (!item.decision?.trim())
        problems.push({ path: `items.${index}.decision`, message: `问题 ${item.serialNo} 还没有填写会议决定` });
      // An issue no department holds (待受理, 已退回) is routed by the decision: it must name the unit.
      if (!item.responsibleDepartmentId && (item.issueStatus === "received" || item.issueStatus === "bounced"))
        problems.push({
          path: `items.${index}.responsibleDepartmentId`,
          message: `问题 ${item.serialNo} 当前为“${issueStatusLabels[item.issueStatus]}”，尚未交办到承办单位，请确定责任单位`,
        });
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
    for (const [index, item] of agenda.entries()) {
      await applyMeetingDecisionInTx(tx, actor, item.issueId, {
        decision: decisionText(item),
        responsibleDepartmentId: item.responsibleDepartmentId,
        responsibleLeaderId: item.responsibleLeaderId,
        newDueOn: item.newDueOn,
        meeting: { id: current.id, title: current.title, chairName: visible.chairName },
      }).catch((error: unknown) => {
        throw withItemPath(error, index, item.serialNo);
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
