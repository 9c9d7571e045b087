import { createOrgUnitSchema, idParamsSchema, orgUnitSchema, updateOrgUnitSchema } from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../lib/route-helpers.js";
import { createOrgUnit, listOrgUnits, updateOrgUnit } from "./org-units.service.js";

const tags = ["org-units"];

export const orgUnitRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    { schema: { tags, summary: "单位树（本人范围内）", response: { 200: z.array(orgUnitSchema) } } },
    (request) => listOrgUnits(db, actorOf(request)),
  );
  app.post(
    "/",
    { schema: { tags, summary: "新建下级单位", body: createOrgUnitSchema, response: { 200: orgUnitSchema } } },
    (request) => createOrgUnit(db, actorOf(request), request.body),
  );
  app.patch(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改单位",
        params: idParamsSchema,
        body: updateOrgUnitSchema,
        response: { 200: orgUnitSchema },
      },
    },
    (request) => updateOrgUnit(db, actorOf(request), request.params.id, request.body),
  );
};
