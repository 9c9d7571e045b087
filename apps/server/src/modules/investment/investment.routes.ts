import {
  idParamsSchema,
  leadActivityInputSchema,
  leadActivityParamsSchema,
  leadActivitySchema,
  leadBoardSchema,
  leadDetailSchema,
  leadFiguresQuerySchema,
  leadFiguresSchema,
  leadFilterSchema,
  leadInputSchema,
  leadListQuerySchema,
  leadPageSchema,
  moveLeadStageSchema,
  okSchema,
  signLeadSchema,
  updateLeadActivitySchema,
  updateLeadSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { todayInBeijing } from "../../lib/format.js";
import { actorOf } from "../../lib/route-helpers.js";
import { sendWorkbook } from "../../lib/streaming.js";
import { importRoutes } from "../imports/index.js";
import { prepareLeadExport } from "./investment.export.js";
import { leadImport } from "./investment.import.js";
import { createLead, getLead, getLeadBoard, listLeads, updateLead } from "./investment.service.js";
import {
  addLeadActivity,
  deleteLeadActivity,
  listLeadActivities,
  updateLeadActivity,
} from "./lead-activities.service.js";
import { getLeadFigures } from "./lead-figures.service.js";
import { moveLeadStage, signLead } from "./lead-stages.service.js";
import { leadTemplateWriter } from "./lead-template.js";

const tags = ["investment"];

/** 招商引资: /api/leads. */
export const leadRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    { schema: { tags, summary: "招商线索列表", querystring: leadListQuerySchema, response: { 200: leadPageSchema } } },
    (request) => listLeads(db, actorOf(request), request.query),
  );
  app.get(
    "/board",
    {
      schema: {
        tags,
        summary: "招商看板：按阶段分列，含数量与拟投资额合计",
        querystring: leadFilterSchema,
        response: { 200: leadBoardSchema },
      },
    },
    (request) => getLeadBoard(db, actorOf(request), request.query),
  );
  app.get(
    "/figures",
    {
      schema: {
        tags,
        summary: "招商引资统计：考察、洽谈、各阶段数量、转化率、签约、省外项目",
        querystring: leadFiguresQuerySchema,
        response: { 200: leadFiguresSchema },
      },
    },
    (request) => getLeadFigures(db, actorOf(request), request.query),
  );
  app.get(
    "/export",
    {
      schema: {
        tags,
        summary: "导出招商线索台账（.xlsx）",
        querystring: leadListQuerySchema.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const write = await prepareLeadExport(db, actorOf(request), request.query);
      return sendWorkbook(reply, `招商线索-${todayInBeijing()}.xlsx`, write);
    },
  );
  app.get("/import-template", { schema: { tags, summary: "下载招商线索导入模板" } }, async (request, reply) => {
    const write = await leadTemplateWriter(db, actorOf(request));
    return sendWorkbook(reply, "招商线索导入模板.xlsx", write);
  });
  await app.register(importRoutes(leadImport, "招商线索"), { prefix: "/imports" });
  app.post(
    "/",
    { schema: { tags, summary: "登记招商线索", body: leadInputSchema, response: { 200: leadDetailSchema } } },
    (request) => createLead(db, actorOf(request), request.body),
  );
  app.get(
    "/:id",
    {
      schema: { tags, summary: "线索详情（含阶段记录）", params: idParamsSchema, response: { 200: leadDetailSchema } },
    },
    (request) => getLead(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改线索（带版本号，过期版本被拒绝）",
        params: idParamsSchema,
        body: updateLeadSchema,
        response: { 200: leadDetailSchema },
      },
    },
    (request) => updateLead(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/:id/stage",
    {
      schema: {
        tags,
        summary: "变更线索阶段（推进、终止；退回与恢复仅管理员）",
        params: idParamsSchema,
        body: moveLeadStageSchema,
        response: { 200: leadDetailSchema },
      },
    },
    (request) => moveLeadStage(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/:id/sign",
    {
      schema: {
        tags,
        summary: "签约：同时登记重点项目并与线索互相关联",
        params: idParamsSchema,
        body: signLeadSchema,
        response: { 200: leadDetailSchema },
      },
    },
    (request) => signLead(db, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/:id/activities",
    {
      schema: {
        tags,
        summary: "线索的活动记录（接洽、考察、洽谈、外出拜访）",
        params: idParamsSchema,
        response: { 200: z.array(leadActivitySchema) },
      },
    },
    (request) => listLeadActivities(db, actorOf(request), request.params.id),
  );
  app.post(
    "/:id/activities",
    {
      schema: {
        tags,
        summary: "登记活动",
        params: idParamsSchema,
        body: leadActivityInputSchema,
        response: { 200: leadActivitySchema },
      },
    },
    (request) => addLeadActivity(db, actorOf(request), request.params.id, request.body),
  );
  app.patch(
    "/:id/activities/:activityId",
    {
      schema: {
        tags,
        summary: "修改本人登记的活动",
        params: leadActivityParamsSchema,
        body: updateLeadActivitySchema,
        response: { 200: leadActivitySchema },
      },
    },
    (request) => updateLeadActivity(db, actorOf(request), request.params.id, request.params.activityId, request.body),
  );
  app.delete(
    "/:id/activities/:activityId",
    {
      schema: { tags, summary: "删除本人登记的活动", params: leadActivityParamsSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await deleteLeadActivity(db, actorOf(request), request.params.id, request.params.activityId);
      return { ok: true as const };
    },
  );
};
