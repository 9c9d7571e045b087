import {
  addMeetingItemsSchema,
  createMeetingSchema,
  idParamsSchema,
  meetingCandidateSchema,
  meetingCandidatesQuerySchema,
  meetingDetailSchema,
  meetingItemParamsSchema,
  meetingListQuerySchema,
  meetingPageSchema,
  meetingVersionSchema,
  okSchema,
  updateMeetingItemSchema,
  updateMeetingSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { attachmentHeader } from "../../lib/format.js";
import { actorOf } from "../../lib/route-helpers.js";
import { exportMinutes } from "./meeting-minutes.js";
import { concludeMeeting } from "./meetings.conclude.js";
import {
  addMeetingItems,
  createMeeting,
  deleteMeeting,
  getMeeting,
  listMeetingCandidates,
  listMeetings,
  removeMeetingItem,
  updateMeeting,
  updateMeetingItem,
} from "./meetings.service.js";

const tags = ["meetings"];
const docxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export const meetingRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "联审联批会议列表",
        querystring: meetingListQuerySchema,
        response: { 200: meetingPageSchema },
      },
    },
    (request) => listMeetings(db, actorOf(request), request.query),
  );
  app.post(
    "/",
    {
      schema: { tags, summary: "新建联审联批会议", body: createMeetingSchema, response: { 200: meetingDetailSchema } },
    },
    (request) => createMeeting(db, actorOf(request), request.body),
  );
  app.get(
    "/candidates",
    {
      schema: {
        tags,
        summary: "可提交会议研究的问题（逾期、督办、重点项目）",
        querystring: meetingCandidatesQuerySchema,
        response: { 200: z.array(meetingCandidateSchema) },
      },
    },
    (request) => listMeetingCandidates(db, actorOf(request), request.query),
  );
  app.get(
    "/:id",
    { schema: { tags, summary: "会议详情（含议题）", params: idParamsSchema, response: { 200: meetingDetailSchema } } },
    (request) => getMeeting(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改会议",
        params: idParamsSchema,
        body: updateMeetingSchema,
        response: { 200: meetingDetailSchema },
      },
    },
    (request) => updateMeeting(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/:id",
    { schema: { tags, summary: "删除准备中的会议", params: idParamsSchema, response: { 200: okSchema } } },
    (request) => deleteMeeting(db, actorOf(request), request.params.id),
  );
  app.post(
    "/:id/items",
    {
      schema: {
        tags,
        summary: "把问题提交会议研究",
        params: idParamsSchema,
        body: addMeetingItemsSchema,
        response: { 200: meetingDetailSchema },
      },
    },
    (request) => addMeetingItems(db, actorOf(request), request.params.id, request.body),
  );
  app.patch(
    "/:id/items/:itemId",
    {
      schema: {
        tags,
        summary: "填写议题的会议决定、责任领导、责任单位和完成时限",
        params: meetingItemParamsSchema,
        body: updateMeetingItemSchema,
        response: { 200: meetingDetailSchema },
      },
    },
    (request) => updateMeetingItem(db, actorOf(request), request.params.id, request.params.itemId, request.body),
  );
  app.delete(
    "/:id/items/:itemId",
    {
      schema: {
        tags,
        summary: "移出议题（仅准备中的会议）",
        params: meetingItemParamsSchema,
        response: { 200: meetingDetailSchema },
      },
    },
    (request) => removeMeetingItem(db, actorOf(request), request.params.id, request.params.itemId),
  );
  app.post(
    "/:id/conclude",
    {
      schema: {
        tags,
        summary: "结束会议：会议决定一次性更新到各问题",
        params: idParamsSchema,
        body: meetingVersionSchema,
        response: { 200: meetingDetailSchema },
      },
    },
    (request) => concludeMeeting(db, actorOf(request), request.params.id, request.body.version),
  );
  app.get(
    "/:id/minutes.docx",
    { schema: { tags, summary: "下载会议纪要（Word）", params: idParamsSchema } },
    async (request, reply) => {
      const { fileName, body } = await exportMinutes(db, actorOf(request), request.params.id);
      reply.header("Content-Type", docxContentType);
      reply.header("Content-Disposition", attachmentHeader(fileName));
      return reply.send(body);
    },
  );
};
