import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyMultipart from "@fastify/multipart";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { ErrorBody, FieldIssue } from "@zonedesk/contracts";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { writeAudit } from "./lib/audit.js";
import { AppError } from "./lib/errors.js";
import { assignmentRoutes } from "./modules/assignments/index.js";
import { auditRoutes } from "./modules/audit/index.js";
import { authPlugin, authRoutes } from "./modules/auth/index.js";
import { departmentRoutes } from "./modules/departments/index.js";
import { enterpriseRoutes } from "./modules/enterprises/index.js";
import { industryRoutes } from "./modules/industries/index.js";
import { leadRoutes } from "./modules/investment/index.js";
import { issueReportRoutes, issueRoutes } from "./modules/issues/index.js";
import { meetingRoutes } from "./modules/meetings/index.js";
import { notificationRoutes } from "./modules/notifications/index.js";
import { orgUnitRoutes } from "./modules/org-units/index.js";
import { projectInvestmentRoutes, projectRoutes } from "./modules/projects/index.js";
import { tagRoutes } from "./modules/tags/index.js";
import { userRoutes } from "./modules/users/index.js";
import { visitRoutes } from "./modules/visits/index.js";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    database: Database;
  }
}

export interface BuildAppOptions {
  config: Config;
  database: Database;
  logger?: FastifyServerOptions["logger"];
}

/** Builds the Fastify app: plugins, modules, error handler, OpenAPI at /api/docs, the web pages. */
export async function buildApp({ config, database, logger }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.LOG_LEVEL, redact: ["req.headers.cookie", "req.headers.authorization"] },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  app.decorate("config", config);
  app.decorate("database", database);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(async (error, request, reply) => {
    const body = await toErrorBody(app, error, request);
    return reply.status(body.status).send(body.payload);
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api/") || !webDist(config)) {
      const payload: ErrorBody = { code: "NOT_FOUND", message: "接口不存在", requestId: request.id };
      return reply.status(404).send(payload);
    }
    return reply.type("text/html").sendFile("index.html");
  });

  await app.register(fastifyCookie);
  // Per-instance limits, only on the routes that ask for one (sign-in): slows password spraying across accounts.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError("RATE_LIMITED", `尝试过于频繁，请${Math.ceil(context.ttl / 1000)}秒后再试`),
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.UPLOAD_MAX_MB * 1024 * 1024, files: 1, fields: 10 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "ZoneDesk 园区服务台 API", version: "0.1.0", description: "企业服务与重点项目平台" },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "zd_session" } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("X-Frame-Options", "DENY");
    reply.header("Referrer-Policy", "same-origin");
    if (request.protocol === "https") reply.header("Strict-Transport-Security", "max-age=31536000");
    if (request.url.startsWith("/api/docs")) return payload;
    if (request.url.startsWith("/api/")) {
      // Register data must not linger in shared or browser caches.
      reply.header("Cache-Control", "no-store");
    } else {
      // Ant Design writes its styles at run time, hence 'unsafe-inline' for styles only.
      reply.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
    return payload;
  });

  await app.register(authPlugin);
  await app.register(
    async (api) => {
      api.get("/health", { schema: { hide: true } }, async () => ({ ok: true, database: database.kind }));
      await api.register(authRoutes, { prefix: "/auth" });
      await api.register(orgUnitRoutes, { prefix: "/org-units" });
      await api.register(departmentRoutes, { prefix: "/departments" });
      await api.register(userRoutes, { prefix: "/users" });
      await api.register(tagRoutes, { prefix: "/tags" });
      await api.register(industryRoutes, { prefix: "/industries" });
      await api.register(enterpriseRoutes, { prefix: "/enterprises" });
      await api.register(assignmentRoutes, { prefix: "/assignments" });
      await api.register(auditRoutes, { prefix: "/audit" });
      await api.register(issueRoutes, { prefix: "/issues" });
      await api.register(issueReportRoutes, { prefix: "/issues" });
      await api.register(notificationRoutes, { prefix: "/notifications" });
      await api.register(visitRoutes, { prefix: "/visits" });
      await api.register(meetingRoutes, { prefix: "/meetings" });
      await api.register(projectRoutes, { prefix: "/projects" });
      await api.register(projectInvestmentRoutes, { prefix: "/projects" });
      await api.register(leadRoutes, { prefix: "/leads" });
    },
    { prefix: "/api" },
  );

  const dist = webDist(config);
  if (dist) {
    await app.register(fastifyStatic, { root: dist, wildcard: false, index: ["index.html"] });
  }
  return app;
}

function webDist(config: Config): string | null {
  const candidate = config.WEB_DIST ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");
  return fs.existsSync(path.join(candidate, "index.html")) ? candidate : null;
}

async function toErrorBody(
  app: FastifyInstance,
  error: unknown,
  request: import("fastify").FastifyRequest,
): Promise<{ status: number; payload: ErrorBody }> {
  const requestId = request.id;
  if (error instanceof AppError) {
    if (error.isAccessRefusal && request.actor) {
      const actor = request.actor;
      await writeAudit(app.database.db, actor, {
        action: "access.denied",
        orgUnitId: actor.orgUnitId,
        summary: `${request.method} ${request.url.split("?")[0]}：${error.message}`,
      }).catch((e: unknown) => request.log.error(e, "audit of refusal failed"));
    }
    const payload: ErrorBody = { code: error.code, message: error.message, requestId };
    if (error.details !== undefined) payload.details = error.details;
    return { status: error.status, payload };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: FieldIssue[] = error.validation.map((v) => ({
      path: [
        error.validationContext === "body" ? "" : `${error.validationContext ?? ""}`,
        v.instancePath.replace(/^\//, "").replaceAll("/", "."),
      ]
        .filter((s) => s.length > 0)
        .join("."),
      message: v.message ?? "输入有误",
    }));
    const first = issues[0];
    return {
      status: 400,
      payload: {
        code: "VALIDATION_FAILED",
        message: first ? `${first.path ? `${first.path}：` : ""}${first.message}` : "输入有误",
        details: { issues },
        requestId,
      },
    };
  }
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (e.code === "FST_REQ_FILE_TOO_LARGE" || e.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return {
      status: 413,
      payload: { code: "UPLOAD_TOO_LARGE", message: `文件过大，上限为 ${app.config.UPLOAD_MAX_MB} MB`, requestId },
    };
  }
  if (e.statusCode === 415) {
    return { status: 415, payload: { code: "UNSUPPORTED_FILE", message: "不支持的请求内容类型", requestId } };
  }
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: 400,
      payload: { code: "VALIDATION_FAILED", message: `请求有误：${e.message ?? ""}`, requestId },
    };
  }
  request.log.error(error, "unhandled error");
  return { status: 500, payload: { code: "INTERNAL_ERROR", message: "服务器内部错误，请稍后再试", requestId } };
}
