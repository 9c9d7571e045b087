import { createHash, randomBytes } from "node:crypto";
import type { ChangePassword, CurrentUser, SignIn } from "@zonedesk/contracts";
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { actorPermissions } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError } from "../../lib/errors.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { assertStrongPassword, decoyHash, hashPassword, verifyPassword } from "./password.js";
import { sessions } from "./sessions.table.js";

export type AuthConfig = Pick<
  Config,
  "SESSION_IDLE_MINUTES" | "SESSION_ABSOLUTE_HOURS" | "LOCKOUT_THRESHOLD" | "LOCKOUT_MINUTES" | "PASSWORD_MAX_AGE_DAYS"
>;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Checks the password, counts failures (5 in a row lock the account for 15 minutes), and on success
 * opens a new session with a fresh token. Failures are audited even though the call throws.
 */
export async function signIn(
  db: Db,
  config: AuthConfig,
  input: SignIn,
  client: ClientInfo,
): Promise<{ token: string; userId: string }> {
  const [user] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${input.username})`);
  const anonymous = { userId: null, displayName: input.username, ip: client.ip };
  if (!user) {
    await verifyPassword(await decoyHash, input.password);
    await writeAudit(db, anonymous, { action: "auth.sign_in_failed", summary: `用户名不存在：${input.username}` });
    throw invalidCredentials(config);
  }
  const source = { userId: user.id, displayName: user.displayName, ip: client.ip };
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    await writeAudit(db, source, {
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: user.id,
      orgUnitId: user.orgUnitId,
      summary: "账号锁定期间尝试登录",
    });
    throw lockedError(user.lockedUntil, now);
  }
  const isValid = await verifyPassword(user.passwordHash, input.password);
  if (!isValid) {
    const lockedUntil = await db.transaction(async (tx) => {
      // Counted only while not locked, in one statement: attempts racing the lock can neither reset it nor
      // count past it. A lock that has run out starts the count again.
      const [row] = await tx
        .update(users)
        .set({
          failedSignIns: sql`case when ${users.lockedUntil} is null then ${users.failedSignIns} + 1 else 1 end`,
          lockedUntil: null,
        })
        .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
        .returning({ failedSignIns: users.failedSignIns });
      if (!row) {
        const [current] = await tx.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, user.id));
        await writeAudit(tx, source, {
          action: "auth.sign_in_failed",
          entityType: "user",
          entityId: user.id,
          orgUnitId: user.orgUnitId,
          summary: "账号锁定期间尝试登录",
        });
        return current?.lockedUntil ?? now;
      }
      const failed = row.failedSignIns;
      await writeAudit(tx, source, {
        action: "auth.sign_in_failed",
        entityType: "user",
        entityId: user.id,
        orgUnitId: user.orgUnitId,
        summary: `密码错误（连续第${failed}次）`,
      });
      if (failed < config.LOCKOUT_THRESHOLD) return null;
      const until = new Date(now.getTime() + config.LOCKOUT_MINUTES * 60_000);
      await tx.update(users).set({ lockedUntil: until }).where(eq(users.id, user.id));
      await writeAudit(tx, source, {
        action: "auth.locked",
        entityType: "user",
        entityId: user.id,
        orgUnitId: user.orgUnitId,
        summary: `连续${failed}次密码错误，锁定${config.LOCKOUT_MINUTES}分钟`,
      });
      return until;
    });
    if (lockedUntil) throw lockedError(lockedUntil, now);
    throw invalidCredentials(config);
  }
  if (user.isDisabled) {
    await writeAudit(db, source, {
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: user.id,
      orgUnitId: user.orgUnitId,
      summary: "账号已停用",
    });
    throw new AppError("INVALID_CREDENTIALS", "账号已停用，请联系管理员");
  }
  const token = randomBytes(32).toString("base64url");
  const lockedMeanwhile = await db.transaction(async (tx) => {
    // A lock set by a concurrent wrong attempt after our first read still holds: re-check under the row lock.
    const [current] = await tx
      .select({ lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, user.id))
      .for("update");
    if (current?.lockedUntil && current.lockedUntil > now) return current.lockedUntil;
    await tx.update(users).set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt: new Date(now.getTime() + config.SESSION_ABSOLUTE_HOURS * 3_600_000),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    await writeAudit(tx, source, {
      action: "auth.sign_in",
      entityType: "user",
      entityId: user.id,
      orgUnitId: user.orgUnitId,
      summary: "登录成功",
    });
    return null;
  });
  if (lockedMeanwhile) throw lockedError(lockedMeanwhile, now);
  return { token, userId: user.id };
}

/** The same answer for an unknown username and a wrong password, so neither reveals which accounts exist. */
function invalidCredentials(config: AuthConfig): AppError {
  return new AppError(
    "INVALID_CREDENTIALS",
    `用户名或密码错误（连续输错${config.LOCKOUT_THRESHOLD}次将锁定${config.LOCKOUT_MINUTES}分钟）`,
  );
}

function lockedError(lockedUntil: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return new AppError("ACCOUNT_LOCKED", `密码错误次数过多，账号已锁定，请${minutes}分钟后再试`, {
    details: { lockedUntil: lockedUntil.toISOString() },
  });
}

export interface ResolvedSession {
  actor: Actor;
  mustChangePassword: boolean;
  passwordExpired: boolean;
}

/** The session behind a token, or null; an idle or expired session is deleted. Touches last_seen_at at most once a minute. */
export async function resolveSession(
  db: Db,
  config: AuthConfig,
  token: string,
  ip: string | null,
): Promise<ResolvedSession | "expired" | null> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({ session: sessions, user: users, orgUnitPath: orgUnits.path })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row) return null;
  const now = Date.now();
  const idleLimit = config.SESSION_IDLE_MINUTES * 60_000;
  if (
    row.user.isDisabled ||
    row.session.expiresAt.getTime() <= now ||
    now - row.session.lastSeenAt.getTime() > idleLimit
  ) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return "expired";
  }
  if (now - row.session.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.tokenHash, tokenHash));
  }
  const { user } = row;
  const maxAge = config.PASSWORD_MAX_AGE_DAYS * 86_400_000;
  return {
    actor: {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      orgUnitId: user.orgUnitId,
      orgUnitPath: row.orgUnitPath,
      departmentId: user.departmentId,
      enterpriseId: user.enterpriseId,
      ip,
    },
    mustChangePassword: user.mustChangePassword,
    passwordExpired: maxAge > 0 && now - user.passwordChangedAt.getTime() > maxAge,
  };
}

export async function signOut(db: Db, token: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
    await writeAudit(tx, actor, {
      action: "auth.sign_out",
      entityType: "user",
      entityId: actor.userId,
      orgUnitId: actor.orgUnitId,
    });
  });
}

/** Changes one's own password; other sessions of the user end, the current one stays. */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  input: ChangePassword,
  currentToken: string,
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError("UNAUTHENTICATED", "请先登录");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw fieldError("currentPassword", "当前密码不正确");
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError("PASSWORD_TOO_WEAK", "新密码不能与当前密码相同", {
      details: { issues: [{ path: "newPassword", message: "新密码不能与当前密码相同" }] },
    });
  }
  assertStrongPassword(input.newPassword, user.username, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash,
        passwordChangedAt: new Date(),
        mustChangePassword: false,
        updatedAt: new Date(),
        version: sql`${users.version} + 1`,
      })
      .where(eq(users.id, user.id));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, user.id), sql`${sessions.tokenHash} <> ${hashToken(currentToken)}`));
    await writeAudit(tx, actor, {
      action: "auth.password_changed",
      entityType: "user",
      entityId: user.id,
      orgUnitId: user.orgUnitId,
    });
  });
}

export async function getCurrentUser(db: Db, resolved: ResolvedSession): Promise<CurrentUser> {
  const { actor } = resolved;
  const [unit] = await db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, actor.orgUnitId));
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    orgUnitId: actor.orgUnitId,
    orgUnitName: unit?.name ?? "",
    departmentId: actor.departmentId,
    enterpriseId: actor.enterpriseId,
    mustChangePassword: resolved.mustChangePassword,
    passwordExpired: resolved.passwordExpired,
    permissions: actorPermissions(actor),
  };
}

/** Ends every session of a user at once (disabled, role or scope changed, password reset). */
export async function endSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Deletes expired and idle sessions; safe to run from any instance at any time. */
export async function purgeStaleSessions(db: Db, config: AuthConfig): Promise<void> {
  const idleCutoff = new Date(Date.now() - config.SESSION_IDLE_MINUTES * 60_000);
  await db.delete(sessions).where(or(lt(sessions.expiresAt, new Date()), lt(sessions.lastSeenAt, idleCutoff)));
}
