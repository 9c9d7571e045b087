import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  assignProject,
  createEnterprise,
  createIssueRow,
  createOrgUnit,
  createProject,
  createUser,
} from "../../../test/factories.js";
import { todayInBeijing } from "../../lib/format.js";
import { updateProjectStage } from "./projects.queries.js";
import { projectEvents, projectStageDates } from "./projects.table.js";

let t: TestApp;
let admin: string;
let leader: string;
let cadre: string;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区", kind: "zone" });
  const park = await createOrgUnit(db, { parent: zone, name: "A园", kind: "park" });
  const otherZone = await createOrgUnit(db, { parent: city, name: "高新区", kind: "zone" });
  const enterprise = await createEnterprise(db, { orgUnit: park, name: "许昌远航新材料有限公司" });
  const adminUser = await createUser(db, { role: "admin", orgUnit: zone, username: "p_admin", displayName: "管理员" });
  const leaderUser = await createUser(db, {
    role: "leader",
    orgUnit: zone,
    username: "p_leader",
    displayName: "周领导",
  });
  const cadreUser = await createUser(db, { role: "cadre", orgUnit: zone, username: "p_cadre", displayName: "吴干部" });
  const outsider = await createUser(db, { role: "leader", orgUnit: otherZone, username: "p_outsider" });
  return { city, zone, park, otherZone, enterprise, adminUser, leaderUser, cadreUser, outsider };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("p_admin");
  leader = await t.signIn("p_leader");
  cadre = await t.signIn("p_cadre");
});
afterAll(() => t.close());

const send = (method: "POST" | "PATCH" | "PUT", url: string, payload: object, cookie = admin) =>
  t.app.inject({ method, url, headers: { cookie }, payload });
const get = (url: string, cookie = admin) => t.app.inject({ method: "GET", url, headers: { cookie } });

const today = todayInBeijing();
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

function input(overrides: Record<string, unknown> = {}) {
  return {
    orgUnitId: f.park.id,
    name: `新能源电池项目${Math.random().toString(36).slice(2, 7)}`,
    investorName: "江苏某新能源集团",
    industryCode: "C3841",
    industryChain: "新能源电池",
    level: "city",
    batch: "starting",
    campaignRound: "2026年第三期",
    projectType: "new",
    totalInvestment: "500000000.00",
    location: "经三路东",
    signedOn: daysAgo(100),
    plannedDates: { landed: daysAgo(80), started: daysAgo(10) },
    ...overrides,
  };
}

async function createdProject(overrides: Record<string, unknown> = {}) {
  const response = await send("POST", "/api/projects", input(overrides));
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { id: string; version: number; name: string; stage: string };
}

describe("key projects", () => {
  it("creates a project with a new investor, its signing date and planned dates, and history", async () => {
    const p = await createdProject({ name: "远航新能源电池项目" });
    const detail = (await get(`/api/projects/${p.id}`)).json();
    expect(detail).toMatchObject({
      name: "远航新能源电池项目",
      investorName: "江苏某新能源集团",
      enterpriseId: null,
      industryCode: "3841",
      level: "city",
      stage: "signed",
      totalInvestment: "500000000.00",
      isBehindSchedule: true,
      issueCounts: { total: 0, open: 0, overdue: 0 },
    });
    expect(detail.stageDates).toEqual([
      { stage: "signed", plannedOn: null, actualOn: daysAgo(100), isBehind: false },
      { stage: "landed", plannedOn: daysAgo(80), actualOn: null, isBehind: true },
      { stage: "started", plannedOn: daysAgo(10), actualOn: null, isBehind: true },
      { stage: "in_production", plannedOn: null, actualOn: null, isBehind: false },
      { stage: "reached_output", plannedOn: null, actualOn: null, isBehind: false },
    ]);
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toMatchObject({ action: "created", actionLabel: "新建项目", toStage: "signed" });
    expect(detail.procedures.map((x: { name: string }) => x.name)).toEqual([
      "立项备案",
      "用地预审与选址",
      "土地出让/划拨",
      "规划许可",
      "环评",
      "能评",
      "施工许可",
      "竣工验收",
    ]);
  });

  it("links the investing enterprise from the register and refuses a bad industry code, naming the field", async () => {
    const p = await createdProject({ enterpriseId: f.enterprise.id, investorName: null });
    expect((await get(`/api/projects/${p.id}`)).json()).toMatchObject({
      enterpriseId: f.enterprise.id,
      enterpriseName: "许昌远航新材料有限公司",
      investorName: "许昌远航新材料有限公司",
    });
    const bad = await send("POST", "/api/projects", input({ industryCode: "Z9999" }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toBe("industryCode");
    const noInvestor = await send("POST", "/api/projects", input({ investorName: null }));
    expect(noInvestor.statusCode).toBe(400);
    expect(JSON.stringify(noInvestor.json().details)).toContain("请选择投资主体企业或填写投资主体名称");
  });

  it("edits with the version read, refuses a stale version, and records the change in history and audit", async () => {
    const p = await createdProject();
    const detail = (await get(`/api/projects/${p.id}`)).json();
    const edit = { ...input({ name: p.name, totalInvestment: "600000000.00" }), version: detail.version };
    delete (edit as Record<string, unknown>).signedOn;
    delete (edit as Record<string, unknown>).plannedDates;
    const ok = await send("PATCH", `/api/projects/${p.id}`, edit);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().totalInvestment).toBe("600000000.00");
    const stale = await send("PATCH", `/api/projects/${p.id}`, edit);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    const events = ok.json().events as { action: string; data: { before: object; after: object } }[];
    expect(events[0]).toMatchObject({
      action: "updated",
      data: { before: { totalInvestment: "500000000.00" }, after: { totalInvestment: "600000000.00" } },
    });
    const audit = await get(`/api/audit?entityId=${p.id}&action=project.update`);
    expect(audit.json().data[0]).toMatchObject({
      before: { totalInvestment: "500000000.00" },
      after: { totalInvestment: "600000000.00" },
    });
  });

  it("archives and restores a project; an archived one leaves the default list", async () => {
    const p = await createdProject({ name: "待归档项目" });
    const archived = await send("POST", `/api/projects/${p.id}/archive`, { version: p.version });
    expect(archived.json().status).toBe("archived");
    const list = (await get(`/api/projects?q=${encodeURIComponent("待归档")}`)).json();
    expect(list.total).toBe(0);
    const all = (await get(`/api/projects?q=${encodeURIComponent("待归档")}&status=all`)).json();
    expect(all.total).toBe(1);
    const restored = await send("POST", `/api/projects/${p.id}/restore`, { version: archived.json().version });
    expect(restored.json().status).toBe("active");
  });

  it("filters the list by level, batch, stage, leader and text", async () => {
    const p = await createdProject({ name: "省重点筛选项目", level: "province", batch: "production" });
    await assignProject(t.database.db, { user: f.leaderUser, project: { id: p.id, orgUnitId: f.park.id } });
    const byLevel = (await get("/api/projects?level=province&batch=production")).json();
    expect(byLevel.data.map((x: { name: string }) => x.name)).toEqual(["省重点筛选项目"]);
    const byLeader = (await get(`/api/projects?leaderId=${f.leaderUser.id}&q=${encodeURIComponent("筛选")}`)).json();
    expect(byLeader.total).toBe(1);
    expect(byLeader.data[0].liaisons[0]).toMatchObject({ displayName: "周领导", role: "lead_leader" });
    const byStage = (await get("/api/projects?stage=reached_output")).json();
    expect(byStage.total).toBe(0);
  });
});

describe("stages", () => {
  it("advances one stage with its actual date and keeps each change in history", async () => {
    const p = await createdProject();
    const landed = await send("POST", `/api/projects/${p.id}/stage`, { toStage: "landed", actualOn: daysAgo(50) });
    expect(landed.statusCode, landed.body).toBe(200);
    expect(landed.json().stage).toBe("landed");
    const started = await send("POST", `/api/projects/${p.id}/stage`, {
      toStage: "started",
      actualOn: daysAgo(5),
      note: "主体开工",
    });
    expect(started.json().stage).toBe("started");
    const events = started.json().events as { action: string; fromStage: string; toStage: string; note: string }[];
    expect(events.slice(0, 2).map((e) => [e.action, e.fromStage, e.toStage])).toEqual([
      ["stage_advanced", "landed", "started"],
      ["stage_advanced", "signed", "landed"],
    ]);
    expect(started.json().stageDates.find((d: { stage: string }) => d.stage === "started").actualOn).toBe(daysAgo(5));
    expect(started.json().isBehindSchedule).toBe(false);
  });

  it("refuses skipping a stage without the skipped stage's date, and allows it with the date", async () => {
    const p = await createdProject();
    const refused = await send("POST", `/api/projects/${p.id}/stage`, { toStage: "started", actualOn: daysAgo(5) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: "VALIDATION_FAILED",
      message: "从“签约”直接推进到“开工”须填写跳过阶段（落地）的实际日期",
      details: { issues: [{ path: "skippedStageDates.landed", message: "请填写落地的实际日期" }] },
    });
    const outOfOrder = await send("POST", `/api/projects/${p.id}/stage`, {
      toStage: "started",
      actualOn: daysAgo(20),
      skippedStageDates: { landed: daysAgo(10) },
    });
    expect(outOfOrder.statusCode).toBe(400);
    expect(outOfOrder.json().details.issues[0].path).toBe("actualOn");
    const beforeSigning = await send("POST", `/api/projects/${p.id}/stage`, {
      toStage: "started",
      actualOn: daysAgo(5),
      skippedStageDates: { landed: daysAgo(200) },
    });
    expect(beforeSigning.json().message).toContain("不能早于签约的日期");
    const future = await send("POST", `/api/projects/${p.id}/stage`, { toStage: "landed", actualOn: "2099-01-01" });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toContain("不能晚于今天");
    const allowed = await send("POST", `/api/projects/${p.id}/stage`, {
      toStage: "started",
      actualOn: daysAgo(5),
      skippedStageDates: { landed: daysAgo(30) },
    });
    expect(allowed.statusCode, allowed.body).toBe(200);
    const dates = allowed.json().stageDates as { stage: string; actualOn: string | null }[];
    expect(dates.map((d) => d.actualOn)).toEqual([daysAgo(100), daysAgo(30), daysAgo(5), null, null]);
  });

  it("lets only an admin move a stage backward, with a note, clearing the undone stages' dates", async () => {
    const p = await createdProject();
    await assignProject(t.database.db, { user: f.leaderUser, project: { id: p.id, orgUnitId: f.park.id } });
    await send("POST", `/api/projects/${p.id}/stage`, { toStage: "landed", actualOn: daysAgo(40) }, leader);
    const byLeader = await send(
      "POST",
      `/api/projects/${p.id}/stage`,
      { toStage: "signed", actualOn: daysAgo(100), note: "误报" },
      leader,
    );
    expect(byLeader.statusCode).toBe(403);
    const noNote = await send("POST", `/api/projects/${p.id}/stage`, { toStage: "signed", actualOn: daysAgo(100) });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().details.issues[0].path).toBe("note");
    const corrected = await send("POST", `/api/projects/${p.id}/stage`, {
      toStage: "signed",
      actualOn: daysAgo(100),
      note: "落地信息误报，更正",
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().stage).toBe("signed");
    expect(corrected.json().stageDates[1].actualOn).toBeNull();
    expect(corrected.json().events[0]).toMatchObject({
      action: "stage_corrected",
      fromStage: "landed",
      toStage: "signed",
      note: "落地信息误报，更正",
    });
    const same = await send("POST", `/api/projects/${p.id}/stage`, { toStage: "signed", actualOn: daysAgo(100) });
    expect(same.statusCode).toBe(409);
  });

  it("lets only one of two concurrent advances from the same stage pass", async () => {
    const p = await createdProject();
    const [a, b] = await Promise.all([
      send("POST", `/api/projects/${p.id}/stage`, { toStage: "landed", actualOn: daysAgo(30) }),
      send("POST", `/api/projects/${p.id}/stage`, { toStage: "landed", actualOn: daysAgo(20) }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const events = await t.database.db.select().from(projectEvents).where(eq(projectEvents.projectId, p.id));
    expect(events.filter((e) => e.action === "stage_advanced")).toHaveLength(1);
    const [landed] = await t.database.db
      .select()
      .from(projectStageDates)
      .where(eq(projectStageDates.projectId, p.id))
      .then((rows) => rows.filter((r) => r.stage === "landed"));
    const winner = a.statusCode === 200 ? daysAgo(30) : daysAgo(20);
    expect(landed?.actualOn).toBe(winner);
  });

  it("sets planned dates in stage order (admin)", async () => {
    // After the project's planned 开工 (10 days ago), whatever today is.
    const inProduction = daysAgo(-200);
    const p = await createdProject();
    const ok = await send("PUT", `/api/projects/${p.id}/stage-dates`, {
      in_production: { plannedOn: inProduction },
      reached_output: { plannedOn: daysAgo(-565) },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().stageDates[3].plannedOn).toBe(inProduction);
    const bad = await send("PUT", `/api/projects/${p.id}/stage-dates`, { reached_output: { plannedOn: daysAgo(-20) } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toBe("reached_output.plannedOn");
  });
});

describe("stage and planned-date guards", () => {
  it("refuses a backward correction dated before the earlier stage's actual date", async () => {
    const p = await createdProject({ signedOn: daysAgo(100) });
    await send("POST", `/api/projects/${p.id}/stage`, { toStage: "landed", actualOn: daysAgo(60) });
    await send("POST", `/api/projects/${p.id}/stage`, { toStage: "started", actualOn: daysAgo(30) });
    const tooEarly = await send("POST", `/api/projects/${p.id}/stage`, {
      toStage: "landed",
      actualOn: daysAgo(101),
      note: "更正落地日期",
    });
    expect(tooEarly.statusCode).toBe(400);
    expect(tooEarly.json().details.issues[0]).toMatchObject({ path: "actualOn" });
    expect(tooEarly.json().message).toContain(daysAgo(100));
    const ok = await send("POST", `/api/projects/${p.id}/stage`, {
      toStage: "landed",
      actualOn: daysAgo(100),
      note: "更正落地日期",
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(
      ok
        .json()
        .stageDates.slice(0, 3)
        .map((d: { actualOn: string | null }) => d.actualOn),
    ).toEqual([daysAgo(100), daysAgo(100), null]);
  });

  it("moves the stage of a row only while it is active and still at the stage read", async () => {
    const db = t.database.db;
    const archived = await createProject(db, {
      orgUnit: f.park,
      status: "archived",
      dates: { signed: { actual: daysAgo(50) } },
    });
    expect(await updateProjectStage(db, archived.id, "signed", "landed")).toEqual([]);
    const moved = await createProject(db, { orgUnit: f.park, dates: { signed: { actual: daysAgo(50) } } });
    expect(await updateProjectStage(db, moved.id, "landed", "started")).toEqual([]);
    const [row] = await updateProjectStage(db, moved.id, "signed", "landed");
    expect(row).toMatchObject({ stage: "landed", version: moved.version + 1 });
  });

  it("checks planned dates in stage order on creation, and PUT treats an explicit null as clearing the date", async () => {
    const disordered = await send(
      "POST",
      "/api/projects",
      input({ plannedDates: { landed: daysAgo(10), started: daysAgo(20) } }),
    );
    expect(disordered.statusCode).toBe(400);
    expect(disordered.json().details.issues[0].path).toBe("plannedDates.started");
    const p = await createdProject({ plannedDates: { landed: "2027-06-01", started: "2027-07-01" } });
    const cleared = await send("PUT", `/api/projects/${p.id}/stage-dates`, {
      landed: { plannedOn: null },
      started: { plannedOn: "2027-03-01" },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(
      cleared
        .json()
        .stageDates.slice(1, 3)
        .map((d: { plannedOn: string | null }) => d.plannedOn),
    ).toEqual([null, "2027-03-01"]);
    const beforeStarted = await send("PUT", `/api/projects/${p.id}/stage-dates`, {
      landed: { plannedOn: "2027-04-01" },
    });
    expect(beforeStarted.statusCode).toBe(400);
    expect(beforeStarted.json().details.issues[0].path).toBe("started.plannedOn");
  });

  it("answers 404 to an export for a unit outside the actor's scope, without naming it", async () => {
    const other = await get(`/api/projects/export?orgUnitId=${f.otherZone.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain("高新区");
    expect(other.headers["content-disposition"]).toBeUndefined();
    const own = await get(`/api/projects/export?orgUnitId=${f.park.id}`);
    expect(own.statusCode).toBe(200);
    expect(decodeURIComponent(String(own.headers["content-disposition"]))).toContain("A园重点项目推进表");
  });
});

describe("progress and procedures", () => {
  it("lets the assigned cadre record progress and procedures; another cadre gets 404", async () => {
    const p = await createdProject();
    await assignProject(t.database.db, {
      user: f.cadreUser,
      project: { id: p.id, orgUnitId: f.park.id },
      role: "helper_cadre",
    });
    const progress = await send(
      "POST",
      `/api/projects/${p.id}/progress`,
      { narrative: "厂房主体封顶，设备进场" },
      cadre,
    );
    expect(progress.statusCode, progress.body).toBe(200);
    expect(progress.json().progressNarrative).toBe("厂房主体封顶，设备进场");
    const procedures = (await get(`/api/projects/${p.id}/procedures`, cadre)).json();
    const eia = procedures.find((x: { name: string }) => x.name === "环评");
    expect(eia).toMatchObject({ status: "not_started", version: 0, agencyService: false });
    const noDate = await send(
      "PUT",
      `/api/projects/${p.id}/procedures/${eia.procedureTypeId}`,
      { status: "done" },
      cadre,
    );
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().details.issues[0].path).toBe("completedOn");
    const inverted = await send(
      "PUT",
      `/api/projects/${p.id}/procedures/${eia.procedureTypeId}`,
      { status: "done", startedOn: daysAgo(5), completedOn: daysAgo(10) },
      cadre,
    );
    expect(inverted.statusCode).toBe(400);
    const done = await send(
      "PUT",
      `/api/projects/${p.id}/procedures/${eia.procedureTypeId}`,
      { status: "done", startedOn: daysAgo(30), completedOn: daysAgo(10), agencyService: true, handler: "代办员小李" },
      cadre,
    );
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "done", completedOn: daysAgo(10), agencyService: true, version: 1 });
    const stale = await send(
      "PUT",
      `/api/projects/${p.id}/procedures/${eia.procedureTypeId}`,
      { status: "in_progress", version: 0 },
      cadre,
    );
    expect(stale.json().code).toBe("VERSION_CONFLICT");

    const other = await createdProject();
    for (const response of [
      await get(`/api/projects/${other.id}`, cadre),
      await get(`/api/projects/${other.id}/procedures`, cadre),
      await get(`/api/projects/${other.id}/issues`, cadre),
      await send("POST", `/api/projects/${other.id}/stage`, { toStage: "landed", actualOn: daysAgo(1) }, cadre),
      await send("POST", `/api/projects/${other.id}/progress`, { narrative: "越权填报" }, cadre),
      await send(
        "PUT",
        `/api/projects/${other.id}/procedures/${eia.procedureTypeId}`,
        { status: "in_progress" },
        cadre,
      ),
    ]) {
      expect(response.statusCode).toBe(404);
    }
    const list = (await get("/api/projects?pageSize=200", cadre)).json();
    expect(list.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });

  it("keeps the procedure checklist to a top-level administrator", async () => {
    await createUser(t.database.db, { role: "admin", orgUnit: f.city, username: "p_city_admin" });
    const cityAdmin = await t.signIn("p_city_admin");
    const byZoneAdmin = await send("POST", "/api/projects/procedure-types", { name: "水土保持" });
    expect(byZoneAdmin.statusCode).toBe(403);
    const created = await send("POST", "/api/projects/procedure-types", { name: "水土保持" }, cityAdmin);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ name: "水土保持", sortOrder: 90, isArchived: false });
    const dup = await send("POST", "/api/projects/procedure-types", { name: "水土保持" }, cityAdmin);
    expect(dup.statusCode).toBe(409);
    const archived = await send(
      "PATCH",
      `/api/projects/procedure-types/${created.json().id}`,
      { name: "水土保持方案", isArchived: true, version: 1 },
      cityAdmin,
    );
    expect(archived.json()).toMatchObject({ name: "水土保持方案", isArchived: true, version: 2 });
    const list = (await get("/api/projects/procedure-types")).json();
    expect(list.map((x: { name: string }) => x.name)).not.toContain("水土保持方案");
  });
});

describe("liaisons and linked issues", () => {
  it("assigns a leader to a project through /api/assignments with the same rules, and lists and ends it", async () => {
    const p = await createdProject();
    const created = await send("POST", "/api/assignments", {
      projectId: p.id,
      userId: f.leaderUser.id,
      role: "lead_leader",
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({
      projectId: p.id,
      projectName: p.name,
      enterpriseId: null,
      userDisplayName: "周领导",
    });
    const again = await send("POST", "/api/assignments", {
      projectId: p.id,
      userId: f.leaderUser.id,
      role: "lead_leader",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe("周领导已是该项目的分包领导");
    const cadreLead = await send("POST", "/api/assignments", {
      projectId: p.id,
      userId: f.cadreUser.id,
      role: "lead_leader",
    });
    expect(cadreLead.json().details.issues[0].path).toBe("role");
    const outsider = await send("POST", "/api/assignments", {
      projectId: p.id,
      userId: f.outsider.id,
      role: "lead_leader",
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().details.issues[0].path).toBe("userId");
    const both = await send("POST", "/api/assignments", {
      projectId: p.id,
      enterpriseId: f.enterprise.id,
      userId: f.leaderUser.id,
      role: "lead_leader",
    });
    expect(both.statusCode).toBe(400);

    const listed = (await get(`/api/assignments?projectId=${p.id}`)).json();
    expect(listed.total).toBe(1);
    const enterpriseList = (await get("/api/assignments?active=all&pageSize=200")).json();
    expect(enterpriseList.data.every((a: { enterpriseId: string | null }) => a.enterpriseId !== null)).toBe(true);
    expect((await get(`/api/projects/${p.id}`, leader)).statusCode).toBe(200);
    const ended = await send("POST", `/api/assignments/${created.json().id}/end`, {});
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().isActive).toBe(false);
    expect((await get(`/api/projects/${p.id}`, leader)).statusCode).toBe(404);
  });

  it("lists the ledger's issues of a project with their lead department and counts them on the detail", async () => {
    const p = await createProject(t.database.db, { orgUnit: f.park, name: "问题关联项目" });
    await createIssueRow(t.database.db, {
      orgUnit: f.park,
      project: p,
      title: "用电增容未落实",
      status: "routed",
      dueOn: daysAgo(2),
    });
    await createIssueRow(t.database.db, { orgUnit: f.park, project: p, title: "道路未通", status: "closed" });
    const list = (await get(`/api/projects/${p.id}/issues`)).json();
    expect(list.map((i: { title: string; isOverdue: boolean }) => [i.title, i.isOverdue])).toEqual([
      ["道路未通", false],
      ["用电增容未落实", true],
    ]);
    expect((await get(`/api/projects/${p.id}`)).json().issueCounts).toEqual({ total: 2, open: 1, overdue: 1 });
  });
});
