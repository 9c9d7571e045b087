import {
  assignmentColumns,
  assignmentListQuerySchema,
  assignmentSchema,
  bulkAssignmentSchema,
  coverageQuerySchema,
  coverageReportSchema,
  createAssignmentSchema,
  endAssignmentSchema,
  idParamsSchema,
  pageOf,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission } from "../../lib/access.js";
import { buildTemplate } from "../../lib/excel/index.js";
import { actorOf } from "../../lib/route-helpers.js";
import { sendWorkbook } from "../../lib/streaming.js";
import { importRoutes } from "../imports/index.js";
import { assignmentImport } from "./assignments.import.js";
import {
  bulkAssign,
  createAssignment,
  endAssignment,
  listAssignments,
  listMyAssignments,
} from "./assignments.service.js";
import { getCoverageReport } from "./coverage.service.js";

const tags = ["assignments"];

export const assignmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "包联列表",
        querystring: assignmentListQuerySchema,
        response: { 200: pageOf(assignmentSchema) },
      },
    },
    (request) => listAssignments(db, actorOf(request), request.query),
  );
  app.get(
    "/mine",
    { schema: { tags, summary: "我的包联企业", response: { 200: z.array(assignmentSchema) } } },
    (request) => listMyAssignments(db, actorOf(request)),
  );
  app.get(
    "/coverage",
    {
      schema: {
        tags,
        summary: "包联覆盖率与人员负荷",
        querystring: coverageQuerySchema,
        response: { 200: coverageReportSchema },
      },
    },
    (request) => getCoverageReport(db, actorOf(request), request.query),
  );
  app.get("/import-template", { schema: { tags, summary: "下载批量包联模板" } }, async (request, reply) => {
    requirePermission(actorOf(request), "assignment.write");
    return sendWorkbook(reply, "批量包联模板.xlsx", (output) =>
      buildTemplate(output, {
        sheetName: "批量包联",
        columns: assignmentColumns.map((c) => ({ header: c.header, required: c.required })),
        sampleRows: [["91350100M000100Y43", "示例科技有限公司", "leader01", "分包领导", "2026-01-01"]],
        instructions: [
          "1. 每行表示一位人员包联一家企业；带 * 的列为必填。",
          "2. 包联人员账号为系统登录账号，须为您管理范围内的包联领导或助企干部。",
          "3. 包联角色填写：分包领导、首席服务官、助企干部、乡镇负责人、委局负责人、纪委负责人。分包领导须由包联领导担任。",
          "4. 开始日期留空则为今天。已存在的相同包联不会重复创建。",
          "5. 上传后先预览，确认后一次性全部生效，任何一行有误则全部不生效。",
        ],
      }),
    );
  });
  await app.register(importRoutes(assignmentImport, "包联"), { prefix: "/imports" });
  app.post(
    "/",
    { schema: { tags, summary: "新建包联", body: createAssignmentSchema, response: { 200: assignmentSchema } } },
    (request) => createAssignment(db, actorOf(request), request.body),
  );
  app.post(
    "/bulk",
    {
      schema: {
        tags,
        summary: "批量包联（一人包联多家企业）",
        body: bulkAssignmentSchema,
        response: { 200: z.object({ created: z.number().int(), skipped: z.number().int() }) },
      },
    },
    (request) => bulkAssign(db, actorOf(request), request.body),
  );
  app.post(
    "/:id/end",
    {
      schema: {
        tags,
        summary: "结束包联（保留历史）",
        params: idParamsSchema,
        body: endAssignmentSchema,
        response: { 200: assignmentSchema },
      },
    },
    (request) => endAssignment(db, actorOf(request), request.params.id, request.body),
  );
};
