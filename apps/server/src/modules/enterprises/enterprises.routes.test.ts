import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  assign,
  createEnterprise,
  createOrgUnit,
  createTag,
  createUser,
  makeCreditCode,
} from "../../../test/factories.js";

let t: TestApp;
let admin: string;
let zone: Awaited<ReturnType<typeof createOrgUnit>>;
let park: Awaited<ReturnType<typeof createOrgUnit>>;
let tagHighTech: Awaited<ReturnType<typeof createTag>>;
let tagKey: Awaited<ReturnType<typeof createTag>>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  zone = await createOrgUnit(db, { parent: city, name: "经开区", kind: "zone" });
  park = await createOrgUnit(db, { parent: zone, name: "电商产业园", kind: "park" });
  tagHighTech = await createTag(db, "高新技术企业T");
  tagKey = await createTag(db, "重点企业T");
  await createUser(db, { role: "admin", orgUnit: zone, username: "e_admin" });
  admin = await t.signIn("e_admin");
  const leader = await createUser(db, { role: "leader", orgUnit: zone, username: "e_leader" });
  const names = [
    "许昌瑞贝卡发制品股份有限公司",
    "许昌远东传动轴股份有限公司",
    "河南森源电气股份有限公司",
    "许昌许继电科储能技术有限公司",
    "黄河旋风股份有限公司",
  ];
  for (const [i, name] of names.entries()) {
    const e = await createEnterprise(db, {
      orgUnit: i < 3 ? zone : park,
      name,
      tagIds: i % 2 === 0 ? [tagHighTech.id] : [tagKey.id],
      registeredCapital: `${(i + 1) * 1000000}.00`,
    });
    if (i < 2) await assign(db, { user: leader, enterprise: e, role: "lead_leader" });
  }
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: "GET", url, headers: { cookie: admin } });
const names = async (url: string) => (await get(url)).json().data.map((e: { name: string }) => e.name);

describe("enterprise list", () => {
  it("finds by one- and two-character Chinese fragments and by code fragment", async () => {
    expect(await names(`/api/enterprises?q=${encodeURIComponent("旋")}`)).toEqual(["黄河旋风股份有限公司"]);
    expect(await names(`/api/enterprises?q=${encodeURIComponent("传动")}`)).toEqual(["许昌远东传动轴股份有限公司"]);
    expect((await names(`/api/enterprises?q=${encodeURIComponent("许昌")}`)).sort()).toEqual([
      "许昌瑞贝卡发制品股份有限公司",
      "许昌许继电科储能技术有限公司",
      "许昌远东传动轴股份有限公司",
    ]);
    expect(await names(`/api/enterprises?q=${encodeURIComponent("电科储能")}`)).toEqual([
      "许昌许继电科储能技术有限公司",
    ]);
    expect(await names(`/api/enterprises?q=${encodeURIComponent("不存在的名字")}`)).toEqual([]);
    const all = (await get("/api/enterprises?pageSize=50")).json().data as { name: string; creditCode: string }[];
    const target = all[0];
    if (!target) throw new Error("no enterprises");
    expect(await names(`/api/enterprises?q=${target.creditCode.slice(10).toLowerCase()}`)).toEqual([target.name]);
  });

  it("filters by org unit subtree, tags and assignment, and sorts and pages", async () => {
    expect(await names(`/api/enterprises?orgUnitId=${park.id}&sort=name`)).toEqual(
      ["许昌许继电科储能技术有限公司", "黄河旋风股份有限公司"].sort(),
    );
    expect((await get(`/api/enterprises?orgUnitId=${zone.id}`)).json().total).toBe(5);
    expect((await get(`/api/enterprises?tagIds=${tagKey.id}`)).json().total).toBe(2);
    expect((await get(`/api/enterprises?tagIds=${tagKey.id},${tagHighTech.id}`)).json().total).toBe(0);
    expect((await get("/api/enterprises?assigned=yes")).json().total).toBe(2);
    expect((await get("/api/enterprises?assigned=no")).json().total).toBe(3);
    const byCapital = (await get("/api/enterprises?sort=-registeredCapital&pageSize=2&page=1")).json();
    expect(byCapital).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(byCapital.data.map((e: { registeredCapital: string }) => e.registeredCapital)).toEqual([
      "5000000.00",
      "4000000.00",
    ]);
    const page3 = (await get("/api/enterprises?sort=-registeredCapital&pageSize=2&page=3")).json();
    expect(page3.data.map((e: { registeredCapital: string }) => e.registeredCapital)).toEqual(["1000000.00"]);
  });

  it("refuses malformed tag ids and dates outside 1900–2100 instead of failing in the database", async () => {
    expect((await get("/api/enterprises?tagIds=abc")).json()).toMatchObject({ code: "VALIDATION_FAILED" });
    const post = (payload: object) =>
      t.app.inject({ method: "POST", url: "/api/enterprises", headers: { cookie: admin }, payload });
    const base = { orgUnitId: zone.id, creditCode: makeCreditCode(), name: "边界测试有限公司" };
    expect((await post({ ...base, foundedOn: "0000-01-01" })).json().details.issues[0]).toMatchObject({
      path: "foundedOn",
      message: "日期应在 1900 年至 2100 年之间",
    });
    expect((await post({ ...base, registeredCapital: "-5.00" })).json().details.issues[0].path).toBe(
      "registeredCapital",
    );
  });

  it("refuses an unknown sort field and a page size over 200", async () => {
    expect((await get("/api/enterprises?sort=password")).json().code).toBe("VALIDATION_FAILED");
    expect((await get("/api/enterprises?pageSize=500")).statusCode).toBe(400);
  });
});

describe("enterprise create and edit", () => {
  const body = (over: Record<string, unknown> = {}) => ({
    orgUnitId: zone.id,
    creditCode: makeCreditCode(),
    name: "许昌新建测试科技有限公司",
    registeredCapital: "12345678.90",
    foundedOn: "2020-05-06",
    industryCode: "3971",
    scale: "small",
    tagIds: [tagHighTech.id],
    ...over,
  });
  const post = (payload: object) =>
    t.app.inject({ method: "POST", url: "/api/enterprises", headers: { cookie: admin }, payload });

  it("creates an enterprise with a normalised credit code and answers it with industry name and tags", async () => {
    const code = makeCreditCode();
    const spaced = ` ${code.slice(0, 6)} ${code.slice(6).replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} `;
    const response = await post(body({ creditCode: spaced }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      creditCode: code,
      industryCode: "3971",
      industryName: expect.any(String),
      scale: "small",
      registeredCapital: "12345678.90",
      version: 1,
      tags: [{ name: "高新技术企业T" }],
    });
  });

  it("names the code and the wrong check character", async () => {
    const code = makeCreditCode();
    const wrong = code.slice(0, 17) + (code.endsWith("0") ? "1" : "0");
    const response = await post(body({ creditCode: wrong }));
    expect(response.statusCode).toBe(400);
    const issue = response.json().details.issues[0];
    expect(issue.path).toBe("creditCode");
    expect(issue.message).toContain(wrong);
    expect(issue.message).toContain("校验位");
  });

  it("refuses a duplicate credit code with CREDIT_CODE_TAKEN", async () => {
    const code = makeCreditCode();
    expect((await post(body({ creditCode: code }))).statusCode).toBe(200);
    const again = await post(body({ creditCode: code, name: "另一家公司" }));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "CREDIT_CODE_TAKEN", details: { issues: [{ path: "creditCode" }] } });
  });

  it("refuses unknown industry codes, bad dates and amounts with the field named", async () => {
    const industry = await post(body({ industryCode: "9999" }));
    expect(industry.json().details.issues[0]).toMatchObject({ path: "industryCode" });
    const date = await post(body({ foundedOn: "2024-02-30" }));
    expect(date.json().details.issues[0].path).toBe("foundedOn");
    const money = await post(body({ registeredCapital: "12.345" }));
    expect(money.json().details.issues[0].path).toBe("registeredCapital");
    const short = await post(body({ name: "甲" }));
    expect(short.json().details.issues[0]).toMatchObject({ path: "name", message: "企业名称至少2个字" });
  });

  it("refuses a stale edit with VERSION_CONFLICT and keeps the first edit", async () => {
    const created = (await post(body({ name: "版本测试有限公司" }))).json();
    const put = (payload: object) =>
      t.app.inject({ method: "PUT", url: `/api/enterprises/${created.id}`, headers: { cookie: admin }, payload });
    const first = await put({
      ...body({ creditCode: created.creditCode, name: "版本测试（甲改）有限公司" }),
      version: 1,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await put({
      ...body({ creditCode: created.creditCode, name: "版本测试（乙改）有限公司" }),
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    expect(stale.json().message).toContain("已被他人修改");
    expect((await get(`/api/enterprises/${created.id}`)).json().name).toBe("版本测试（甲改）有限公司");
  });

  it("archives: the enterprise leaves the default list, stays under status=all, and is audited", async () => {
    const created = (await post(body({ name: "待归档企业有限公司" }))).json();
    const archived = await t.app.inject({
      method: "POST",
      url: `/api/enterprises/${created.id}/archive`,
      headers: { cookie: admin },
      payload: { version: created.version },
    });
    expect(archived.json().status).toBe("archived");
    expect(await names(`/api/enterprises?q=${encodeURIComponent("待归档")}`)).toEqual([]);
    expect(await names(`/api/enterprises?q=${encodeURIComponent("待归档")}&status=all`)).toEqual([
      "待归档企业有限公司",
    ]);
    const audit = (await get(`/api/audit?entityId=${created.id}`)).json().data.map((a: { action: string }) => a.action);
    expect(audit).toEqual(["enterprise.archive", "enterprise.create"]);
  });

  it("writes before and after of an edit into the audit log", async () => {
    const created = (await post(body({ name: "审计前有限公司" }))).json();
    await t.app.inject({
      method: "PUT",
      url: `/api/enterprises/${created.id}`,
      headers: { cookie: admin },
      payload: { ...body({ creditCode: created.creditCode, name: "审计后有限公司" }), version: created.version },
    });
    const [entry] = (await get(`/api/audit?entityId=${created.id}&action=enterprise.update`)).json().data;
    expect(entry).toMatchObject({
      actorName: expect.any(String),
      before: { name: "审计前有限公司" },
      after: { name: "审计后有限公司" },
    });
    expect(entry.ip).toBeTruthy();
  });
});

describe("search on many matches", () => {
  it("counts a search up to 5,000 matches and says the total is a lower bound", async () => {
    const { insertEnterprises } = await import("./enterprises.queries.js");
    await insertEnterprises(
      t.database.db,
      Array.from({ length: 5001 }, (_, i) => ({
        orgUnitId: zone.id,
        creditCode: makeCreditCode(),
        name: `批量鑫${i}有限公司`,
        status: "active" as const,
      })),
    );
    const many = (await get(`/api/enterprises?q=${encodeURIComponent("鑫")}&pageSize=5`)).json();
    expect(many).toMatchObject({ total: 5000, totalIsLowerBound: true });
    expect(many.data).toHaveLength(5);
    const exact = (await get(`/api/enterprises?q=${encodeURIComponent("批量鑫4999有")}`)).json();
    expect(exact).toMatchObject({ total: 1, totalIsLowerBound: false });
    const unfiltered = (await get("/api/enterprises?pageSize=1")).json();
    expect(unfiltered.totalIsLowerBound).toBe(false);
    expect(unfiltered.total).toBeGreaterThan(5001);
  });
});
