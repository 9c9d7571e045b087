import { checkCreditCode } from "@zonedesk/contracts";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPglite } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { liaisonAssignments } from "../modules/assignments/assignments.table.js";
import { enterprises } from "../modules/enterprises/enterprises.table.js";
import { industries } from "../modules/industries/industries.table.js";
import { orgUnits } from "../modules/org-units/org-units.table.js";
import { tags } from "../modules/tags/tags.table.js";
import { users } from "../modules/users/users.table.js";
import { seedReferenceData } from "../reference-data/seed-reference-data.js";
import { type DemoSummary, loadDemoData } from "./generate.js";

async function openSeeded(): Promise<Database> {
  const database = await openPglite(null);
  await migrateDatabase(database);
  await seedReferenceData(database.db);
  return database;
}

async function namesAndCodes(database: Database) {
  return database.db
    .select({ name: enterprises.name, creditCode: enterprises.creditCode })
    .from(enterprises)
    .orderBy(asc(enterprises.creditCode));
}

describe("loadDemoData", () => {
  let database: Database;
  let summary: DemoSummary;
  let loadMs = 0;

  beforeAll(async () => {
    database = await openSeeded();
    const started = performance.now();
    summary = await loadDemoData(database.db, { seed: 42 });
    loadMs = performance.now() - started;
    console.info(`loadDemoData(seed 42): ${Math.round(loadMs)} ms`, summary.counts);
  });
  afterAll(async () => {
    await database.close();
  });

  it("writes about 800 enterprises with valid, unique credit codes", async () => {
    const rows = await namesAndCodes(database);
    expect(rows.length).toBeGreaterThanOrEqual(750);
    expect(rows.length).toBeLessThanOrEqual(850);
    for (const row of rows) expect(checkCreditCode(row.creditCode)).toMatchObject({ ok: true });
    expect(new Set(rows.map((r) => r.creditCode)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it("creates two zones, 29 leaders and at least 200 cadres", async () => {
    const zones = await database.db.select().from(orgUnits).where(eq(orgUnits.kind, "zone"));
    expect(zones).toHaveLength(2);
    const count = async (role: "leader" | "cadre") =>
      (await database.db.select({ id: users.id }).from(users).where(eq(users.role, role))).length;
    expect(await count("leader")).toBe(29);
    expect(await count("cadre")).toBeGreaterThanOrEqual(200);
  });

  it("gives cadre001 at least five active assignments", async () => {
    const [cadre] = await database.db.select().from(users).where(eq(users.username, "cadre001"));
    expect(cadre).toBeDefined();
    const active = await database.db
      .select({ id: liaisonAssignments.id })
      .from(liaisonAssignments)
      .where(and(eq(liaisonAssignments.userId, cadre?.id ?? ""), isNull(liaisonAssignments.endsOn)));
    expect(active.length).toBeGreaterThanOrEqual(5);
  });

  it("covers 80–95% of active enterprises with an active responsible leader", async () => {
    const [row] = await database.db
      .select({
        total: sql<number>`count(*)::int`,
        covered: sql<number>`count(*) filter (where exists (
          select 1 from ${liaisonAssignments} a
          where a.enterprise_id = enterprises.id and a.role = 'lead_leader' and a.ends_on is null))::int`,
      })
      .from(enterprises)
      .where(eq(enterprises.status, "active"));
    const share = (row?.covered ?? 0) / (row?.total ?? 1);
    expect(share).toBeGreaterThanOrEqual(0.8);
    expect(share).toBeLessThanOrEqual(0.95);
  });

  it("lists demo accounts that all share one strong password", () => {
    const usernames = summary.accounts.map((a) => a.username);
    expect(usernames).toEqual(
      expect.arrayContaining(["admin", "admin_jk", "leader01", "cadre001", "jiwei01", "tongji01", "qiye001"]),
    );
    expect(new Set(summary.accounts.map((a) => a.password)).size).toBe(1);
  });

  it("produces the same enterprises for the same seed", async () => {
    const again = await openSeeded();
    try {
      await loadDemoData(again.db, { seed: 42 });
      expect(await namesAndCodes(again)).toEqual(await namesAndCodes(database));
    } finally {
      await again.close();
    }
  });
});

describe("seedReferenceData", () => {
  it("leaves 20 sections, 97 divisions and the default tags when run twice", async () => {
    const database = await openSeeded();
    try {
      await seedReferenceData(database.db);
      const levels = await database.db
        .select({ level: industries.level, count: sql<number>`count(*)::int` })
        .from(industries)
        .groupBy(industries.level);
      const byLevel = new Map(levels.map((l) => [l.level, l.count]));
      expect(byLevel.get("section")).toBe(20);
      expect(byLevel.get("division")).toBe(97);
      const [c38] = await database.db.select().from(industries).where(eq(industries.code, "383"));
      expect(c38).toMatchObject({ section: "C", parentCode: "38", level: "group" });
      expect(await database.db.select().from(tags)).toHaveLength(13);
    } finally {
      await database.close();
    }
  });

  it("does not bring back a default tag an admin renamed", async () => {
    const database = await openSeeded();
    try {
      await database.db.update(tags).set({ name: "重点服务企业" }).where(eq(tags.name, "重点企业"));
      await seedReferenceData(database.db);
      const names = (await database.db.select({ name: tags.name }).from(tags)).map((t) => t.name);
      expect(names).toContain("重点服务企业");
      expect(names).not.toContain("重点企业");
    } finally {
      await database.close();
    }
  });
});
