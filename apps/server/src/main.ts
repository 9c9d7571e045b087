import { buildApp } from "./app.js";
import { bootstrapDatabase, type FirstStart } from "./bootstrap.js";
import { loadConfig } from "./config.js";
import { type Database, openPglite, openPostgres, redactUrl } from "./db/client.js";
import { lockDataFolder } from "./db/data-folder-lock.js";
import { migrateDatabase } from "./db/migrate.js";
import { startMaintenance } from "./maintenance.js";

async function main(): Promise<void> {
  const config = loadConfig();
  let releaseLock = () => {};
  let database: Database;
  if (config.DATABASE_URL) {
    database = await openPostgres(config.DATABASE_URL);
  } else {
    releaseLock = lockDataFolder(config.dataDir, "npm start");
    try {
      database = await openPglite(config.dataDir);
    } catch (error) {
      releaseLock();
      throw error;
    }
  }
  await migrateDatabase(database);
  const firstStart = await bootstrapDatabase(database.db, { demo: config.DEMO === "1" });
  const app = await buildApp({ config, database });
  const stopMaintenance = startMaintenance(database.db, config, app.log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "shutting down");
    stopMaintenance();
    try {
      await app.close();
      await database.close();
    } finally {
      releaseLock();
    }
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  const address = await app.listen({ port: config.PORT, host: config.HOST });
  printBanner(
    address,
    config.DATABASE_URL ? `PostgreSQL ${redactUrl(config.DATABASE_URL)}` : `PGlite ${config.dataDir}`,
    firstStart,
  );
}

function printBanner(address: string, where: string, firstStart: FirstStart): void {
  const url = address.replace(/\/\/(0\.0\.0\.0|127\.0\.0\.1|\[::1?\])(?=:)/, "//localhost");
  const lines = [
    "",
    "  ZoneDesk 园区服务台 已启动 / started",
    `  地址 / address:  ${url}`,
    `  数据库 / database: ${where}`,
    `  接口文档 / API docs: ${url}/api/docs`,
  ];
  if (firstStart.kind === "empty") {
    lines.push(
      "",
      "  首次启动，未载入演示数据 (DEMO=0)。管理员一次性密码（仅显示这一次，首次登录须修改）：",
      `  First start without demo data. One-time administrator password (shown once, must be changed):`,
      `    用户名 ${firstStart.adminUsername}   密码 ${firstStart.oneTimePassword}`,
    );
  } else if (firstStart.demoAccounts.length > 0) {
    lines.push(
      "",
      "  演示账号（仅存在于首次启动载入的演示数据中）/ demo accounts (only in the demo data loaded on first start):",
    );
    for (const a of firstStart.demoAccounts) {
      lines.push(`    ${a.username.padEnd(16)} ${a.password.padEnd(16)} ${a.displayName}（${a.note}）`);
    }
  }
  lines.push("");
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nZoneDesk 启动失败 / failed to start:\n${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
