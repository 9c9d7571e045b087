import type { ProjectDetail } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createEnterprise, createOrgUnit, createUser } from "../../../test/factories.js";
import { todayInBeijing } from "../../lib/format.js";
import { procedureTypes, projects } from "./projects.table.js";

/*
 * PATCH /api/projects/:id is a partial update (absent = unchanged, null = cleared); project names are unique
 * among a unit's active projects; an archived project refuses every edit with the same INVALID_STATE.
 */

let t: TestApp;
let admin: string;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区", kind: "zone" });
  const park = await createOrgUnit(db, { parent: zone, name: "B园", kind: "park" });
  const enterprise = await createEnterprise(db, { orgUnit: park, name: "许昌恒达精密有限公司" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "pp_admin" });
  return { zone, park, enterprise };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("pp_admin");
});
afterAll(() => t.close());

const send = (method: "POST" | "PATCH" | "PUT", url: string, payload: object) =>
  t.app.inject({ method, url, headers: { cookie: admin }, payload });

async function create(over: Record<string, unknown> = {}): Promise<ProjectDetail> {
  const response = await send("POST", "/api/projects", {
    orgUnitId: f.park.id,
    name: `精密零部件项目${Math.random().toString(36).slice(2, 7)}`,
    enterpriseId: f.enterprise.id,
    industryCode: "C3484",
    industryChain: "装备制造",
    level: "city",
    batch: "starting",
    campaignRound: "2026年第二期",
    projectType: "new",
    totalInvestment: "300000000.00",
    location: "纬二路北",
    landParcel: "2026-08号地块",
    landAreaMu: "85.50",
    constructionContent: "新建厂房3万平方米",
    ...over,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const fields = (p: ProjectDetail) => ({
  enterpriseId: p.enterpriseId,
  investorName: p.investorName,
  industryCode: p.industryCode,
  industryChain: p.industryChain,
  level: p.level,
  batch: p.batch,
  campaignRound: p.campaignRound,
  projectType: p.projectType,
  totalInvestment: p.totalInvestment,
  location: p.location,
  landParcel: p.landParcel,
  landAreaMu: p.landAreaMu,
  constructionContent: p.constructionContent,
  name: p.name,
  orgUnitId: p.orgUnitId,
});

describe("PATCH /api/projects/:id", () => {
  it("changes only the field sent and keeps the others and the enterprise link", async () => {
    const p = await create();
    const response = await send("PATCH", `/api/projects/${p.id}`, { totalInvestment: "350000000", version: p.version });
    expect(response.statusCode, response.body).toBe(200);
    const after: ProjectDetail = response.json();
    expect(fields(after)).toEqual({ ...fields(p), totalInvestment: "350000000.00" });
    expect(after.enterpriseId).toBe(f.enterprise.id);
    expect(after.investorName).toBe("许昌恒达精密有限公司");
    // History and audit name the one change.
    expect(after.events[0]).toMatchObject({
      action: "updated",
      data: { before: { totalInvestment: "300000000.00" }, after: { totalInvestment: "350000000.00" } },
    });
  });

  it("refuses an investor name alone while the enterprise stays linked, and unlinks it with enterpriseId null", async () => {
    const p = await create();
    const alone = await send("PATCH", `/api/projects/${p.id}`, { investorName: "另一投资方", version: p.version });
    expect(alone.statusCode).toBe(400);
    expect(alone.json().details.issues[0].path).toBe("investorName");
    const [kept] = await t.database.db.select().from(projects).where(eq(projects.id, p.id));
    expect(kept?.enterpriseId).toBe(f.enterprise.id);

    const unlinked = await send("PATCH", `/api/projects/${p.id}`, {
      enterpriseId: null,
      investorName: "深圳某精密集团",
      version: p.version,
    });
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json()).toMatchObject({ enterpriseId: null, investorName: "深圳某精密集团", level: "city" });
    const noInvestor = await send("PATCH", `/api/projects/${p.id}`, {
      investorName: null,
      version: unlinked.json().version,
    });
    expect(noInvestor.statusCode).toBe(400);
    expect(noInvestor.json().details.issues[0]).toMatchObject({
      path: "investorName",
      message: "请选择投资主体企业或填写投资主体名称",
    });
  });

  it("clears a field sent as null, and leaves the rest", async () => {
    const p = await create();
    const response = await send("PATCH", `/api/projects/${p.id}`, {
      location: null,
      landAreaMu: null,
      campaignRound: null,
      version: p.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(fields(response.json())).toEqual({ ...fields(p), location: null, landAreaMu: null, campaignRound: null });
  });
});

describe("project names", () => {
  it("refuses a second active project of the same name in a unit, on create, rename and restore", async () => {
    const a = await create({ name: "同园同名项目" });
    const twin = await send("POST", "/api/projects", {
      orgUnitId: f.park.id,
      name: " 同园同名项目 ",
      investorName: "某投资方",
      level: "county",
      batch: "signing",
      projectType: "new",
      totalInvestment: "1000000.00",
    });
    expect(twin.statusCode).toBe(400);
    const taken = {
      path: "name",
      message: "所属单位已有名为“同园同名项目”的项目（未归档），项目名称不能重复（全角半角、空格不同的视为同名）",
    };
    expect(twin.json().details.issues).toEqual([taken]);
    // Another unit may use the name.
    expect((await create({ name: "同园同名项目", orgUnitId: f.zone.id })).name).toBe("同园同名项目");
    const b = await create({ name: "另一个项目" });
    const rename = await send("PATCH", `/api/projects/${b.id}`, { name: "同园同名项目", version: b.version });
    expect(rename.statusCode).toBe(400);
    expect(rename.json().details.issues[0].path).toBe("name");
    // The same name with a space or a full-width space is the same name (the imports could not tell them apart).
    for (const name of ["同园 同名项目", "同园同名\u3000项目"]) {
      const spaced = await send("PATCH", `/api/projects/${b.id}`, { name, version: b.version });
      expect(spaced.statusCode, name).toBe(400);
      expect(spaced.json().details.issues).toEqual([taken]);
    }

    // Archived, the name is free again; the archived one cannot come back while the new one is active.
    const archived = await send("POST", `/api/projects/${a.id}/archive`, { version: a.version });
    expect(archived.statusCode).toBe(200);
    const renamed = await send("PATCH", `/api/projects/${b.id}`, { name: "同园同名项目", version: b.version });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const restore = await send("POST", `/api/projects/${a.id}/restore`, { version: archived.json().version });
    expect(restore.statusCode).toBe(400);
    expect(restore.json().details.issues[0].path).toBe("name");
  });
});

describe("archived projects", () => {
  it("refuse edits of facts, planned dates, procedures, narrative and stage with the same INVALID_STATE", async () => {
    const p = await create();
    const archived = (await send("POST", `/api/projects/${p.id}/archive`, { version: p.version })).json();
    const [type] = await t.database.db.select().from(procedureTypes).where(eq(procedureTypes.name, "环评"));
    const today = todayInBeijing();
    const attempts = [
      send("PATCH", `/api/projects/${p.id}`, { location: "新地点", version: archived.version }),
      send("PUT", `/api/projects/${p.id}/stage-dates`, { landed: { plannedOn: "2030-01-01" } }),
      send("PUT", `/api/projects/${p.id}/procedures/${type?.id}`, { status: "in_progress", startedOn: today }),
      send("POST", `/api/projects/${p.id}/progress`, { narrative: "设备进场" }),
      send("POST", `/api/projects/${p.id}/stage`, { toStage: "landed", actualOn: today }),
      send("PUT", `/api/projects/${p.id}/plans/2026`, { plannedInvestment: "1.00" }),
      send("PUT", `/api/projects/${p.id}/reports/2026/1`, { completedInMonth: "1.00" }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().code).toBe("INVALID_STATE");
      expect(response.json().message).toMatch(/^该项目已归档，不能.+（请先恢复项目）$/);
    }
    const [row] = await t.database.db.select().from(projects).where(eq(projects.id, p.id));
    expect(row).toMatchObject({
      location: "纬二路北",
      progressNarrative: null,
      stage: "signed",
      version: archived.version,
    });
  });
});
