import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, sessionCookieOf, type TestApp } from "../../../test/app.js";
import { createOrgUnit, createUser, testPassword } from "../../../test/factories.js";
import { auditLog } from "../audit/audit.table.js";
import { users } from "../users/users.table.js";
import { sessions } from "./sessions.table.js";

let t: TestApp;
let zone: Awaited<ReturnType<typeof createOrgUnit>>;

beforeAll(async () => {
  t = await createTestApp();
  const city = await createOrgUnit(t.database.db, { name: "许昌市", kind: "city" });
  zone = await createOrgUnit(t.database.db, { parent: city, name: "经开区" });
});
afterAll(() => t.close());

const signIn = (username: string, password: string) =>
  t.app.inject({ method: "POST", url: "/api/auth/sign-in", payload: { username, password } });

describe("sign-in", () => {
  it("signs in, sets an HttpOnly SameSite=Lax cookie and answers the current user with permissions", async () => {
    const user = await createUser(t.database.db, {
      role: "cadre",
      orgUnit: zone,
      username: "cadre_ok",
      displayName: "王干部",
    });
    const response = await signIn("cadre_ok", testPassword);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      id: user.id,
      displayName: "王干部",
      role: "cadre",
      orgUnitName: "经开区",
      mustChangePassword: false,
    });
    expect(body.permissions).toContain("enterprise.read");
    expect(body.permissions).not.toContain("user.write");
    const cookie = response.cookies.find((c) => c.name === "zd_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    const me = await t.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: sessionCookieOf(response) },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe("cadre_ok");
  });

  it("issues a new session token at every sign-in", async () => {
    await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_twice" });
    const a = sessionCookieOf(await signIn("cadre_twice", testPassword));
    const b = sessionCookieOf(await signIn("cadre_twice", testPassword));
    expect(a).not.toBe(b);
  });

  it("answers a wrong password exactly like an unknown username", async () => {
    await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_wrong" });
    const wrong = await signIn("cadre_wrong", "Wrong@pass1");
    const unknown = await signIn("nobody_at_all", "Wrong@pass1");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe("用户名或密码错误（连续输错5次将锁定15分钟）");
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it("counts no more than 5 wrong passwords when attempts arrive at once, and a right one cannot lift the lock", async () => {
    const user = await createUser(t.database.db, { role: "admin", orgUnit: zone, username: "admin_burst" });
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn("admin_burst", `Wrong@burst${i}`)));
    const statuses = burst.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([...Array(4).fill(401), ...Array(8).fill(423)]);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lockedUntil?.getTime() ?? 0).toBeGreaterThan(Date.now());
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(audits.filter((a) => a.action === "auth.locked")).toHaveLength(1);
    expect(audits.filter((a) => a.summary?.startsWith("密码错误"))).toHaveLength(5);
    const later = await Promise.all([signIn("admin_burst", testPassword), signIn("admin_burst", testPassword)]);
    expect(later.map((r) => r.statusCode)).toEqual([423, 423]);
  });

  it("locks the account for 15 minutes after 5 wrong passwords, even for the right password", async () => {
    const user = await createUser(t.database.db, { role: "leader", orgUnit: zone, username: "leader_lock" });
    for (let i = 1; i <= 4; i++) expect((await signIn("leader_lock", `Wrong@pass${i}`)).statusCode).toBe(401);
    const fifth = await signIn("leader_lock", "Wrong@pass5");
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe("ACCOUNT_LOCKED");
    const right = await signIn("leader_lock", testPassword);
    expect(right.statusCode).toBe(423);
    expect(right.json().message).toMatch(/1[45]分钟后再试/);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    const minutes = ((row?.lockedUntil?.getTime() ?? 0) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(audits.filter((a) => a.action === "auth.sign_in_failed")).toHaveLength(6);
    expect(audits.filter((a) => a.action === "auth.locked")).toHaveLength(1);
  });

  it("signs in again once the lock has expired", async () => {
    const user = await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_unlock" });
    await t.database.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, user.id));
    expect((await signIn("cadre_unlock", testPassword)).statusCode).toBe(200);
  });

  it("answers an unknown username like a wrong password and audits it", async () => {
    const response = await signIn("nobody_here", testPassword);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe("INVALID_CREDENTIALS");
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.actorName, "nobody_here"));
    expect(rows.map((r) => r.action)).toEqual(["auth.sign_in_failed"]);
  });

  it("refuses a disabled user", async () => {
    await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_disabled", isDisabled: true });
    const response = await signIn("cadre_disabled", testPassword);
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toContain("停用");
  });

  it("validates the body with field paths", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "", password: "" },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.details.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(["username", "password"]),
    );
    expect(body.requestId).toBeTruthy();
  });
});

describe("sessions", () => {
  it("answers 401 UNAUTHENTICATED without a session and SESSION_EXPIRED after 30 idle minutes", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me" })).json().code).toBe("UNAUTHENTICATED");
    const user = await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_idle" });
    const cookie = await t.signIn("cadre_idle");
    await t.database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(sessions.userId, user.id));
    const response = await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe("SESSION_EXPIRED");
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });

  it("keeps a session alive that was used 29 minutes ago", async () => {
    const user = await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_active" });
    const cookie = await t.signIn("cadre_active");
    await t.database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 29 * 60_000) })
      .where(eq(sessions.userId, user.id));
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(200);
  });

  it("signs out: the cookie no longer works", async () => {
    await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_out" });
    const cookie = await t.signIn("cadre_out");
    expect((await t.app.inject({ method: "POST", url: "/api/auth/sign-out", headers: { cookie } })).statusCode).toBe(
      200,
    );
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(401);
  });
});

describe("passwords", () => {
  it("makes a user with a one-time password change it before anything else", async () => {
    await createUser(t.database.db, {
      role: "admin",
      orgUnit: zone,
      username: "admin_first",
      mustChangePassword: true,
    });
    const cookie = await t.signIn("admin_first");
    const blocked = await t.app.inject({ method: "GET", url: "/api/users", headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe("PASSWORD_CHANGE_REQUIRED");
    const weak = await t.app.inject({
      method: "POST",
      url: "/api/auth/change-password",
      headers: { cookie },
      payload: { currentPassword: testPassword, newPassword: "Password123" },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: "PASSWORD_TOO_WEAK", details: { issues: [{ path: "newPassword" }] } });
    expect(weak.json().message).toContain("常见弱密码");
    const short = await t.app.inject({
      method: "POST",
      url: "/api/auth/change-password",
      headers: { cookie },
      payload: { currentPassword: testPassword, newPassword: "aB3$x" },
    });
    expect(short.json().message).toContain("至少8位");
    const twoClasses = await t.app.inject({
      method: "POST",
      url: "/api/auth/change-password",
      headers: { cookie },
      payload: { currentPassword: testPassword, newPassword: "lowercase123456" },
    });
    expect(twoClasses.json().message).toContain("至少三类");
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/auth/change-password",
      headers: { cookie },
      payload: { currentPassword: testPassword, newPassword: "Xuchang#2026park" },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().mustChangePassword).toBe(false);
    expect((await t.app.inject({ method: "GET", url: "/api/users", headers: { cookie } })).statusCode).toBe(200);
  });

  it("refuses a wrong current password, naming the field", async () => {
    await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_pw" });
    const cookie = await t.signIn("cadre_pw");
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/change-password",
      headers: { cookie },
      payload: { currentPassword: "Nope@1234", newPassword: "Xuchang#2026park" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues[0].path).toBe("currentPassword");
  });

  it("requires a change once the rotation period has passed", async () => {
    const rotating = await createTestApp({ PASSWORD_MAX_AGE_DAYS: "90" });
    try {
      const unit = await createOrgUnit(rotating.database.db);
      const user = await createUser(rotating.database.db, { role: "cadre", orgUnit: unit, username: "cadre_old_pw" });
      await rotating.database.db
        .update(users)
        .set({ passwordChangedAt: new Date(Date.now() - 91 * 86_400_000) })
        .where(eq(users.id, user.id));
      const cookie = await rotating.signIn("cadre_old_pw");
      const me = await rotating.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } });
      expect(me.json().passwordExpired).toBe(true);
      const blocked = await rotating.app.inject({ method: "GET", url: "/api/enterprises", headers: { cookie } });
      expect(blocked.json().code).toBe("PASSWORD_CHANGE_REQUIRED");
    } finally {
      await rotating.close();
    }
  });
});

describe("rate limit", () => {
  it("slows down many sign-in attempts from one address with RATE_LIMITED", async () => {
    const limited = await createTestApp({ SIGN_IN_RATE_PER_MINUTE: "3" });
    try {
      const attempt = () =>
        limited.app.inject({
          method: "POST",
          url: "/api/auth/sign-in",
          payload: { username: "anyone", password: "Wrong@pass1" },
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt()).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const body = (await attempt()).json();
      expect(body).toMatchObject({
        code: "RATE_LIMITED",
        message: expect.stringMatching(/^尝试过于频繁，请\d+秒后再试$/),
      });
    } finally {
      await limited.close();
    }
  });
});

describe("session hygiene and headers", () => {
  it("ends the session a browser already held when it signs in again", async () => {
    await createUser(t.database.db, { role: "cadre", orgUnit: zone, username: "cadre_again" });
    const first = await t.signIn("cadre_again");
    const second = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      headers: { cookie: first },
      payload: { username: "cadre_again", password: testPassword },
    });
    expect(second.statusCode).toBe(200);
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: first } })).statusCode).toBe(
      401,
    );
    expect(
      (await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: sessionCookieOf(second) } }))
        .statusCode,
    ).toBe(200);
  });

  it("keeps API answers out of caches and gives pages a content security policy", async () => {
    const api = await t.app.inject({ method: "GET", url: "/api/auth/me" });
    expect(api.headers["cache-control"]).toBe("no-store");
    expect(api.headers["x-content-type-options"]).toBe("nosniff");
    const page = await t.app.inject({ method: "GET", url: "/enterprises" });
    expect(String(page.headers["content-security-policy"])).toContain("default-src 'self'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
  });
});
