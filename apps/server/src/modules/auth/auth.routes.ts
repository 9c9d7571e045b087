import { changePasswordSchema, currentUserSchema, okSchema, signInSchema } from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireSession, setSessionCookie } from "./auth.plugin.js";
import { changeOwnPassword, getCurrentUser, resolveSession, signIn, signOut } from "./auth.service.js";

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/sign-in",
    {
      schema: { tags: ["auth"], summary: "登录", body: signInSchema, response: { 200: currentUserSchema } },
      config: { rateLimit: { max: app.config.SIGN_IN_RATE_PER_MINUTE, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const previous = request.sessionToken;
      const { token } = await signIn(app.database.db, app.config, request.body, {
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
      });
      // A session this browser held before (another account, or the same one) ends with the new sign-in.
      if (previous && request.session) await signOut(app.database.db, previous, request.session.actor);
      setSessionCookie(request, reply, token);
      const resolved = await resolveSession(app.database.db, app.config, token, request.ip);
      if (!resolved || resolved === "expired") throw new Error("session vanished right after sign-in");
      return getCurrentUser(app.database.db, resolved);
    },
  );

  app.post(
    "/sign-out",
    { schema: { tags: ["auth"], summary: "退出登录", response: { 200: okSchema } } },
    async (request, reply) => {
      const session = request.session;
      if (session && request.sessionToken) await signOut(app.database.db, request.sessionToken, session.actor);
      setSessionCookie(request, reply, null);
      return { ok: true as const };
    },
  );

  app.get(
    "/me",
    { schema: { tags: ["auth"], summary: "当前用户", response: { 200: currentUserSchema } } },
    async (request) => {
      return getCurrentUser(app.database.db, requireSession(request));
    },
  );

  app.post(
    "/change-password",
    {
      schema: {
        tags: ["auth"],
        summary: "修改本人密码",
        body: changePasswordSchema,
        response: { 200: currentUserSchema },
      },
    },
    async (request) => {
      const session = requireSession(request);
      await changeOwnPassword(app.database.db, session.actor, request.body, request.sessionToken ?? "");
      const resolved = await resolveSession(app.database.db, app.config, request.sessionToken ?? "", request.ip);
      if (!resolved || resolved === "expired") throw new Error("session vanished after password change");
      return getCurrentUser(app.database.db, resolved);
    },
  );
};
