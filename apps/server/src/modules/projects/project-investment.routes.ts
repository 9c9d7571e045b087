import {
  annualPlanInputSchema,
  monthlyReportInputSchema,
  planRevisionsSchema,
  projectFiguresQuerySchema,
  projectFiguresSchema,
  projectInvestmentQuerySchema,
  projectInvestmentSchema,
  projectMonthParamsSchema,
  projectWarningPageSchema,
  projectWarningsQuerySchema,
  projectYearParamsSchema,
  reportRevisionSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../lib/route-helpers.js";
import { sendWorkbook } from "../../lib/streaming.js";
import { importRoutes } from "../imports/index.js";
import { getProjectFigures, listProjectWarnings } from "./project-figures.js";
import { getProjectInvestment } from "./project-investment.service.js";
import { annualPlanImport, planTemplateWriter } from "./project-plan.import.js";
import { listPlanRevisions, setAnnualPlan } from "./project-plans.service.js";
import { investmentReportImport, reportTemplateWriter } from "./project-report.import.js";
import { listReportRevisions, saveMonthlyReport } from "./project-reports.service.js";

const tags = ["projects"];

/** Annual plans, monthly investment reports and the project figures. */
export const projectInvestmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/figures",
    {
      schema: {
        tags,
        summary: "重点项目指标（完成率、时序进度、落地率、开工率、达效率、预警）",
        querystring: projectFiguresQuerySchema,
        response: { 200: projectFiguresSchema },
      },
    },
    (request) => getProjectFigures(db, actorOf(request), request.query),
  );
  app.get(
    "/warnings",
    {
      schema: {
        tags,
        summary: "预警项目（红/黄）及其规则",
        querystring: projectWarningsQuerySchema,
        response: { 200: projectWarningPageSchema },
      },
    },
    (request) => listProjectWarnings(db, actorOf(request), request.query),
  );
  app.get("/reports/import-template", { schema: { tags, summary: "下载月度投资填报导入模板" } }, (request, reply) =>
    sendWorkbook(reply, "月度投资填报模板.xlsx", reportTemplateWriter(actorOf(request))),
  );
  await app.register(importRoutes(investmentReportImport, "月度投资填报"), { prefix: "/reports/imports" });
  app.get("/plans/import-template", { schema: { tags, summary: "下载年度投资计划导入模板" } }, (request, reply) =>
    sendWorkbook(reply, "年度投资计划模板.xlsx", planTemplateWriter(actorOf(request))),
  );
  await app.register(importRoutes(annualPlanImport, "年度投资计划"), { prefix: "/plans/imports" });
  app.get(
    "/:id/investment",
    {
      schema: {
        tags,
        summary: "项目某年的年度计划与1至12月完成投资（当月、累计）",
        params: z.object({ id: z.uuid() }),
        querystring: projectInvestmentQuerySchema,
        response: { 200: projectInvestmentSchema },
      },
    },
    (request) => getProjectInvestment(db, actorOf(request), request.params.id, request.query.year),
  );
  app.put(
    "/:id/plans/:year",
    {
      schema: {
        tags,
        summary: "设置或修改年度计划投资（仅管理员；可分月，合计须等于年度计划）",
        params: projectYearParamsSchema,
        body: annualPlanInputSchema,
        response: { 200: projectInvestmentSchema },
      },
    },
    (request) => setAnnualPlan(db, actorOf(request), request.params.id, request.params.year, request.body),
  );
  app.get(
    "/:id/plans/:year/revisions",
    {
      schema: {
        tags,
        summary: "年度计划投资的设置与修改记录（修改前后、修改人、时间）",
        description: "指标始终按当前计划计算：调整计划适用于全年（含已过去的月份），这些记录只用于查阅计划曾经是多少。",
        params: projectYearParamsSchema,
        response: { 200: planRevisionsSchema },
      },
    },
    (request) => listPlanRevisions(db, actorOf(request), request.params.id, request.params.year),
  );
  app.put(
    "/:id/reports/:year/:month",
    {
      schema: {
        tags,
        summary: "填报或更正某月完成投资（当月数或累计数）",
        params: projectMonthParamsSchema,
        body: monthlyReportInputSchema,
        response: { 200: projectInvestmentSchema },
      },
    },
    (request) =>
      saveMonthlyReport(
        db,
        actorOf(request),
        request.params.id,
        request.params.year,
        request.params.month,
        request.body,
      ),
  );
  app.get(
    "/:id/reports/:year/:month/revisions",
    {
      schema: {
        tags,
        summary: "某月投资填报的更正记录（更正前的数值）",
        params: projectMonthParamsSchema,
        response: { 200: z.array(reportRevisionSchema) },
      },
    },
    (request) =>
      listReportRevisions(db, actorOf(request), request.params.id, request.params.year, request.params.month),
  );
};
