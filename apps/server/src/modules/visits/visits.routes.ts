import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

export const visitRoutes: FastifyPluginAsyncZod = async (_app) => {};
