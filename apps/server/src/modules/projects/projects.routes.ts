import {
  advanceStageSchema,
  createProcedureTypeSchema,
  idParamsSchema,
  plannedStageDatesSchema,
  procedureTypeListQuerySchema,
  procedureTypeSchema,
  projectDetailSchema,
  projectExportQuerySchema,
  projectInputSchema,
  projectIssueSchema,
  projectListQuerySchema,
  projectPageSchema,
  projectProcedureParamsSchema,
  projectProcedureSchema,
  projectProgressSchema,
  projectVersionSchema,
  setProjectProcedureSchema,
  updateProcedureTypeSchema,
  updateProjectSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../lib/route-helpers.js";
import { sendWorkbook } from "../../lib/streaming.js";
import { importRoutes } from "../imports/index.js";
import { listProjectIssues } from "./project-issues.service.js";
import {
  createProcedureType,
  getProjectProcedures,
  listProcedureTypes,
  setProjectProcedure,
  updateProcedureType,
} from "./project-procedures.js";
import { changeProjectStage, setPlannedStageDates } from "./project-stages.js";
import { projectTemplateWriter } from "./project-template.js";
import { getProject } from "./project-view.js";
import { prepareProjectExport } from "./projects.export.js";
import { projectImport } from "./projects.import.js";
import {
  createProject,
  listProjects,
  recordProjectProgress,
  setProjectStatus,
  updateProject,
} from "./projects.service.js";

const tags = ["projects"];

export const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "重点项目列表",
        querystring: projectListQuerySchema,
        response: { 200: projectPageSchema },
      },
    },
    (request) => listProjects(db, actorOf(request), request.query),
  );
  app.post(
    "/",
    { schema: { tags, summary: "新建重点项目", body: projectInputSchema, response: { 200: projectDetailSchema } } },
    (request) => createProject(db, actorOf(request), request.body),
  );

  // ── 前期手续清单 ──
  app.get(
    "/procedure-types",
    {
      schema: {
        tags,
        summary: "前期手续清单",
        querystring: procedureTypeListQuerySchema,
        response: { 200: z.array(procedureTypeSchema) },
      },
    },
    (request) => listProcedureTypes(db, actorOf(request), request.query.includeArchived ?? false),
  );
  app.post(
    "/procedure-types",
    {
      schema: {
        tags,
        summary: "新增前期手续",
        body: createProcedureTypeSchema,
        response: { 200: procedureTypeSchema },
      },
    },
    (request) => createProcedureType(db, actorOf(request), request.body),
  );
  app.patch(
    "/procedure-types/:id",
    {
      schema: {
        tags,
        summary: "修改/停用前期手续",
        params: idParamsSchema,
        body: updateProcedureTypeSchema,
        response: { 200: procedureTypeSchema },
      },
    },
    (request) => updateProcedureType(db, actorOf(request), request.params.id, request.body),
  );

  // ── Excel ──
  app.get(
    "/export",
    { schema: { tags, summary: "导出重点项目推进表（.xlsx）", querystring: projectExportQuerySchema } },
    async (request, reply) => {
      const { fileName, write } = await prepareProjectExport(db, actorOf(request), request.query);
      return sendWorkbook(reply, fileName, write);
    },
  );
  app.get("/import-template", { schema: { tags, summary: "下载重点项目导入模板" } }, async (request, reply) => {
    const write = await projectTemplateWriter(db, actorOf(request));
    return sendWorkbook(reply, "重点项目导入模板.xlsx", write);
  });
  await app.register(importRoutes(projectImport, "重点项目"), { prefix: "/imports" });

  // ── One project ──
  app.get(
    "/:id",
    { schema: { tags, summary: "项目详情", params: idParamsSchema, response: { 200: projectDetailSchema } } },
    (request) => getProject(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改项目（带版本号，过期版本被拒绝）",
        params: idParamsSchema,
        body: updateProjectSchema,
        response: { 200: projectDetailSchema },
      },
    },
    (request) => updateProject(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/:id/archive",
    {
      schema: {
        tags,
        summary: "归档项目",
        params: idParamsSchema,
        body: projectVersionSchema,
        response: { 200: projectDetailSchema },
      },
    },
    (request) => setProjectStatus(db, actorOf(request), request.params.id, request.body.version, "archived"),
  );
  app.post(
    "/:id/restore",
    {
      schema: {
        tags,
        summary: "恢复已归档项目",
        params: idParamsSchema,
        body: projectVersionSchema,
        response: { 200: projectDetailSchema },
      },
    },
    (request) => setProjectStatus(db, actorOf(request), request.params.id, request.body.version, "active"),
  );
  app.post(
    "/:id/progress",
    {
      schema: {
        tags,
        summary: "更新进展情况",
        params: idParamsSchema,
        body: projectProgressSchema,
        response: { 200: projectDetailSchema },
      },
    },
    (request) => recordProjectProgress(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/:id/stage",
    {
      schema: {
        tags,
        summary: "推进（或由管理员更正）项目阶段",
        params: idParamsSchema,
        body: advanceStageSchema,
        response: { 200: projectDetailSchema },
      },
    },
    (request) => changeProjectStage(db, actorOf(request), request.params.id, request.body),
  );
  app.put(
    "/:id/stage-dates",
    {
      schema: {
        tags,
        summary: "设置各阶段计划日期",
        params: idParamsSchema,
        body: plannedStageDatesSchema,
        response: { 200: projectDetailSchema },
      },
    },
    (request) => setPlannedStageDates(db, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/:id/procedures",
    {
      schema: {
        tags,
        summary: "项目前期手续",
        params: idParamsSchema,
        response: { 200: z.array(projectProcedureSchema) },
      },
    },
    (request) => getProjectProcedures(db, actorOf(request), request.params.id),
  );
  app.put(
    "/:id/procedures/:typeId",
    {
      schema: {
        tags,
        summary: "更新一项前期手续",
        params: projectProcedureParamsSchema,
        body: setProjectProcedureSchema,
        response: { 200: projectProcedureSchema },
      },
    },
    (request) => setProjectProcedure(db, actorOf(request), request.params.id, request.params.typeId, request.body),
  );
  app.get(
    "/:id/issues",
    {
      schema: {
        tags,
        summary: "项目的问题（问题台账）",
        params: idParamsSchema,
        response: { 200: z.array(projectIssueSchema) },
      },
    },
    (request) => listProjectIssues(db, actorOf(request), request.params.id),
  );
};
