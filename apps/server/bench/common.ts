/** Shared bits of the benchmarks: synthetic enterprise rows, a temp database, timing statistics. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SeededRandom as Rng } from "../src/demo/random.js";
import { makeCreditCode } from "../test/factories.js";

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
