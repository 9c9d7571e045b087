import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** End-to-end tests: one server (started by global-setup.ts) and one spec file at a time. */
export default defineConfig({
  root,
  test: {
    include: ["e2e/**/*.spec.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
    globalSetup: ["e2e/global-setup.ts"],
    setupFiles: ["e2e/support/on-failure.ts"],
  },
});
