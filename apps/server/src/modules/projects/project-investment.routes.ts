import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** Annual plans, monthly investment reports and the project figures. */
export const projectInvestmentRoutes: FastifyPluginAsyncZod = async (_app) => {};
