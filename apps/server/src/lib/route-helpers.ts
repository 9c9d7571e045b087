import type { FastifyRequest } from "fastify";
import { requireActor } from "../modules/auth/index.js";
import type { Actor } from "./actor.js";

/** The actor of a request (401/403 handled by requireActor). Routes call this first. */
export function actorOf(request: FastifyRequest): Actor {
  return requireActor(request);
}

export function isoOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
