/**
 * Search benchmark: N synthetic enterprises in a temp PGlite, ANALYZE, then p50/p95 of the
 * enterprise list service (count + page of 20 + details) for typical queries, and EXPLAIN of the
 * search condition to show the GIN index over search grams is used.
 */
import { enterpriseListQuerySchema } from "@zonedesk/contracts";
import { count, type SQL, sql } from "drizzle-orm";
import { type Db, openPglite, queryRows } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import type { Actor } from "../src/lib/actor.js";
import { searchGramsOf } from "../src/lib/search-grams.js";
import { enterpriseSearch } from "../src/modules/enterprises/enterprises.queries.js";
import { listEnterprises } from "../src/modules/enterprises/enterprises.service.js";
import { enterprises } from "../src/modules/enterprises/enterprises.table.js";
import { seedReferenceData } from "../src/reference-data/seed-reference-data.js";
import { createOrgUnit } from "../test/factories.js";
import {
  type BenchRow,
  creditCodeOf,
  ms,
  percentile,
  progress,
  Rng,
  syntheticEnterprise,
  tempDir,
  timed,
} from "./common.js";

const goalMs = 300;
const iterations = 20;

async function generate(db: Db, orgUnitId: string, total: number): Promise<void> {
  const rng = new Rng(20261121);
  const batch = 1000;
  for (let start = 0; start < total; start += batch) {
    const rows = [];
    for (let n = start + 1; n <= Math.min(total, start + batch); n++) {
      const e = syntheticEnterprise(rng, n);
      rows.push({
        orgUnitId,
        name: e.name,
        creditCode: e.creditCode,
        legalRepresentative: e.legalRepresentative,
        registeredCapital: (e.registeredCapitalWan * 10_000).toFixed(2),
        foundedOn: e.foundedOn,
        address: e.address,
        industryCode: e.industryCode,
        industrySection: e.industryCode.slice(0, 1),
        scale: e.scale,
        contactName: e.contactName,
        contactPhone: e.contactPhone,
        searchGrams: searchGramsOf(e.name, e.creditCode),
      });
    }
    await db.insert(enterprises).values(rows);
    if ((start / batch) % 20 === 19) progress(`${start + batch} enterprises inserted`);
  }
}

async function explain(db: Db, where: SQL | undefined, list: boolean): Promise<string[]> {
  const query = list
    ? sql`explain analyze select ${enterprises.id}, ${enterprises.name} from ${enterprises} where ${where} order by ${enterprises.name} limit 20`
    : sql`explain analyze select count(*) from ${enterprises} where ${where}`;
  const rows = await queryRows<Record<string, string>>(db, query);
  return rows.map((r) => Object.values(r)[0] ?? "");
}

/** Runs part (a) and returns its table rows. */
export async function searchBench(total: number): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const { dir, remove } = tempDir("zonedesk-bench-search-");
  const database = await openPglite(dir);
  try {
    const { db } = database;
    await migrateDatabase(database);
    await seedReferenceData(db);
    const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
    const zone = await createOrgUnit(db, { parent: city, name: "示范区", kind: "zone", divisionCode: "411002" });

    progress(`generating ${total.toLocaleString("en")} enterprises into PGlite at ${dir}`);
    const generated = await timed(() => generate(db, zone.id, total));
    const analyzed = await timed(() => db.execute(sql`analyze`));
    out.push({
      name: `generate ${total.toLocaleString("en")} enterprises (batches of 1,000)`,
      value: `${(generated.ms / 1000).toFixed(1)} s`,
      goal: "",
      met: null,
      detail: `ANALYZE ${ms(analyzed.ms)}`,
    });

    const actor: Actor = {
      userId: crypto.randomUUID(),
      username: "bench",
      displayName: "bench",
      role: "admin",
      orgUnitId: city.id,
      orgUnitPath: city.path,
      departmentId: null,
      enterpriseId: null,
      ip: null,
    };
    const code = creditCodeOf(Math.ceil(total * 0.54321));
    const queries = [
      { label: "1 char 鑫", q: "鑫" },
      { label: "1 char 有 (in every name)", q: "有" },
      { label: "2 chars 机械", q: "机械" },
      { label: "4 chars 瑞达机械", q: "瑞达机械" },
      { label: `code fragment ${code.slice(11, 17)}`, q: code.slice(11, 17) },
    ];
    for (const { label, q } of queries) {
      const where = enterpriseSearch(q);
      const [matches] = await db.select({ n: count() }).from(enterprises).where(where);
      const query = enterpriseListQuerySchema.parse({ q, pageSize: 20 });
      const samples: number[] = [];
      for (let i = 0; i < iterations + 2; i++) {
        const run = await timed(() => listEnterprises(db, actor, query));
        if (i >= 2) samples.push(run.ms); // two warm-up runs
      }
      const p95 = percentile(samples, 95);
      const plan = await explain(db, where, false);
      const usesIndex = plan.some((line) => line.includes("enterprises_search_grams_idx"));
      out.push({
        name: `search "${label}": list of 20 + count`,
        value: `p50 ${ms(percentile(samples, 50))} / p95 ${ms(p95)}`,
        goal: `p95 < ${goalMs} ms`,
        met: p95 < goalMs,
        detail: `${(matches?.n ?? 0).toLocaleString("en")} matches; count uses GIN index: ${usesIndex ? "yes" : "NO"}`,
      });
      progress(`${label}: p95 ${ms(p95)}`);
    }

    const example = enterpriseSearch("机械");
    process.stdout.write(`\nEXPLAIN ANALYZE count(*) for "机械" (${total.toLocaleString("en")} rows):\n`);
    for (const line of await explain(db, example, false)) process.stdout.write(`  ${line}\n`);
    process.stdout.write(`\nEXPLAIN ANALYZE page of 20 ordered by name for "机械":\n`);
    for (const line of await explain(db, example, true)) process.stdout.write(`  ${line}\n`);
  } finally {
    await database.close();
    remove();
  }
  return out;
}
