/**
 * `npm run bench [-- --quick] [-- --only search|import|ledger|projects]`: benchmarks, not tests. Each part
 * runs in its own child process, so the import's peak RSS is its own. Prints a table with the goals:
 * search p95 < 300 ms on 100k enterprises; a 50k-row import < 120 s with peak RSS < 1 GB; the issue
 * ledger's list p95 < 300 ms, statistics p95 < 1 s and a 100k-row export < 60 s on 100k issues; the key
 * projects' figures p95 < 500 ms on 5,000 projects. --quick uses 10k enterprises, a 10k-row sheet,
 * 10k issues and 1,000 projects, with 10 timed runs instead of 30.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchRow } from "./common.js";

type Part = "search" | "sheet" | "import" | "ledger" | "projects";
const partNames: readonly Part[] = ["search", "sheet", "import", "ledger", "projects"];
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const flagValue = (flag: string) => {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
};
const searchRows = quick ? 10_000 : 100_000;
const importRows = quick ? 10_000 : 50_000;
const ledgerRows = quick ? 10_000 : 100_000;
const projectRows = quick ? 1_000 : 5_000;
/** Timed runs per measured request of the ledger and projects parts (after two warm-up runs). */
const apiRuns = quick ? 10 : 30;
const rowsOf: Record<Part, number> = {
  search: searchRows,
  sheet: importRows,
  import: importRows,
  ledger: ledgerRows,
  projects: projectRows,
};

/** The .xlsx the sheet part writes and the import part reads. */
const sheetFile = flagValue("--sheet") ?? path.join(os.tmpdir(), `zonedesk-bench-${process.pid}-企业名录.xlsx`);

/** In a child: runs one part and writes its rows as JSON to the result file. */
async function runPart(part: Part, resultFile: string): Promise<void> {
  let rows: BenchRow[];
  if (part === "search") rows = await (await import("./search.js")).searchBench(searchRows);
  else if (part === "sheet") rows = await (await import("./import.js")).sheetBench(importRows, sheetFile);
  else if (part === "import") rows = await (await import("./import.js")).importBench(sheetFile);
  else if (part === "ledger") rows = await (await import("./ledger.js")).ledgerBench(ledgerRows, apiRuns);
  else rows = await (await import("./projects.js")).projectsBench(projectRows, apiRuns);
  fs.writeFileSync(resultFile, JSON.stringify(rows));
}

/** In the parent: runs a part in a child process and reads its rows (or reports why it failed). */
async function childPart(part: Part): Promise<BenchRow[]> {
  const resultFile = path.join(os.tmpdir(), `zonedesk-bench-${process.pid}-${part}.json`);
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const self = fileURLToPath(import.meta.url);
  const childArgs = ["--import", loader, self, "--part", part, "--result", resultFile, "--sheet", sheetFile];
  if (quick) childArgs.push("--quick");
  process.stdout.write(`\n━━━ ${part} (${rowsOf[part].toLocaleString("en")} rows) ━━━\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, childArgs, { stdio: "inherit", env: { ...process.env, LOG_LEVEL: "warn" } });
    child.on("error", () => resolve(1));
    child.on("exit", (exitCode) => resolve(exitCode ?? 1));
  });
  try {
    return JSON.parse(fs.readFileSync(resultFile, "utf8")) as BenchRow[];
  } catch {
    return [{ name: `${part} benchmark`, value: "did not finish", goal: "", met: false, detail: `exit code ${code}` }];
  } finally {
    fs.rmSync(resultFile, { force: true });
  }
}

function printTable(rows: BenchRow[]): void {
  const width = (pick: (r: BenchRow) => string, min: number) => Math.max(min, ...rows.map((r) => pick(r).length));
  const w = [width((r) => r.name, 9), width((r) => r.value, 6), width((r) => r.goal, 4)];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i] ?? 0)).join("  ");
  const out = ["", "━━━ results ━━━", `${line(["benchmark", "result", "goal"])}  met   detail`];
  for (const r of rows) {
    const met = r.met === null ? "    " : r.met ? "yes " : "NO  ";
    out.push(`${line([r.name, r.value, r.goal])}  ${met}  ${r.detail ?? ""}`);
  }
  out.push(
    "",
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} now${quick ? "; --quick" : ""}`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

async function main(): Promise<void> {
  const part = flagValue("--part");
  const resultFile = flagValue("--result");
  if (partNames.includes(part as Part) && resultFile) {
    await runPart(part as Part, resultFile);
    return;
  }
  const only = flagValue("--only");
  const parts: Part[] =
    only === "search"
      ? ["search"]
      : only === "import"
        ? ["sheet", "import"]
        : only === "ledger"
          ? ["ledger"]
          : only === "projects"
            ? ["projects"]
            : ["search", "sheet", "import", "ledger", "projects"];
  const rows: BenchRow[] = [];
  try {
    for (const p of parts) rows.push(...(await childPart(p)));
  } finally {
    fs.rmSync(sheetFile, { force: true });
  }
  printTable(rows);
  if (rows.some((r) => r.met === false)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
