import type { PlanRevision, ProjectDetail, ProjectInvestment, ReportRevision } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { assignProject, createOrgUnit, createProject, createUser } from "../../../test/factories.js";
import { auditLog } from "../audit/audit.table.js";
import { currentBeijingMonth } from "./project-periods.js";
import { projectInvestmentReportRevisions, projectInvestmentReports } from "./projects.table.js";

let t: TestApp;
let admin: string;
let cadre: string;
let other: string;
let project: Awaited<ReturnType<typeof createProject>>;
let unassigned: Awaited<ReturnType<typeof createProject>>;
const wan = (n: number) => `${n * 10_000}.00`;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "v_admin", displayName: "钱主任" });
  const cadreUser = await createUser(db, { role: "cadre", orgUnit: zone, username: "v_cadre", displayName: "王干部" });
  await createUser(db, { role: "cadre", orgUnit: zone, username: "v_other" });
  project = await createProject(db, { orgUnit: zone, name: "新能源电池项目" });
  unassigned = await createProject(db, { orgUnit: zone, name: "智能装备产业园" });
  await assignProject(db, { user: cadreUser, project, role: "helper_cadre" });
  admin = await t.signIn("v_admin");
  cadre = await t.signIn("v_cadre");
  other = await t.signIn("v_other");
});
afterAll(() => t.close());

const put = (cookie: string, url: string, payload: object) =>
  t.app.inject({ method: "PUT", url, payload, headers: { cookie } });
const investment = async (cookie: string, id: string, year = 2026): Promise<ProjectInvestment> => {
  const response = await t.app.inject({
    method: "GET",
    url: `/api/projects/${id}/investment?year=${year}`,
    headers: { cookie },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const month = (view: ProjectInvestment, m: number) => {
  const row = view.months[m - 1];
  if (!row) throw new Error(`no month ${m}`);
  return row;
};

describe("annual plans", () => {
  it("refuses a monthly plan that does not add up to the plan, and names the bad month", async () => {
    const months = Array.from({ length: 12 }, () => wan(100));
    const short = await put(admin, `/api/projects/${project.id}/plans/2026`, {
      plannedInvestment: wan(1300),
      monthlyPlan: months,
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toContain(
      "分月计划合计 12000000.00 元与年度计划投资 13000000.00 元不符（少 1000000.00 元）",
    );
    const bad = await put(admin, `/api/projects/${project.id}/plans/2026`, {
      plannedInvestment: wan(1200),
      monthlyPlan: months.map((m, i) => (i === 2 ? "一百万" : m)),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("3月计划投资");
  });

  it("sets a plan with a monthly split, and changes it only with the current version", async () => {
    const months = Array.from({ length: 12 }, (_, i) => (i < 6 ? wan(150) : wan(50)));
    const created = await put(admin, `/api/projects/${project.id}/plans/2026`, {
      plannedInvestment: wan(1200),
      monthlyPlan: months,
    });
    expect(created.statusCode, created.body).toBe(200);
    const view: ProjectInvestment = created.json();
    expect(view.plan).toMatchObject({ plannedInvestment: wan(1200), version: 1, updatedByName: "钱主任" });
    expect(month(view, 6).plannedToDate).toBe(wan(900));
    const noVersion = await put(admin, `/api/projects/${project.id}/plans/2026`, { plannedInvestment: wan(1200) });
    expect(noVersion.statusCode).toBe(409);
    // The monthly split no longer adds up to a new total: refused until both are changed.
    const mismatch = await put(admin, `/api/projects/${project.id}/plans/2026`, {
      plannedInvestment: wan(1000),
      version: 1,
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().message).toContain("已有的分月计划合计 1200 万元");
    const changed = await put(admin, `/api/projects/${project.id}/plans/2026`, {
      plannedInvestment: wan(1000),
      monthlyPlan: null,
      version: 1,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().plan).toMatchObject({ plannedInvestment: wan(1000), monthlyPlan: null, version: 2 });
    const stale = await put(admin, `/api/projects/${project.id}/plans/2026`, {
      plannedInvestment: wan(900),
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");

    // Each setting and change is kept: before, after, who, when (newest first), and in the project's history.
    const revisions = await t.app.inject({
      method: "GET",
      url: `/api/projects/${project.id}/plans/2026/revisions`,
      headers: { cookie: cadre },
    });
    expect(revisions.statusCode, revisions.body).toBe(200);
    const list: PlanRevision[] = revisions.json();
    expect(list).toEqual([
      expect.objectContaining({
        year: 2026,
        previousPlannedInvestment: wan(1200),
        plannedInvestment: wan(1000),
        previousMonthlyPlan: months,
        monthlyPlan: null,
        source: "manual",
        changedByName: "钱主任",
      }),
      expect.objectContaining({ previousPlannedInvestment: null, plannedInvestment: wan(1200), monthlyPlan: months }),
    ]);
    const detail = await t.app.inject({
      method: "GET",
      url: `/api/projects/${project.id}`,
      headers: { cookie: admin },
    });
    const events = (detail.json() as ProjectDetail).events.filter((e) => e.action.startsWith("plan_"));
    expect(events.map((e) => [e.actionLabel, e.note, e.actorName])).toEqual([
      ["修改年度计划投资", "2026年度计划投资 1200 → 1000 万元", "钱主任"],
      ["设置年度计划投资", "2026年度计划投资 1200 万元", "钱主任"],
    ]);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "project.plan_set"), eq(auditLog.entityId, project.id)));
    expect(audits).toHaveLength(2);
  });

  it("refuses the plan to the cadre who reports the project's investment (project.plan)", async () => {
    const response = await put(cadre, `/api/projects/${project.id}/plans/2026`, { plannedInvestment: wan(1) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: "FORBIDDEN", details: { permission: "project.plan" } });
    const view = await investment(cadre, project.id);
    expect(view).toMatchObject({ canReport: true, canPlan: false });
    expect((await investment(admin, project.id)).canPlan).toBe(true);
  });
});

describe("monthly reports", () => {
  const url = (m: number, id = project.id) => `/api/projects/${id}/reports/2026/${m}`;

  it("corrects a month reported twice: one current value, one revision with the first, 累计 follows", async () => {
    expect((await put(cadre, url(1), { completedInMonth: wan(50), progressText: "场地平整" })).statusCode).toBe(200);
    const first = await put(cadre, url(2), { completedInMonth: wan(100), progressText: "桩基施工" });
    expect(first.statusCode, first.body).toBe(200);
    expect(month(first.json(), 2)).toMatchObject({ completedInMonth: wan(100), completedToDate: wan(150), version: 1 });

    const second = await put(admin, url(2), { completedInMonth: wan(120), reason: "统计口径调整", version: 1 });
    expect(second.statusCode, second.body).toBe(200);
    const view: ProjectInvestment = second.json();
    // 50 + 120 = 170万; the progress text is kept when not sent
    expect(month(view, 2)).toMatchObject({
      completedInMonth: wan(120),
      completedToDate: wan(170),
      progressText: "桩基施工",
      revisionCount: 1,
      version: 2,
    });
    expect(view.completedTotal).toBe(wan(170));
    // 170 ÷ 1000 = 0.17
    expect(view.completionRate).toBe(0.17);

    const rows = await t.database.db
      .select()
      .from(projectInvestmentReports)
      .where(and(eq(projectInvestmentReports.projectId, project.id), eq(projectInvestmentReports.month, 2)));
    expect(rows).toHaveLength(1);
    const revisions = await t.app.inject({ method: "GET", url: `${url(2)}/revisions`, headers: { cookie: cadre } });
    expect(revisions.statusCode).toBe(200);
    const list: ReportRevision[] = revisions.json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      completedInMonth: wan(100),
      progressText: "桩基施工",
      reportedByName: "王干部",
      reason: "统计口径调整",
    });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "project.report_correct"));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toMatchObject({ completedInMonth: wan(100) });
  });

  it("refuses a stale or missing version for a month already reported", async () => {
    const stale = await put(cadre, url(2), { completedInMonth: wan(130), version: 1 });
    expect(stale.statusCode).toBe(409);
    const missing = await put(cadre, url(2), { completedInMonth: wan(130) });
    expect(missing.statusCode).toBe(409);
    const revisions = await t.database.db.select().from(projectInvestmentReportRevisions);
    expect(revisions).toHaveLength(1);
  });

  it("converts a 累计 into the month's amount and refuses a 累计 below the months before it", async () => {
    // 1–2月: 50 + 120 = 170万; 累计 to March 230万 → March 60万
    const ok = await put(cadre, url(3), { completedToDate: wan(230), progressText: "主体施工" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(month(ok.json(), 3)).toMatchObject({ completedInMonth: wan(60), completedToDate: wan(230) });
    const low = await put(cadre, url(4), { completedToDate: wan(200) });
    expect(low.statusCode).toBe(400);
    expect(low.json().message).toBe("累计完成投资 200 万元低于1至3月已填报的合计 230 万元");
    expect(low.json().details.issues[0].path).toBe("completedToDate");
    // Correcting January moves every later 累计: 80 + 120 + 60 = 260万
    const view = (await put(cadre, url(1), { completedInMonth: wan(80), version: 1 })).json() as ProjectInvestment;
    expect(month(view, 3).completedToDate).toBe(wan(260));
    const both = await put(cadre, url(4), { completedInMonth: wan(1), completedToDate: wan(261) });
    expect(both.statusCode).toBe(400);
  });

  it("refuses a month after the current Beijing month", async () => {
    const now = currentBeijingMonth();
    const next = now.month === 12 ? { year: now.year + 1, month: 1 } : { year: now.year, month: now.month + 1 };
    const response = await put(cadre, `/api/projects/${project.id}/reports/${next.year}/${next.month}`, {
      completedInMonth: wan(1),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("该月尚未到来");
    const current = await put(cadre, `/api/projects/${project.id}/reports/${now.year}/${now.month}`, {
      completedInMonth: wan(1),
    });
    expect(current.statusCode, current.body).toBe(200);
  });

  it("lets only one of two simultaneous first reports of a month through; the other must correct it", async () => {
    const [a, b] = await Promise.all([
      put(cadre, url(5), { completedInMonth: wan(10) }),
      put(admin, url(5), { completedInMonth: wan(20) }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const rows = await t.database.db
      .select()
      .from(projectInvestmentReports)
      .where(and(eq(projectInvestmentReports.projectId, project.id), eq(projectInvestmentReports.month, 5)));
    expect(rows).toHaveLength(1);
  });

  it("describes its endpoints in the OpenAPI document", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/projects/figures",
        "/api/projects/warnings",
        "/api/projects/{id}/investment",
        "/api/projects/{id}/plans/{year}",
        "/api/projects/{id}/reports/{year}/{month}",
        "/api/projects/{id}/reports/{year}/{month}/revisions",
        "/api/projects/reports/imports/",
      ]),
    );
  });

  it("keeps a cadre to the assigned projects: another project's report is not found", async () => {
    for (const request of [
      { method: "GET" as const, url: `/api/projects/${unassigned.id}/investment` },
      { method: "GET" as const, url: `/api/projects/${unassigned.id}/reports/2026/1/revisions` },
      { method: "PUT" as const, url: url(1, unassigned.id), payload: { completedInMonth: wan(1) } },
    ]) {
      const response = await t.app.inject({ ...request, headers: { cookie: cadre } });
      expect(response.statusCode, request.url).toBe(404);
    }
    const otherCadre = await t.app.inject({
      method: "GET",
      url: `/api/projects/${project.id}/reports/2026/2/revisions`,
      headers: { cookie: other },
    });
    expect(otherCadre.statusCode).toBe(404);
    const adminView = await investment(admin, unassigned.id);
    expect(adminView.plan).toBeNull();
    expect(adminView.completionRate).toBeNull();
  });
});
