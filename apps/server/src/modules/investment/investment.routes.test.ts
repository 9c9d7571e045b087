import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createOrgUnit, createUser } from "../../../test/factories.js";
import { auditLog } from "../audit/audit.table.js";
import { projects } from "../projects/projects.table.js";
import { investmentLeads, leadStageEvents } from "./investment.table.js";

let t: TestApp;
let admin: string;
let leader: string;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: TestApp["database"]["db"]) {
  const province = await createOrgUnit(db, { name: "河南省", kind: "province" });
  const city = await createOrgUnit(db, { parent: province, name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区", kind: "zone" });
  const otherZone = await createOrgUnit(db, { parent: city, name: "高新区", kind: "zone" });
  const adminUser = await createUser(db, { role: "admin", orgUnit: zone, username: "i_admin", displayName: "钱管理" });
  const leaderUser = await createUser(db, {
    role: "leader",
    orgUnit: zone,
    username: "i_leader",
    displayName: "赵领导",
  });
  const otherAdmin = await createUser(db, { role: "admin", orgUnit: otherZone, username: "i_other_admin" });
  const outsideOwner = await createUser(db, { role: "leader", orgUnit: otherZone, username: "i_outside" });
  return { province, city, zone, otherZone, adminUser, leaderUser, otherAdmin, outsideOwner };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("i_admin");
  leader = await t.signIn("i_leader");
});
afterAll(() => t.close());

const send = (method: "POST" | "PATCH" | "DELETE", url: string, payload?: object, cookie = admin) =>
  t.app.inject({ method, url, headers: { cookie }, payload });
const get = (url: string, cookie = admin) => t.app.inject({ method: "GET", url, headers: { cookie } });

const leadInput = (over: Record<string, unknown> = {}) => ({
  orgUnitId: f.zone.id,
  projectName: "年产10万吨新材料项目",
  investorName: "浙江某某新材料股份有限公司",
  originRegion: "长三角",
  originProvince: "浙江省",
  industryChain: "新材料",
  industryCode: "C2651",
  intendedInvestment: "1200000000.00",
  isListed: true,
  source: "chain_research",
  ...over,
});

async function newLead(over: Record<string, unknown> = {}) {
  const response = await send("POST", "/api/leads", leadInput(over));
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const move = (id: string, toStage: string, extra: Record<string, unknown> = {}, cookie = admin) =>
  send("POST", `/api/leads/${id}/stage`, { toStage, occurredOn: "2026-05-10", ...extra }, cookie);

const projectInput = (over: Record<string, unknown> = {}) => ({
  orgUnitId: f.zone.id,
  name: "年产10万吨新材料项目",
  investorName: "浙江某某新材料股份有限公司",
  industryChain: "新材料",
  level: "city",
  batch: "signing",
  projectType: "new",
  totalInvestment: "1500000000.00",
  ...over,
});

describe("investment leads", () => {
  it("registers a lead with computed flags and out-of-province, and its first stage event", async () => {
    const lead = await newLead();
    expect(lead).toMatchObject({
      orgUnitName: "经开区",
      stage: "lead",
      isOutOfProvince: true,
      isOverBillion: true,
      isListed: true,
      isFortune500: false,
      industryCode: "2651",
      industryName: expect.any(String),
      intendedInvestment: "1200000000.00",
      version: 1,
    });
    expect(lead.stageEvents).toMatchObject([{ fromStage: null, toStage: "lead" }]);
    const local = await newLead({ originRegion: "省内", originProvince: "河南", intendedInvestment: "999999999.99" });
    expect(local).toMatchObject({ isOutOfProvince: false, isOverBillion: false });
    const foreign = await newLead({ originRegion: "境外", originProvince: null, intendedInvestment: null });
    expect(foreign).toMatchObject({ isOutOfProvince: true, isOverBillion: false });
  });

  it("refuses bad fields naming them: industry code, owner out of scope, unit out of scope, 省内 with another province", async () => {
    const badIndustry = await send("POST", "/api/leads", leadInput({ industryCode: "Z99" }));
    expect(badIndustry.statusCode).toBe(400);
    expect(badIndustry.json().details.issues[0].path).toBe("industryCode");
    const owner = await send("POST", "/api/leads", leadInput({ ownerUserId: f.outsideOwner.id }));
    expect(owner.json()).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "ownerUserId" }] } });
    const unit = await send("POST", "/api/leads", leadInput({ orgUnitId: f.otherZone.id }));
    expect(unit.json().details.issues[0].path).toBe("orgUnitId");
    const local = await send("POST", "/api/leads", leadInput({ originRegion: "省内", originProvince: "浙江省" }));
    expect(local.json()).toMatchObject({ details: { issues: [{ path: "originProvince" }] } });
    expect(local.json().message).toContain("河南省");
    const amount = await send("POST", "/api/leads", leadInput({ intendedInvestment: "-5" }));
    expect(amount.json().details.issues[0].path).toBe("intendedInvestment");
  });

  it("computes out-of-province from the origin region and province: a multi-province region needs the province", async () => {
    for (const region of ["京津冀", "长三角", "珠三角", "成渝"]) {
      const missing = await send("POST", "/api/leads", leadInput({ originRegion: region, originProvince: null }));
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ details: { issues: [{ path: "originProvince" }] } });
      expect(missing.json().message).toContain(region);
    }
    expect((await newLead({ originRegion: "成渝", originProvince: "四川省" })).isOutOfProvince).toBe(true);
    expect((await newLead({ originRegion: "珠三角", originProvince: "广东" })).isOutOfProvince).toBe(true);
    expect((await newLead({ originRegion: "其他", originProvince: "河南省" })).isOutOfProvince).toBe(false);
    expect((await newLead({ originRegion: null, originProvince: "湖北省" })).isOutOfProvince).toBe(true);
    expect((await newLead({ originRegion: "港澳台", originProvince: null })).isOutOfProvince).toBe(true);
    // Clearing the province of a 长三角 lead is refused as well.
    const lead = await newLead();
    const cleared = await send("PATCH", `/api/leads/${lead.id}`, { version: 1, originProvince: null });
    expect(cleared.json()).toMatchObject({ details: { issues: [{ path: "originProvince" }] } });
  });

  it("compares no province when the org tree has no province unit: only 境外 and 港澳台 count as out of province", async () => {
    const db = t.database.db;
    const city = await createOrgUnit(db, { name: "无省级单位市", kind: "city" });
    const zone = await createOrgUnit(db, { parent: city, name: "无省开发区", kind: "zone" });
    await createUser(db, { role: "admin", orgUnit: zone, username: "i_no_province_admin" });
    const cookie = await t.signIn("i_no_province_admin");
    const create = async (over: Record<string, unknown>) => {
      const response = await send("POST", "/api/leads", leadInput({ orgUnitId: zone.id, ...over }), cookie);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().isOutOfProvince;
    };
    expect(await create({ originRegion: "长三角", originProvince: "浙江省" })).toBe(false);
    expect(await create({ originRegion: null, originProvince: "湖北省" })).toBe(false);
    expect(await create({ originRegion: "境外", originProvince: null })).toBe(true);
    expect(await create({ originRegion: "港澳台", originProvince: null })).toBe(true);
  });

  it("searches LIKE wildcards literally", async () => {
    await newLead({ projectName: "百分之百_通配项目", investorName: "通配投资有限公司" });
    const all = (await get("/api/leads?pageSize=100")).json().total;
    expect(all).toBeGreaterThan(1);
    expect((await get(`/api/leads?q=${encodeURIComponent("%")}`)).json().total).toBe(0);
    const underscore = (await get(`/api/leads?q=${encodeURIComponent("百_通")}`)).json();
    expect(underscore.data.map((l: { projectName: string }) => l.projectName)).toEqual(["百分之百_通配项目"]);
    expect((await get(`/api/leads?q=${encodeURIComponent("百分_百")}`)).json().total).toBe(0);
  });

  it("edits with PATCH, recomputes out-of-province, audits before/after, refuses a stale version", async () => {
    const lead = await newLead({ ownerUserId: f.leaderUser.id });
    expect(lead.ownerName).toBe("赵领导");
    const edited = await send("PATCH", `/api/leads/${lead.id}`, { version: 1, originProvince: "河南省" });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ originProvince: "河南省", isOutOfProvince: false, version: 2 });
    const stale = await send("PATCH", `/api/leads/${lead.id}`, { version: 1, projectName: "别的名字" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, lead.id), eq(auditLog.action, "lead.update")));
    expect(audit).toMatchObject({
      before: { originProvince: "浙江省", isOutOfProvince: true },
      after: { originProvince: "河南省", isOutOfProvince: false },
    });
  });

  it("lists with filters and paging, and a board with counts and sums per stage", async () => {
    const zone = await createOrgUnit(t.database.db, { parent: f.zone, name: "看板园", kind: "park" });
    const a = await newLead({ orgUnitId: zone.id, projectName: "看板甲项目", intendedInvestment: "100000000.00" });
    await newLead({
      orgUnitId: zone.id,
      projectName: "看板乙项目",
      intendedInvestment: "250000000.50",
      isFortune500: true,
    });
    await newLead({ orgUnitId: zone.id, projectName: "看板丙项目", intendedInvestment: null, source: "forum" });
    expect((await move(a.id, "contact")).statusCode).toBe(200);

    const page = (await get(`/api/leads?orgUnitId=${zone.id}&pageSize=2&sort=projectName`)).json();
    expect(page.total).toBe(3);
    expect(page.data).toHaveLength(2);
    const flagged = (await get(`/api/leads?orgUnitId=${zone.id}&flags=fortune500`)).json();
    expect(flagged.data.map((l: { projectName: string }) => l.projectName)).toEqual(["看板乙项目"]);
    const bySource = (await get(`/api/leads?orgUnitId=${zone.id}&source=forum`)).json();
    expect(bySource.total).toBe(1);
    const byStage = (await get(`/api/leads?orgUnitId=${zone.id}&stage=contact`)).json();
    expect(byStage.data.map((l: { projectName: string }) => l.projectName)).toEqual(["看板甲项目"]);
    const byQ = (await get(`/api/leads?orgUnitId=${zone.id}&q=${encodeURIComponent("乙")}`)).json();
    expect(byQ.total).toBe(1);

    const board = (await get(`/api/leads/board?orgUnitId=${zone.id}`)).json();
    const column = (stage: string) => board.columns.find((c: { stage: string }) => c.stage === stage);
    expect(column("lead")).toMatchObject({ count: 2, intendedInvestment: "250000000.50" });
    expect(column("contact")).toMatchObject({ count: 1, intendedInvestment: "100000000.00" });
    expect(column("signed")).toMatchObject({ count: 0, intendedInvestment: "0.00", leads: [] });
  });
});

describe("lead stages", () => {
  it("moves forward, recording one event per stage passed when skipping", async () => {
    const lead = await newLead();
    const moved = await move(lead.id, "negotiation", { note: "直接进入洽谈" });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().stage).toBe("negotiation");
    expect(
      moved.json().stageEvents.map((e: { fromStage: string | null; toStage: string }) => [e.fromStage, e.toStage]),
    ).toEqual([
      [null, "lead"],
      ["lead", "contact"],
      ["contact", "site_visit"],
      ["site_visit", "negotiation"],
    ]);
  });

  it("refuses moving to the same stage, to 签约 without the sign step, and backward by a leader", async () => {
    const lead = await newLead();
    expect((await move(lead.id, "site_visit")).statusCode).toBe(200);
    const same = await move(lead.id, "site_visit");
    expect(same.json()).toMatchObject({ code: "INVALID_STATE" });
    const sign = await move(lead.id, "signed");
    expect(sign.json()).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "toStage" }] } });
    const back = await move(lead.id, "contact", { note: "退回" }, leader);
    expect(back.statusCode).toBe(403);
    const noNote = await move(lead.id, "contact");
    expect(noNote.json().details.issues[0].path).toBe("note");
    const ok = await move(lead.id, "contact", { note: "投资方需重新考察" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().stage).toBe("contact");
  });

  it("terminates only with a reason; a terminated lead is final except an admin reopening it to its last stage", async () => {
    const lead = await newLead();
    await move(lead.id, "contact");
    const noReason = await move(lead.id, "terminated");
    expect(noReason.json()).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "note" }] } });
    const terminated = await move(lead.id, "terminated", { note: "投资方资金链断裂" });
    expect(terminated.json()).toMatchObject({
      stage: "terminated",
      terminatedOn: "2026-05-10",
      terminationReason: "投资方资金链断裂",
    });
    expect((await move(lead.id, "contact", {}, leader)).statusCode).toBe(403);
    const wrong = await move(lead.id, "negotiation");
    expect(wrong.json().message).toContain("接洽");
    const signAttempt = await send("POST", `/api/leads/${lead.id}/sign`, {
      signedOn: "2026-05-11",
      project: projectInput(),
    });
    expect(signAttempt.json().code).toBe("INVALID_STATE");
    const reopened = await move(lead.id, "contact", { note: "重新接洽" });
    expect(reopened.json()).toMatchObject({ stage: "contact", terminatedOn: null, terminationReason: null });
    expect(reopened.json().stageEvents.at(-1)).toMatchObject({ fromStage: "terminated", toStage: "contact" });
  });

  it("refuses a date in the future", async () => {
    const lead = await newLead();
    const future = await move(lead.id, "contact", { occurredOn: "2099-01-01" });
    expect(future.json().details.issues[0].path).toBe("occurredOn");
  });

  it("of two concurrent moves of the same lead, exactly one applies", async () => {
    const lead = await newLead();
    const results = await Promise.all([move(lead.id, "contact"), move(lead.id, "contact", {}, leader)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const events = await t.database.db.select().from(leadStageEvents).where(eq(leadStageEvents.leadId, lead.id));
    expect(events.filter((e) => e.toStage === "contact")).toHaveLength(1);
  });

  it("a move from a stage that is no longer current finds nothing to update (the where-stage guard)", async () => {
    const { claimStage } = await import("./lead-stages.service.js");
    const lead = await newLead();
    const [stale] = await t.database.db.select().from(investmentLeads).where(eq(investmentLeads.id, lead.id));
    if (!stale) throw new Error("lead not found");
    await move(lead.id, "contact");
    await expect(claimStage(t.database.db, stale, { stage: "site_visit" })).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
  });
});

describe("signing a lead", () => {
  it("creates exactly one key project linked both ways, recording every stage passed", async () => {
    const lead = await newLead();
    await move(lead.id, "site_visit");
    const signed = await send("POST", `/api/leads/${lead.id}/sign`, {
      signedOn: "2026-06-30",
      note: "集中签约活动",
      project: projectInput(),
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const body = signed.json();
    expect(body).toMatchObject({ stage: "signed", signedOn: "2026-06-30" });
    expect(body.projectId).toEqual(expect.any(String));
    expect(body.stageEvents.slice(-2).map((e: { toStage: string }) => e.toStage)).toEqual(["negotiation", "signed"]);
    const linked = await t.database.db.select().from(projects).where(eq(projects.leadId, lead.id));
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ id: body.projectId, totalInvestment: "1500000000.00", stage: "signed" });
    const again = await send("POST", `/api/leads/${lead.id}/sign`, { signedOn: "2026-07-01", project: projectInput() });
    expect(again.json().code).toBe("INVALID_STATE");
    expect(await t.database.db.select().from(projects).where(eq(projects.leadId, lead.id))).toHaveLength(1);
    const moveSigned = await move(lead.id, "terminated", { note: "x" });
    expect(moveSigned.json().code).toBe("INVALID_STATE");
  });

  it("a bad project field refuses the whole signing, names project.<field>, and writes nothing", async () => {
    const lead = await newLead();
    const before = await t.database.db.select().from(projects);
    const badAmount = await send("POST", `/api/leads/${lead.id}/sign`, {
      signedOn: "2026-06-30",
      project: projectInput({ totalInvestment: "一亿" }),
    });
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.json().details.issues[0].path).toBe("project.totalInvestment");
    const badIndustry = await send("POST", `/api/leads/${lead.id}/sign`, {
      signedOn: "2026-06-30",
      project: projectInput({ industryCode: "Z99" }),
    });
    expect(badIndustry.statusCode).toBe(400);
    expect(badIndustry.json().details.issues[0].path).toBe("project.industryCode");
    const badUnit = await send("POST", `/api/leads/${lead.id}/sign`, {
      signedOn: "2026-06-30",
      project: projectInput({ orgUnitId: f.otherZone.id }),
    });
    expect(badUnit.json().details.issues[0].path).toBe("project.orgUnitId");
    expect(await t.database.db.select().from(projects)).toHaveLength(before.length);
    const after = (await get(`/api/leads/${lead.id}`)).json();
    expect(after).toMatchObject({ stage: "lead", projectId: null, signedOn: null, version: 1 });
    expect(after.stageEvents).toHaveLength(1);
  });
});

describe("signing by a leader", () => {
  it("keeps the project in the lead's unit and assigns the signing leader to it, so he keeps sight of it", async () => {
    const park = await createOrgUnit(t.database.db, { parent: f.zone, name: "签约园", kind: "park" });
    const lead = await newLead({ orgUnitId: park.id, projectName: "领导签约项目" });
    const elsewhere = await send(
      "POST",
      `/api/leads/${lead.id}/sign`,
      { signedOn: "2026-06-30", project: projectInput({ orgUnitId: f.zone.id, name: "领导签约项目" }) },
      leader,
    );
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().details.issues[0].path).toBe("project.orgUnitId");
    expect((await get(`/api/leads/${lead.id}`)).json()).toMatchObject({ stage: "lead", projectId: null });

    const signed = await send(
      "POST",
      `/api/leads/${lead.id}/sign`,
      { signedOn: "2026-06-30", project: projectInput({ orgUnitId: park.id, name: "领导签约项目" }) },
      leader,
    );
    expect(signed.statusCode, signed.body).toBe(200);
    const projectId = signed.json().projectId;
    const seen = await get(`/api/projects/${projectId}`, leader);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ name: "领导签约项目", orgUnitId: park.id });
    const assigned = (await get(`/api/assignments?projectId=${projectId}`)).json().data;
    expect(assigned).toEqual([
      expect.objectContaining({
        userDisplayName: "赵领导",
        role: "lead_leader",
        startsOn: "2026-06-30",
        isActive: true,
      }),
    ]);
  });
});

describe("activity log", () => {
  it("records, lists, edits and deletes own activities with audit rows; another user's are refused", async () => {
    const lead = await newLead();
    const added = await send("POST", `/api/leads/${lead.id}/activities`, {
      kind: "site_visit",
      occurredOn: "2026-04-02",
      participants: "投资方张总、赵领导",
      summary: "投资方来园区考察选址",
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ kind: "site_visit", createdByName: "钱管理" });
    await send("POST", `/api/leads/${lead.id}/activities`, {
      kind: "negotiation",
      occurredOn: "2026-04-20",
      summary: "第一轮洽谈",
    });
    const list = (await get(`/api/leads/${lead.id}/activities`)).json();
    expect(list.map((a: { kind: string }) => a.kind)).toEqual(["negotiation", "site_visit"]);
    expect((await get(`/api/leads/${lead.id}`)).json().lastActivityOn).toBe("2026-04-20");

    const id = added.json().id;
    const notOwn = await send("PATCH", `/api/leads/${lead.id}/activities/${id}`, { summary: "改" }, leader);
    expect(notOwn.statusCode).toBe(403);
    const edited = await send("PATCH", `/api/leads/${lead.id}/activities/${id}`, { summary: "考察选址并座谈" });
    expect(edited.json().summary).toBe("考察选址并座谈");
    const removed = await send("DELETE", `/api/leads/${lead.id}/activities/${id}`);
    expect(removed.statusCode).toBe(200);
    expect((await get(`/api/leads/${lead.id}/activities`)).json()).toHaveLength(1);
    const actions = (await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, id))).map((a) => a.action);
    expect(actions.sort()).toEqual(["lead.activity_add", "lead.activity_delete", "lead.activity_update"]);
    const empty = await send("POST", `/api/leads/${lead.id}/activities`, {
      kind: "contact",
      occurredOn: "2026-04-02",
      summary: "",
    });
    expect(empty.json().details.issues[0].path).toBe("summary");
  });
});

describe("export", () => {
  it("writes the lead ledger as .xlsx with the agreed columns", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const zone = await createOrgUnit(t.database.db, { parent: f.zone, name: "导出园", kind: "park" });
    const lead = await newLead({ orgUnitId: zone.id, isFortune500: true, ownerUserId: f.leaderUser.id });
    await send("POST", `/api/leads/${lead.id}/activities`, {
      kind: "contact",
      occurredOn: "2026-03-01",
      summary: "首次接洽",
    });
    const response = await get(`/api/leads/export?orgUnitId=${zone.id}`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      "序号",
      "项目名称",
      "投资方",
      "来源地",
      "产业链",
      "拟投资（万元）",
      "标识",
      "来源",
      "阶段",
      "负责人",
      "最近活动",
      "更新时间",
    ]);
    const row = sheet.getRow(3).values as unknown[];
    expect(row.slice(1, 12)).toEqual([
      1,
      "年产10万吨新材料项目",
      "浙江某某新材料股份有限公司",
      "长三角 浙江省",
      "新材料",
      120000,
      "世界500强、上市公司、10亿元以上",
      "产业链招商",
      "线索",
      "赵领导",
      "2026-03-01",
    ]);
  });
});

describe("scope", () => {
  it("another zone's lead answers 404 to a zone admin", async () => {
    const other = await t.signIn("i_other_admin");
    const lead = await newLead();
    expect((await get(`/api/leads/${lead.id}`, other)).statusCode).toBe(404);
    expect((await move(lead.id, "contact", {}, other)).statusCode).toBe(404);
    const list = (await get("/api/leads", other)).json();
    expect(list.total).toBe(0);
  });
});
