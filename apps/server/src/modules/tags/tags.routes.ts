import { createTagSchema, idParamsSchema, tagSchema, updateTagSchema } from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../lib/route-helpers.js";
import { createTag, listTags, updateTag } from "./tags.service.js";

const tags = ["tags"];

export const tagRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get("/", { schema: { tags, summary: "企业标签", response: { 200: z.array(tagSchema) } } }, (request) =>
    listTags(db, actorOf(request)),
  );
  app.post(
    "/",
    { schema: { tags, summary: "新建标签", body: createTagSchema, response: { 200: tagSchema } } },
    (request) => createTag(db, actorOf(request), request.body),
  );
  app.patch(
    "/:id",
    {
      schema: {
        tags,
        summary: "修改/停用标签",
        params: idParamsSchema,
        body: updateTagSchema,
        response: { 200: tagSchema },
      },
    },
    (request) => updateTag(db, actorOf(request), request.params.id, request.body),
  );
};
