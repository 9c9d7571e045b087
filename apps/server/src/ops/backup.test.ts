import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnterprise, createOrgUnit } from "../../test/factories.js";
import { type Database, openPglite, openPostgres, queryRows } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { backup, countedTables, hasPgTool, type RowCounts, restore } from "./backup.js";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zonedesk-backup-test-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function counts(database: Database): Promise<RowCounts> {
  const out = {} as RowCounts;
  for (const table of countedTables) {
    const [row] = await queryRows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`));
    out[table] = Number(row?.n ?? 0);
  }
  return out;
}

/** A few org units and enterprises: what the backup must bring back exactly. */
async function seed(database: Database) {
  const city = await createOrgUnit(database.db, { name: "备份测试市", kind: "city" });
  const zone = await createOrgUnit(database.db, { parent: city, name: "备份测试区", kind: "zone" });
  for (let i = 0; i < 3; i++) await createEnterprise(database.db, { orgUnit: zone });
  return zone;
}

describe("PGlite backup and restore", () => {
  it("restores exactly the rows present at backup time", async () => {
    const dataDir = path.join(tmp, "data");
    let database = await openPglite(dataDir);
    await migrateDatabase(database);
    const zone = await seed(database);
    const atBackup = await counts(database);
    await database.close();
    expect(atBackup.org_units).toBe(2);
    expect(atBackup.enterprises).toBe(3);

    const file = await backup({ dataDir, out: path.join(tmp, "b.tar.gz") });
    expect(fs.existsSync(file)).toBe(true);
    expect(JSON.parse(fs.readFileSync(`${file}.json`, "utf8"))).toMatchObject({ formatVersion: 1, counts: atBackup });

    database = await openPglite(dataDir);
    await createEnterprise(database.db, { orgUnit: zone });
    await createOrgUnit(database.db, { name: "备份后新增" });
    expect((await counts(database)).enterprises).toBe(4);
    await database.close();

    await expect(restore({ dataDir, file, yes: false })).rejects.toThrow(/--yes/);
    const restored = await restore({ dataDir, file, yes: true });
    expect(restored).toEqual(atBackup);

    // The previous folder is kept, and the restored one opens as the server would open it.
    expect(fs.readdirSync(dataDir).some((name) => name.startsWith("pgdata.before-restore-"))).toBe(true);
    database = await openPglite(dataDir);
    expect(await counts(database)).toEqual(atBackup);
    await database.close();
  });

  it("refuses while another process holds the data folder, naming its pid", async () => {
    const dataDir = path.join(tmp, "locked");
    fs.mkdirSync(path.join(dataDir, "pgdata"), { recursive: true });
    fs.writeFileSync(path.join(dataDir, "pgdata/PG_VERSION"), "17\n"); // looks like a database; never opened
    const lockPath = path.join(dataDir, "zonedesk.lock");
    fs.writeFileSync(lockPath, JSON.stringify({ pid: process.ppid, purpose: "npm start", since: "2026-01-01" }));
    await expect(backup({ dataDir, out: path.join(tmp, "never.tar.gz") })).rejects.toThrow(
      new RegExp(`pid ${process.ppid}`),
    );
    expect(fs.existsSync(path.join(tmp, "never.tar.gz"))).toBe(false);
    expect(fs.existsSync(lockPath)).toBe(true); // someone else's lock is left alone
  });
});

// The pg_dump round trip needs a PostgreSQL server (TEST_DATABASE_URL) and the client tools; the
// PGlite-only run has neither, so the case is registered only when both are there.
const adminUrl = process.env.TEST_DATABASE_URL;
const pgToolsPresent = adminUrl ? (await hasPgTool("pg_dump")) && (await hasPgTool("pg_restore")) : false;

if (adminUrl && pgToolsPresent) {
  describe("PostgreSQL backup and restore", () => {
    it("round-trips a database through pg_dump and pg_restore", async () => {
      const name = `zd_backup_${randomBytes(5).toString("hex")}`;
      const admin = async (text: string) => {
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          await client.query(text);
        } finally {
          await client.end();
        }
      };
      await admin(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const databaseUrl = url.toString();
      try {
        let database = await openPostgres(databaseUrl, 2);
        await migrateDatabase(database);
        const zone = await seed(database);
        const atBackup = await counts(database);
        await database.close();

        const file = await backup({ dataDir: tmp, databaseUrl, out: path.join(tmp, "pg.dump") });
        database = await openPostgres(databaseUrl, 2);
        await createEnterprise(database.db, { orgUnit: zone });
        await database.close();

        await expect(restore({ dataDir: tmp, databaseUrl, file, yes: false })).rejects.toThrow(/--yes/);
        expect(await restore({ dataDir: tmp, databaseUrl, file, yes: true })).toEqual(atBackup);
      } finally {
        await admin(`drop database if exists ${name} with (force)`);
      }
    });
  });
}
