import { createDepartmentSchema, departmentSchema, idParamsSchema, updateDepartmentSchema } from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../lib/route-helpers.js";
import { createDepartment, listDepartments, updateDepartment } from "./departments.service.js";

const tags = ["departments"];

export const departmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "部门（委局/单位）列表",
        querystring: z.object({ orgUnitId: z.uuid().optional() }),
        response: { 200: z.array(departmentSchema) },
      },
    },
    (request) => listDepartments(db, actorOf(request), request.query.orgUnitId),
  );
  app.post(
    "/",
    { schema: { tags, summary: "新建部门", body: createDepartmentSchema, response: { 200: departmentSchema } } },
    (request) => createDepartment(db, actorOf(request), request.body),
  );
  app.patch(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改/停用部门",
        params: idParamsSchema,
        body: updateDepartmentSchema,
        response: { 200: departmentSchema },
      },
    },
    (request) => updateDepartment(db, actorOf(request), request.params.id, request.body),
  );
};
