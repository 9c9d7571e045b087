import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createEnterprise, createOrgUnit, createTag, createUser, makeCreditCode } from "../../../test/factories.js";
import { multipartFile, rowsOf, xlsxOf } from "../../../test/upload.js";
import { enterprises } from "./enterprises.table.js";

let t: TestApp;
let admin: string;
let zone: Awaited<ReturnType<typeof createOrgUnit>>;

const header = [
  "统一社会信用代码",
  "企业名称",
  "所属园区",
  "法定代表人",
  "注册资本（万元）",
  "成立日期",
  "注册地址",
  "行业代码",
  "企业规模",
  "联系人",
  "联系电话",
  "企业标签",
];

beforeAll(async () => {
  t = await createTestApp();
  const city = await createOrgUnit(t.database.db, { name: "许昌市", kind: "city" });
  zone = await createOrgUnit(t.database.db, { parent: city, name: "示范区", kind: "zone", divisionCode: "411002" });
  await createOrgUnit(t.database.db, { parent: city, name: "外区", kind: "zone" });
  await createTag(t.database.db, "高新技术企业I");
  await createTag(t.database.db, "重点企业I");
  await createUser(t.database.db, { role: "admin", orgUnit: zone, username: "i_admin" });
  admin = await t.signIn("i_admin");
});
afterAll(() => t.close());

async function upload(content: Buffer, fileName = "企业名录.xlsx") {
  const { payload, headers } = multipartFile(fileName, content);
  return t.app.inject({
    method: "POST",
    url: "/api/enterprises/imports",
    payload,
    headers: { ...headers, cookie: admin },
  });
}
const confirm = (id: string) =>
  t.app.inject({ method: "POST", url: `/api/enterprises/imports/${id}/confirm`, headers: { cookie: admin } });
const enterpriseCount = async () => (await t.database.db.select({ n: count() }).from(enterprises))[0]?.n ?? 0;
const byCode = async (code: string) =>
  (await t.database.db.select().from(enterprises).where(eq(enterprises.creditCode, code)))[0];

describe("enterprise import", () => {
  it("serves a template whose header row is the import's columns", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/enterprises/import-template",
      headers: { cookie: admin },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml");
    const rows = await rowsOf(response.rawPayload);
    expect(rows[0]?.map((h) => String(h).replace(/^\*/, "").replace(/\*$/, "").trim())).toEqual(header);
  });

  it("copes with a title row, full-width codes, stray spaces, 万元 and every date format", async () => {
    const codes = [makeCreditCode(), makeCreditCode(), makeCreditCode(), makeCreditCode()];
    const fullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const content = await xlsxOf([
      ["2026年示范区企业名录（截至10月）"],
      header,
      [
        ` ${fullWidth(codes[0] ?? "")} `,
        "甲科技有限公司",
        "示范区",
        "张三",
        1234.5678,
        "2024-03-05",
        "许昌大道1号",
        "C3971",
        "小型",
        "李四",
        "13800000000",
        "高新技术企业I、重点企业I",
      ],
      [codes[1] ?? "", " 乙制造有限公司 ", "411002", null, "500", "2024/3/5", null, "39", "中型", null, null, null],
      [
        codes[2] ?? "",
        "丙商贸有限公司",
        "示范区",
        null,
        "0.01",
        "2024年3月5日",
        null,
        null,
        null,
        null,
        null,
        "重点企业I",
      ],
      [codes[3] ?? "", "丁物流有限公司", "示范区", null, null, 45356, null, null, null, null, null, null],
      [],
      [],
    ]);
    const preview = await upload(content);
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({
      headerRowNumber: 2,
      counts: { total: 4, create: 4, update: 0, refused: 0 },
      issues: [],
    });
    expect(body.rows.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([3, 4, 5, 6]);
    expect(await byCode(codes[0] ?? "")).toBeUndefined();
    const applied = await confirm(body.id);
    expect(applied.json()).toMatchObject({ created: 4, updated: 0, unchanged: 0 });
    const a = await byCode(codes[0] ?? "");
    expect(a).toMatchObject({
      name: "甲科技有限公司",
      registeredCapital: "12345678.00",
      foundedOn: "2024-03-05",
      industryCode: "3971",
      industrySection: "C",
      scale: "small",
    });
    expect(await byCode(codes[1] ?? "")).toMatchObject({
      name: "乙制造有限公司",
      registeredCapital: "5000000.00",
      foundedOn: "2024-03-05",
      orgUnitId: zone.id,
    });
    expect(await byCode(codes[2] ?? "")).toMatchObject({ registeredCapital: "100.00", foundedOn: "2024-03-05" });
    expect(await byCode(codes[3] ?? "")).toMatchObject({ foundedOn: "2024-03-05" });
    expect((await confirm(body.id)).json().code).toBe("IMPORT_ALREADY_APPLIED");
  });

  it("changes nothing when one row of 1,000 is bad, and names that row, column and reason", async () => {
    const before = await enterpriseCount();
    const rows: (string | number | null)[][] = [header];
    for (let i = 0; i < 1000; i++)
      rows.push([
        makeCreditCode(),
        `批量导入测试${i}有限公司`,
        "示范区",
        null,
        100,
        "2020-01-01",
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
    const bad = rows[500];
    if (!bad) throw new Error("fixture");
    bad[0] = "91411002MA0000000X";
    const preview = (await upload(await xlsxOf(rows))).json();
    expect(preview.counts).toMatchObject({ total: 1000, create: 999, refused: 1 });
    expect(preview.issues).toHaveLength(1);
    expect(preview.issues[0]).toMatchObject({
      rowNumber: 501,
      column: "统一社会信用代码",
      message: expect.stringContaining("91411002MA0000000X"),
    });
    const refused = await confirm(preview.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "IMPORT_HAS_ERRORS", details: { issues: [{ rowNumber: 501 }] } });
    expect(await enterpriseCount()).toBe(before);
  });

  it("refuses duplicates within the file and units outside the importer's scope", async () => {
    const code = makeCreditCode();
    const preview = (
      await upload(
        await xlsxOf([
          header,
          [code, "重复一有限公司", "示范区"],
          [code, "重复二有限公司", "示范区"],
          [makeCreditCode(), "外区企业有限公司", "外区"],
          [makeCreditCode(), "", "示范区"],
        ]),
      )
    ).json();
    expect(preview.counts).toMatchObject({ create: 1, refused: 3 });
    const messages = preview.issues.map(
      (i: { rowNumber: number; column: string; message: string }) => `${i.rowNumber}|${i.column}|${i.message}`,
    );
    expect(messages).toEqual([
      "3|统一社会信用代码|与第2行的统一社会信用代码重复",
      "4|所属园区|“外区”不是您管理范围内的单位名称或区划代码",
      "5|企业名称|企业名称不能为空",
    ]);
  });

  it("lets the user map another office's headers to fields", async () => {
    const code = makeCreditCode();
    const preview = (
      await upload(
        await xlsxOf([
          ["信用代码", "企业全称", "园区", "注册资金（万元）"],
          [code, "映射测试有限公司", "示范区", 88],
        ]),
      )
    ).json();
    expect(preview.mapping).toMatchObject({
      creditCode: "信用代码",
      orgUnit: "园区",
      registeredCapital: "注册资金（万元）",
      name: null,
    });
    expect(preview.issues[0]).toMatchObject({ column: "企业名称", message: expect.stringContaining("缺少必填列") });
    expect((await confirm(preview.id)).json().code).toBe("IMPORT_HAS_ERRORS");
    const mapped = await t.app.inject({
      method: "PUT",
      url: `/api/enterprises/imports/${preview.id}/mapping`,
      headers: { cookie: admin },
      payload: { mapping: { ...preview.mapping, name: "企业全称" } },
    });
    expect(mapped.json().counts).toMatchObject({ create: 1, refused: 0 });
    const wrong = await t.app.inject({
      method: "PUT",
      url: `/api/enterprises/imports/${preview.id}/mapping`,
      headers: { cookie: admin },
      payload: { mapping: { name: "不存在的列" } },
    });
    expect(wrong.json()).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "mapping.name" }] } });
    expect((await confirm(preview.id)).json().created).toBe(1);
    expect(await byCode(code)).toMatchObject({ name: "映射测试有限公司", registeredCapital: "880000.00" });
  });

  it("refuses a capital column in 元 rather than 万元 instead of reading it 10,000 times too large", async () => {
    const preview = (
      await upload(
        await xlsxOf([
          ["统一社会信用代码", "企业名称", "所属园区", "注册资本（元）"],
          [makeCreditCode(), "单位测试有限公司", "示范区", 5000000],
        ]),
      )
    ).json();
    expect(preview.mapping.registeredCapital).toBe("注册资本（元）");
    expect(preview.issues).toEqual([
      { rowNumber: 1, column: "注册资本（元）", message: expect.stringContaining("模板要求“万元”") },
    ]);
    const refused = await confirm(preview.id);
    expect(refused.json()).toMatchObject({
      code: "IMPORT_HAS_ERRORS",
      message: expect.stringContaining("注册资本（元）"),
    });
  });

  it("updates by credit code and reports which fields change", async () => {
    const existing = await createEnterprise(t.database.db, { orgUnit: zone, name: "更新前有限公司" });
    const preview = (
      await upload(await xlsxOf([header, [existing.creditCode, "更新后有限公司", "示范区", "王五"]]))
    ).json();
    expect(preview.counts).toMatchObject({ update: 1 });
    expect(preview.rows[0].changes).toEqual(["企业名称", "法定代表人"]);
    await confirm(preview.id);
    expect(await byCode(existing.creditCode)).toMatchObject({
      name: "更新后有限公司",
      legalRepresentative: "王五",
      registeredCapital: "5000000.00",
      version: 2,
    });
  });

  it("round-trips: an export re-imports with nothing to change, formula-like text included", async () => {
    await createEnterprise(t.database.db, { orgUnit: zone, name: '=HYPERLINK("http://x")有限公司' });
    const exported = await t.app.inject({ method: "GET", url: "/api/enterprises/export", headers: { cookie: admin } });
    expect(exported.statusCode).toBe(200);
    const rows = await rowsOf(exported.rawPayload);
    expect(rows[0]).toEqual(header);
    const formulaRow = rows.find((r) => String(r[1]).includes("HYPERLINK"));
    expect(formulaRow?.[1]).toBe('\'=HYPERLINK("http://x")有限公司');
    const preview = (await upload(exported.rawPayload, "导出.xlsx")).json();
    expect(preview.counts).toMatchObject({
      total: rows.length - 1,
      create: 0,
      update: 0,
      refused: 0,
      unchanged: rows.length - 1,
    });
  });

  it("refuses what is not an .xlsx and files over the size limit", async () => {
    const text = await upload(Buffer.from("not a spreadsheet"), "名录.xlsx");
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe("UNSUPPORTED_FILE");
    const csv = await upload(Buffer.from("a,b"), "名录.csv");
    expect(csv.statusCode).toBe(415);
    const small = await createTestApp({ UPLOAD_MAX_MB: "1" });
    try {
      await createUser(small.database.db, {
        role: "admin",
        orgUnit: await createOrgUnit(small.database.db),
        username: "i_small",
      });
      const cookie = await small.signIn("i_small");
      const { payload, headers } = multipartFile("大文件.xlsx", Buffer.alloc(1_200_000, 1));
      const big = await small.app.inject({
        method: "POST",
        url: "/api/enterprises/imports",
        payload,
        headers: { ...headers, cookie },
      });
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ code: "UPLOAD_TOO_LARGE", message: expect.stringContaining("1 MB") });
    } finally {
      await small.close();
    }
  });

  it("refuses a sheet whose header runs past 200 columns", async () => {
    const wide: (string | null)[] = [...header, ...Array<null>(250).fill(null), "备注"];
    const response = await upload(await xlsxOf([wide, [makeCreditCode(), "宽表有限公司", "示范区"]]));
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toContain("表头超过 200 列");
  });

  it("refuses an upload from a role that may not import before saving anything", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = path.join(os.tmpdir(), "zonedesk-uploads");
    const count = () => (fs.existsSync(dir) ? fs.readdirSync(dir).length : 0);
    const before = count();
    await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "i_cadre" });
    const cookie = await t.signIn("i_cadre");
    const { payload, headers } = multipartFile("名录.xlsx", await xlsxOf([header]));
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/enterprises/imports",
      payload,
      headers: { ...headers, cookie },
    });
    expect(refused.statusCode).toBe(403);
    expect(count()).toBe(before);
  });

  it("shows a preview only to the user who uploaded it", async () => {
    const preview = (await upload(await xlsxOf([header, [makeCreditCode(), "他人预览有限公司", "示范区"]]))).json();
    await createUser(t.database.db, { role: "admin", orgUnit: zone, username: "i_admin2" });
    const other = await t.signIn("i_admin2");
    expect(
      (await t.app.inject({ method: "GET", url: `/api/enterprises/imports/${preview.id}`, headers: { cookie: other } }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: `/api/enterprises/imports/${preview.id}/confirm`,
          headers: { cookie: other },
        })
      ).statusCode,
    ).toBe(404);
  });
});
