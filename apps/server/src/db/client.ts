import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema.js";

export type Schema = typeof schema;
/** A database handle or a transaction: services take either, so the caller decides the transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  kind: "pglite" | "postgres";
  db: Db;
  /** Flushes and closes; for PGlite a CHECKPOINT first, so a clean stop leaves nothing in the WAL. */
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
}

export function pgliteDataPath(dataDir: string): string {
  return path.join(dataDir, "pgdata");
}

/** Opens PGlite in dataDir/pgdata (or in memory when dataDir is null), explaining a folder it cannot open. */
export async function openPglite(dataDir: string | null): Promise<Database> {
  let client: PGlite;
  if (dataDir === null) {
    client = new PGlite({ extensions: {} });
  } else {
    const target = pgliteDataPath(dataDir);
    fs.mkdirSync(target, { recursive: true });
    try {
      fs.accessSync(target, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      throw new Error(`数据目录不可读写 / data folder is not readable and writable: ${target}`);
    }
    const entries = fs.readdirSync(target);
    if (entries.length > 0 && !entries.includes("PG_VERSION")) {
      throw new Error(
        `数据目录 ${target} 不是 ZoneDesk 的数据库（缺少 PG_VERSION）/ ${target} is not a ZoneDesk database folder (no PG_VERSION). Point DATA_DIR to an empty or existing ZoneDesk folder.`,
      );
    }
    try {
      client = new PGlite(target);
      await client.waitReady;
    } catch (error) {
      throw new Error(
        `无法打开数据目录 ${target}：${String(error)}。如数据损坏，请用 npm run restore 从备份恢复 / cannot open the database folder; restore from a backup with npm run restore.`,
      );
    }
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db; // PgliteDatabase is a PgDatabase with PGlite's result type
  return {
    kind: "pglite",
    db,
    pglite: client,
    async close() {
      if (client.closed) return;
      await client.query("CHECKPOINT");
      await client.close();
    },
  };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection ended by the server (a restart, pg_terminate_backend) must not crash the process:
  // the pool drops that client and the next query opens a new one. Errors of queries still reach their callers.
  pool.on("error", () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (error) {
    await pool.end();
    throw new Error(`无法连接 PostgreSQL / cannot connect to PostgreSQL at ${redactUrl(url)}: ${String(error)}`);
  }
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db; // NodePgDatabase is a PgDatabase with pg's result type
  return {
    kind: "postgres",
    db,
    pool,
    async close() {
      await pool.end();
    },
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, "//$1:***@");
}

/** Rows of a raw `db.execute` result, whichever driver produced it. */
export async function queryRows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }; // both drivers return { rows }
  return result.rows;
}
