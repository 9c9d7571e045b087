import {
  idParamsSchema,
  notificationListQuerySchema,
  notificationPageSchema,
  notificationSchema,
  readAllResultSchema,
  unreadCountSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actorOf } from "../../lib/route-helpers.js";
import { getUnreadCount, listNotifications, readAllNotifications, readNotification } from "./notifications.service.js";

const tags = ["notifications"];

/** The signed-in user's inbox (我的消息). */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "我的消息（最新在前；unread=true 只看未读）",
        querystring: notificationListQuerySchema,
        response: { 200: notificationPageSchema },
      },
    },
    (request) => listNotifications(db, actorOf(request), request.query),
  );
  app.get(
    "/unread-count",
    { schema: { tags, summary: "未读消息数（总数及各类型）", response: { 200: unreadCountSchema } } },
    (request) => getUnreadCount(db, actorOf(request)),
  );
  app.post(
    "/read-all",
    { schema: { tags, summary: "全部标为已读", response: { 200: readAllResultSchema } } },
    (request) => readAllNotifications(db, actorOf(request)),
  );
  app.post(
    "/:id/read",
    {
      schema: { tags, summary: "标为已读", params: idParamsSchema, response: { 200: notificationSchema } },
    },
    (request) => readNotification(db, actorOf(request), request.params.id),
  );
};
