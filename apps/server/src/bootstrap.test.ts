import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/app.js";
import { bootstrapDatabase } from "./bootstrap.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("first start without demo data (DEMO=0)", () => {
  it("creates one administrator whose one-time password must be changed, and nothing the second time", async () => {
    const first = await bootstrapDatabase(t.database.db, { demo: false });
    if (first.kind !== "empty") throw new Error(`expected an empty first start, got ${first.kind}`);
    expect(first.adminUsername).toBe("admin");
    const cookie = await t.signIn("admin", first.oneTimePassword);
    const me = (await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).json();
    expect(me).toMatchObject({ role: "admin", mustChangePassword: true });
    expect((await t.app.inject({ method: "GET", url: "/api/enterprises", headers: { cookie } })).json().code).toBe(
      "PASSWORD_CHANGE_REQUIRED",
    );
    const second = await bootstrapDatabase(t.database.db, { demo: false });
    expect(second).toEqual({ kind: "existing", demoAccounts: [] });
    const demoUsers = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "cadre001", password: "Zd@demo2026!" },
    });
    expect(demoUsers.statusCode).toBe(401);
  });
});
