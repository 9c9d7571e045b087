// Shared helpers of scripts/start.mjs and scripts/test.mjs: plain Node ESM, no dependencies.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root (the folder holding scripts/). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const webIndex = path.join(root, "apps/web/dist/index.html");
/** What the web build is made from: a newer file here means dist is stale. */
const webSources = ["apps/web/src", "apps/web/index.html", "packages/contracts/src"];

/** Newest mtime (ms) of a file, or of any file under a folder; 0 when missing. */
function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** Why the web app needs building, or null when apps/web/dist/index.html is newer than every source. */
export function webBuildReason() {
  let built;
  try {
    built = fs.statSync(webIndex).mtimeMs;
  } catch {
    return "apps/web/dist/index.html is missing";
  }
  for (const source of webSources) {
    if (newestMtime(path.join(root, source)) > built) return `${source} changed since the last build`;
  }
  return null;
}

/**
 * Runs a command with inherited stdio; resolves with its exit code (1 when it could not start,
 * 128+n when killed by signal n).
 */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", ...options });
    child.on("error", (error) => {
      process.stderr.write(`cannot run ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1)));
  });
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal];
}

/** npm of this Node installation: `npm` on PATH (npm.cmd on Windows). */
export const npmCommand = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * Builds the web app when stale. Returns { ok: true, built } or { ok: false, reason } — a failed
 * build is reported, not thrown, so callers can still start the API.
 */
export async function buildWebIfStale(log = (line) => process.stdout.write(`${line}\n`)) {
  const reason = webBuildReason();
  if (!reason) return { ok: true, built: false };
  log(`构建前端 / building the web app (${reason}) …`);
  const started = Date.now();
  const code = await run(npmCommand, ["run", "build", "-w", "apps/web"], { shell: process.platform === "win32" });
  if (code !== 0) return { ok: false, reason: `npm run build -w apps/web exited with code ${code}` };
  if (!fs.existsSync(webIndex))
    return { ok: false, reason: "the build finished but apps/web/dist/index.html is missing" };
  log(`前端构建完成 / web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { ok: true, built: true };
}

/**
 * The `--import` argument that loads tsx: the resolved file URL of tsx's loader (ESM and CommonJS
 * hooks) when resolvable from the repository, whatever the working directory; else the bare specifier.
 */
export function tsxImport() {
  const require = createRequire(path.join(root, "package.json"));
  for (const specifier of ["tsx", "tsx/esm"]) {
    try {
      return pathToFileURL(require.resolve(specifier)).href;
    } catch {
      // try the next
    }
  }
  return "tsx";
}

/** The Chromium binary to drive: CHROMIUM_PATH, else /usr/bin/chromium, else `chromium` on PATH; null if none. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir) candidates.push(path.join(dir, "chromium"));
  }
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not there
    }
  }
  return null;
}
