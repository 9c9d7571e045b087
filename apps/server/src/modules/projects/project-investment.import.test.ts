import type { ImportPreview } from "@zonedesk/contracts";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { testDatabaseKind } from "../../../test/db.js";
import { assignProject, createOrgUnit, createProject, createUser } from "../../../test/factories.js";
import { importEndpoint, rowsOf, xlsxOf } from "../../../test/upload.js";
import { openPostgres } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";
import type { RowOutcome } from "../imports/index.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { investmentReportImport, type ReportImportValue } from "./project-report.import.js";
import {
  projectAnnualPlans,
  projectEvents,
  projectInvestmentReportRevisions,
  projectInvestmentReports,
  projects,
} from "./projects.table.js";

let t: TestApp;
let admin: string;
let cadre: string;
let battery: Awaited<ReturnType<typeof createProject>>;
let equipment: Awaited<ReturnType<typeof createProject>>;

const header = ["项目名称", "年份", "月份", "当月完成投资（万元）", "累计完成投资（万元）", "进展情况"];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "r_admin" });
  const cadreUser = await createUser(db, { role: "cadre", orgUnit: zone, username: "r_cadre" });
  battery = await createProject(db, { orgUnit: zone, name: "新能源电池项目" });
  equipment = await createProject(db, { orgUnit: zone, name: "智能装备产业园（一期）" });
  // Two names the sheet cannot tell apart (a full-width space), in two units: one unit cannot hold them both.
  const park = await createOrgUnit(db, { parent: zone, name: "经开区一园" });
  await createProject(db, { orgUnit: zone, name: "同名项目" });
  await createProject(db, { orgUnit: park, name: "同名　项目" });
  await assignProject(db, { user: cadreUser, project: battery });
  // January of the battery project is already reported: 100万.
  await db
    .insert(projectInvestmentReports)
    .values({ projectId: battery.id, year: 2026, month: 1, completedInMonth: "1000000.00", progressText: "开工" });
  admin = await t.signIn("r_admin");
  cadre = await t.signIn("r_cadre");
});
afterAll(() => t.close());

async function actorOf(username: string): Promise<Actor> {
  const [u] = await t.database.db
    .select({ user: users, path: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(users.username, username));
  if (!u) throw new Error(`no user ${username}`);
  return {
    userId: u.user.id,
    username,
    displayName: u.user.displayName,
    role: u.user.role,
    orgUnitId: u.user.orgUnitId,
    orgUnitPath: u.path,
    departmentId: u.user.departmentId,
    enterpriseId: u.user.enterpriseId,
    ip: null,
  };
}

type Base = "reports/imports" | "plans/imports";
const endpoint = (base: Base) => importEndpoint(() => t.app, `/api/projects/${base}`, "月度投资.xlsx");
const upload = async (cookie: string, rows: (string | number | null)[][], base: Base = "reports/imports") =>
  endpoint(base).upload(cookie, await xlsxOf(rows));
const confirm = (cookie: string, id: string, base: Base = "reports/imports") => endpoint(base).confirm(cookie, id);
const reportsOf = (projectId: string) =>
  t.database.db
    .select()
    .from(projectInvestmentReports)
    .where(eq(projectInvestmentReports.projectId, projectId))
    .orderBy(asc(projectInvestmentReports.month));

describe("monthly investment report import", () => {
  it("serves a template whose header row is the import's columns", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/projects/reports/import-template",
      headers: { cookie: cadre },
    });
    expect(response.statusCode).toBe(200);
    const rows = await rowsOf(response.rawPayload);
    expect(rows[0]).toEqual(header);
  });

  it("names every bad row and changes nothing when any row is bad", async () => {
    const response = await upload(admin, [
      header,
      ["新能源电池项目", 2026, 2, 50, null, "主体施工"],
      ["不存在的项目", 2026, 2, 10, null, null],
      ["同名项目", 2026, 2, 10, null, null],
      ["新能源电池项目", 2026, 13, 10, null, null],
      ["新能源电池项目", 2026, 3, null, 120, null],
      ["新能源电池项目", 2026, 2, 60, null, null],
      ["智能装备产业园（一期）", "2026年", "3月", null, null, null],
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const preview: ImportPreview = response.json();
    expect(preview.counts).toMatchObject({ total: 7, create: 1, refused: 6 });
    const issues = preview.issues.map((i) => `${i.rowNumber} ${i.column} ${i.message}`);
    expect(issues).toEqual([
      "3 项目名称 未找到名为“不存在的项目”的项目（或不在您的管理范围内）",
      "4 项目名称 有2个名为“同名项目”的项目，无法确定是哪一个",
      "5 月份 “13”不是有效月份（1至12）",
      // 1月 100 + 2月 50 (row 2) = 150 > 120
      "6 累计完成投资（万元） 累计完成投资 120 万元低于1至2月已填报的合计 150 万元",
      "7 月份 与第2行是同一项目同一月份",
      "8 当月完成投资（万元） 当月完成投资与累计完成投资至少填一项",
    ]);
    const refused = await confirm(admin, preview.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("IMPORT_HAS_ERRORS");
    expect((await reportsOf(battery.id)).map((r) => r.month)).toEqual([1]);
    expect(await reportsOf(equipment.id)).toEqual([]);
  });

  it("previews create, correct and unchanged, then applies all of them in one go", async () => {
    const response = await upload(admin, [
      ["2026年重点项目月度投资（截至3月）"],
      header,
      ["新能源电池项目", 2026, 1, 100, null, null],
      ["新能源电池项目", 2026, 2, null, 180, "主体施工"],
      [" 智能装备产业园(一期) ", "2026年", "3月", "1,234.5", null, "设备进场"],
      ["新能源电池项目", 2026, 3, 20, 200, null],
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const preview: ImportPreview = response.json();
    expect(preview.issues).toEqual([]);
    expect(preview.counts).toMatchObject({ total: 4, create: 3, update: 0, unchanged: 1, refused: 0 });
    const result = await confirm(admin, preview.id);
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json()).toMatchObject({ created: 3, updated: 0, unchanged: 1 });
    // 累计 180 − January 100 = February 80万
    expect((await reportsOf(battery.id)).map((r) => [r.month, r.completedInMonth, r.progressText])).toEqual([
      [1, "1000000.00", "开工"],
      [2, "800000.00", "主体施工"],
      [3, "200000.00", null],
    ]);
    expect((await reportsOf(equipment.id)).map((r) => r.completedInMonth)).toEqual(["12345000.00"]);

    const correction = await upload(cadre, [header, ["新能源电池项目", 2026, 2, 90, null, null]]);
    const corrected: ImportPreview = correction.json();
    expect(corrected.counts).toMatchObject({ update: 1 });
    expect(corrected.rows[0]?.changes).toEqual(["当月完成投资 80 → 90 万元"]);
    expect((await confirm(cadre, corrected.id)).statusCode).toBe(200);
    const february = (await reportsOf(battery.id)).find((r) => r.month === 2);
    expect(february).toMatchObject({ completedInMonth: "900000.00", version: 2, progressText: "主体施工" });
    const revisions = await t.database.db.select().from(projectInvestmentReportRevisions);
    expect(revisions.map((r) => [r.completedInMonth, r.reason])).toEqual([["800000.00", "Excel导入更正"]]);
  });

  // A row lock is seen only from another connection; PGlite has a single one, so this case exists on
  // PostgreSQL only (like the two-instance case of the deadline check).
  if (testDatabaseKind === "postgres") {
    it("applies the rows holding each project's lock, like every other investment write", async () => {
      const db = t.database.db;
      const url = t.database.pool?.options.connectionString;
      if (!url) throw new Error("no PostgreSQL pool");
      const second = await openPostgres(url, 1);
      const actor = await actorOf("r_admin");
      const row = (p: typeof battery, month: number): RowOutcome<ReportImportValue> => ({
        rowNumber: 2,
        action: "create",
        key: "",
        label: "",
        changes: [],
        issues: [],
        value: {
          projectId: p.id,
          orgUnitId: p.orgUnitId,
          projectName: p.name,
          year: 2025,
          month,
          completedFen: 10_000_00n,
          progressText: undefined,
          checkedVersion: null,
        },
      });
      // The report rows' foreign keys alone take only a KEY SHARE lock, which does not stop another
      // connection's FOR NO KEY UPDATE; the project lock (FOR UPDATE) does.
      const othersCanLock = (id: string) =>
        second.db
          .transaction(async (other) => {
            await other.execute(sql`select 1 from ${projects} where id = ${id} for no key update nowait`);
          })
          .then(
            () => true,
            () => false,
          );
      try {
        await expect(
          db.transaction(async (tx) => {
            await investmentReportImport.applyRows(tx, actor, [row(equipment, 1), row(battery, 1), row(equipment, 2)]);
            expect([await othersCanLock(battery.id), await othersCanLock(equipment.id)]).toEqual([false, false]);
            throw new Error("rollback");
          }),
        ).rejects.toThrow("rollback");
      } finally {
        await second.close();
      }
      expect((await reportsOf(equipment.id)).filter((r) => r.year === 2025)).toEqual([]);
    });
  }

  it("finds only the cadre's own projects", async () => {
    const response = await upload(cadre, [header, ["智能装备产业园（一期）", 2026, 4, 10, null, null]]);
    expect(response.json().issues[0].message).toContain("不在您的管理范围内");
  });
});

describe("annual plan import", () => {
  const planHeader = ["项目名称", "年份", "年度计划投资（万元）"];

  it("creates and changes plans, and refuses bad rows without applying any", async () => {
    const bad = await upload(
      admin,
      [planHeader, ["新能源电池项目", 2026, 3000], ["新能源电池项目", 1999, 10]],
      "plans/imports",
    );
    expect(bad.json().issues.map((i: { rowNumber: number; column: string }) => `${i.rowNumber} ${i.column}`)).toEqual([
      "3 年份",
    ]);
    expect((await confirm(admin, bad.json().id, "plans/imports")).statusCode).toBe(409);
    expect(await t.database.db.select().from(projectAnnualPlans)).toEqual([]);

    const good = await upload(
      admin,
      [planHeader, ["新能源电池项目", 2026, 3000], ["智能装备产业园（一期）", 2026, 800.5]],
      "plans/imports",
    );
    expect(good.json().counts).toMatchObject({ create: 2, refused: 0 });
    expect((await confirm(admin, good.json().id, "plans/imports")).statusCode).toBe(200);
    // The name as another sheet spells it (a full-width space) finds the same project.
    const again = await upload(admin, [planHeader, ["新能源\u3000电池项目", 2026, 3200]], "plans/imports");
    expect(again.json().rows[0].changes).toEqual(["年度计划投资 3000 → 3200 万元"]);
    expect((await confirm(admin, again.json().id, "plans/imports")).statusCode).toBe(200);
    const plans = await t.database.db
      .select()
      .from(projectAnnualPlans)
      .orderBy(asc(projectAnnualPlans.plannedInvestment));
    expect(plans.map((p) => [p.plannedInvestment, p.version])).toEqual([
      ["8005000.00", 1],
      ["32000000.00", 2],
    ]);
    // Imported plans keep their revisions and history like the page's.
    const revisions = await t.app.inject({
      method: "GET",
      url: `/api/projects/${battery.id}/plans/2026/revisions`,
      headers: { cookie: admin },
    });
    expect(
      revisions
        .json()
        .map((r: { previousPlannedInvestment: string | null; plannedInvestment: string; source: string }) => [
          r.previousPlannedInvestment,
          r.plannedInvestment,
          r.source,
        ]),
    ).toEqual([
      ["30000000.00", "32000000.00", "import"],
      [null, "30000000.00", "import"],
    ]);
    const events = await t.database.db.select().from(projectEvents).where(eq(projectEvents.projectId, battery.id));
    expect(events.map((e) => e.note).sort()).toEqual([
      "2026年度计划投资 3000 → 3200 万元（导入）",
      "2026年度计划投资 3000 万元（导入）",
    ]);
  });

  it("refuses the plan import and its template to the cadre (project.plan)", async () => {
    const refused = await upload(cadre, [planHeader, ["新能源电池项目", 2026, 1]], "plans/imports");
    expect(refused.statusCode).toBe(403);
    expect(refused.json().details).toEqual({ permission: "project.plan" });
    const template = await t.app.inject({
      method: "GET",
      url: "/api/projects/plans/import-template",
      headers: { cookie: cadre },
    });
    expect(template.statusCode).toBe(403);
  });
});
