import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { IssueDetail, IssuePage, IssueStats, NotificationPage, Role } from "@zonedesk/contracts";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { assignProject, createIssueRow, createProject, ensureIssueCategory } from "../../../test/factories.js";
import { type RoleFixture, seedRoleFixture, signInRoles } from "../../../test/permission-matrix.js";

/*
 * Who sees which issue, on every surface that shows one: the list, the detail, the export, the statistics,
 * attachments, the routing slip (交办单) and the links of the inbox. A cadre (and a leader) sees the issues of
 * the enterprises and projects assigned to him, a department those routed to it, an enterprise user its own.
 *
 *   mine     e1 (assigned to leader and cadre, the enterprise user's), routed to the fixture's department
 *   project  the key project assigned to leader and cadre (no investor in the register), routed to 住建局
 *   other    e2 (assigned to nobody), routed to 住建局
 *   zoneB    e3 in zone B, not routed
 */

let t: TestApp;
let f: RoleFixture;
let cookies: Map<Role, string>;
let dataDir: string;
const ids: Record<"mine" | "project" | "other" | "zoneB", string> = { mine: "", project: "", other: "", zoneB: "" };
const attachments: Record<string, string> = {};

const cookieOf = (who: Role) => cookies.get(who) ?? "";
const get = (who: Role, url: string) => t.app.inject({ method: "GET", url, headers: { cookie: cookieOf(who) } });
const post = (who: Role, url: string, payload: object) =>
  t.app.inject({ method: "POST", url, payload, headers: { cookie: cookieOf(who) } });

async function created(who: Role, body: object): Promise<string> {
  const r = await post(who, "/api/issues", body);
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { id: string }).id;
}

async function attach(issueId: string): Promise<string> {
  const boundary = "----zdscopes";
  const r = await t.app.inject({
    method: "POST",
    url: `/api/issues/${issueId}/attachments`,
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\n现场照片说明\r\n--${boundary}--\r\n`,
    ),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: cookieOf("admin") },
  });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { id: string }).id;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "zd-issue-scopes-"));
  t = await createTestApp({ DATA_DIR: dataDir });
  const db = t.database.db;
  f = await seedRoleFixture(db, "sc");
  cookies = await signInRoles(t, f);
  const project = await createProject(db, { orgUnit: f.zoneA, name: "智能装备产业园项目" });
  await assignProject(db, { user: f.users.leader, project });
  await assignProject(db, { user: f.users.cadre, project, role: "helper_cadre" });
  const categoryId = (await ensureIssueCategory(db, "要素保障")).id;
  const body = (subject: object) => ({ categoryId, title: "用电增容", description: "新厂房需要增容", ...subject });
  ids.mine = await created("enterprise", body({ enterpriseId: f.e1.id }));
  ids.project = await created("cadre", body({ projectId: project.id }));
  ids.other = await created("admin", body({ enterpriseId: f.e2.id }));
  ids.zoneB = (await createIssueRow(db, { orgUnit: f.zoneB, enterprise: f.e3, status: "received" })).id;
  const route = async (id: string, leadDepartmentId: string) =>
    expect((await post("admin", `/api/issues/${id}/route`, { leadDepartmentId })).statusCode).toBe(200);
  await route(ids.mine, f.dept.id);
  await route(ids.project, f.otherDept.id);
  await route(ids.other, f.otherDept.id);
  for (const key of ["mine", "project", "other"] as const) attachments[key] = await attach(ids[key]);
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Which of the fixture's issues a surface shows, by key. */
const keysOf = (list: readonly string[]) =>
  (Object.keys(ids) as (keyof typeof ids)[]).filter((k) => ids[k] !== "" && list.includes(ids[k])).sort();

const expected: Record<"cadre" | "leader" | "department" | "enterprise", (keyof typeof ids)[]> = {
  cadre: ["mine", "project"],
  leader: ["mine", "project"],
  department: ["mine"],
  enterprise: ["mine"],
};

describe("issue scopes on every surface", () => {
  for (const role of ["cadre", "leader", "department", "enterprise"] as const) {
    it(`${role}: the list, the detail, attachments and the routing slip show only its issues`, async () => {
      const list = (await get(role, "/api/issues?pageSize=200")).json() as IssuePage;
      expect(keysOf(list.data.map((i) => i.id))).toEqual(expected[role]);
      for (const key of ["mine", "project", "other", "zoneB"] as const) {
        const visible = expected[role].includes(key);
        const status = visible ? 200 : 404;
        expect((await get(role, `/api/issues/${ids[key]}`)).statusCode, `${role} detail ${key}`).toBe(status);
        const attachment = attachments[key] ?? attachments.mine;
        expect(
          (await get(role, `/api/issues/${ids[key]}/attachments/${attachment}`)).statusCode,
          `${role} attachment ${key}`,
        ).toBe(status);
        expect((await get(role, `/api/issues/${ids[key]}/routing-slip.docx`)).statusCode, `${role} slip ${key}`).toBe(
          status,
        );
      }
    });
  }

  it("leader: the export and the statistics count only the issues of his enterprises and projects", async () => {
    const exported = await get("leader", "/api/issues/export");
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer); // ExcelJS accepts a Node Buffer here
    const serials: string[] = [];
    workbook.worksheets[0]?.eachRow((row, n) => {
      if (n > 2) serials.push(String(row.getCell(2).value));
    });
    const admin = (await get("admin", "/api/issues?pageSize=200")).json() as IssuePage;
    const serialOf = new Map(admin.data.map((i) => [i.id, i.serialNo]));
    expect(serials.sort()).toEqual([serialOf.get(ids.mine), serialOf.get(ids.project)].sort());
    const stats = (await get("leader", "/api/issues/stats?groupBy=department")).json() as IssueStats;
    expect(stats.total.collected).toBe(2);
    const adminStats = (await get("admin", "/api/issues/stats?groupBy=department")).json() as IssueStats;
    expect(adminStats.total.collected).toBe(3);
  });

  it("cadre, department and enterprise: no export and no statistics", async () => {
    for (const role of ["cadre", "department", "enterprise"] as const) {
      expect((await get(role, "/api/issues/export")).statusCode, role).toBe(403);
      expect((await get(role, "/api/issues/stats")).statusCode, role).toBe(403);
    }
  });

  it("every issue a user's inbox links to opens for that user", async () => {
    for (const role of ["admin", "cadre", "leader", "department", "enterprise"] as const) {
      const inbox = (await get(role, "/api/notifications?pageSize=100")).json() as NotificationPage;
      for (const n of inbox.data) {
        if (!n.issueId) continue;
        expect(n.link).toBe(`/issues/${n.issueId}`);
        const opened = await get(role, `/api/issues/${n.issueId}`);
        expect(opened.statusCode, `${role}: ${n.title}`).toBe(200);
        expect((opened.json() as IssueDetail).id).toBe(n.issueId);
      }
    }
    const deptInbox = (await get("department", "/api/notifications?pageSize=100")).json() as NotificationPage;
    expect(deptInbox.data.map((n) => n.issueId)).toEqual([ids.mine]);
  });
});
