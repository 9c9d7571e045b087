import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Role, roles } from "@zonedesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createIssueRow, ensureIssueCategory } from "../../../test/factories.js";
import {
  allRoles,
  definePermissionCases,
  onlyRoles,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";
import { todayInBeijing } from "../../lib/format.js";
import { addCalendarDays } from "../../lib/working-days.js";
import { issueAttachments, issueEvents, issueExtensions } from "./issues.table.js";

/*
 * Every endpoint of the issue ledger × the 7 roles. The fixture's admin is a zone administrator, so the
 * deployment-wide lists (categories, calendar) refuse it too; a city administrator maintains them
 * (issues.routes.test.ts). Transitions run on rows made for each case: roles refused by role meet the
 * issue first (403), then the role it belongs to moves it (200); admin, going last, may then meet the new
 * state (409).
 */

let t: TestApp;
let cookies: Map<Role, string>;
let f: RoleFixture;
let categoryId: string;
const ids: Record<string, string> = {};
let attachmentId: string;
let dataDir: string;

type Status = "received" | "routed" | "in_progress" | "answered" | "bounced";
// Deadlines relative to today: the routing deadline a month ahead, an extension asked to two months ahead.
const today = todayInBeijing();
const dueOn = addCalendarDays(today, 30);
const extendedTo = addCalendarDays(today, 60);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "zd-issue-matrix-"));
  t = await createTestApp({ DATA_DIR: dataDir });
  const db = t.database.db;
  f = await seedRoleFixture(db, "ip");
  cookies = await signInRoles(t, f);
  const category = await ensureIssueCategory(db, "要素保障");
  categoryId = category.id;
  const make = async (key: string, status: Status, enterprise = f.e1, orgUnit = f.zoneA) => {
    const routed = status !== "received";
    const row = await createIssueRow(db, {
      orgUnit,
      enterprise,
      category,
      status,
      leadDepartment: routed ? f.dept : null,
      dueOn: routed ? dueOn : null,
      answer: status === "answered" ? "已办结" : null,
      answeredAt: status === "answered" ? new Date() : null,
    });
    ids[key] = row.id;
    return row;
  };
  await make("read", "in_progress");
  await make("unassigned", "received", f.e2);
  await make("zoneB", "received", f.e3, f.zoneB);
  await make("route", "received");
  await make("reroute", "routed");
  await make("decline", "received");
  await make("accept", "routed");
  await make("progress", "in_progress");
  await make("answer", "in_progress");
  await make("bounce", "routed");
  await make("extension", "in_progress");
  await make("escalate", "routed");
  await make("escalateUnassigned", "received", f.e2);
  await make("rate", "answered");
  await make("close", "answered");
  for (const key of ["approve", "refuse"]) {
    const row = await make(key, "in_progress");
    await db.insert(issueExtensions).values({
      issueId: row.id,
      departmentId: f.dept.id,
      requestedBy: f.users.department.id,
      currentDueOn: dueOn,
      requestedDueOn: extendedTo,
      reason: "需要协调",
    });
  }
  const [event] = await db
    .insert(issueEvents)
    .values({ issueId: ids.read ?? "", action: "attachment_added", actorName: "测试", note: "a.txt" })
    .returning();
  const [attachment] = await db
    .insert(issueAttachments)
    .values({
      issueId: ids.read ?? "",
      eventId: event?.id ?? null,
      fileName: "a.txt",
      contentType: "text/plain; charset=utf-8",
      sizeBytes: 0,
      sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      storageKey: "missing/for-permissions",
      uploadedBy: f.users.admin.id,
    })
    .returning();
  attachmentId = attachment?.id ?? "";
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const url =
  (key: string, action = "") =>
  () =>
    `/api/issues/${ids[key]}${action ? `/${action}` : ""}`;

describe("issue ledger permissions: every endpoint × every role", () => {
  definePermissionCases(
    () => ({ t, cookies }),
    [
      { name: "GET /api/issues/categories", method: "GET", url: () => "/api/issues/categories", expect: allRoles(200) },
      {
        name: "POST /api/issues/categories (top-level admins only)",
        method: "POST",
        url: () => "/api/issues/categories",
        payload: () => ({ name: "矩阵类别", deadlineDays: 5 }),
        expect: {},
      },
      {
        name: "PATCH /api/issues/categories/:id (top-level admins only)",
        method: "PATCH",
        url: () => `/api/issues/categories/${categoryId}`,
        payload: () => ({ name: "要素保障", deadlineDays: 7, version: 1 }),
        expect: {},
      },
      {
        name: "GET /api/issues/calendar",
        method: "GET",
        url: () => `/api/issues/calendar?year=${today.slice(0, 4)}`,
        expect: allRoles(200),
      },
      {
        name: "PUT /api/issues/calendar/:day (top-level admins only)",
        method: "PUT",
        url: () => `/api/issues/calendar/${extendedTo}`,
        payload: () => ({ isWorkingDay: false, note: "测试" }),
        expect: {},
      },
      {
        name: "DELETE /api/issues/calendar/:day (top-level admins only)",
        method: "DELETE",
        url: () => `/api/issues/calendar/${extendedTo}`,
        expect: {},
      },
      { name: "GET /api/issues", method: "GET", url: () => "/api/issues", expect: allRoles(200) },
      {
        name: "POST /api/issues",
        method: "POST",
        url: () => "/api/issues",
        payload: () => ({ enterpriseId: f.e1.id, categoryId, title: "矩阵问题", description: "权限矩阵测试问题描述" }),
        expect: onlyRoles("admin", "leader", "cadre", "enterprise"),
      },
      { name: "GET /api/issues/:id (routed, assigned)", method: "GET", url: url("read"), expect: allRoles(200) },
      {
        name: "GET /api/issues/:id (unassigned, not routed)",
        method: "GET",
        url: url("unassigned"),
        expect: {
          admin: 200,
          oversight: 200,
          statistics: 200,
          leader: 404,
          cadre: 404,
          department: 404,
          enterprise: 404,
        },
      },
      { name: "GET /api/issues/:id (other zone)", method: "GET", url: url("zoneB"), expect: allRoles(404) },
      {
        name: "POST /api/issues/:id/route",
        method: "POST",
        url: url("route", "route"),
        payload: () => ({ leadDepartmentId: f.dept.id }),
        expect: onlyRoles("admin"),
      },
      {
        name: "POST /api/issues/:id/reroute",
        method: "POST",
        url: url("reroute", "reroute"),
        payload: () => ({ leadDepartmentId: f.otherDept.id }),
        expect: onlyRoles("admin"),
      },
      {
        name: "POST /api/issues/:id/decline",
        method: "POST",
        url: url("decline", "decline"),
        payload: () => ({ reason: "不属于受理范围" }),
        expect: onlyRoles("admin"),
      },
      {
        name: "POST /api/issues/:id/accept",
        method: "POST",
        url: url("accept", "accept"),
        payload: () => ({}),
        expect: onlyRoles("department"),
      },
      {
        name: "POST /api/issues/:id/progress",
        method: "POST",
        url: url("progress", "progress"),
        payload: () => ({ note: "进展" }),
        expect: onlyRoles("department"),
      },
      {
        name: "POST /api/issues/:id/answer",
        method: "POST",
        url: url("answer", "answer"),
        payload: () => ({ answer: "已办结" }),
        expect: onlyRoles("department"),
      },
      {
        name: "POST /api/issues/:id/bounce",
        method: "POST",
        url: url("bounce", "bounce"),
        payload: () => ({ reason: "非本单位职责" }),
        expect: onlyRoles("department"),
      },
      {
        name: "POST /api/issues/:id/extensions",
        method: "POST",
        url: url("extension", "extensions"),
        payload: () => ({ requestedDueOn: extendedTo, reason: "需要协调" }),
        expect: onlyRoles("department"),
      },
      {
        name: "POST /api/issues/:id/extensions/approve",
        method: "POST",
        url: url("approve", "extensions/approve"),
        payload: () => ({}),
        expect: onlyRoles("admin"),
      },
      {
        name: "POST /api/issues/:id/extensions/refuse",
        method: "POST",
        url: url("refuse", "extensions/refuse"),
        payload: () => ({ note: "请按期办结" }),
        expect: onlyRoles("admin"),
      },
      {
        name: "POST /api/issues/:id/rate (the enterprise rates; admin then meets a closed issue)",
        method: "POST",
        url: url("rate", "rate"),
        payload: () => ({ rating: "satisfied" }),
        expect: { enterprise: 200, admin: 409 },
      },
      {
        name: "POST /api/issues/:id/close",
        method: "POST",
        url: url("close", "close"),
        payload: () => ({ note: "企业逾期未评价" }),
        expect: onlyRoles("admin"),
      },
      {
        // 督办 is a leader's or oversight's (纪委/督查室), not the dispatcher's.
        name: "POST /api/issues/:id/escalate (督办 by the leader, 挂牌督办 by oversight)",
        method: "POST",
        url: url("escalate", "escalate"),
        payload: () => ({ note: "督办" }),
        expect: { leader: 200, oversight: 200 },
      },
      {
        name: "POST /api/issues/:id/escalate (an issue not assigned to the leader)",
        method: "POST",
        url: url("escalateUnassigned", "escalate"),
        payload: () => ({ note: "督办" }),
        expect: { leader: 404, oversight: 200 },
      },
      {
        name: "GET /api/issues/:id/attachments/:attachmentId (out of scope)",
        method: "GET",
        url: () => `/api/issues/${ids.unassigned}/attachments/${attachmentId}`,
        expect: allRoles(404),
      },
    ],
  );

  it("POST /api/issues/:id/attachments: parties 200 (a .txt), oversight and statistics 403, no session 401", async () => {
    const expected: Record<Role, number> = {
      admin: 200,
      leader: 200,
      cadre: 200,
      department: 200,
      enterprise: 200,
      oversight: 403,
      statistics: 403,
    };
    const boundary = "----zdmatrix";
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\n记录\r\n--${boundary}--\r\n`,
    );
    const headers = { "content-type": `multipart/form-data; boundary=${boundary}` };
    const anonymous = await t.app.inject({ method: "POST", url: url("read", "attachments")(), payload, headers });
    expect(anonymous.statusCode).toBe(401);
    for (const role of roles) {
      const r = await t.app.inject({
        method: "POST",
        url: url("read", "attachments")(),
        payload,
        headers: { ...headers, cookie: cookies.get(role) ?? "" },
      });
      expect(r.statusCode, `${role}: ${r.body}`).toBe(expected[role]);
    }
  });
});
