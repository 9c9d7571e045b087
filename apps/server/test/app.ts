import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import type { Database } from "../src/db/client.js";
import { createTestDatabase } from "./db.js";
import { testPassword } from "./factories.js";

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  /** Signs in through the API and returns the session cookie header. */
  signIn(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** An app on a fresh test database, with a helper that signs a user in through the API. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: "/tmp/zonedesk-test-unused",
    SIGN_IN_RATE_PER_MINUTE: "100000",
    ...env,
  });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return {
    app,
    database,
    async signIn(username, password = testPassword) {
      const response = await app.inject({ method: "POST", url: "/api/auth/sign-in", payload: { username, password } });
      if (response.statusCode !== 200)
        throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
      return sessionCookieOf(response);
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === "zd_session");
  if (!cookie) throw new Error("no session cookie in response");
  return `zd_session=${cookie.value}`;
}
