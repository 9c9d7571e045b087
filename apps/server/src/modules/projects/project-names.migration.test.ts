import fs from "node:fs";
import path from "node:path";
import type { ProjectDetail, ProjectPage } from "@zonedesk/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieOf } from "../../../test/app.js";
import { createUser, testPassword } from "../../../test/factories.js";
import { createDatabaseAtMigration } from "../../../test/migrations.js";
import { buildApp } from "../../app.js";
import { loadConfig } from "../../config.js";
import type { Database } from "../../db/client.js";
import { migrationsFolder } from "../../db/migrate.js";
import { seedReferenceData } from "../../reference-data/seed-reference-data.js";
import { auditLog } from "../audit/audit.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { projectNameKey, projectNameKeySql } from "./project-name-key.js";
import { projects } from "./projects.table.js";

/*
 * Upgrading a database from 0005, when nothing stopped two active projects of a unit sharing a name: the
 * migrations make names unique by their key (full-width as half-width, no spaces) without failing the start-up.
 * The later namesakes are renamed “…（重名N）” with a history entry; the key the database keeps is the one the
 * namesake check and the imports compute.
 */

let database: Database;
let app: FastifyInstance;
let cookie: string;
const zoneId = crypto.randomUUID();
const otherZoneId = crypto.randomUUID();

/** A project row as the code of 0005 could write it (no name check), created at `createdAt`. */
async function insertOldProject(p: { orgUnitId: string; name: string; createdAt: string; status?: string }) {
  const id = crypto.randomUUID();
  await database.db.execute(sql`insert into projects (id, org_unit_id, name, investor_name, level, batch, project_type,
    total_investment, status, created_at, updated_at)
    values (${id}, ${p.orgUnitId}, ${p.name}, '某投资方', 'county', 'signing', 'new', '100000000.00',
      ${p.status ?? "active"}, ${p.createdAt}, ${p.createdAt})`);
  return id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  const at5 = await createDatabaseAtMigration(5);
  database = at5.database;
  const cityId = crypto.randomUUID();
  await database.db.execute(sql`insert into org_units (id, parent_id, name, kind, path) values
    (${cityId}, null, '许昌市', 'city', ${`/${cityId}/`}),
    (${zoneId}, ${cityId}, '经开区', 'zone', ${`/${cityId}/${zoneId}/`}),
    (${otherZoneId}, ${cityId}, '高新区', 'zone', ${`/${cityId}/${otherZoneId}/`})`);
  // 经开区: one name three times (once with a space), one written in full-width and half-width letters, a project
  // already called what the rename would pick, and an archived namesake; 高新区 uses the name too.
  ids.first = await insertOldProject({ orgUnitId: zoneId, name: "甲项目", createdAt: "2025-01-01T08:00:00Z" });
  ids.second = await insertOldProject({ orgUnitId: zoneId, name: "甲项目", createdAt: "2025-02-01T08:00:00Z" });
  ids.spaced = await insertOldProject({ orgUnitId: zoneId, name: "甲 项目", createdAt: "2025-03-01T08:00:00Z" });
  ids.archived = await insertOldProject({
    orgUnitId: zoneId,
    name: "甲项目",
    createdAt: "2024-01-01T08:00:00Z",
    status: "archived",
  });
  ids.half = await insertOldProject({ orgUnitId: zoneId, name: "ABC产业园", createdAt: "2025-01-01T08:00:00Z" });
  ids.full = await insertOldProject({ orgUnitId: zoneId, name: "ＡＢＣ产业园", createdAt: "2025-04-01T08:00:00Z" });
  ids.taken = await insertOldProject({ orgUnitId: zoneId, name: "乙项目（重名2）", createdAt: "2024-06-01T08:00:00Z" });
  ids.b1 = await insertOldProject({ orgUnitId: zoneId, name: "乙项目", createdAt: "2025-01-01T08:00:00Z" });
  ids.b2 = await insertOldProject({ orgUnitId: zoneId, name: "乙项目", createdAt: "2025-05-01T08:00:00Z" });
  ids.other = await insertOldProject({ orgUnitId: otherZoneId, name: "甲项目", createdAt: "2025-06-01T08:00:00Z" });

  await at5.migrateRest();
  await seedReferenceData(database.db);
  const [city] = await database.db.select().from(orgUnits).where(eq(orgUnits.id, cityId));
  if (!city) throw new Error("no city");
  await createUser(database.db, { role: "admin", orgUnit: city, username: "mig_admin" });
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: "/tmp/zonedesk-test-unused",
    SIGN_IN_RATE_PER_MINUTE: "100000",
  });
  app = await buildApp({ config, database, logger: false });
  await app.ready();
  const signIn = await app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { username: "mig_admin", password: testPassword },
  });
  if (signIn.statusCode !== 200) throw new Error(`sign-in failed: ${signIn.body}`);
  cookie = sessionCookieOf(signIn);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function get<T>(url: string): Promise<T> {
  const response = await app.inject({ method: "GET", url, headers: { cookie } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe("upgrading a database with namesakes", () => {
  it("starts and lists every project, the later namesakes renamed “（重名N）”", async () => {
    const page = await get<ProjectPage>(`/api/projects?orgUnitId=${zoneId}&status=all&pageSize=100`);
    const nameOf = (id: string | undefined) => page.data.find((p) => p.id === id)?.name;
    expect(Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, nameOf(id)]))).toEqual({
      first: "甲项目",
      second: "甲项目（重名2）",
      spaced: "甲 项目（重名3）",
      archived: "甲项目",
      half: "ABC产业园",
      full: "ＡＢＣ产业园（重名2）",
      taken: "乙项目（重名2）",
      b1: "乙项目",
      // Its first new name was taken by an older project: renamed once more, by its id.
      b2: `乙项目（重名2）（重名-${ids.b2?.slice(0, 8)}）`,
      other: undefined,
    });
    const other = await get<ProjectPage>(`/api/projects?orgUnitId=${otherZoneId}`);
    expect(other.data.map((p) => p.name)).toEqual(["甲项目"]);
  });

  it("writes each rename to the project's history and the audit log", async () => {
    const detail = await get<ProjectDetail>(`/api/projects/${ids.spaced}`);
    expect(detail.events.map((e) => ({ label: e.actionLabel, actor: e.actorName, note: e.note }))).toEqual([
      {
        label: "重名自动改名",
        actor: "系统",
        note: "本单位另有同名的在用项目，名称由“甲 项目”改为“甲 项目（重名3）”，请核实后修改",
      },
    ]);
    expect(detail.events[0]?.data).toEqual({ from: "甲 项目", to: "甲 项目（重名3）" });
    const twice = await get<ProjectDetail>(`/api/projects/${ids.b2}`);
    expect(twice.events).toHaveLength(2);
    const untouched = await get<ProjectDetail>(`/api/projects/${ids.first}`);
    expect(untouched.events).toEqual([]);
    const audit = await database.db
      .select({ summary: auditLog.summary, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, ids.full ?? ""), eq(auditLog.action, "project.update")));
    expect(audit).toEqual([
      {
        summary: "ＡＢＣ产业园 → ＡＢＣ产业园（重名2）（重名，升级时自动改名）",
        before: { name: "ＡＢＣ产业园" },
        after: { name: "ＡＢＣ产业园（重名2）" },
      },
    ]);
  });

  it("keeps for every project the name key the namesake check computes", async () => {
    // Names a sheet or a form may hold: full-width letters, digits and punctuation, every kind of space.
    const tricky = [
      "Ｚ１２３ 项目",
      "项目\u3000二期",
      "项目\u00a0（一期）",
      "\u200b项目\t三\n期\u2003",
      "！＂＃＄％＆＇（）＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～",
      "'=公式项目",
    ];
    for (const [i, name] of tricky.entries())
      await insertOldProject({ orgUnitId: otherZoneId, name, createdAt: `2025-0${i + 1}-01T08:00:00Z` });
    const rows = await database.db.select({ name: projects.name, nameKey: projects.nameKey }).from(projects);
    expect(rows.length).toBeGreaterThan(tricky.length);
    for (const row of rows) expect(row.nameKey, row.name).toBe(projectNameKey(row.name));
    expect(tricky.map(projectNameKey)).toEqual([
      "Z123项目",
      "项目二期",
      "项目(一期)",
      "项目三期",
      "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
      "'=公式项目",
    ]);
  });

  it("renames in the migrations by the very key the generated column keeps", () => {
    const migrations = fs
      .readdirSync(migrationsFolder)
      .filter((f) => f.endsWith(".sql"))
      .map((f) => fs.readFileSync(path.join(migrationsFolder, f), "utf8"))
      .join("\n");
    expect(migrations).toContain(`PARTITION BY p."org_unit_id", ${projectNameKeySql('p."name"')} ORDER BY`);
    expect(migrations).toContain(`GENERATED ALWAYS AS (${projectNameKeySql('"name"')}) STORED`);
  });

  it("refuses a new project whose name differs from an active one only by spaces or full-width characters", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/projects",
      headers: { cookie },
      payload: {
        orgUnitId: zoneId,
        name: "ABC 产业园",
        investorName: "某投资方",
        level: "county",
        batch: "signing",
        projectType: "new",
        totalInvestment: "1000000.00",
      },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().details.issues).toEqual([
      {
        path: "name",
        message: "所属单位已有名为“ABC产业园”的项目（未归档），项目名称不能重复（全角半角、空格不同的视为同名）",
      },
    ]);
  });
});
