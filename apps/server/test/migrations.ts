import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { Database, Schema } from "../src/db/client.js";
import { migrateDatabase, migrationsFolder } from "../src/db/migrate.js";
import { createEmptyTestDatabase } from "./db.js";

interface JournalEntry {
  idx: number;
  tag: string;
}

/**
 * A fresh database as an older release left it: only the migrations up to `lastIndex` (e.g. 5 for
 * 0005_issues_ledger_order) applied, through a copy of the migrations folder whose journal stops there.
 * Rows written then go in with plain SQL (the current tables have columns that did not exist yet);
 * `migrateRest()` then applies the remaining migrations as a start-up of the current release does.
 */
export async function createDatabaseAtMigration(
  lastIndex: number,
): Promise<{ database: Database; migrateRest(): Promise<void> }> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  const entries = journal.entries.filter((e) => e.idx <= lastIndex);
  if (entries.length !== lastIndex + 1) throw new Error(`no migration ${lastIndex} in the journal`);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "zd-migrations-"));
  try {
    fs.mkdirSync(path.join(folder, "meta"));
    fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
    for (const e of entries)
      fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
    const database = await createEmptyTestDatabase();
    // migrateDatabase() always takes the whole folder; the same two migrators, given the shortened copy.
    if (database.kind === "pglite") {
      await migratePglite(database.db as unknown as PgliteDatabase<Schema>, { migrationsFolder: folder }); // opened by openPglite
    } else {
      await migrateNodePg(database.db as unknown as NodePgDatabase<Schema>, { migrationsFolder: folder }); // opened by openPostgres
    }
    return { database, migrateRest: () => migrateDatabase(database) };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
