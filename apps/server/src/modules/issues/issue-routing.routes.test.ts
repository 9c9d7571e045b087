import { describe, expect, it } from "vitest";
import { createDepartment, createUser } from "../../../test/factories.js";
import { inDays, useIssueWorkflow } from "../../../test/issue-workflow.js";
import type { Actor } from "../../lib/actor.js";
import { applyMeetingDecisionInTx } from "./issue-meeting-decision.js";

/* Where and until when an issue may be routed: departments of the issue's own zone (or above), deadlines in range. */

const w = useIssueWorkflow("wf", "要素保障");
const { post, ok, detail, newIssue, routed } = w;

describe("routing stays within the issue's zone", () => {
  it("refuses a city administrator routing a zone-A issue to a zone-B department; a city bureau is fine", async () => {
    const db = w.t.database.db;
    const zoneBDept = await createDepartment(db, { orgUnit: w.f.zoneB, name: "高新区住建局" });
    const cityDept = await createDepartment(db, { orgUnit: w.f.city, name: "市发展改革委" });
    await createUser(db, { role: "admin", orgUnit: w.f.city, username: "wf_city_router" });
    const cityAdmin = await w.t.signIn("wf_city_router");
    const id = await newIssue();
    const refused = await post(cityAdmin, `/api/issues/${id}/route`, { leadDepartmentId: zoneBDept.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain("不属于该问题所在区域");
    const co = await post(cityAdmin, `/api/issues/${id}/route`, {
      leadDepartmentId: w.f.dept.id,
      coDepartmentIds: [zoneBDept.id],
    });
    expect(co.statusCode).toBe(400);
    expect((await detail("admin", id)).status).toBe("received");
    const d = await ok(cityAdmin, `/api/issues/${id}/route`, { leadDepartmentId: cityDept.id });
    expect(d.leadDepartmentName).toBe("市发展改革委");
  });

  it("refuses the same for a meeting decision", async () => {
    const db = w.t.database.db;
    const zoneBDept = await createDepartment(db, { orgUnit: w.f.zoneB, name: "高新区发改局" });
    const cityUser = await createUser(db, { role: "admin", orgUnit: w.f.city, username: "wf_city_meeting" });
    const id = await routed();
    const actor: Actor = {
      userId: cityUser.id,
      username: "wf_city_meeting",
      displayName: "市级管理员",
      role: "admin",
      orgUnitId: w.f.city.id,
      orgUnitPath: w.f.city.path,
      departmentId: null,
      enterpriseId: null,
      ip: null,
    };
    const decide = (patch: { responsibleDepartmentId?: string | null; newDueOn?: string | null }) =>
      db.transaction((tx) =>
        applyMeetingDecisionInTx(tx, actor, id, {
          decision: "由高新区牵头",
          responsibleDepartmentId: null,
          responsibleLeaderId: null,
          newDueOn: null,
          meeting: { id: crypto.randomUUID(), title: "联审联批会", chairName: null },
          ...patch,
        }),
      );
    await expect(decide({ responsibleDepartmentId: zoneBDept.id })).rejects.toMatchObject({
      message: expect.stringContaining("不属于该问题所在区域"),
    });
    await expect(decide({ newDueOn: inDays(400) })).rejects.toMatchObject({
      message: expect.stringContaining("会议确定的完成时限不能晚于一年后"),
    });
    expect((await detail("admin", id)).leadDepartmentId).toBe(w.f.dept.id);
  });
});

describe("deadline bounds", () => {
  it("refuses a routing deadline in the past or more than a year ahead, naming the field", async () => {
    const id = await newIssue();
    const past = await post("admin", `/api/issues/${id}/route`, { leadDepartmentId: w.f.dept.id, dueOn: inDays(-1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toContain("办理时限不能早于今天");
    const far = await post("admin", `/api/issues/${id}/route`, { leadDepartmentId: w.f.dept.id, dueOn: inDays(400) });
    expect(far.statusCode).toBe(400);
    expect(far.json().message).toContain("办理时限不能晚于一年后");
    expect(far.json().details.issues[0].path).toBe("dueOn");
  });
});
