import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openPglite, pgliteDataPath, redactUrl } from "../db/client.js";
import { lockDataFolder } from "../db/data-folder-lock.js";

/** Where to back up from or restore into: PostgreSQL when databaseUrl is set, else PGlite in dataDir. */
export interface BackupTarget {
  dataDir: string;
  databaseUrl?: string | undefined;
  log?: (line: string) => void;
}

/** Written next to a PGlite backup as `<file>.json`, naming the format so a restore can check it. */
export interface BackupSidecar {
  format: "zonedesk-pglite-datadir";
  formatVersion: 1;
  createdAt: string;
  compression: "gzip";
  counts: RowCounts;
}

export type RowCounts = Record<(typeof countedTables)[number], number>;

/** The tables whose row counts a backup and a restore print. */
export const countedTables = ["org_units", "users", "enterprises", "liaison_assignments", "audit_log"] as const;
const sidecarFormat = "zonedesk-pglite-datadir";

/** Local time as YYYYMMDD-HHmmss, for file names. */
export function timestamp(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

export function defaultBackupFile(kind: "pglite" | "postgres", now = new Date()): string {
  return path.resolve("backups", `zonedesk-${timestamp(now)}.${kind === "pglite" ? "tar.gz" : "dump"}`);
}

type Query = (text: string) => Promise<{ rows: Record<string, unknown>[] }>;

async function countRows(query: Query): Promise<RowCounts> {
  const counts = {} as RowCounts;
  for (const table of countedTables) {
    const { rows } = await query(`select count(*)::int as n from ${table}`);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

export function formatCounts(counts: RowCounts): string {
  return countedTables.map((t) => `${t} ${counts[t]}`).join(", ");
}

/** Takes the folder lock, explaining that the server must be stopped when it is running. */
function lockForOps(dataDir: string, purpose: string): () => void {
  try {
    return lockDataFolder(dataDir, purpose);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `请先停止 ZoneDesk 服务再${purpose.includes("restore") ? "恢复" : "备份"}（嵌入式数据库 PGlite 只允许一个进程打开）。\n` +
        `Stop the ZoneDesk server first: the embedded database (PGlite) allows one process.\n${message}`,
    );
  }
}

/** Backs up the database to `out` (default backups/zonedesk-<timestamp>.tar.gz or .dump); returns the file. */
export async function backup(target: BackupTarget & { out?: string | undefined }): Promise<string> {
  const log = target.log ?? (() => {});
  if (target.databaseUrl) {
    const file = path.resolve(target.out ?? defaultBackupFile("postgres"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await checkPgToolVersion("pg_dump", target.databaseUrl, log);
    log(`备份 PostgreSQL / backing up PostgreSQL ${redactUrl(target.databaseUrl)} → ${file}`);
    const counts = await withPgClient(target.databaseUrl, (query) => countRows(query));
    await runTool("pg_dump", ["--format=custom", "--no-owner", "--file", file, target.databaseUrl]);
    log(`备份完成 / backup written: ${file} (${formatSize(fs.statSync(file).size)}; ${formatCounts(counts)})`);
    return file;
  }

  const pgdata = pgliteDataPath(target.dataDir);
  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) {
    throw new Error(`数据目录中没有数据库 / no database in ${pgdata} (check DATA_DIR)`);
  }
  const file = path.resolve(target.out ?? defaultBackupFile("pglite"));
  const release = lockForOps(target.dataDir, "npm run backup");
  try {
    log(`备份 PGlite / backing up PGlite ${pgdata} → ${file}`);
    const database = await openPglite(target.dataDir);
    const client = database.pglite;
    if (!client) throw new Error("openPglite returned no PGlite client");
    let dump: Blob;
    let counts: RowCounts;
    try {
      counts = await countRows((text) => client.query(text));
      await client.query("CHECKPOINT");
      dump = await client.dumpDataDir("gzip");
    } finally {
      await database.close();
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.partial`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
    const sidecar: BackupSidecar = {
      format: sidecarFormat,
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      compression: "gzip",
      counts,
    };
    fs.writeFileSync(`${file}.json`, `${JSON.stringify(sidecar, null, 2)}\n`);
    log(`备份完成 / backup written: ${file} (${formatSize(fs.statSync(file).size)}; ${formatCounts(counts)})`);
    return file;
  } finally {
    release();
  }
}

/**
 * Restores a backup made by backup(). Refuses to overwrite existing data without `yes`. For PGlite
 * the current folder is moved aside to pgdata.before-restore-<timestamp>, never deleted.
 */
export async function restore(target: BackupTarget & { file: string; yes: boolean }): Promise<RowCounts> {
  const log = target.log ?? (() => {});
  const file = path.resolve(target.file);
  if (!fs.existsSync(file)) throw new Error(`找不到备份文件 / backup file not found: ${file}`);
  const magic = readMagic(file);
  if (target.databaseUrl) {
    if (magic !== "pgdump") {
      throw new Error(
        `${file} 不是 pg_dump 备份（可能是 PGlite 备份，需在未设置 DATABASE_URL 时恢复）/ not a pg_dump custom-format backup (a PGlite backup restores without DATABASE_URL)`,
      );
    }
    await checkPgToolVersion("pg_restore", target.databaseUrl, log);
    const hasData = await withPgClient(target.databaseUrl, async (query) => {
      const { rows } = await query("select to_regclass('public.org_units') is not null as present");
      if (!rows[0]?.present) return false;
      const counted = await query("select exists (select 1 from org_units) as any");
      return Boolean(counted.rows[0]?.any);
    });
    if (hasData && !target.yes) throw needsYes(redactUrl(target.databaseUrl));
    log(`恢复 PostgreSQL / restoring ${file} → ${redactUrl(target.databaseUrl)}`);
    await runTool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--dbname", target.databaseUrl, file]);
    const counts = await withPgClient(target.databaseUrl, (query) => countRows(query));
    log(`恢复完成 / restored: ${formatCounts(counts)}`);
    return counts;
  }

  if (magic !== "gzip") {
    throw new Error(
      `${file} 不是 PGlite 备份（.tar.gz）。pg_dump 备份请设置 DATABASE_URL 后恢复 / not a PGlite backup; a pg_dump backup restores with DATABASE_URL set`,
    );
  }
  checkSidecar(file, log);
  const release = lockForOps(target.dataDir, "npm run restore");
  try {
    const pgdata = pgliteDataPath(target.dataDir);
    const existing = fs.existsSync(pgdata) ? fs.readdirSync(pgdata) : [];
    if (existing.length > 0 && !target.yes) throw needsYes(pgdata);
    const stamp = timestamp();
    let aside: string | null = null;
    if (existing.length > 0) {
      aside = `${pgdata}.before-restore-${stamp}`;
      fs.renameSync(pgdata, aside);
      log(`原数据已移至 / the previous data was moved to ${aside}`);
    } else {
      fs.rmSync(pgdata, { recursive: true, force: true });
    }
    log(`恢复 PGlite / restoring ${file} → ${pgdata}`);
    try {
      const client = new PGlite({ dataDir: pgdata, loadDataDir: new Blob([fs.readFileSync(file)]) });
      try {
        await client.waitReady;
        await client.query("select count(*) from org_units");
        const counts = await countRows((text) => client.query(text));
        await client.query("CHECKPOINT");
        log(`恢复完成 / restored: ${formatCounts(counts)}`);
        return counts;
      } finally {
        if (!client.closed) await client.close();
      }
    } catch (error) {
      // Put the previous data back; keep the failed attempt for inspection.
      if (fs.existsSync(pgdata)) fs.renameSync(pgdata, `${pgdata}.failed-restore-${stamp}`);
      if (aside) fs.renameSync(aside, pgdata);
      throw new Error(
        `恢复失败，原数据未改动 / restore failed; the previous data is back in place: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } finally {
    release();
  }
}

function needsYes(where: string): Error {
  return new Error(
    `${where} 中已有数据；恢复会替换它们，确认请加 --yes（npm run restore -- FILE --yes）。\n` +
      `${where} already holds data; restoring replaces it. Add --yes to confirm (npm run restore -- FILE --yes).`,
  );
}

function readMagic(file: string): "gzip" | "pgdump" | "unknown" {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.toString("latin1") === "PGDMP") return "pgdump";
  return "unknown";
}

function checkSidecar(file: string, log: (line: string) => void): void {
  const sidecarPath = `${file}.json`;
  if (!fs.existsSync(sidecarPath)) {
    log(`提示：缺少说明文件 ${sidecarPath}，按 PGlite 备份处理 / note: no sidecar, treating it as a PGlite backup`);
    return;
  }
  const sidecar = JSON.parse(fs.readFileSync(sidecarPath, "utf8")) as Partial<BackupSidecar>;
  if (sidecar.format !== sidecarFormat || sidecar.formatVersion !== 1) {
    throw new Error(
      `不支持的备份格式 / unsupported backup format in ${sidecarPath}: ${sidecar.format} v${sidecar.formatVersion}`,
    );
  }
  if (sidecar.counts) log(`备份时间 / backed up at ${sidecar.createdAt}: ${formatCounts(sidecar.counts)}`);
}

async function withPgClient<T>(url: string, fn: (query: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn((text) => client.query(text));
  } finally {
    await client.end();
  }
}

/** Runs a PostgreSQL client tool, turning "not installed" and a non-zero exit into clear errors. */
function runTool(tool: "pg_dump" | "pg_restore", args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new Error(
              `未安装 ${tool} / ${tool} is not installed: 请安装 Debian 软件包 postgresql-client（apt-get install postgresql-client）/ install the Debian package postgresql-client`,
            )
          : error,
      );
    });
    child.on("exit", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${tool} 失败 / failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/** Whether pg_dump (or pg_restore) is on PATH. */
export async function hasPgTool(tool: "pg_dump" | "pg_restore"): Promise<boolean> {
  try {
    await runTool(tool, ["--version"]);
    return true;
  } catch {
    return false;
  }
}

/** Fails clearly when the tool is missing; warns when its major version is older than the server's. */
async function checkPgToolVersion(tool: "pg_dump" | "pg_restore", url: string, log: (line: string) => void) {
  const version = await runTool(tool, ["--version"]);
  const toolMajor = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1] ?? 0);
  const serverNum = await withPgClient(url, async (query) => {
    const { rows } = await query("show server_version_num");
    return Number(rows[0]?.server_version_num ?? 0);
  });
  const serverMajor = Math.floor(serverNum / 10000);
  if (toolMajor < serverMajor) {
    log(
      `警告：${tool} 版本 ${toolMajor} 低于服务器版本 ${serverMajor}，备份可能失败；请安装与服务器相同或更高版本的 postgresql-client。\n` +
        `Warning: ${tool} ${toolMajor} is older than the server (${serverMajor}); its major version must be >= the server's.`,
    );
  }
}

function formatSize(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}
