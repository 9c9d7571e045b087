import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Actor } from "../../lib/actor.js";
import { AppError } from "../../lib/errors.js";
import { type ResolvedSession, resolveSession } from "./auth.service.js";

export const sessionCookieName = "zd_session";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
    session: ResolvedSession | null;
    sessionToken: string | null;
    sessionExpired: boolean;
  }
}

/** Resolves the session cookie on every request; routes call requireActor to demand a signed-in user. */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest("actor", null);
  app.decorateRequest("session", null);
  app.decorateRequest("sessionToken", null);
  app.decorateRequest("sessionExpired", false);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    if (!request.url.startsWith("/api/")) return;
    const token = request.cookies[sessionCookieName];
    if (!token) return;
    const resolved = await resolveSession(app.database.db, app.config, token, request.ip);
    if (resolved === "expired") {
      request.sessionExpired = true;
      return;
    }
    if (resolved) {
      request.session = resolved;
      request.actor = resolved.actor;
      request.sessionToken = token;
    }
  });
});

/** The signed-in actor, or 401; 403 PASSWORD_CHANGE_REQUIRED until a one-time or expired password is changed. */
export function requireActor(request: FastifyRequest): Actor {
  const session = requireSession(request);
  if (session.mustChangePassword || session.passwordExpired) {
    throw new AppError(
      "PASSWORD_CHANGE_REQUIRED",
      session.mustChangePassword ? "首次登录或密码被重置，请先修改密码" : "密码已过期，请先修改密码",
    );
  }
  return session.actor;
}

export function requireSession(request: FastifyRequest): ResolvedSession {
  if (!request.session) {
    if (request.sessionExpired) throw new AppError("SESSION_EXPIRED", "登录已超时，请重新登录");
    throw new AppError("UNAUTHENTICATED", "请先登录");
  }
  return request.session;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string | null): void {
  const mode = request.server.config.COOKIE_SECURE;
  const secure = mode === "always" || (mode === "auto" && request.protocol === "https");
  if (token === null) {
    reply.clearCookie(sessionCookieName, { path: "/", httpOnly: true, sameSite: "lax", secure });
    return;
  }
  reply.setCookie(sessionCookieName, token, { path: "/", httpOnly: true, sameSite: "lax", secure });
}
