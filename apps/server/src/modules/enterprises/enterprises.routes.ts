import {
  assignmentSchema,
  enterpriseInputSchema,
  enterpriseListQuerySchema,
  enterprisePageSchema,
  enterpriseSchema,
  idParamsSchema,
  updateEnterpriseSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { todayInBeijing } from "../../lib/format.js";
import { actorOf } from "../../lib/route-helpers.js";
import { sendWorkbook } from "../../lib/streaming.js";
import { listAssignmentsOfEnterprise } from "../assignments/index.js";
import { importRoutes } from "../imports/index.js";
import { findOrgUnitsUnder } from "../org-units/index.js";
import { enterpriseTemplateWriter, prepareEnterpriseExport } from "./enterprises.export.js";
import { enterpriseImport } from "./enterprises.import.js";
import {
  createEnterprise,
  getEnterprise,
  listEnterprises,
  setEnterpriseStatus,
  updateEnterprise,
} from "./enterprises.service.js";

const tags = ["enterprises"];
const versionBody = z.object({ version: z.number().int() });

export const enterpriseRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "企业库列表",
        querystring: enterpriseListQuerySchema,
        response: { 200: enterprisePageSchema },
      },
    },
    (request) => listEnterprises(db, actorOf(request), request.query),
  );
  app.get(
    "/export",
    {
      schema: {
        tags,
        summary: "导出企业（.xlsx，与导入模板同列）",
        querystring: enterpriseListQuerySchema.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const write = await prepareEnterpriseExport(db, actorOf(request), request.query);
      return sendWorkbook(reply, `企业名录-${todayInBeijing()}.xlsx`, write);
    },
  );
  app.get("/import-template", { schema: { tags, summary: "下载企业导入模板" } }, async (request, reply) => {
    const actor = actorOf(request);
    const [unit] = await findOrgUnitsUnder(db, actor.orgUnitPath);
    return sendWorkbook(reply, "企业导入模板.xlsx", enterpriseTemplateWriter(actor, unit?.name ?? ""));
  });
  await app.register(importRoutes(enterpriseImport, "企业"), { prefix: "/imports" });
  app.get(
    "/:id",
    { schema: { tags, summary: "企业详情", params: idParamsSchema, response: { 200: enterpriseSchema } } },
    (request) => getEnterprise(db, actorOf(request), request.params.id),
  );
  app.get(
    "/:id/assignments",
    {
      schema: {
        tags,
        summary: "企业的包联记录（含历史）",
        params: idParamsSchema,
        response: { 200: z.array(assignmentSchema) },
      },
    },
    (request) => listAssignmentsOfEnterprise(db, actorOf(request), request.params.id),
  );
  app.post(
    "/",
    { schema: { tags, summary: "新建企业", body: enterpriseInputSchema, response: { 200: enterpriseSchema } } },
    (request) => createEnterprise(db, actorOf(request), request.body),
  );
  app.put(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改企业（带版本号，过期版本被拒绝）",
        params: idParamsSchema,
        body: updateEnterpriseSchema,
        response: { 200: enterpriseSchema },
      },
    },
    (request) => updateEnterprise(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/:id/archive",
    {
      schema: {
        tags,
        summary: "归档企业",
        params: idParamsSchema,
        body: versionBody,
        response: { 200: enterpriseSchema },
      },
    },
    (request) => setEnterpriseStatus(db, actorOf(request), request.params.id, request.body.version, "archived"),
  );
  app.post(
    "/:id/restore",
    {
      schema: {
        tags,
        summary: "恢复已归档企业",
        params: idParamsSchema,
        body: versionBody,
        response: { 200: enterpriseSchema },
      },
    },
    (request) => setEnterpriseStatus(db, actorOf(request), request.params.id, request.body.version, "active"),
  );
};
