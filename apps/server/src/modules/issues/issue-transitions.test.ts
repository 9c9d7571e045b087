import type { IssueDetail, IssuePage, IssueStatsRow } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Caller, inDays, useIssueWorkflow } from "../../../test/issue-workflow.js";
import { notifications } from "../notifications/notifications.table.js";

/*
 * Transitions from the states the workflow table allows and the state-machine tests had not taken:
 * 退回 from 办理中 (and what the bounce does to the departments), 延期申请 from 已交办, 不予受理 of a bounced
 * issue. The meeting path from 已退回 is in meetings.decisions.test.ts.
 */

const w = useIssueWorkflow("tr", "要素保障");
const { get, ok, read, routed, noticesOf } = w;
const idsOf = async (who: Caller) =>
  ((await get(who, "/api/issues?pageSize=200")).json() as IssuePage).data.map((i) => i.id);

const departmentRow = async (departmentId: string | null): Promise<IssueStatsRow | undefined> =>
  (await read<{ rows: IssueStatsRow[] }>("admin", "/api/issues/stats?groupBy=department")).rows.find(
    (row) => row.key === departmentId,
  );

describe("退回 from 办理中", () => {
  it("takes the issue out of the lead's and the co-department's queue, sight and figures", async () => {
    const id = await routed();
    await ok("department", `/api/issues/${id}/accept`, {});
    expect(await idsOf("department")).toContain(id);
    expect(await idsOf(w.coDept)).toContain(id);
    const before = await departmentRow(w.f.dept.id);
    const unroutedBefore = (await departmentRow(null))?.inProgress ?? 0;

    const bounced = await ok("department", `/api/issues/${id}/bounce`, { reason: "属于住建局职责" });
    expect(bounced).toMatchObject({ status: "bounced", leadDepartmentId: null, departments: [], allowedActions: [] });

    expect(await idsOf("department")).not.toContain(id);
    expect(await idsOf(w.coDept)).not.toContain(id);
    expect((await get("department", `/api/issues/${id}`)).statusCode).toBe(404);
    expect((await get("department", `/api/issues/${id}/routing-slip.docx`)).statusCode).toBe(404);
    const after = await departmentRow(w.f.dept.id);
    // A department with no issue left has no row.
    expect(after?.collected ?? 0).toBe((before?.collected ?? 0) - 1);
    expect(after?.inProgress ?? 0).toBe((before?.inProgress ?? 0) - 1);
    expect(before?.inProgress).toBeGreaterThan(0);
    expect((await departmentRow(null))?.inProgress).toBe(unroutedBefore + 1);

    // The dispatcher sees who bounced it and why, and may route it again or decline it.
    const seen = (await get("admin", `/api/issues/${id}`)).json() as IssueDetail;
    expect(seen.allowedActions).toEqual(["route", "decline"]);
    expect(seen.events.at(-1)).toMatchObject({
      action: "bounced",
      fromStatus: "in_progress",
      toStatus: "bounced",
      note: "属于住建局职责",
      data: { departmentId: w.f.dept.id, departmentName: "自然资源局", coDepartmentIds: [w.f.otherDept.id] },
    });
    const told = await noticesOf(id, "issue_bounced");
    expect(told.map((n) => n.username).sort()).toEqual([w.f.users.admin.username, "tr_codept"].sort());
  });
});

describe("延期申请 from 已交办", () => {
  it("lets the lead department ask before accepting; the approval moves the deadline, the issue stays 已交办", async () => {
    const id = await routed();
    const asked = await ok("department", `/api/issues/${id}/extensions`, {
      requestedDueOn: inDays(45),
      reason: "需先完成规划调整",
    });
    expect(asked.status).toBe("routed");
    expect(asked.extensions).toMatchObject([{ status: "pending", requestedDueOn: inDays(45) }]);
    const approved = await ok("admin", `/api/issues/${id}/extensions/approve`, { note: "同意" });
    expect(approved).toMatchObject({ status: "routed", dueOn: inDays(45), deadlineMissedAt: null });
    expect((await get("department", `/api/issues/${id}`)).json().allowedActions).toContain("accept");
  });
});

describe("不予受理 of a bounced issue", () => {
  it("closes it as declined and tells the enterprise", async () => {
    const id = await routed();
    await ok("department", `/api/issues/${id}/bounce`, { reason: "属于司法诉讼事项" });
    const declined = await ok("admin", `/api/issues/${id}/decline`, { reason: "属于司法诉讼事项，请通过法律途径解决" });
    expect(declined).toMatchObject({ status: "closed", outcome: "declined", allowedActions: [] });
    const seen = (await get("enterprise", `/api/issues/${id}`)).json() as IssueDetail;
    expect(seen.events.map((e) => e.action)).toEqual(["created", "routed", "declined"]);
    expect(seen.events.at(-1)?.note).toBe("属于司法诉讼事项，请通过法律途径解决");
    const [notice] = await w.t.database.db
      .select({ title: notifications.title })
      .from(notifications)
      .where(and(eq(notifications.issueId, id), eq(notifications.userId, w.f.users.enterprise.id)))
      .orderBy(notifications.createdAt);
    expect(notice?.title).toContain("问题不予受理");
  });
});
