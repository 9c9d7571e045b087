import {
  cadenceReportQuerySchema,
  cadenceReportSchema,
  cadenceRuleSchema,
  cancelVisitSchema,
  completeVisitSchema,
  createCadenceRuleSchema,
  createVisitSchema,
  idParamsSchema,
  recentVisitsQuerySchema,
  recentVisitsSchema,
  updateCadenceRuleSchema,
  updateVisitSchema,
  visitListQuerySchema,
  visitPageSchema,
  visitSchema,
  visitSettingsSchema,
  visitWithCoordinationSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../lib/route-helpers.js";
import { sendWorkbook } from "../../lib/streaming.js";
import {
  createCadenceRule,
  getCadenceReport,
  getCadenceRule,
  listCadenceRules,
  prepareCadenceExport,
  updateCadenceRule,
} from "./cadence.service.js";
import { getRecentVisits, getVisitSettings, updateVisitSettings } from "./visit-coordination.service.js";
import { cancelVisit, completeVisit, createVisit, getVisit, listVisits, updateVisit } from "./visits.service.js";

const tags = ["visits"];

export const visitRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/",
    {
      schema: { tags, summary: "走访记录列表", querystring: visitListQuerySchema, response: { 200: visitPageSchema } },
    },
    (request) => listVisits(db, actorOf(request), request.query),
  );
  app.post(
    "/",
    {
      schema: {
        tags,
        summary: "登记走访（或计划走访），可同时登记走访中收集的问题",
        body: createVisitSchema,
        response: { 200: visitWithCoordinationSchema },
      },
    },
    (request) => createVisit(db, actorOf(request), request.body),
  );
  app.get(
    "/recent",
    {
      schema: {
        tags,
        summary: "无事不扰：近期其他单位对该企业或项目的走访",
        querystring: recentVisitsQuerySchema,
        response: { 200: recentVisitsSchema },
      },
    },
    (request) => getRecentVisits(db, actorOf(request), request.query),
  );
  app.get("/settings", { schema: { tags, summary: "走访设置", response: { 200: visitSettingsSchema } } }, (request) =>
    getVisitSettings(db, actorOf(request)),
  );
  app.put(
    "/settings",
    { schema: { tags, summary: "修改走访设置", body: visitSettingsSchema, response: { 200: visitSettingsSchema } } },
    (request) => updateVisitSettings(db, actorOf(request), request.body),
  );

  app.get(
    "/cadence-rules",
    { schema: { tags, summary: "走访频次规则", response: { 200: z.array(cadenceRuleSchema) } } },
    (request) => listCadenceRules(db, actorOf(request)),
  );
  app.get(
    "/cadence-rules/:id",
    { schema: { tags, summary: "走访频次规则详情", params: idParamsSchema, response: { 200: cadenceRuleSchema } } },
    (request) => getCadenceRule(db, actorOf(request), request.params.id),
  );
  app.post(
    "/cadence-rules",
    {
      schema: {
        tags,
        summary: "新建走访频次规则",
        body: createCadenceRuleSchema,
        response: { 200: cadenceRuleSchema },
      },
    },
    (request) => createCadenceRule(db, actorOf(request), request.body),
  );
  app.patch(
    "/cadence-rules/:id",
    {
      schema: {
        tags,
        summary: "修改走访频次规则",
        params: idParamsSchema,
        body: updateCadenceRuleSchema,
        response: { 200: cadenceRuleSchema },
      },
    },
    (request) => updateCadenceRule(db, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/cadence",
    {
      schema: {
        tags,
        summary: "走访频次情况（谁落后、落后多少）",
        querystring: cadenceReportQuerySchema,
        response: { 200: cadenceReportSchema },
      },
    },
    (request) => getCadenceReport(db, actorOf(request), request.query),
  );
  app.get(
    "/cadence/export",
    { schema: { tags, summary: "导出走访频次情况（Excel）", querystring: cadenceReportQuerySchema } },
    async (request, reply) => {
      const write = await prepareCadenceExport(db, actorOf(request), request.query);
      return sendWorkbook(reply, "走访频次情况.xlsx", write);
    },
  );

  app.get(
    "/:id",
    { schema: { tags, summary: "走访记录详情", params: idParamsSchema, response: { 200: visitSchema } } },
    (request) => getVisit(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改走访记录（记录人或管理员）",
        params: idParamsSchema,
        body: updateVisitSchema,
        response: { 200: visitSchema },
      },
    },
    (request) => updateVisit(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/:id/complete",
    {
      schema: {
        tags,
        summary: "完成计划走访",
        params: idParamsSchema,
        body: completeVisitSchema,
        response: { 200: visitWithCoordinationSchema },
      },
    },
    (request) => completeVisit(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/:id/cancel",
    {
      schema: {
        tags,
        summary: "取消计划走访",
        params: idParamsSchema,
        body: cancelVisitSchema,
        response: { 200: visitSchema },
      },
    },
    (request) => cancelVisit(db, actorOf(request), request.params.id, request.body),
  );
};
