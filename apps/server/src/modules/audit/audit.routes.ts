import { auditEntrySchema, auditListQuerySchema, pageOf } from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { todayInBeijing } from "../../lib/format.js";
import { actorOf } from "../../lib/route-helpers.js";
import { sendWorkbook } from "../../lib/streaming.js";
import { listAuditEntries, prepareAuditExport } from "./audit.service.js";

const tags = ["audit"];
const exportQuerySchema = auditListQuerySchema.omit({ page: true, pageSize: true });

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "审计日志",
        querystring: auditListQuerySchema,
        response: { 200: pageOf(auditEntrySchema) },
      },
    },
    (request) => listAuditEntries(db, actorOf(request), request.query),
  );
  app.get(
    "/export",
    { schema: { tags, summary: "导出审计日志（.xlsx）", querystring: exportQuerySchema } },
    async (request, reply) => {
      const write = await prepareAuditExport(db, actorOf(request), request.query);
      return sendWorkbook(reply, `审计日志-${todayInBeijing()}.xlsx`, write);
    },
  );
};
