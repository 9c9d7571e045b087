/**
 * `npm run demo [-- --seed N] [--today YYYY-MM-DD] [--data-dir DIR] [--force]`: loads the demo zone into
 * the database the app uses (DATABASE_URL for PostgreSQL, else PGlite in DATA_DIR, default ./data).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { count, inArray } from "drizzle-orm";
import { appSettings } from "../db/app-settings.table.js";
import { type Database, openPglite, openPostgres, redactUrl } from "../db/client.js";
import { lockDataFolder } from "../db/data-folder-lock.js";
import { migrateDatabase } from "../db/migrate.js";
import { enterprises } from "../modules/enterprises/enterprises.table.js";
import { users } from "../modules/users/users.table.js";
import { seedReferenceData } from "../reference-data/seed-reference-data.js";
import { demoCalendar } from "./demo-calendar.js";
import { type DemoSummary, defaultDemoSeed, loadDemoData } from "./generate.js";

const usage = `用法 / usage: npm run demo -- [--seed N] [--today YYYY-MM-DD] [--data-dir DIR] [--force]
  --seed N        随机种子，相同种子与日期生成相同数据 / same seed and date, same data (default ${defaultDemoSeed})
  --today DATE    演示数据的"今天"，所有日期据此推算 / the demo's today, every date reckoned from it (default: today in Beijing)
  --data-dir DIR  PGlite 数据目录 / PGlite data folder (default: DATA_DIR or ./data); ignored with DATABASE_URL
  --force         库中已有企业时仍然载入（不删除已有数据）/ load even if enterprises exist (deletes nothing)`;

class Refusal extends Error {}

function parseOptions(): { seed: number; today: string | undefined; dataDir: string; force: boolean } | null {
  const { values } = parseArgs({
    options: {
      seed: { type: "string" },
      today: { type: "string" },
      "data-dir": { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return null;
  const seed = values.seed === undefined ? defaultDemoSeed : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Refusal(`--seed 须为非负整数 / --seed must be a non-negative integer: ${values.seed}`);
  const today = values.today;
  if (today !== undefined) {
    try {
      demoCalendar(today);
    } catch {
      throw new Refusal(`--today 须为有效日期 YYYY-MM-DD / --today must be a valid date YYYY-MM-DD: ${today}`);
    }
  }
  const dataDir = path.resolve(values["data-dir"] ?? process.env.DATA_DIR ?? "./data");
  return { seed, today, dataDir, force: values.force };
}

async function refuseIfNotEmpty(database: Database, force: boolean, usernames: readonly string[]): Promise<void> {
  const [row] = await database.db.select({ n: count() }).from(enterprises);
  const existing = row?.n ?? 0;
  if (existing > 0 && !force) {
    throw new Refusal(
      `数据库中已有 ${existing} 家企业，未载入演示数据。演示数据只应载入空库；如确需追加，请加 --force（不会删除已有数据）。\n` +
        `The database already holds ${existing} enterprises; demo data not loaded. Use an empty database, or --force to add it anyway (nothing is deleted).`,
    );
  }
  const clashes = await database.db
    .select({ username: users.username })
    .from(users)
    .where(inArray(users.username, [...usernames]));
  if (clashes.length > 0) {
    throw new Refusal(
      `用户名已存在：${clashes.map((c) => c.username).join("、")}，未载入演示数据（演示数据可能已载入过）。\n` +
        `These usernames already exist, demo data not loaded (it may have been loaded before).`,
    );
  }
}

function printSummary(summary: DemoSummary, where: string, ms: number): void {
  const c = summary.counts;
  const lines = [
    "",
    `  演示数据已载入 / demo data loaded (${where}, seed ${summary.seed}, today ${summary.today}, ${(ms / 1000).toFixed(1)} s)`,
    `  单位 ${c.orgUnits}，委局 ${c.departments}，企业 ${c.enterprises}，企业标签 ${c.enterpriseTags}，账号 ${c.users}，包联 ${c.assignments}`,
    "",
    "  演示账号 / demo accounts:",
    ...summary.accounts.map(
      (a) => `    ${a.username.padEnd(16)} ${a.password.padEnd(16)} ${a.displayName}（${a.note}）`,
    ),
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const url = process.env.DATABASE_URL;
  let releaseLock = () => {};
  let database: Database;
  let where: string;
  if (url) {
    database = await openPostgres(url, 2);
    where = `PostgreSQL ${redactUrl(url)}`;
  } else {
    releaseLock = lockDataFolder(options.dataDir, "npm run demo");
    try {
      database = await openPglite(options.dataDir);
    } catch (error) {
      releaseLock();
      throw error;
    }
    where = `PGlite ${options.dataDir}`;
  }
  try {
    await migrateDatabase(database);
    await seedReferenceData(database.db);
    const demoUsernames = ["admin", "admin_jk", "leader01", "cadre001", "jiwei01", "tongji01", "qiye001"];
    await refuseIfNotEmpty(database, options.force, demoUsernames);
    const started = performance.now();
    const summary = await loadDemoData(database.db, { seed: options.seed, today: options.today });
    // The start banner reads this marker to list the demo accounts on later starts.
    await database.db
      .insert(appSettings)
      .values({ key: "demo_accounts", value: summary.accounts })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: summary.accounts, updatedAt: new Date() } });
    printSummary(summary, where, performance.now() - started);
  } finally {
    try {
      await database.close();
    } finally {
      releaseLock();
    }
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\n${error instanceof Refusal ? "" : "载入演示数据失败 / demo load failed:\n"}${message}\n`);
  process.exit(1);
});
