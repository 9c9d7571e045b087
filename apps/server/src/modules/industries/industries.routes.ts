import { industrySchema } from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../auth/index.js";
import { listIndustries } from "./industries.queries.js";

const tags = ["industries"];

/** GET /api/industries: the industry classification, readable by every signed-in user. */
export const industryRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/",
    {
      schema: {
        tags,
        summary: "国民经济行业分类（GB/T 4754-2017）",
        response: { 200: z.array(industrySchema) },
      },
    },
    (request) => {
      requireActor(request);
      return listIndustries(db);
    },
  );
};
