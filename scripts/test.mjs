// `npm test`: server tests on PGlite, the same on PostgreSQL (TEST_DATABASE_URL), end-to-end tests in
// Chromium; then a summary and a last line `N passed, N failed[, N skipped]`. Under CI=true a skipped
// part is a failure. Developers: `node scripts/test.mjs --only server|postgres|e2e [-- vitest args]`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildWebIfStale, findChromium, root, run } from "./lib.mjs";

const partNames = ["server", "postgres", "e2e"];
const ci = Boolean(process.env.CI) && !["0", "false"].includes(String(process.env.CI).toLowerCase());

const argv = process.argv.slice(2);
const dashDash = argv.indexOf("--");
const ownArgs = dashDash === -1 ? argv : argv.slice(0, dashDash);
const vitestArgs = dashDash === -1 ? [] : argv.slice(dashDash + 1);
let only = null;
for (let i = 0; i < ownArgs.length; i++) {
  const arg = ownArgs[i];
  if (arg === "--only") only = ownArgs[++i] ?? "";
  else if (arg.startsWith("--only=")) only = arg.slice("--only=".length);
  else if (arg === "--help" || arg === "-h") {
    process.stdout.write("usage: node scripts/test.mjs [--only server|postgres|e2e] [-- extra vitest arguments]\n");
    process.exit(0);
  } else {
    process.stderr.write(`unknown argument ${arg}; try --help\n`);
    process.exit(2);
  }
}
if (only !== null && !partNames.includes(only)) {
  process.stderr.write(`--only takes one of ${partNames.join(", ")}; got "${only}"\n`);
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zonedesk-test-"));
/** @type {{ name: string, label: string, status: "passed"|"failed"|"skipped", passed: number, failed: number, skipped: number, seconds: number, note: string }[]} */
const results = [];

/** Runs vitest with the JSON reporter and turns its report into a part result. */
async function vitestPart(name, label, { cwd, config, env }) {
  const outputFile = path.join(tmp, `${name}.json`);
  const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${outputFile}`];
  if (config) args.push("--config", config);
  args.push(...vitestArgs);
  banner(label);
  const started = Date.now();
  const code = await run("npx", args, { cwd, env, shell: process.platform === "win32" });
  const seconds = (Date.now() - started) / 1000;
  const result = { name, label, status: "passed", passed: 0, failed: 0, skipped: 0, seconds, note: "" };
  let report = null;
  try {
    report = JSON.parse(fs.readFileSync(outputFile, "utf8"));
  } catch {
    // no report: vitest did not get as far as running tests
  }
  if (report) {
    result.passed = report.numPassedTests ?? 0;
    result.failed = report.numFailedTests ?? 0;
    result.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    const failedFiles = report.numFailedTestSuites ?? 0;
    if (failedFiles > 0 && result.failed === 0) result.note = `${failedFiles} test file(s) failed to run`;
  } else {
    result.note = "no test report (vitest did not run)";
  }
  if (code !== 0 || result.failed > 0 || result.note) {
    result.status = "failed";
    if (!result.note && result.failed === 0) result.note = `vitest exited with code ${code}`;
  } else if (result.passed === 0 && result.skipped === 0) {
    result.status = "failed";
    result.note = "no tests ran";
  }
  results.push(result);
}

function skipPart(name, label, note) {
  banner(label);
  process.stdout.write(`${note}\n`);
  results.push({ name, label, status: "skipped", passed: 0, failed: 0, skipped: 0, seconds: 0, note });
}

function failPart(name, label, note, seconds = 0) {
  process.stdout.write(`${note}\n`);
  results.push({ name, label, status: "failed", passed: 0, failed: 0, skipped: 0, seconds, note });
}

function banner(label) {
  process.stdout.write(`\n━━━ ${label} ━━━\n`);
}

/** The environment without TEST_DATABASE_URL, so the server suite runs on PGlite. */
function envWithoutTestDatabase() {
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL;
  return env;
}

const wanted = (name) => only === null || only === name;
const serverDir = path.join(root, "apps/server");

if (wanted("server")) {
  await vitestPart("server", "server tests on PGlite", { cwd: serverDir, env: envWithoutTestDatabase() });
}

if (wanted("postgres")) {
  const label = "server tests on PostgreSQL";
  if (process.env.TEST_DATABASE_URL) {
    await vitestPart("postgres", label, { cwd: serverDir, env: { ...process.env } });
  } else {
    skipPart("postgres", label, "PostgreSQL: skipped — TEST_DATABASE_URL not set");
  }
}

if (wanted("e2e")) {
  const label = "end-to-end tests in Chromium";
  const chromium = findChromium();
  if (!chromium) {
    skipPart("e2e", label, "browser tests: skipped — no Chromium (install Debian's chromium)");
  } else {
    const started = Date.now();
    const build = await buildWebIfStale();
    if (!build.ok) {
      banner(label);
      failPart("e2e", label, `web build failed: ${build.reason}`, (Date.now() - started) / 1000);
    } else {
      await vitestPart("e2e", label, {
        cwd: root,
        config: "e2e/vitest.config.ts",
        env: { ...envWithoutTestDatabase(), CHROMIUM_PATH: chromium },
      });
    }
  }
}

fs.rmSync(tmp, { recursive: true, force: true });

// Summary. A part that failed without a failed test (crash, build) counts as one failure; a skipped
// part counts as one skipped, so the last line never hides it.
const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);
const lines = [
  "",
  "━━━ summary ━━━",
  `${pad("part", 30)} ${pad("result", 8)} ${lpad("passed", 7)} ${lpad("failed", 7)} ${lpad("skipped", 8)} ${lpad("time", 8)}  note`,
];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const r of results) {
  const status = r.status === "skipped" && ci ? "FAILED" : r.status === "failed" ? "FAILED" : r.status;
  const note = r.status === "skipped" && ci ? `${r.note} (a failure under CI)` : r.note;
  lines.push(
    `${pad(r.label, 30)} ${pad(status, 8)} ${lpad(r.passed, 7)} ${lpad(r.failed, 7)} ${lpad(r.skipped, 8)} ${lpad(`${r.seconds.toFixed(1)} s`, 8)}  ${note}`,
  );
  passed += r.passed;
  failed += r.failed > 0 ? r.failed : r.status === "failed" ? 1 : 0;
  skipped += r.skipped + (r.status === "skipped" ? 1 : 0);
}
const skippedUnderCi = ci && skipped > 0;
lines.push("");
if (skippedUnderCi) lines.push("CI=true: skipped parts or tests count as failures.");
lines.push(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.stdout.write(`${lines.join("\n")}\n`);
process.exit(failed > 0 || skippedUnderCi ? 1 : 0);
