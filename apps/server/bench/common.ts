/** Shared bits of the benchmarks: synthetic enterprise rows, a temp database, timing statistics. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { FastifyInstance } from "fastify";
import type { Database } from "../src/db/client.js";
import { SeededRandom as Rng } from "../src/demo/random.js";
import { makeCreditCode, testPassword } from "../test/factories.js";

/** One benchmark measurement: a row of the printed table. */
export interface BenchRow {
  name: string;
  value: string;
  goal: string;
  /** true/false against the goal; null when there is no goal. */
  met: boolean | null;
  detail?: string;
}

// The demo generator's seeded random source, so every run builds the same data.
export { Rng };

const places = ["许昌", "河南", "禹州", "长葛", "鄢陵", "襄城", "中原", "豫东", "", "", ""];
const first = [
  ..."瑞恒华金宏鑫德永天正豫众博盛同嘉立远新中汇隆昌泰安康顺兴宇辰锦银腾海科创智世万百东亿福润晨光明卓威鼎凯鸿",
];
const second = [..."达通丰源润和诚信佳凯明晟祥泰盛昌兴发鑫宇辉航远力成业邦驰腾鼎联创科威豪瑞德安康荣华"];
const trades = [
  ..."食品 粮油 纺织 服饰 家具 纸业 化工 药业 塑业 建材 铝业 金属制品 机械 机械设备 重工 汽车零部件 电气 电力设备 电子科技 光电 仪器仪表 发制品 再生资源 建设工程 商贸 物流 网络科技 软件 信息技术 企业管理 检测技术 科技服务".split(
    " ",
  ),
];
const forms = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司"];
const surnames = [..."王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏"];
const given = [..."建国军伟强磊勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁芳娜敏静丽艳娟霞秀玲"];
const industryCodes = ["C13", "C26", "C27", "C29", "C30", "C33", "C34", "C35", "C38", "C39", "F51", "G54", "I65"];

/** A made-up but realistic company name such as 许昌瑞达机械有限公司. */
export function companyName(rng: Rng): string {
  return `${rng.pick(places)}${rng.pick(first)}${rng.pick(second)}${rng.pick(trades)}${rng.pick(forms)}`;
}

export function personName(rng: Rng): string {
  return `${rng.pick(surnames)}${rng.pick(given)}${rng.next() < 0.6 ? rng.pick(given) : ""}`;
}

/**
 * The n-th credit code with a valid check character: n times a prime, so the codes are distinct
 * (n < 2.5e8 stays below 31^9) and their digits vary like real ones instead of sharing long zero runs.
 */
export function creditCodeOf(n: number, divisionCode = "411002"): string {
  return makeCreditCode(divisionCode, n * 104_729);
}

/** A synthetic enterprise with all the optional fields filled. */
export function syntheticEnterprise(rng: Rng, n: number) {
  const year = 1995 + Math.floor(rng.next() * 30);
  const month = 1 + Math.floor(rng.next() * 12);
  const day = 1 + Math.floor(rng.next() * 28);
  return {
    name: companyName(rng),
    creditCode: creditCodeOf(n),
    legalRepresentative: personName(rng),
    registeredCapitalWan: Math.round(rng.next() * 50_000) / 10,
    foundedOn: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
    address: `许昌市${rng.pick(["魏都区", "建安区", "东城区", "经济技术开发区"])}${rng.pick(first)}${rng.pick(second)}路${1 + Math.floor(rng.next() * 999)}号`,
    industryCode: rng.pick(industryCodes),
    scale: rng.pick(["large", "medium", "small", "micro", "small", "micro"] as const),
    contactName: personName(rng),
    contactPhone: `1${rng.pick(["38", "39", "58", "86", "37"])}${String(Math.floor(rng.next() * 1e8)).padStart(8, "0")}`,
  };
}

/** A temp folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The p-th percentile (0–100) of the samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Times an async function once, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Peak resident set size of this process so far, in bytes. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function progress(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

// ── Timing the API (ledger and projects benchmarks) ──────────────────────────

/** The real app on the bench's database, with a sign-in through the API; requests go through app.inject. */
export async function benchApp(database: Database, dataDir: string) {
  // Loaded here so the search and import parts do not load the whole app.
  const { buildApp } = await import("../src/app.js");
  const { loadConfig } = await import("../src/config.js");
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dataDir,
    SIGN_IN_RATE_PER_MINUTE: "100000",
  });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return {
    app,
    /** Signs in (users made with the test factories' password) and returns the session cookie header. */
    async signIn(username: string): Promise<string> {
      const response = await app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { username, password: testPassword },
      });
      const cookie = response.cookies.find((c) => c.name === "zd_session");
      if (response.statusCode !== 200 || !cookie)
        throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
      return `zd_session=${cookie.value}`;
    },
  };
}

/**
 * GET `url` `runs` times after `warmUp` untimed runs; returns the wall-clock timings, the CPU time this
 * process spent on each request (PGlite runs in-process, so that includes the database's work and is less
 * disturbed by other load on the machine) and the last body. Throws on a non-200.
 */
export async function timeGet(
  app: FastifyInstance,
  cookie: string,
  url: string,
  runs: number,
  warmUp = 2,
): Promise<{ samples: number[]; cpuSamples: number[]; body: unknown }> {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let body: unknown = null;
  for (let i = 0; i < warmUp + runs; i++) {
    const cpu = process.cpuUsage();
    const run = await timed(() => app.inject({ method: "GET", url, headers: { cookie } }));
    const used = process.cpuUsage(cpu);
    if (run.value.statusCode !== 200)
      throw new Error(`GET ${url}: ${run.value.statusCode} ${run.value.body.slice(0, 300)}`);
    if (i >= warmUp) {
      samples.push(run.ms);
      cpuSamples.push((used.user + used.system) / 1000);
    }
    body = run.value.json();
  }
  return { samples, cpuSamples, body };
}

/** A table row with p50/p95 of the samples, against a p95 goal when there is one; CPU times go in the detail. */
export function latencyRow(
  name: string,
  timing: { samples: number[]; cpuSamples?: number[] },
  goalMs: number | null,
  detail?: string,
): BenchRow {
  const p95 = percentile(timing.samples, 95);
  const cpu = timing.cpuSamples?.length
    ? `CPU p50 ${ms(percentile(timing.cpuSamples, 50))} / p95 ${ms(percentile(timing.cpuSamples, 95))}`
    : undefined;
  const details = [detail, cpu].filter(Boolean).join("; ");
  return {
    name,
    value: `p50 ${ms(percentile(timing.samples, 50))} / p95 ${ms(p95)}`,
    goal: goalMs === null ? "" : `p95 < ${goalMs >= 1000 ? `${goalMs / 1000} s` : `${goalMs} ms`}`,
    met: goalMs === null ? null : p95 < goalMs,
    ...(details ? { detail: details } : {}),
  };
}

export interface ProfiledQuery {
  sql: string;
  params: unknown[];
  ms: number;
}

/**
 * Records every statement the app sends to PGlite (SQL, parameters, time) while `fn` runs, by wrapping
 * the client's query method (statements inside transactions are not seen). Shows where a request's time goes.
 */
export async function profileQueries(pglite: PGlite, fn: () => Promise<unknown>): Promise<ProfiledQuery[]> {
  const seen: ProfiledQuery[] = [];
  const original = pglite.query.bind(pglite);
  const wrapped = async (...args: Parameters<PGlite["query"]>) => {
    const started = performance.now();
    try {
      return await original(...args);
    } finally {
      seen.push({
        sql: String(args[0]),
        params: (args[1] as unknown[] | undefined) ?? [],
        ms: performance.now() - started,
      });
    }
  };
  (pglite as unknown as { query: unknown }).query = wrapped;
  try {
    await fn();
  } finally {
    (pglite as unknown as { query: unknown }).query = original;
  }
  return seen;
}

/** EXPLAIN (ANALYZE, BUFFERS) of a recorded statement, as lines. */
export async function explainAnalyze(pglite: PGlite, q: ProfiledQuery): Promise<string[]> {
  const result = await pglite.query<Record<string, string>>(`explain (analyze, buffers) ${q.sql}`, q.params);
  return result.rows.map((r) => Object.values(r)[0] ?? "");
}

/** Prints where one request's time goes: its statements, slowest first, and the plan of the slowest. */
export async function printWhereTimeGoes(pglite: PGlite, label: string, run: () => Promise<unknown>): Promise<void> {
  const total = await timed(() => profileQueries(pglite, run));
  const statements = [...total.value].sort((a, b) => b.ms - a.ms);
  const inDb = statements.reduce((sum, q) => sum + q.ms, 0);
  const out = [
    `\n── where the time goes: ${label} (${ms(total.ms)} total, ${statements.length} statements, ${ms(inDb)} summed over them; statements sent together queue on PGlite's one connection, so their times overlap)`,
  ];
  for (const q of statements.slice(0, 5))
    out.push(`  ${ms(q.ms).padStart(9)}  ${q.sql.replace(/\s+/g, " ").slice(0, 220)}`);
  const slowest = statements[0];
  if (slowest) {
    out.push(`  EXPLAIN ANALYZE of the slowest (params ${JSON.stringify(slowest.params).slice(0, 200)}):`);
    for (const line of await explainAnalyze(pglite, slowest)) out.push(`    ${line}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

/** Samples the RSS every 100 ms until stopped; returns the peak seen. */
export function rssSampler(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}
