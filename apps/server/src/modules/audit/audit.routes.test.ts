import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createOrgUnit, createUser } from "../../../test/factories.js";
import { rowsOf } from "../../../test/upload.js";
import { loadConfig } from "../../config.js";
import { writeAudit } from "../../lib/audit.js";
import { runMaintenance } from "../../maintenance.js";
import { auditLog } from "./audit.table.js";

let t: TestApp;
let cityAdmin: string;
let zoneOversight: string;
let zone: Awaited<ReturnType<typeof createOrgUnit>>;

beforeAll(async () => {
  t = await createTestApp();
  const city = await createOrgUnit(t.database.db, { name: "许昌市", kind: "city" });
  zone = await createOrgUnit(t.database.db, { parent: city, name: "经开区" });
  const other = await createOrgUnit(t.database.db, { parent: city, name: "高新区" });
  await createUser(t.database.db, { role: "admin", orgUnit: city, username: "au_city" });
  await createUser(t.database.db, { role: "oversight", orgUnit: zone, username: "au_jiwei" });
  await createUser(t.database.db, { role: "cadre", orgUnit: other, username: "au_far", displayName: "远方干部" });
  cityAdmin = await t.signIn("au_city");
  zoneOversight = await t.signIn("au_jiwei");
  await t.signIn("au_far");
  await t.app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { username: "au_far", password: "Wrong@pass1" },
  });
  await t.app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { username: "ghost", password: "Wrong@pass1" },
  });
});
afterAll(() => t.close());

const list = async (cookie: string, query = "") =>
  (await t.app.inject({ method: "GET", url: `/api/audit?pageSize=200${query}`, headers: { cookie } })).json().data as {
    action: string;
    actorName: string;
    summary: string | null;
    ip: string | null;
  }[];

describe("audit log", () => {
  it("records sign-ins and failures with who and from where", async () => {
    const rows = await list(cityAdmin, `&actor=${encodeURIComponent("远方")}`);
    expect(rows.map((r) => r.action)).toEqual(["auth.sign_in_failed", "auth.sign_in"]);
    expect(rows[0]?.ip).toBeTruthy();
  });

  it("scopes the log: a zone sees its own rows, the city also rows tied to no unit", async () => {
    const city = await list(cityAdmin, "&action=auth.sign_in_failed");
    expect(city.map((r) => r.actorName).sort()).toEqual(["ghost", "远方干部"]);
    const zoneRows = await list(zoneOversight);
    expect(zoneRows.every((r) => r.actorName !== "ghost")).toBe(true);
    expect(zoneRows.some((r) => r.summary?.includes("密码错误"))).toBe(false);
  });

  it("filters by date and refuses a malformed date", async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await list(cityAdmin, `&from=${today}&to=${today}`)).length).toBeGreaterThan(0);
    expect(await list(cityAdmin, "&from=2000-01-01&to=2000-01-02")).toEqual([]);
    const impossible = await t.app.inject({
      method: "GET",
      url: "/api/audit?from=2024-13-45",
      headers: { cookie: cityAdmin },
    });
    expect(impossible.statusCode).toBe(400);
    const bad = await t.app.inject({ method: "GET", url: "/api/audit?from=2024/1/1", headers: { cookie: cityAdmin } });
    expect(bad.json()).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ path: "querystring.from" }] },
    });
  });

  it("exports the filtered log as .xlsx and audits the export", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/audit/export?action=auth.sign_in",
      headers: { cookie: cityAdmin },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-disposition"]).toContain("filename*=UTF-8''");
    const rows = await rowsOf(response.rawPayload);
    expect(rows[0]).toEqual(["时间", "操作人", "来源IP", "操作", "对象类型", "对象ID", "摘要", "修改前", "修改后"]);
    expect(rows.slice(1).every((r) => r[3] === "登录")).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect((await list(cityAdmin, "&action=audit.export")).length).toBe(1);
  });

  it("keeps rows for at least 180 days, whatever retention is configured", async () => {
    const source = { userId: null, displayName: "retention-test", ip: null };
    await writeAudit(t.database.db, source, { action: "test.old", orgUnitId: zone.id });
    await writeAudit(t.database.db, source, { action: "test.recent", orgUnitId: zone.id });
    const { sql } = await import("drizzle-orm");
    await t.database.db
      .update(auditLog)
      .set({ at: new Date(Date.now() - 400 * 86_400_000) })
      .where(sql`${auditLog.action} = 'test.old'`);
    await t.database.db
      .update(auditLog)
      .set({ at: new Date(Date.now() - 179 * 86_400_000) })
      .where(sql`${auditLog.action} = 'test.recent'`);
    await runMaintenance(t.database.db, loadConfig({ AUDIT_RETENTION_DAYS: "365" }));
    const left = await list(cityAdmin, "&actor=retention-test");
    expect(left.map((r) => r.action)).toEqual(["test.recent"]);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: "30" })).toThrow(/AUDIT_RETENTION_DAYS/);
  });
});
