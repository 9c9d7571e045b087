import { idParamsSchema, issueExportQuerySchema, issueStatsQuerySchema, issueStatsSchema } from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { attachmentHeader, todayInBeijing } from "../../lib/format.js";
import { actorOf } from "../../lib/route-helpers.js";
import { sendWorkbook } from "../../lib/streaming.js";
import { prepareIssueLedgerExport } from "./issue-ledger-export.js";
import { getIssueStats } from "./issue-stats.js";
import { docxContentType, prepareRoutingSlip } from "./routing-slip.js";

const tags = ["issues"];

/** Ledger export, statistics and the routing slip (交办单). */
export const issueReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/export",
    {
      schema: {
        tags,
        summary: "导出企业问题受理台账（.xlsx，筛选条件同列表）",
        querystring: issueExportQuerySchema,
      },
    },
    async (request, reply) => {
      const write = await prepareIssueLedgerExport(db, actorOf(request), request.query);
      return sendWorkbook(reply, `企业问题受理台账-${todayInBeijing()}.xlsx`, write);
    },
  );
  app.get(
    "/stats",
    {
      schema: {
        tags,
        summary:
          "问题办理统计（按牵头单位或下级单位：收集、办结、在办、逾期、办结率、按期办结率、满意率、平均办结天数）",
        querystring: issueStatsQuerySchema,
        response: { 200: issueStatsSchema },
      },
    },
    (request) => getIssueStats(db, actorOf(request), request.query),
  );
  app.get(
    "/:id/routing-slip.docx",
    { schema: { tags, summary: "下载交办单（.docx，A4 打印）", params: idParamsSchema } },
    async (request, reply) => {
      const { fileName, body } = await prepareRoutingSlip(db, actorOf(request), request.params.id);
      reply.header("Content-Type", docxContentType);
      reply.header("Content-Disposition", attachmentHeader(fileName));
      return reply.send(body);
    },
  );
};
