/**
 * `npm run backup [-- --out FILE]` and `npm run restore -- FILE [--yes]`: with DATABASE_URL through
 * pg_dump/pg_restore, else the PGlite folder in DATA_DIR (the server must be stopped).
 */
import { loadConfig } from "../config.js";
import { backup, restore } from "./backup.js";

const usage = `用法 / usage:
  npm run backup [-- --out FILE]
  npm run restore -- FILE [--yes]`;

function fail(message: string): never {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (rest.includes("--help") || rest.includes("-h")) {
    log(usage);
    return;
  }
  const config = loadConfig();
  const target = { dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, log };
  if (command === "backup") {
    let out: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i] ?? "";
      if (arg === "--out") out = rest[++i] ?? fail(`--out 需要文件名 / --out needs a file name\n${usage}`);
      else if (arg.startsWith("--out=")) out = arg.slice("--out=".length);
      else fail(`未知参数 / unknown argument: ${arg}\n${usage}`);
    }
    await backup({ ...target, out });
  } else if (command === "restore") {
    const files = rest.filter((a) => !a.startsWith("--"));
    const unknown = rest.filter((a) => a.startsWith("--") && a !== "--yes");
    if (unknown.length > 0) fail(`未知参数 / unknown argument: ${unknown.join(" ")}\n${usage}`);
    const [file] = files;
    if (!file || files.length > 1) fail(`请指定一个备份文件 / name one backup file\n${usage}`);
    await restore({ ...target, file, yes: rest.includes("--yes") });
  } else {
    fail(usage);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail(`失败 / failed: ${error instanceof Error ? error.message : String(error)}`);
});
