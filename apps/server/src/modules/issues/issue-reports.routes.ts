import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** Ledger export, statistics and the routing slip (交办单). */
export const issueReportRoutes: FastifyPluginAsyncZod = async (_app) => {};
