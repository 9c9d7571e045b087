import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  assign,
  assignProject,
  createDepartment,
  createEnterprise,
  createOrgUnit,
  createProject,
  createUser,
  createVisitRow,
  ensureIssueCategory,
} from "../../../test/factories.js";
import { todayInBeijing } from "../../lib/format.js";
import { addCalendarDays } from "../../lib/working-days.js";
import { liaisonAssignments } from "../assignments/assignments.table.js";
import { issues } from "../issues/issues.table.js";
import { projects } from "../projects/projects.table.js";

/*
 * An enterprise and the key projects it invests in are one subject for 无事不扰 and for the issues raised:
 * a visit to the enterprise shows recent visits to its projects and the other way round, and an issue raised
 * on a project visit concerns the investing enterprise, whose users see and rate it. A visit's issue list is
 * limited to the issues the viewer may see.
 */

let t: TestApp;
let f: Awaited<ReturnType<typeof seed>>;
const cookies: Record<string, string> = {};
const today = todayInBeijing();
const daysAgo = (n: number) => addCalendarDays(today, -n);

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  const investor = await createEnterprise(db, { orgUnit: zone, name: "许昌森源电气有限公司" });
  const project = await createProject(db, { orgUnit: zone, name: "智能电网装备产业园项目" });
  await db.update(projects).set({ enterpriseId: investor.id }).where(eq(projects.id, project.id));
  const orphan = await createProject(db, { orgUnit: zone, name: "待注册企业的招商项目" });
  const unassigned = await createEnterprise(db, { orgUnit: zone, name: "未包联企业有限公司" });
  const dept = await createDepartment(db, { orgUnit: zone, name: "供电公司" });
  const leader = await createUser(db, { role: "leader", orgUnit: zone, username: "vs_leader", displayName: "赵主任" });
  const enterpriseCadre = await createUser(db, {
    role: "cadre",
    orgUnit: zone,
    username: "vs_ent_cadre",
    displayName: "钱干部",
  });
  const projectCadre = await createUser(db, {
    role: "cadre",
    orgUnit: zone,
    username: "vs_proj_cadre",
    displayName: "孙干部",
  });
  await createUser(db, { role: "admin", orgUnit: zone, username: "vs_admin" });
  await createUser(db, { role: "department", orgUnit: zone, username: "vs_dept", departmentId: dept.id });
  await createUser(db, { role: "enterprise", orgUnit: zone, username: "vs_enterprise", enterpriseId: investor.id });
  await assign(db, { user: leader, enterprise: investor, role: "lead_leader" });
  await assign(db, { user: leader, enterprise: unassigned, role: "lead_leader" });
  await assignProject(db, { user: leader, project });
  await assign(db, { user: enterpriseCadre, enterprise: investor, role: "helper_cadre" });
  await assignProject(db, { user: projectCadre, project, role: "helper_cadre" });
  await assignProject(db, { user: projectCadre, project: orphan, role: "helper_cadre" });
  const category = await ensureIssueCategory(db, "要素保障");
  return { zone, investor, project, orphan, unassigned, dept, leader, enterpriseCadre, projectCadre, category };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  for (const u of ["vs_leader", "vs_ent_cadre", "vs_proj_cadre", "vs_admin", "vs_dept", "vs_enterprise"]) {
    cookies[u] = await t.signIn(u);
  }
});
afterAll(() => t.close());

const as = (user: string) => ({
  get: (url: string) => t.app.inject({ method: "GET", url, headers: { cookie: cookies[user] ?? "" } }),
  post: (url: string, payload: object) =>
    t.app.inject({ method: "POST", url, payload, headers: { cookie: cookies[user] ?? "" } }),
});

describe("无事不扰 across an enterprise and its key projects", () => {
  it("shows, for a visit to the enterprise, recent visits to its projects, and for the project, to its investor", async () => {
    const db = t.database.db;
    await createVisitRow(db, { recordedBy: f.projectCadre, project: f.project, visitedOn: daysAgo(2) });
    await createVisitRow(db, { recordedBy: f.enterpriseCadre, enterprise: f.investor, visitedOn: daysAgo(3) });
    await createVisitRow(db, { recordedBy: f.projectCadre, project: f.orphan, visitedOn: daysAgo(1) });

    const forEnterprise = (await as("vs_leader").get(`/api/visits/recent?enterpriseId=${f.investor.id}`)).json();
    expect(forEnterprise.visits.map((v: { recordedByName: string }) => v.recordedByName)).toEqual(["孙干部", "钱干部"]);
    const forProject = (await as("vs_leader").get(`/api/visits/recent?projectId=${f.project.id}`)).json();
    expect(forProject.visits.map((v: { recordedByName: string }) => v.recordedByName)).toEqual(["孙干部", "钱干部"]);

    // The enterprise's cadre, not assigned to the project, is shown the visit to it (and not to another project).
    const forCadre = (await as("vs_ent_cadre").get(`/api/visits/recent?enterpriseId=${f.investor.id}`)).json();
    expect(forCadre.visits.map((v: { recordedByName: string }) => v.recordedByName)).toEqual(["孙干部"]);
    const cadreLog = (await as("vs_ent_cadre").get("/api/visits?pageSize=200")).json();
    expect(cadreLog.data.map((v: { projectName: string | null }) => v.projectName)).not.toContain(
      "待注册企业的招商项目",
    );

    // Recording a visit to the project answers the investor's recent visit too.
    const recorded = await as("vs_proj_cadre").post("/api/visits", {
      projectId: f.project.id,
      visitedOn: today,
      summary: "项目现场走访",
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(
      recorded
        .json()
        .recentVisitsByOthers.map((v: { recordedByName: string; visitedOn: string }) => [
          v.recordedByName,
          v.visitedOn,
        ]),
    ).toContainEqual(["钱干部", daysAgo(3)]);
  });
});

describe("无事不扰 tells of a visit without opening it", () => {
  const names = (body: { visits: { recordedByName: string }[] }) => body.visits.map((v) => v.recordedByName);
  const listed = async (user: string, query: string) =>
    ((await as(user).get(`/api/visits?pageSize=200${query}`)).json().data as { id: string }[]).map((v) => v.id);

  /** `user` is told of `visit` in the hint for `subject`, yet cannot open it nor find it in the visit list. */
  async function toldButClosed(user: string, visitId: string, subject: string, listFilter: string) {
    const hint = (await as(user).get(`/api/visits/recent?${subject}`)).json();
    const told = hint.visits.find((v: { id: string }) => v.id === visitId);
    expect((await as(user).get(`/api/visits/${visitId}`)).statusCode).toBe(404);
    expect(await listed(user, "")).not.toContain(visitId);
    expect(await listed(user, listFilter)).toEqual([]);
    return told;
  }

  it("shows the project's cadre the visit to its investor (who, when, how, what) but answers 404 on it and never lists it", async () => {
    const toInvestor = await createVisitRow(t.database.db, {
      recordedBy: f.leader,
      enterprise: f.investor,
      visitedOn: daysAgo(1),
      summary: "了解企业二期扩产用地需求",
    });
    const told = await toldButClosed(
      "vs_proj_cadre",
      toInvestor.id,
      `projectId=${f.project.id}`,
      `&enterpriseId=${f.investor.id}`,
    );
    expect(told).toEqual({
      id: toInvestor.id,
      visitedOn: daysAgo(1),
      status: "done",
      method: "on_site",
      recordedByName: "赵主任",
      unitName: "经开区",
      participantNames: ["赵主任"],
      otherParticipants: null,
      summary: "了解企业二期扩产用地需求",
      issues: [],
    });
    // The enterprise itself stays closed to him.
    expect((await as("vs_proj_cadre").get(`/api/enterprises/${f.investor.id}`)).statusCode).toBe(404);
  });

  it("shows the enterprise's cadre the visit to its key project, and the same way no further", async () => {
    const toProject = await createVisitRow(t.database.db, {
      recordedBy: f.projectCadre,
      project: f.project,
      visitedOn: daysAgo(2),
      summary: "项目主体封顶，催办施工许可",
    });
    const told = await toldButClosed(
      "vs_ent_cadre",
      toProject.id,
      `enterpriseId=${f.investor.id}`,
      `&projectId=${f.project.id}`,
    );
    expect(told).toMatchObject({ recordedByName: "孙干部", summary: "项目主体封顶，催办施工许可" });
  });

  it("leaves out visits to an archived project of the enterprise and visits recorded outside the actor's scope", async () => {
    const db = t.database.db;
    const archived = await createProject(db, { orgUnit: f.zone, name: "已归档的一期项目", status: "archived" });
    await db.update(projects).set({ enterpriseId: f.investor.id }).where(eq(projects.id, archived.id));
    const otherZone = await createOrgUnit(db, { name: "异地园区" });
    const elsewhere = await createProject(db, { orgUnit: otherZone, name: "异地分厂项目" });
    await db.update(projects).set({ enterpriseId: f.investor.id }).where(eq(projects.id, elsewhere.id));
    const stranger = await createUser(db, { role: "cadre", orgUnit: otherZone, displayName: "异地干部" });
    const archivedUser = await createUser(db, { role: "cadre", orgUnit: f.zone, displayName: "归档项目干部" });
    await createVisitRow(db, { recordedBy: archivedUser, project: archived, visitedOn: daysAgo(1) });
    await createVisitRow(db, { recordedBy: stranger, project: elsewhere, visitedOn: daysAgo(1) });
    const hint = (await as("vs_ent_cadre").get(`/api/visits/recent?enterpriseId=${f.investor.id}`)).json();
    expect(names(hint)).not.toContain("归档项目干部");
    expect(names(hint)).not.toContain("异地干部");
    // The admin of the zone: the archived project does not link either, the other zone is not his.
    const forAdmin = (await as("vs_admin").get(`/api/visits/recent?enterpriseId=${f.investor.id}`)).json();
    expect(names(forAdmin)).not.toContain("归档项目干部");
    expect(names(forAdmin)).not.toContain("异地干部");
  });

  it("tells nothing for a subject the actor may no longer see (a planned visit completed after the assignment ended)", async () => {
    const db = t.database.db;
    const enterprise = await createEnterprise(db, { orgUnit: f.zone, name: "包联到期企业有限公司" });
    const cadre = await createUser(db, { role: "cadre", orgUnit: f.zone, username: "vs_ended", displayName: "周干部" });
    const assignment = await assign(db, { user: cadre, enterprise, role: "helper_cadre" });
    cookies.vs_ended = await t.signIn("vs_ended");
    const planned = await as("vs_ended").post("/api/visits", {
      enterpriseId: enterprise.id,
      status: "planned",
      visitedOn: today,
      summary: "",
    });
    expect(planned.statusCode, planned.body).toBe(200);
    await createVisitRow(db, { recordedBy: f.leader, enterprise, visitedOn: daysAgo(1), summary: "领导走访" });
    expect(names((await as("vs_ended").get(`/api/visits/recent?enterpriseId=${enterprise.id}`)).json())).toEqual([
      "赵主任",
    ]);
    // Ending an assignment today takes effect at once.
    await db.update(liaisonAssignments).set({ endsOn: today }).where(eq(liaisonAssignments.id, assignment.id));
    const visit = planned.json().visit;
    const completed = await as("vs_ended").post(`/api/visits/${visit.id}/complete`, {
      summary: "走访完成",
      version: visit.version,
    });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().recentVisitsByOthers).toEqual([]);
    expect((await as("vs_ended").get(`/api/visits/recent?enterpriseId=${enterprise.id}`)).statusCode).toBe(404);
  });
});

/** The project's cadre records a visit to `projectId` raising one issue: the issue as answered and its stored row. */
async function issueRaisedOnVisit(projectId: string, summary: string, issue: { title: string; description: string }) {
  const recorded = await as("vs_proj_cadre").post("/api/visits", {
    projectId,
    visitedOn: today,
    summary,
    issues: [{ categoryId: f.category.id, ...issue }],
  });
  expect(recorded.statusCode, recorded.body).toBe(200);
  const [raised] = recorded.json().visit.issues;
  const [row] = await t.database.db.select().from(issues).where(eq(issues.id, raised.id));
  return { raised, row };
}

describe("issues raised on a project visit", () => {
  it("concern the project's investing enterprise: its user sees the issue and rates the answer", async () => {
    const { raised, row } = await issueRaisedOnVisit(f.project.id, "项目用电需求", {
      title: "施工用电",
      description: "项目施工临时用电需要尽快接入",
    });
    expect(row).toMatchObject({ projectId: f.project.id, enterpriseId: f.investor.id, orgUnitId: f.zone.id });

    const mine = (await as("vs_enterprise").get("/api/issues?pageSize=200")).json();
    expect(mine.data.map((i: { id: string }) => i.id)).toContain(raised.id);
    expect(
      (await as("vs_admin").post(`/api/issues/${raised.id}/route`, { leadDepartmentId: f.dept.id })).statusCode,
    ).toBe(200);
    expect((await as("vs_dept").post(`/api/issues/${raised.id}/accept`, {})).statusCode).toBe(200);
    expect((await as("vs_dept").post(`/api/issues/${raised.id}/answer`, { answer: "已接入临时用电" })).statusCode).toBe(
      200,
    );
    const seen = (await as("vs_enterprise").get(`/api/issues/${raised.id}`)).json();
    expect(seen.allowedActions).toEqual(["rate"]);
    const rated = await as("vs_enterprise").post(`/api/issues/${raised.id}/rate`, { rating: "satisfied" });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ status: "closed", rating: "satisfied" });
  });

  it("have no enterprise when the project's investor is not in the register", async () => {
    const { row } = await issueRaisedOnVisit(f.orphan.id, "招商项目对接", {
      title: "注册登记",
      description: "投资方需要协助办理公司注册",
    });
    expect(row).toMatchObject({ projectId: f.orphan.id, enterpriseId: null });
  });
});

describe("a visit's issue list", () => {
  it("shows only the issues the viewer may see: a participant not assigned to the enterprise sees none", async () => {
    const recorded = await as("vs_leader").post("/api/visits", {
      enterpriseId: f.unassigned.id,
      visitedOn: today,
      summary: "领导带队走访",
      participantIds: [f.enterpriseCadre.id],
      issues: [{ categoryId: f.category.id, title: "融资需求", description: "需要流动资金贷款500万元" }],
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const visit = recorded.json().visit;
    expect(visit.issues).toHaveLength(1);
    const byParticipant = await as("vs_ent_cadre").get(`/api/visits/${visit.id}`);
    expect(byParticipant.statusCode).toBe(200);
    expect(byParticipant.json().issues).toEqual([]);
    const list = (await as("vs_ent_cadre").get("/api/visits?pageSize=200")).json();
    expect(list.data.find((v: { id: string }) => v.id === visit.id)?.issues).toEqual([]);
    expect((await as("vs_ent_cadre").get(`/api/issues/${visit.issues[0].id}`)).statusCode).toBe(404);
    expect((await as("vs_admin").get(`/api/visits/${visit.id}`)).json().issues).toHaveLength(1);
  });
});
