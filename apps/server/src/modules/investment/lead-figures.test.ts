import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createOrgUnit, createUser } from "../../../test/factories.js";
import { investmentLeads, leadActivities, leadStageEvents } from "./investment.table.js";

/*
 * The pipeline figures on a fixture worked out by hand. It reproduces the report sentence of the domain
 * ("17 signed projects from outside the province, 22.992 billion yuan in all, 1 Fortune Global 500,
 * 4 above 1 billion", with 150 investor visits and 200 negotiations) from raw records:
 *
 * 经开区 (河南省 › 许昌市), period 2026-01-01 … 2026-11-20.
 * Out-of-province leads signed in the period (17), amount = intended investment (no project) except one
 * signed through the API whose project's total investment (392,000,000) replaces its intended 300,000,000:
 *   ≥ 1 billion: 5,000,000,000 (世界500强) + 4,000,000,000 (央企) + 3,000,000,000 + 1,000,000,000 (exactly) = 13,000,000,000
 *   below:       12 × 800,000,000 = 9,600,000,000, and 392,000,000 (the API one)           =  9,992,000,000
 *   in all 17                                                                              = 22,992,000,000
 * In-province leads signed in the period (2): 999,999,999.99 (just below 1 billion) and 200,000,000.
 *   signed: 19, amount 24,191,999,999.99; ≥ 1 billion 4; 世界500强 1; 央企 1.
 * Not counted: a 500-strong out-of-province lead signed 2025-12-31; a terminated 央企 lead; a lead of 高新区.
 * Activities: 150 site visits and 200 negotiations in the period, plus 5 site visits in 2025, 10 contacts,
 * and 3 site visits of a 高新区 lead (counted only when the whole city is asked for).
 */

let t: TestApp;
let admin: string;
let f: Awaited<ReturnType<typeof seed>>;

type LeadInsert = typeof investmentLeads.$inferInsert;

async function seed(db: TestApp["database"]["db"]) {
  const province = await createOrgUnit(db, { name: "河南省", kind: "province" });
  const city = await createOrgUnit(db, { parent: province, name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区", kind: "zone" });
  const otherZone = await createOrgUnit(db, { parent: city, name: "高新区", kind: "zone" });
  const park = await createOrgUnit(db, { parent: zone, name: "转化园", kind: "park" });
  const emptyPark = await createOrgUnit(db, { parent: zone, name: "空园", kind: "park" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "fg_admin" });
  await createUser(db, { role: "statistics", orgUnit: city, username: "fg_city_stats" });

  const insertLead = async (values: Partial<LeadInsert>) => {
    const [row] = await db
      .insert(investmentLeads)
      .values({
        orgUnitId: zone.id,
        projectName: "签约项目",
        investorName: "某投资方",
        source: "chain_research",
        ...values,
      })
      .returning();
    if (!row) throw new Error("insert lead failed");
    return row;
  };
  const signedOut = (amount: string, extra: Partial<LeadInsert> = {}) =>
    insertLead({
      stage: "signed",
      signedOn: "2026-03-15",
      intendedInvestment: amount,
      originProvince: "广东省",
      isOutOfProvince: true,
      ...extra,
    });
  await signedOut("5000000000.00", { isFortune500: true });
  await signedOut("4000000000.00", { isCentralSoe: true });
  await signedOut("3000000000.00");
  await signedOut("1000000000.00", { signedOn: "2026-11-20" });
  for (let i = 0; i < 12; i++) await signedOut("800000000.00", { signedOn: "2026-01-01" });
  const local = { stage: "signed", signedOn: "2026-08-08", originProvince: "河南省" } as const;
  await insertLead({ ...local, intendedInvestment: "999999999.99" });
  await insertLead({ ...local, intendedInvestment: "200000000.00" });
  // Outside the period, terminated, another zone:
  await signedOut("5000000000.00", { signedOn: "2025-12-31", isFortune500: true });
  await insertLead({ stage: "terminated", intendedInvestment: "2000000000.00", isCentralSoe: true });
  const other = await insertLead({
    orgUnitId: otherZone.id,
    stage: "signed",
    signedOn: "2026-05-05",
    intendedInvestment: "7000000000.00",
    isOutOfProvince: true,
  });

  const activityLead = await insertLead({ projectName: "活动项目" });
  const activity = (kind: "site_visit" | "negotiation" | "contact", occurredOn: string, leadId = activityLead.id) => ({
    leadId,
    kind,
    occurredOn,
    summary: "记录",
  });
  await db
    .insert(leadActivities)
    .values([
      ...Array.from({ length: 150 }, (_, i) =>
        activity("site_visit", `2026-${String((i % 10) + 1).padStart(2, "0")}-15`),
      ),
      ...Array.from({ length: 200 }, (_, i) => activity("negotiation", i === 0 ? "2026-11-20" : "2026-01-01")),
      ...Array.from({ length: 5 }, () => activity("site_visit", "2025-12-31")),
      ...Array.from({ length: 10 }, () => activity("contact", "2026-06-01")),
      ...Array.from({ length: 3 }, () => activity("site_visit", "2026-06-01", other.id)),
    ]);
  return { zone, otherZone, park, emptyPark, city };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("fg_admin");
});
afterAll(() => t.close());

const get = (url: string, cookie = admin) => t.app.inject({ method: "GET", url, headers: { cookie } });
const send = (url: string, payload: object) =>
  t.app.inject({ method: "POST", url, headers: { cookie: admin }, payload });

async function newLead(orgUnitId: string, projectName: string, intendedInvestment: string | null = null) {
  const response = await send("/api/leads", {
    orgUnitId,
    projectName,
    investorName: "深圳某科技有限公司",
    originRegion: "珠三角",
    originProvince: "广东省",
    intendedInvestment,
    source: "business_referral",
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { id: string; isOutOfProvince: boolean };
}

const period = "from=2026-01-01&to=2026-11-20";

describe("pipeline figures", () => {
  it("reproduces the report: 150 visits, 200 negotiations, 17 out-of-province signings worth 22.992 billion, 1 Fortune 500, 4 above 1 billion", async () => {
    // One more out-of-province lead, signed through the API: its project's total investment counts, not the intention.
    const lead = await newLead(f.zone.id, "通过签约转入的项目", "300000000.00");
    expect(lead.isOutOfProvince).toBe(true);
    const signed = await send(`/api/leads/${lead.id}/sign`, {
      signedOn: "2026-06-30",
      project: {
        orgUnitId: f.zone.id,
        name: "通过签约转入的项目",
        investorName: "深圳某科技有限公司",
        level: "county",
        batch: "signing",
        projectType: "new",
        totalInvestment: "392000000.00",
      },
    });
    expect(signed.statusCode, signed.body).toBe(200);

    const figures = (await get(`/api/leads/figures?${period}&orgUnitId=${f.zone.id}`)).json();
    expect(figures).toMatchObject({
      from: "2026-01-01",
      to: "2026-11-20",
      investorVisits: 150,
      negotiations: 200,
      signed: { count: 19, amount: "24191999999.99" },
      fortune500Signed: 1,
      centralSoeSigned: 1,
      listedSigned: 0,
      overBillionSigned: 4,
      outOfProvinceSigned: { count: 17, amount: "22992000000.00" },
    });
    // The same figures without a unit: the admin's scope is the zone.
    expect((await get(`/api/leads/figures?${period}`)).json().outOfProvinceSigned).toEqual({
      count: 17,
      amount: "22992000000.00",
    });
    // The city's statistics officer sees 高新区 too: +1 signing of 7 billion, +3 site visits.
    const cityStats = await t.signIn("fg_city_stats");
    const city = (await get(`/api/leads/figures?${period}`, cityStats)).json();
    expect(city).toMatchObject({
      investorVisits: 153,
      signed: { count: 20, amount: "31191999999.99" },
      overBillionSigned: 5,
      outOfProvinceSigned: { count: 18, amount: "29992000000.00" },
    });
  });

  it("counts leads per stage as of the period's end and converts those that entered a stage within the period", async () => {
    // 转化园, stage events (dated):      lead        contact     site_visit  negotiation signed      terminated
    //   A                                 03-10       04-05       07-10
    //   B                                 04-02       04-20       05-15       06-01       06-20
    //   C                                 05-05
    //   D                                 01-15       02-01       02-20                               05-10
    //   E                                 07-05
    //   F (skips to 洽谈 in one move)      04-10       06-15       06-15       06-15
    const at = (lead: { id: string }, steps: [string | null, string, string][]) =>
      t.database.db.insert(leadStageEvents).values(
        steps.map(([fromStage, toStage, occurredOn]) => ({
          leadId: lead.id,
          fromStage,
          toStage,
          occurredOn: `2026-${occurredOn}`,
          actorName: "测试",
        })),
      );
    const lead = async (projectName: string) => {
      const [row] = await t.database.db
        .insert(investmentLeads)
        .values({ orgUnitId: f.park.id, projectName, investorName: "某投资方", source: "forum" })
        .returning();
      if (!row) throw new Error("insert lead failed");
      return row;
    };
    const [a, b, c, d, e, g] = await Promise.all(["甲", "乙", "丙", "丁", "戊", "己"].map((n) => lead(`${n}项目`)));
    if (!a || !b || !c || !d || !e || !g) throw new Error("leads missing");
    await at(a, [
      [null, "lead", "03-10"],
      ["lead", "contact", "04-05"],
      ["contact", "site_visit", "07-10"],
    ]);
    await at(b, [[null, "lead", "04-02"]]);
    await at(b, [["lead", "contact", "04-20"]]);
    await at(b, [["contact", "site_visit", "05-15"]]);
    await at(b, [["site_visit", "negotiation", "06-01"]]);
    await at(b, [["negotiation", "signed", "06-20"]]);
    await at(c, [[null, "lead", "05-05"]]);
    await at(d, [
      [null, "lead", "01-15"],
      ["lead", "contact", "02-01"],
      ["contact", "site_visit", "02-20"],
    ]);
    await at(d, [["site_visit", "terminated", "05-10"]]);
    await at(e, [[null, "lead", "07-05"]]);
    await at(g, [[null, "lead", "04-10"]]);
    await at(g, [
      ["lead", "contact", "06-15"],
      ["contact", "site_visit", "06-15"],
      ["site_visit", "negotiation", "06-15"],
    ]);
    const figuresOf = async (from: string, to: string) =>
      (await get(`/api/leads/figures?from=${from}&to=${to}&orgUnitId=${f.park.id}`)).json();

    // Q2 (04-01 … 06-30). As of 06-30: A 接洽, B 签约, C 线索, D 终止, F 洽谈; E did not exist yet.
    const q2 = await figuresOf("2026-04-01", "2026-06-30");
    expect(q2.stageCounts).toEqual({ lead: 1, contact: 1, site_visit: 0, negotiation: 1, signed: 1, terminated: 1 });
    // Entered 线索 in Q2: B C F, of which B F reached 接洽 by 06-30 → 2/3. Entered 接洽: A B F; 考察 by 06-30: B F
    // (A's is 07-10) → 2/3. Entered 考察: B F (D's 02-20 is before) → both 洽谈 → 1. Entered 洽谈: B F; signed: B → 1/2.
    expect(q2.conversion).toEqual([
      { fromStage: "lead", toStage: "contact", reached: 3, converted: 2, rate: 0.6667 },
      { fromStage: "contact", toStage: "site_visit", reached: 3, converted: 2, rate: 0.6667 },
      { fromStage: "site_visit", toStage: "negotiation", reached: 2, converted: 2, rate: 1 },
      { fromStage: "negotiation", toStage: "signed", reached: 2, converted: 1, rate: 0.5 },
    ]);

    // July: E entered 线索 (no 接洽 → 0 of 1), A entered 考察 (no 洽谈 → 0 of 1); nobody entered 接洽 or 洽谈 → null.
    const july = await figuresOf("2026-07-01", "2026-07-31");
    expect(july.conversion.map((x: { reached: number; converted: number; rate: number | null }) => x)).toEqual([
      { fromStage: "lead", toStage: "contact", reached: 1, converted: 0, rate: 0 },
      { fromStage: "contact", toStage: "site_visit", reached: 0, converted: 0, rate: null },
      { fromStage: "site_visit", toStage: "negotiation", reached: 1, converted: 0, rate: 0 },
      { fromStage: "negotiation", toStage: "signed", reached: 0, converted: 0, rate: null },
    ]);
    // As of 07-31: A has moved on to 考察 and E exists.
    expect(july.stageCounts).toEqual({ lead: 2, contact: 0, site_visit: 1, negotiation: 1, signed: 1, terminated: 1 });

    // Before anything happened in the park: no lead existed, every conversion has a zero denominator.
    const early = await figuresOf("2025-01-01", "2025-12-31");
    expect(early.stageCounts).toEqual({ lead: 0, contact: 0, site_visit: 0, negotiation: 0, signed: 0, terminated: 0 });
    expect(early.conversion.map((x: { rate: number | null }) => x.rate)).toEqual([null, null, null, null]);
    expect(JSON.stringify(early)).not.toContain("NaN");
  });

  it("answers zeros and null rates, never NaN, for a unit without leads", async () => {
    const figures = (await get(`/api/leads/figures?${period}&orgUnitId=${f.emptyPark.id}`)).json();
    expect(figures).toMatchObject({
      investorVisits: 0,
      negotiations: 0,
      signed: { count: 0, amount: "0.00" },
      fortune500Signed: 0,
      overBillionSigned: 0,
      outOfProvinceSigned: { count: 0, amount: "0.00" },
    });
    expect(figures.conversion.map((c: { rate: number | null }) => c.rate)).toEqual([null, null, null, null]);
    expect(JSON.stringify(figures)).not.toContain("NaN");
  });

  it("refuses a unit of another zone as not found, like the project figures, and a reversed period naming the field", async () => {
    for (const url of [
      `/api/leads/figures?${period}&orgUnitId=${f.otherZone.id}`,
      `/api/projects/figures?orgUnitId=${f.otherZone.id}&year=2026&month=10`,
    ]) {
      const outside = await get(url);
      expect(outside.statusCode, url).toBe(404);
      expect(outside.json().code).toBe("NOT_FOUND");
    }
    const reversed = await get(`/api/leads/figures?from=2026-12-01&to=2026-01-01`);
    expect(reversed.json().details.issues[0].path).toBe("to");
  });
});
