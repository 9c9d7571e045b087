import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDepartment, createUser } from "../../../test/factories.js";
import { inDays, useIssueWorkflow } from "../../../test/issue-workflow.js";
import { notifications } from "../notifications/notifications.table.js";
import { users } from "../users/users.table.js";

/* Who is told of a change of an issue, and what its enterprise sees of it. */

const w = useIssueWorkflow("wf", "要素保障");
const { ok, detail, newIssue, inProgress, answered, noticesTo } = w;

/** The latest notice about the issue to the user `username`. */
async function latestNoticeTo(issueId: string, username: string) {
  const [latest] = await w.t.database.db
    .select({ title: notifications.title, body: notifications.body })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.issueId, issueId), eq(users.username, username)))
    .orderBy(desc(notifications.createdAt))
    .limit(1);
  return latest;
}

describe("who is told", () => {
  it("tells the lead department and the enterprise when an unrated answer is closed", async () => {
    const id = await answered();
    await ok("admin", `/api/issues/${id}/close`, { note: "企业逾期未评价" });
    const told = await noticesTo(id, "issue_answered");
    // The lead department once (the closing); the enterprise user twice (the answer, then the closing).
    expect(told.filter((u) => u === w.f.users.department.username)).toHaveLength(1);
    expect(told.filter((u) => u === w.f.users.enterprise.username)).toHaveLength(2);
    const closing = await latestNoticeTo(id, w.f.users.department.username);
    expect(closing?.title).toContain("问题已销号");
  });

  it("tells the enterprise's users when an issue recorded by the dispatcher is declined", async () => {
    const id = await newIssue("admin");
    await ok("admin", `/api/issues/${id}/decline`, { reason: "属于司法诉讼事项" });
    const told = await noticesTo(id, "issue_answered");
    expect(told).toContain(w.f.users.enterprise.username);
    expect(told).toContain(w.f.users.admin.username);
  });

  it("tells the departments taken off an issue by a reroute", async () => {
    const id = await inProgress(); // lead 自然资源局, co 住建局
    const cityDept = await createDepartment(w.t.database.db, { orgUnit: w.f.zoneA, name: "应急管理局" });
    await createUser(w.t.database.db, {
      role: "department",
      orgUnit: w.f.zoneA,
      username: "wf_emergency",
      departmentId: cityDept.id,
    });
    await ok("admin", `/api/issues/${id}/reroute`, {
      leadDepartmentId: cityDept.id,
      coDepartmentIds: [w.f.otherDept.id],
    });
    const off = await latestNoticeTo(id, w.f.users.department.username);
    expect(off?.title).toContain("问题已改派其他单位");
    expect(off?.body).toContain("应急管理局");
    // The co-department kept on the issue is told of the new routing, not of being taken off.
    const co = await noticesTo(id, "issue_routed");
    expect(co.filter((u) => u === "wf_codept")).toHaveLength(2);
  });
});

async function ask2(id: string) {
  await ok("department", `/api/issues/${id}/extensions`, { requestedDueOn: inDays(90), reason: "内部：延期理由" });
}

describe("what the enterprise sees", () => {
  it("shows a reduced timeline: no internal notes, bounces, 督办 or extensions, and no staff names", async () => {
    const id = await newIssue();
    await ok("admin", `/api/issues/${id}/route`, {
      leadDepartmentId: w.f.dept.id,
      coDepartmentIds: [w.f.otherDept.id],
      note: "内部：请优先办理",
    });
    await ok("department", `/api/issues/${id}/bounce`, { reason: "内部：不属于本局职责" });
    await ok("admin", `/api/issues/${id}/route`, { leadDepartmentId: w.f.dept.id, note: "内部：仍由你局牵头" });
    await ok("department", `/api/issues/${id}/accept`, {});
    await ok("leader", `/api/issues/${id}/escalate`, { note: "内部：督办意见" });
    await ask2(id);
    await ok("department", `/api/issues/${id}/progress`, { note: "已现场踏勘" });
    await ok("department", `/api/issues/${id}/answer`, { answer: "已完成增容" });

    const staff = await detail("admin", id);
    expect(staff.extensions).toHaveLength(1);
    expect(staff.events.map((e) => e.action)).toContain("escalated");

    const seen = await detail("enterprise", id);
    expect(seen.events.map((e) => e.action)).toEqual([
      "created",
      "routed",
      "routed",
      "accepted",
      "progress",
      "answered",
    ]);
    expect(seen.extensions).toEqual([]);
    expect(seen.bounceReason).toBeNull();
    const text = JSON.stringify(seen.events);
    expect(text).not.toContain("内部");
    expect(text).not.toContain(w.f.users.admin.displayName);
    expect(text).not.toContain(w.f.users.department.displayName);
    expect(seen.events.map((e) => e.actorName)).toEqual([
      w.f.users.enterprise.displayName,
      "园区服务中心",
      "园区服务中心",
      "自然资源局",
      "自然资源局",
      "自然资源局",
    ]);
    expect(seen.events[1]?.data).toEqual({ leadDepartmentName: "自然资源局", coDepartments: [{ name: "住建局" }] });
    expect(seen.events.find((e) => e.action === "progress")?.note).toBe("已现场踏勘");
    expect(seen.events.find((e) => e.action === "answered")?.note).toBe("已完成增容");
  });
});
