import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { documentXml } from "../../../test/docx.js";
import {
  actorOfUser,
  assign,
  createDepartment,
  createEnterprise,
  createIssueRating,
  createIssueRow,
  createOrgUnit,
  createUser,
  ensureIssueCategory,
} from "../../../test/factories.js";
import { acceptIssue, answerIssue, rateIssue, routeIssue } from "./issue-transitions.js";
import { createIssue } from "./issues.service.js";
import { issueEvents, issues } from "./issues.table.js";

let t: TestApp;
let f: Awaited<ReturnType<typeof seed>>;
let admin: string;

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区", kind: "zone" });
  const park = await createOrgUnit(db, { parent: zone, name: "智能制造园", kind: "park" });
  const housing = await createDepartment(db, { orgUnit: zone, name: "住建局" });
  const power = await createDepartment(db, { orgUnit: zone, name: "供电公司" });
  const land = await createDepartment(db, { orgUnit: zone, name: "自然资源局" });
  const dispatcher = await createUser(db, {
    role: "admin",
    orgUnit: zone,
    username: "rp_admin",
    displayName: "王调度",
  });
  const leader = await createUser(db, {
    role: "leader",
    orgUnit: zone,
    username: "rp_leader",
    displayName: "张副主任",
  });
  const enterprise = await createEnterprise(db, { orgUnit: park, name: "许昌恒达精密机械有限公司" });
  const other = await createEnterprise(db, { orgUnit: park, name: "未包联企业有限公司" });
  await assign(db, { user: leader, enterprise });
  const category = await ensureIssueCategory(db, "基础设施配套");
  const issue = await createIssueRow(db, {
    orgUnit: park,
    enterprise,
    category,
    status: "answered",
    source: "visit",
    title: "厂区门前道路破损",
    description: "厂区门前道路破损严重，货车进出困难，请求尽快修复。",
    leadDepartment: housing,
    coDepartments: [power, land],
    dueOn: "2026-11-30",
    createdAt: new Date("2026-11-03T09:00:00+08:00"),
    routedAt: new Date("2026-11-04T10:00:00+08:00"),
    answeredAt: new Date("2026-11-20T10:00:00+08:00"),
    answer: "已完成道路修复",
    rating: "basically_satisfied",
    reporterName: "李经理",
    reporterPhone: "13800001111",
  });
  // Rated 基本满意, and a joint review meeting made the leader answerable for it.
  await createIssueRating(db, {
    issue,
    rating: "basically_satisfied",
    ratedAt: new Date("2026-11-21T10:00:00+08:00"),
  });
  await db.update(issues).set({ responsibleLeaderId: leader.id }).where(eq(issues.id, issue.id));
  await createUser(db, { role: "enterprise", orgUnit: park, username: "rp_enterprise", enterpriseId: enterprise.id });
  const at = (d: string) => new Date(`${d}T10:00:00+08:00`);
  await db.insert(issueEvents).values([
    {
      issueId: issue.id,
      action: "routed",
      actorUserId: dispatcher.id,
      actorName: "王调度",
      createdAt: at("2026-11-04"),
    },
    { issueId: issue.id, action: "progress", actorName: "住建局用户", note: "已现场勘查", createdAt: at("2026-11-06") },
    {
      issueId: issue.id,
      action: "progress",
      actorName: "住建局用户",
      note: "施工队已进场",
      createdAt: at("2026-11-12"),
    },
  ]);
  const formula = await createIssueRow(db, {
    orgUnit: park,
    enterprise: other,
    category,
    status: "routed",
    title: '=HYPERLINK("http://evil","点我")',
    description: '=HYPERLINK("http://evil","点我") 描述',
    leadDepartment: power,
    dueOn: "2026-12-01",
  });
  const unrouted = await createIssueRow(db, { orgUnit: park, enterprise, category, status: "received" });
  const housingUser = await createUser(db, { role: "department", orgUnit: zone, departmentId: housing.id });
  const enterpriseUser = await createUser(db, { role: "enterprise", orgUnit: park, enterpriseId: enterprise.id });
  return {
    zone,
    housing,
    power,
    enterprise,
    issue,
    formula,
    unrouted,
    dispatcher,
    housingUser,
    enterpriseUser,
    category,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("rp_admin");
});
afterAll(() => t.close());

const get = (url: string, cookie = admin) => t.app.inject({ method: "GET", url, headers: { cookie } });

async function sheetRows(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer); // ExcelJS accepts a Node Buffer here
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return { name: sheet?.name, rows };
}

describe("ledger export (企业问题受理台账)", () => {
  it("exports the ledger layout with the row of a known issue", async () => {
    const response = await get("/api/issues/export?sort=createdAt");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml");
    expect(response.headers["content-disposition"]).toContain("filename*=UTF-8''");
    const { name, rows } = await sheetRows(response.rawPayload);
    expect(name).toBe("企业问题受理台账");
    expect(String(rows[0]?.[0])).toMatch(/^企业问题受理台账（导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}）$/);
    expect(rows[1]).toEqual([
      "序号",
      "编号",
      "企业名称",
      "问题描述",
      "问题类别",
      "责任单位",
      "责任领导",
      "办理时限",
      "办理进展",
      "办结情况",
      "企业评价",
      "来源",
      "提出日期",
    ]);
    const row = rows.find((r) => r[1] === f.issue.serialNo);
    expect(row).toEqual([
      1,
      f.issue.serialNo,
      "许昌恒达精密机械有限公司",
      "厂区门前道路破损严重，货车进出困难，请求尽快修复。",
      "基础设施配套",
      "牵头：住建局；配合：供电公司、自然资源局",
      "张副主任",
      new Date("2026-11-30T00:00:00Z"),
      "施工队已进场",
      "已办结：已完成道路修复",
      "基本满意",
      "走访收集",
      new Date("2026-11-03T00:00:00Z"),
    ]);
    expect(rows).toHaveLength(2 + 3);
  });

  it("neutralises formula-like text", async () => {
    const { rows } = await sheetRows((await get("/api/issues/export")).rawPayload);
    const row = rows.find((r) => r[1] === f.formula.serialNo);
    expect(row?.[3]).toBe(`'=HYPERLINK("http://evil","点我") 描述`);
    expect(row?.[9]).toBe("已交办");
  });

  it("applies the list's filters and the actor's scope", async () => {
    const filtered = await sheetRows((await get(`/api/issues/export?departmentId=${f.housing.id}`)).rawPayload);
    expect(filtered.rows.slice(2).map((r) => r[1])).toEqual([f.issue.serialNo]);
    const leader = await t.signIn("rp_leader");
    const own = await sheetRows((await get("/api/issues/export", leader)).rawPayload);
    expect(
      own.rows
        .slice(2)
        .map((r) => r[1])
        .sort(),
    ).toEqual([f.issue.serialNo, f.unrouted.serialNo].sort());
  });
});

describe("企业评价 in the export", () => {
  it("lists every rating in order: 不满意 that reopened the issue, then 满意", async () => {
    const db = t.database.db;
    const admin = await actorOfUser(db, f.dispatcher);
    const department = await actorOfUser(db, f.housingUser);
    const enterprise = await actorOfUser(db, f.enterpriseUser);
    const { id, serialNo } = await createIssue(db, admin, {
      enterpriseId: f.enterprise.id,
      categoryId: f.category.id,
      title: "雨水管网堵塞",
      description: "雨季厂区积水，雨水管网需要疏通",
    });
    await routeIssue(db, admin, id, { leadDepartmentId: f.housing.id, coDepartmentIds: [] });
    await acceptIssue(db, department, id, {});
    await answerIssue(db, department, id, { answer: "已疏通" });
    await rateIssue(db, enterprise, id, { rating: "dissatisfied", comment: "仍有积水" });
    await answerIssue(db, department, id, { answer: "已更换管道" });
    await rateIssue(db, enterprise, id, { rating: "satisfied" });
    const { rows } = await sheetRows((await get("/api/issues/export")).rawPayload);
    const header = rows[1] ?? [];
    const row = rows.find((r) => r[1] === serialNo);
    expect(row?.[header.indexOf("企业评价")]).toBe("不满意→满意");
    expect(row?.[header.indexOf("办结情况")]).toBe("已销号：已更换管道");
  });
});

describe("routing slip (交办单)", () => {
  it("produces a .docx with the zone's title, serial number, enterprise, departments and deadline", async () => {
    const response = await get(`/api/issues/${f.issue.id}/routing-slip.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(response.headers["content-disposition"]).toContain(encodeURIComponent(`交办单-${f.issue.serialNo}.docx`));
    const xml = await documentXml(response.rawPayload);
    expect(xml).toContain("经开区企业问题交办单");
    expect(xml).toContain(`编号：${f.issue.serialNo}`);
    expect(xml).toContain("许昌恒达精密机械有限公司");
    expect(xml).toContain("请于2026年11月30日前办结并反馈");
    expect(xml).toContain("供电公司、自然资源局");
    expect(xml).toContain("李经理  13800001111");
    expect(xml).toContain("王调度");
    expect(xml).toContain("2026年11月4日");
    expect(xml).toContain("签收单位（盖章）");
    expect(xml).toContain("办理结果");
  });

  it("shows an enterprise user no staff name: the dispatcher as 园区服务中心", async () => {
    const response = await get(`/api/issues/${f.issue.id}/routing-slip.docx`, await t.signIn("rp_enterprise"));
    expect(response.statusCode).toBe(200);
    const xml = await documentXml(response.rawPayload);
    expect(xml).not.toContain("王调度");
    expect(xml).toContain("园区服务中心");
    expect(xml).toContain("许昌恒达精密机械有限公司");
  });

  it("has no slip before the issue is routed (409) and answers 404 for an unknown issue", async () => {
    const before = await get(`/api/issues/${f.unrouted.id}/routing-slip.docx`);
    expect(before.statusCode).toBe(409);
    expect(before.json()).toMatchObject({ code: "INVALID_STATE", message: "该问题尚未交办，还没有交办单" });
    const missing = await get("/api/issues/00000000-0000-4000-8000-000000000000/routing-slip.docx");
    expect(missing.statusCode).toBe(404);
  });
});
