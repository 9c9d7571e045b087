/**
 * Starts one ZoneDesk server for the end-to-end run: a free port, a temp DATA_DIR, the demo data.
 * Tests read the base URL with `inject("baseUrl")` (or process.env.E2E_BASE_URL) and the demo
 * accounts printed in the start banner with `inject("demoAccounts")`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TestProject } from "vitest/node";

export interface DemoLogin {
  username: string;
  password: string;
  displayName: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    demoAccounts: DemoLogin[];
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = path.join(root, "test-results/e2e");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The resolved tsx loader, so the child finds it whatever its working directory. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(path.join(root, "package.json")).resolve("tsx")).href;
}

/** Demo account lines of the start banner: `    username   password   显示名（说明）`. */
export function parseDemoAccounts(output: string): DemoLogin[] {
  const accounts: DemoLogin[] = [];
  const banner = output.split(/demo accounts[^\n]*\n/)[1] ?? "";
  for (const line of banner.split("\n")) {
    const match = /^ {4}(\S+)\s+(\S+)\s+(\S.*)$/.exec(line);
    if (!match) {
      if (accounts.length > 0) break;
      continue;
    }
    const [, username = "", password = "", rest = ""] = match;
    accounts.push({ username, password, displayName: rest.replace(/（.*$/, "").trim() });
  }
  return accounts;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 110_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the e2e server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the e2e server did not answer ${baseUrl}/api/health within 110 s:\n${output()}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zonedesk-e2e-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logPath = path.join(resultsDir, "server.log");
  const log = fs.createWriteStream(logPath);
  let output = "";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO: "1",
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL; // always the embedded database in its temp folder
  const child = spawn(process.execPath, ["--import", tsxLoader(), path.join(root, "apps/server/src/main.ts")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    });
  }

  let tearingDown = false;
  child.on("exit", (code, signal) => {
    if (tearingDown) return;
    const line = `\n[e2e] the server exited during the run (code ${code}, signal ${signal}); see ${logPath}\n`;
    process.stderr.write(line);
    log.write(line);
  });

  const teardown = async () => {
    tearingDown = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, () => output.slice(-4000));
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("demoAccounts", parseDemoAccounts(output));
  process.env.E2E_BASE_URL = baseUrl;
  return teardown;
}
