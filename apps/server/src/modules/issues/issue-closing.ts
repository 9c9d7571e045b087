import { type CloseIssue, issueRatingLabels, type RateIssue } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";
import { categoryDeadline, titleOf } from "./issue-common.js";
import { leadOf, reporterAndEnterprise, runTransition } from "./issue-transition-runner.js";
import { insertIssueRating } from "./issues.queries.js";

// The end of an issue: the enterprise's rating (评价) and the dispatcher's closing (销号).

/**
 * 评价: every rating is kept (issue_ratings) for 满意率. 满意/基本满意 closes the issue as resolved (销号);
 * 不满意 reopens it (办理中) with a fresh deadline, the answer kept in the history only and the issue itself
 * unrated again until the next answer is rated.
 */
export function rateIssue(db: Db, actor: Actor, id: string, input: RateIssue) {
  return runTransition(db, actor, id, "rate", input.version, async ({ tx, issue, workflow, today }) => {
    const label = issueRatingLabels[input.rating];
    const byPhone = actor.role === "admin";
    const data = { rating: input.rating, byPhone };
    await insertIssueRating(tx, {
      issueId: issue.id,
      rating: input.rating,
      comment: input.comment ?? null,
      byPhone,
      ratedBy: actor.userId,
      // The department whose answer is rated: its 满意率, even if the issue is given to another one later.
      leadDepartmentId: issue.leadDepartmentId,
    });
    if (input.rating === "dissatisfied") {
      const dueOn = await categoryDeadline(tx, issue.categoryId, today);
      return {
        values: {
          rating: null,
          ratedAt: null,
          reopenCount: issue.reopenCount + 1,
          answer: null,
          answeredAt: null,
          dueOn,
        },
        toStatus: "in_progress",
        event: "reopened",
        note: input.comment ?? null,
        data: { ...data, dueOn },
        notices: [
          {
            to: { departmentIds: leadOf(workflow) },
            notice: {
              kind: "issue_reopened",
              title: `企业不满意，问题重新办理：${titleOf(issue)}`,
              body: input.comment ?? `新的办理时限 ${dueOn}`,
            },
          },
        ],
      };
    }
    return {
      values: { rating: input.rating, ratedAt: new Date(), outcome: "resolved", closedAt: new Date() },
      toStatus: "closed",
      event: "rated",
      note: input.comment ?? null,
      data,
      notices: [
        {
          to: { departmentIds: leadOf(workflow) },
          notice: { kind: "issue_rated", title: `企业评价“${label}”：${titleOf(issue)}`, body: input.comment ?? null },
        },
      ],
    };
  });
}

/** 销号 without a rating (e.g. 企业逾期未评价): the dispatcher closes an answered issue as resolved. */
export function closeIssue(db: Db, actor: Actor, id: string, input: CloseIssue) {
  return runTransition(db, actor, id, "close", input.version, async ({ tx, issue, workflow }) => ({
    values: { outcome: "resolved", closedAt: new Date() },
    toStatus: "closed",
    event: "closed",
    note: input.note,
    notices: [
      {
        to: { departmentIds: leadOf(workflow), userIds: await reporterAndEnterprise(tx, issue) },
        notice: { kind: "issue_answered", title: `问题已销号：${titleOf(issue)}`, body: input.note },
      },
    ],
  }));
}
