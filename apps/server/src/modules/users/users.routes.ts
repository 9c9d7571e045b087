import {
  createUserSchema,
  idParamsSchema,
  listParam,
  pageOf,
  resetPasswordSchema,
  roleSchema,
  updateUserSchema,
  userListQuerySchema,
  userSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../lib/route-helpers.js";
import { createUser, getUser, listUserOptions, listUsers, resetPassword, updateUser } from "./users.service.js";

const tags = ["users"];
const userOptionSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  role: roleSchema,
  orgUnitName: z.string(),
});

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    { schema: { tags, summary: "用户列表", querystring: userListQuerySchema, response: { 200: pageOf(userSchema) } } },
    (request) => listUsers(db, actorOf(request), request.query),
  );
  app.get(
    "/options",
    {
      schema: {
        tags,
        summary: "人员选择（按姓名查找领导、干部或管理员，只返回姓名、角色和单位）",
        querystring: z.object({ q: z.string().trim().max(50).optional(), role: listParam }),
        response: { 200: z.array(userOptionSchema) },
      },
    },
    (request) => listUserOptions(db, actorOf(request), request.query.q, request.query.role),
  );
  app.get(
    "/:id",
    { schema: { tags, summary: "用户详情", params: idParamsSchema, response: { 200: userSchema } } },
    (request) => getUser(db, actorOf(request), request.params.id),
  );
  app.post(
    "/",
    { schema: { tags, summary: "新建用户", body: createUserSchema, response: { 200: userSchema } } },
    (request) => createUser(db, actorOf(request), request.body),
  );
  app.patch(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改用户（角色、范围、停用）",
        params: idParamsSchema,
        body: updateUserSchema,
        response: { 200: userSchema },
      },
    },
    (request) => updateUser(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/:id/reset-password",
    {
      schema: {
        tags,
        summary: "重置密码",
        params: idParamsSchema,
        body: resetPasswordSchema,
        response: { 200: userSchema },
      },
    },
    (request) => resetPassword(db, actorOf(request), request.params.id, request.body),
  );
};
