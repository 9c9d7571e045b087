import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openPglite, openPostgres } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedReferenceData } from "../src/reference-data/seed-reference-data.js";

/** Which database the suite runs on: PostgreSQL when TEST_DATABASE_URL is set, else in-memory PGlite. */
export const testDatabaseKind: "postgres" | "pglite" = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the
 * TEST_DATABASE_URL server, dropped again by close().
 */
export async function createTestDatabase(): Promise<Database> {
  const database = await createEmptyTestDatabase();
  await migrateDatabase(database);
  await seedReferenceData(database.db);
  return database;
}

/** A fresh database without any migration applied (test/migrations.ts applies the older ones). */
export async function createEmptyTestDatabase(): Promise<Database> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  let database: Database;
  if (!adminUrl) {
    database = await openPglite(null);
  } else {
    const name = `zd_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const opened = await openPostgres(url.toString(), 5);
    database = {
      ...opened,
      async close() {
        await opened.close();
        const dropper = new pg.Client({ connectionString: adminUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  return database;
}
