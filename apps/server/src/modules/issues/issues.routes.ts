import { createReadStream } from "node:fs";
import {
  acceptIssueSchema,
  answerIssueSchema,
  approveExtensionSchema,
  attachmentParamsSchema,
  bounceIssueSchema,
  closeIssueSchema,
  createdIssueSchema,
  createIssueCategorySchema,
  createIssueSchema,
  declineIssueSchema,
  escalateIssueSchema,
  idParamsSchema,
  issueAttachmentSchema,
  issueCategoryListQuerySchema,
  issueCategorySchema,
  issueDetailSchema,
  issueListQuerySchema,
  issuePageSchema,
  issueProgressSchema,
  okSchema,
  rateIssueSchema,
  refuseExtensionSchema,
  requestExtensionSchema,
  rerouteIssueSchema,
  routeIssueSchema,
  setWorkingCalendarDaySchema,
  updateIssueCategorySchema,
  workingCalendarDayParamsSchema,
  workingCalendarDaySchema,
  workingCalendarQuerySchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../lib/errors.js";
import { attachmentHeader } from "../../lib/format.js";
import { actorOf } from "../../lib/route-helpers.js";
import { addIssueAttachment, getIssueAttachmentFile } from "./issue-attachments.js";
import {
  createIssueCategory,
  deleteWorkingCalendarDay,
  listIssueCategories,
  listWorkingCalendar,
  setWorkingCalendarDay,
  updateIssueCategory,
} from "./issue-categories.service.js";
import { getIssue } from "./issue-detail.js";
import { listIssues } from "./issue-list.js";
import {
  acceptIssue,
  addIssueProgress,
  answerIssue,
  approveIssueExtension,
  bounceIssue,
  closeIssue,
  declineIssue,
  escalateIssue,
  rateIssue,
  refuseIssueExtension,
  requestIssueExtension,
  rerouteIssue,
  routeIssue,
} from "./issue-transitions.js";
import { createIssue } from "./issues.service.js";

const tags = ["issues"];

/** The issue ledger (问题台账): categories, working calendar, issues, their transitions and attachments. */
export const issueRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const dataDir = app.config.dataDir;

  // ── Categories and the working calendar ──
  app.get(
    "/categories",
    {
      schema: {
        tags,
        summary: "问题类别",
        querystring: issueCategoryListQuerySchema,
        response: { 200: z.array(issueCategorySchema) },
      },
    },
    (request) => listIssueCategories(db, actorOf(request), request.query.includeArchived ?? false),
  );
  app.post(
    "/categories",
    {
      schema: {
        tags,
        summary: "新建问题类别",
        body: createIssueCategorySchema,
        response: { 200: issueCategorySchema },
      },
    },
    (request) => createIssueCategory(db, actorOf(request), request.body),
  );
  app.patch(
    "/categories/:id",
    {
      schema: {
        tags,
        summary: "修改/停用问题类别",
        params: idParamsSchema,
        body: updateIssueCategorySchema,
        response: { 200: issueCategorySchema },
      },
    },
    (request) => updateIssueCategory(db, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/calendar",
    {
      schema: {
        tags,
        summary: "节假日与调休（某年）",
        querystring: workingCalendarQuerySchema,
        response: { 200: z.array(workingCalendarDaySchema) },
      },
    },
    (request) => listWorkingCalendar(db, actorOf(request), request.query.year),
  );
  app.put(
    "/calendar/:day",
    {
      schema: {
        tags,
        summary: "设置某日为节假日或调休上班",
        params: workingCalendarDayParamsSchema,
        body: setWorkingCalendarDaySchema,
        response: { 200: workingCalendarDaySchema },
      },
    },
    (request) => setWorkingCalendarDay(db, actorOf(request), request.params.day, request.body),
  );
  app.delete(
    "/calendar/:day",
    {
      schema: {
        tags,
        summary: "删除某日的节假日设置",
        params: workingCalendarDayParamsSchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await deleteWorkingCalendarDay(db, actorOf(request), request.params.day);
      return { ok: true as const };
    },
  );

  // ── Issues ──
  app.get(
    "/",
    { schema: { tags, summary: "问题台账", querystring: issueListQuerySchema, response: { 200: issuePageSchema } } },
    (request) => listIssues(db, actorOf(request), request.query),
  );
  app.post(
    "/",
    { schema: { tags, summary: "登记问题", body: createIssueSchema, response: { 200: createdIssueSchema } } },
    (request) => createIssue(db, actorOf(request), request.body),
  );
  app.get(
    "/:id",
    { schema: { tags, summary: "问题详情与办理过程", params: idParamsSchema, response: { 200: issueDetailSchema } } },
    (request) => getIssue(db, actorOf(request), request.params.id),
  );

  // ── Transitions ──
  const transition = <S extends z.ZodType>(
    segment: string,
    summary: string,
    body: S,
    run: (actor: ReturnType<typeof actorOf>, id: string, input: z.infer<S>) => Promise<unknown>,
  ) =>
    app.post(
      `/:id/${segment}`,
      { schema: { tags, summary, params: idParamsSchema, body, response: { 200: issueDetailSchema } } },
      (request) => run(actorOf(request), request.params.id, request.body as z.infer<S>) as never,
    );
  transition("route", "交办（牵头单位、配合单位、办理时限）", routeIssueSchema, (a, id, b) => routeIssue(db, a, id, b));
  transition("reroute", "改派", rerouteIssueSchema, (a, id, b) => rerouteIssue(db, a, id, b));
  transition("decline", "不予受理", declineIssueSchema, (a, id, b) => declineIssue(db, a, id, b));
  transition("accept", "签收", acceptIssueSchema, (a, id, b) => acceptIssue(db, a, id, b));
  transition("progress", "填报办理进展", issueProgressSchema, (a, id, b) => addIssueProgress(db, a, id, b));
  transition("answer", "办结答复", answerIssueSchema, (a, id, b) => answerIssue(db, a, id, b));
  transition("bounce", "退回", bounceIssueSchema, (a, id, b) => bounceIssue(db, a, id, b));
  transition("extensions", "申请延期", requestExtensionSchema, (a, id, b) => requestIssueExtension(db, a, id, b));
  transition("extensions/approve", "同意延期", approveExtensionSchema, (a, id, b) =>
    approveIssueExtension(db, a, id, b),
  );
  transition("extensions/refuse", "不同意延期", refuseExtensionSchema, (a, id, b) =>
    refuseIssueExtension(db, a, id, b),
  );
  transition("rate", "企业评价（不满意则重新办理）", rateIssueSchema, (a, id, b) => rateIssue(db, a, id, b));
  transition("close", "销号（未评价）", closeIssueSchema, (a, id, b) => closeIssue(db, a, id, b));
  transition("escalate", "督办 / 挂牌督办", escalateIssueSchema, (a, id, b) => escalateIssue(db, a, id, b));

  // ── Attachments ──
  app.post(
    "/:id/attachments",
    {
      schema: {
        tags,
        summary: "上传附件（PDF、图片、Word、Excel、TXT）",
        consumes: ["multipart/form-data"],
        params: idParamsSchema,
        response: { 200: issueAttachmentSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!request.isMultipart()) throw new AppError("UNSUPPORTED_FILE", "请以表单方式上传附件（字段名 file）");
      const file = await request.file();
      if (!file) throw new AppError("UNSUPPORTED_FILE", "请选择要上传的附件");
      return addIssueAttachment(db, actor, request.params.id, file, dataDir);
    },
  );
  app.get(
    "/:id/attachments/:attachmentId",
    { schema: { tags, summary: "下载附件", params: attachmentParamsSchema } },
    async (request, reply) => {
      const file = await getIssueAttachmentFile(
        db,
        actorOf(request),
        request.params.id,
        request.params.attachmentId,
        dataDir,
      );
      reply.header("Content-Type", file.contentType);
      reply.header("Content-Length", file.sizeBytes);
      reply.header("Content-Disposition", attachmentHeader(file.fileName));
      reply.header("X-Content-Type-Options", "nosniff");
      return reply.send(createReadStream(file.path));
    },
  );
};
