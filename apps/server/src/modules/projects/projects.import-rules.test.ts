import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { assignProject, createOrgUnit, createProject, createUser } from "../../../test/factories.js";
import { importEndpoint, rowOf, xlsxOf } from "../../../test/upload.js";
import { liaisonAssignments } from "../assignments/assignments.table.js";
import { auditLog } from "../audit/audit.table.js";
import { importJobs } from "../imports/imports.table.js";
import { projectEvents, projects } from "./projects.table.js";

/*
 * The project import and the unique name of a unit's active projects: a namesake row in the file is a row error
 * on 项目名称, an archived namesake is left alone (a new project is created), campaign round and land area come in
 * like the other columns, and an import whose last row fails while applying leaves the project it updated and its
 * new liaison assignment as they were.
 */

let t: TestApp;
let admin: string;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "示范区", kind: "zone" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "ir_admin" });
  const leader = await createUser(db, { role: "leader", orgUnit: zone, username: "ir_leader", displayName: "冯领导" });
  const other = await createUser(db, { role: "leader", orgUnit: zone, username: "ir_other", displayName: "褚领导" });
  return { zone, leader, other };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("ir_admin");
});
afterAll(() => t.close());

const header = [
  "项目名称",
  "投资主体",
  "所属单位",
  "项目级别",
  "批次",
  "批次期数",
  "类型",
  "总投资（万元）",
  "用地面积（亩）",
  "签约实际日期",
  "分包领导",
];
const sheetRow = (name: string, extra: Partial<Record<(typeof header)[number], string | number | null>> = {}) =>
  rowOf(header, {
    项目名称: name,
    投资主体: "某投资方",
    所属单位: "示范区",
    项目级别: "县重点",
    批次: "签约一批",
    类型: "新建",
    "总投资（万元）": 5000,
    签约实际日期: "2026-02-01",
    ...extra,
  });

const projectImport = importEndpoint(() => t.app, "/api/projects/imports", "重点项目.xlsx");
async function upload(rows: (string | number | null)[][]) {
  const response = await projectImport.upload(admin, await xlsxOf(rows));
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const confirm = (id: string) => projectImport.confirm(admin, id);

describe("project import rules", () => {
  it("names a namesake row of the same unit as a row error on 项目名称 and imports nothing", async () => {
    // The namesake spelled with a full-width space is the same name.
    const preview = await upload([
      header,
      sheetRow("重名导入项目"),
      sheetRow("别的项目"),
      sheetRow("重名导入\u3000项目"),
    ]);
    expect(preview.counts).toMatchObject({ create: 2, refused: 1 });
    expect(preview.issues).toEqual([
      {
        rowNumber: 4,
        column: "项目名称",
        message: "与第2行是同一单位的同名项目（同一单位未归档的项目不能重名）",
      },
    ]);
    expect((await confirm(preview.id)).json().code).toBe("IMPORT_HAS_ERRORS");
    const [n] = await t.database.db.select({ n: count() }).from(projects).where(eq(projects.name, "重名导入项目"));
    expect(n?.n).toBe(0);
  });

  it("updates the active project whose name differs only by spaces or full-width characters, keeping its name", async () => {
    const existing = await createProject(db(), { orgUnit: f.zone, name: "ABC智能装备项目", totalInvestment: "1.00" });
    const preview = await upload([header, sheetRow("ＡＢＣ 智能装备项目", { "总投资（万元）": 6000 })]);
    expect(preview.counts).toMatchObject({ create: 0, update: 1, refused: 0 });
    expect((await confirm(preview.id)).statusCode).toBe(200);
    const rows = await db()
      .select({ id: projects.id, name: projects.name, total: projects.totalInvestment })
      .from(projects)
      .where(eq(projects.orgUnitId, f.zone.id));
    expect(rows.filter((r) => r.name.includes("智能装备"))).toEqual([
      { id: existing.id, name: "ABC智能装备项目", total: "60000000.00" },
    ]);
  });

  it("creates a new project beside an archived namesake, with campaign round and land area", async () => {
    const old = await createProject(db(), { orgUnit: f.zone, name: "归档同名项目", status: "archived" });
    const preview = await upload([
      header,
      sheetRow("归档同名项目", { 批次期数: "2026年第三期", "用地面积（亩）": "66.5亩" }),
    ]);
    expect(preview.counts).toMatchObject({ create: 1, update: 0, refused: 0 });
    expect((await confirm(preview.id)).statusCode).toBe(200);
    const rows = await db().select().from(projects).where(eq(projects.name, "归档同名项目"));
    expect(rows.map((r) => [r.id === old.id, r.status, r.campaignRound, r.landAreaMu]).sort()).toEqual([
      [false, "active", "2026年第三期", "66.50"],
      [true, "archived", null, null],
    ]);
    // A bad land area is a row error naming its column.
    const bad = await upload([header, sheetRow("面积有误项目", { "用地面积（亩）": "约五十亩" })]);
    expect(bad.issues).toEqual([
      expect.objectContaining({ rowNumber: 2, column: "用地面积（亩）", message: expect.stringContaining("约五十亩") }),
    ]);
  });

  it("rolls back an import that updated a project and assigned its leader when a later row fails to apply", async () => {
    const existing = await createProject(db(), {
      orgUnit: f.zone,
      name: "回滚测试项目",
      totalInvestment: "30000000.00",
      dates: { signed: { actual: "2026-02-01" } },
    });
    await assignProject(db(), { user: f.other, project: existing, role: "lead_leader" });
    // The row after the update fails inside the database while the import is applied (after every check passed).
    await db().execute(sql`create or replace function zd_test_refuse_project() returns trigger as $$
      begin
        if new.name = '写入时失败项目' then raise exception 'refused by the test trigger'; end if;
        return new;
      end $$ language plpgsql`);
    await db().execute(sql`create trigger zd_test_refuse_project before insert on projects
      for each row execute function zd_test_refuse_project()`);
    const auditsBefore = (await db().select({ n: count() }).from(auditLog))[0]?.n;
    const preview = await upload([
      header,
      sheetRow("回滚测试项目", { "总投资（万元）": 8000, 批次期数: "2026年第四期", 分包领导: "冯领导" }),
      sheetRow("写入时失败项目"),
    ]);
    expect(preview.counts).toMatchObject({ update: 1, create: 1, refused: 0 });
    expect(preview.rows[0].changes).toEqual(expect.arrayContaining(["总投资（万元）", "批次期数", "分包领导"]));
    const failed = await confirm(preview.id);
    expect(failed.statusCode).toBe(500);

    const [after] = await db().select().from(projects).where(eq(projects.id, existing.id));
    expect(after).toMatchObject({
      totalInvestment: "30000000.00",
      campaignRound: null,
      version: existing.version,
    });
    const leaders = await db()
      .select({ userId: liaisonAssignments.userId })
      .from(liaisonAssignments)
      .where(and(eq(liaisonAssignments.projectId, existing.id), eq(liaisonAssignments.role, "lead_leader")));
    expect(leaders).toEqual([{ userId: f.other.id }]);
    const events = await db().select().from(projectEvents).where(eq(projectEvents.projectId, existing.id));
    expect(events).toEqual([]);
    expect((await db().select({ n: count() }).from(auditLog))[0]?.n).toBe(auditsBefore);
    const [job] = await db().select().from(importJobs).where(eq(importJobs.id, preview.id));
    expect(job?.status).toBe("previewed");

    // Without the failure the same file applies both rows.
    await db().execute(sql`drop trigger zd_test_refuse_project on projects`);
    const applied = await confirm(preview.id);
    expect(applied.json()).toMatchObject({ created: 1, updated: 1 });
    const [updated] = await db().select().from(projects).where(eq(projects.id, existing.id));
    expect(updated).toMatchObject({ totalInvestment: "80000000.00", campaignRound: "2026年第四期" });
  });
});

function db() {
  return t.database.db;
}
