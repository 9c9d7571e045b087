import { count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
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
import { importEndpoint, rowOf, rowsOf, xlsxOf } from "../../../test/upload.js";
import { liaisonAssignments } from "../assignments/assignments.table.js";
import { projectAnnualPlans, projectInvestmentReports, projects } from "./projects.table.js";

let t: TestApp;
let admin: string;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "示范区", kind: "zone" });
  const enterprise = await createEnterprise(db, { orgUnit: zone, name: "许昌瑞祥电子有限公司" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "pi_admin" });
  const leader = await createUser(db, { role: "leader", orgUnit: zone, username: "pi_leader", displayName: "郑领导" });
  return { city, zone, enterprise, leader };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("pi_admin");
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
  "建设地点",
  "地块",
  "用地面积（亩）",
  "产业链",
  "行业代码",
  "当前阶段",
  "签约计划日期",
  "签约实际日期",
  "落地计划日期",
  "落地实际日期",
  "开工计划日期",
  "开工实际日期",
  "投产计划日期",
  "投产实际日期",
  "达效计划日期",
  "达效实际日期",
  "分包领导",
  "建设内容",
];
type Cell = string | number | null;
const row = (values: Partial<Record<string, Cell>>) => rowOf(header, values);
const good = (name: string, extra: Partial<Record<string, Cell>> = {}) =>
  row({
    项目名称: name,
    投资主体: "许昌瑞祥电子有限公司",
    所属单位: "示范区",
    项目级别: "县重点",
    批次: "开工一批",
    类型: "新建",
    "总投资（万元）": "12,000",
    当前阶段: "落地",
    签约实际日期: "2026/2/1",
    落地实际日期: "2026年3月5日",
    开工计划日期: "2026-06-30",
    分包领导: "郑领导",
    建设内容: "年产500万片电路板",
    ...extra,
  });

const projectImport = importEndpoint(() => t.app, "/api/projects/imports", "重点项目.xlsx");
const upload = (content: Buffer) => projectImport.upload(admin, content);
const confirm = (id: string) => projectImport.confirm(admin, id);
const projectCount = async () => (await t.database.db.select({ n: count() }).from(projects))[0]?.n ?? 0;

describe("project import", () => {
  it("serves a template whose header row is the import's columns", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/projects/import-template",
      headers: { cookie: admin },
    });
    expect(response.statusCode).toBe(200);
    const [first] = await rowsOf(response.rawPayload);
    expect(first).toEqual(header);
  });

  it("changes nothing when any row is bad, and names each bad row and column", async () => {
    const before = await projectCount();
    const content = await xlsxOf([
      header,
      good("瑞祥电路板项目"),
      good("缺日期项目", { 当前阶段: "开工", 开工实际日期: null }),
      good("错级别项目", { 项目级别: "国家重点" }),
      good("外单位项目", { 所属单位: "不存在的园区" }),
      good("未知领导项目", { 分包领导: "不存在的人" }),
      good("瑞祥电路板项目"),
    ]);
    const preview = (await upload(content)).json();
    expect(preview.counts).toMatchObject({ total: 6, create: 1, refused: 5 });
    const found = (preview.issues as { rowNumber: number; column: string; message: string }[]).map((i) => [
      i.rowNumber,
      i.column,
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        [3, "开工实际日期"],
        [4, "项目级别"],
        [5, "所属单位"],
        [6, "分包领导"],
        [7, "项目名称"],
      ]),
    );
    const refused = await confirm(preview.id);
    expect(refused.json().code).toBe("IMPORT_HAS_ERRORS");
    expect(await projectCount()).toBe(before);
  });

  it("creates projects with stage dates and the 分包领导, then updates one identified by unit and name", async () => {
    const content = await xlsxOf([header, good("瑞祥二期项目"), good("新投资方项目", { 投资主体: "深圳某科技集团" })]);
    const preview = (await upload(content)).json();
    expect(preview.counts).toMatchObject({ create: 2, refused: 0 });
    expect((await confirm(preview.id)).statusCode).toBe(200);
    const [created] = await t.database.db.select().from(projects).where(eq(projects.name, "瑞祥二期项目"));
    expect(created).toMatchObject({
      enterpriseId: f.enterprise.id,
      totalInvestment: "120000000.00",
      stage: "landed",
      level: "county",
    });
    const detail = (
      await t.app.inject({ method: "GET", url: `/api/projects/${created?.id}`, headers: { cookie: admin } })
    ).json();
    expect(detail.stageDates.slice(0, 3).map((d: { actualOn: string | null }) => d.actualOn)).toEqual([
      "2026-02-01",
      "2026-03-05",
      null,
    ]);
    expect(detail.liaisons).toEqual([expect.objectContaining({ displayName: "郑领导", role: "lead_leader" })]);
    const [other] = await t.database.db.select().from(projects).where(eq(projects.name, "新投资方项目"));
    expect(other).toMatchObject({ enterpriseId: null, investorName: "深圳某科技集团" });

    const update = await xlsxOf([
      header,
      row({ 项目名称: "瑞祥二期项目", 所属单位: "示范区", 当前阶段: "开工", 开工实际日期: "2026-07-01" }),
    ]);
    const second = (await upload(update)).json();
    expect(second.counts).toMatchObject({ update: 1, refused: 0 });
    expect((await confirm(second.id)).statusCode).toBe(200);
    const [updated] = await t.database.db.select().from(projects).where(eq(projects.name, "瑞祥二期项目"));
    expect(updated).toMatchObject({ stage: "started", totalInvestment: "120000000.00", id: created?.id });
    const leaders = await t.database.db
      .select()
      .from(liaisonAssignments)
      .where(eq(liaisonAssignments.projectId, created?.id ?? ""));
    expect(leaders).toHaveLength(1);
  });
});

describe("project export", () => {
  it("writes the 重点项目推进表: the period's plan and completion, open issues, and the page's red and yellow rows", async () => {
    const db = t.database.db;
    const p = await createProject(db, {
      orgUnit: f.zone,
      name: "推进表示例项目",
      totalInvestment: "350000000.00",
      dates: {
        signed: { actual: "2026-01-10" },
        landed: { actual: "2026-02-10" },
        started: { planned: "2026-04-01", actual: "2026-04-15" },
      },
    });
    await assignProject(db, { user: f.leader, project: p });
    await db.insert(projectAnnualPlans).values({ projectId: p.id, year: 2026, plannedInvestment: "120000000.00" });
    await db.insert(projectInvestmentReports).values([
      { projectId: p.id, year: 2026, month: 1, completedInMonth: "30000000.00" },
      { projectId: p.id, year: 2026, month: 2, completedInMonth: "45000000.00" },
      { projectId: p.id, year: 2025, month: 12, completedInMonth: "99000000.00" },
    ]);
    await createIssueRow(db, { orgUnit: f.zone, project: p, title: "施工用水未接通", status: "routed" });
    await createIssueRow(db, { orgUnit: f.zone, project: p, title: "已解决的问题", status: "closed" });
    await db
      .update(projects)
      .set({ progressNarrative: "主体结构完成80%", campaignRound: "2026年第一期", landAreaMu: "120.50" })
      .where(eq(projects.id, p.id));
    // A yellow one: 900 of 1000万 by December (90% against 100%), every month reported.
    const yellow = await createProject(db, {
      orgUnit: f.zone,
      name: "推进表示例黄色项目",
      dates: { signed: { actual: "2026-01-10" } },
    });
    await db.insert(projectAnnualPlans).values({ projectId: yellow.id, year: 2026, plannedInvestment: "10000000.00" });
    await db.insert(projectInvestmentReports).values(
      Array.from({ length: 12 }, (_, i) => ({
        projectId: yellow.id,
        year: 2026,
        month: i + 1,
        completedInMonth: "750000.00",
      })),
    );
    // No plan, no planned dates: no warning, no colour.
    await createProject(db, {
      orgUnit: f.zone,
      name: "推进表示例无预警项目",
      dates: { signed: { actual: "2026-01-10" } },
    });

    const query = `q=${encodeURIComponent("推进表示例")}&year=2026&month=12&sort=name`;
    const response = await t.app.inject({
      method: "GET",
      url: `/api/projects/export?${query}`,
      headers: { cookie: admin },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(decodeURIComponent(String(response.headers["content-disposition"]))).toContain("示范区重点项目推进表");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer); // ExcelJS accepts a Node Buffer
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet in the export");
    expect(sheet.getCell("A1").value).toBe("示范区重点项目推进表");
    expect(String(sheet.getCell("A2").value)).toContain("2026年度    截至 2026-12-31");
    // ExcelJS row.values is 1-based with an empty slot 0.
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(3)).toEqual([
      "序号",
      "项目名称",
      "批次期数",
      "建设单位",
      "建设内容",
      "用地面积（亩）",
      "总投资（万元）",
      "年度计划投资（万元）",
      "累计完成投资（万元）",
      "完成率",
      "当前阶段",
      "计划开工",
      "实际开工",
      "责任领导",
      "进展情况",
      "存在问题",
      "预警说明",
    ]);
    const byName = new Map([4, 5, 6].map((r) => [String(values(r)[1]), r]));
    const red = values(byName.get("推进表示例项目") ?? 0);
    expect(red.slice(1, 4)).toEqual(["推进表示例项目", "2026年第一期", "测试投资方有限公司"]);
    expect(red.slice(5, 15)).toEqual([
      120.5,
      35000,
      12000,
      7500,
      0.625,
      "开工",
      "2026-04-01",
      "2026-04-15",
      "郑领导",
      "主体结构完成80%",
    ]);
    expect(red[15]).toBe("1.施工用水未接通");
    // The page's warnings for the same year and month, with the rule text: 62.5% against 100% is far behind.
    const page = await t.app.inject({
      method: "GET",
      url: `/api/projects/warnings?year=2026&month=12&projectIds=${p.id},${yellow.id}`,
      headers: { cookie: admin },
    });
    const colours = new Map(
      page.json().data.map((w: { projectName: string; color: string }) => [w.projectName, w.color] as const),
    );
    expect(colours).toEqual(
      new Map([
        ["推进表示例项目", "red"],
        ["推进表示例黄色项目", "yellow"],
      ]),
    );
    expect(String(red[16])).toContain("红：投资完成率低于时序进度20个百分点以上（完成率落后时序进度37.5个百分点）");
    const fill = (r: number) =>
      (sheet.getRow(r).getCell(2).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
    expect(fill(byName.get("推进表示例项目") ?? 0)).toBe("FFFFC7CE");
    const yellowRow = byName.get("推进表示例黄色项目") ?? 0;
    expect(fill(yellowRow)).toBe("FFFFEB9C");
    expect(values(yellowRow)[16]).toBe("黄：投资完成率低于时序进度（完成率落后时序进度10.0个百分点）");
    const plainRow = byName.get("推进表示例无预警项目") ?? 0;
    expect(fill(plainRow)).toBeUndefined();
    expect(values(plainRow)[16] ?? "").toBe("");
    expect(values(7).slice(0, 2)).toEqual(["合计", "3个项目"]);
    expect(String(values(9)[0])).toContain("预警说明");
  });
});
