/**
 * Import benchmark: a synthetic .xlsx of N enterprise rows (written in its own process first, so its
 * memory is not counted) through the real import service (createImport = read + stage + preview,
 * then confirmImport), timed, with the peak RSS of the importing process.
 */
import fs from "node:fs";
import path from "node:path";
import { enterpriseColumns, enterpriseScaleLabels } from "@zonedesk/contracts";
import ExcelJS from "exceljs";
import { loadConfig } from "../src/config.js";
import { openPglite } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import type { Actor } from "../src/lib/actor.js";
import { enterpriseImport } from "../src/modules/enterprises/enterprises.import.js";
import { confirmImport, createImport } from "../src/modules/imports/imports.service.js";
import { seedReferenceData } from "../src/reference-data/seed-reference-data.js";
import { createOrgUnit, createTag, createUser } from "../test/factories.js";
import { type BenchRow, mb, peakRss, progress, Rng, syntheticEnterprise, tempDir, timed } from "./common.js";

const goalSeconds = 120;
const goalRssBytes = 1024 * 1024 * 1024;

const zoneName = "示范区";
const tagName = "基准测试标签";

/** Writes the sheet as users fill in the import template (header row + one row per enterprise). */
async function writeSheet(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet("企业名录");
  sheet.addRow(enterpriseColumns.map((c) => c.header)).commit();
  const rng = new Rng(4242);
  for (let n = 1; n <= rows; n++) {
    const e = syntheticEnterprise(rng, 500_000 + n);
    const cells: Record<(typeof enterpriseColumns)[number]["key"], string | number> = {
      creditCode: e.creditCode,
      name: e.name,
      orgUnit: zoneName,
      legalRepresentative: e.legalRepresentative,
      registeredCapital: e.registeredCapitalWan,
      foundedOn: e.foundedOn,
      address: e.address,
      industryCode: e.industryCode,
      scale: enterpriseScaleLabels[e.scale],
      contactName: e.contactName,
      contactPhone: e.contactPhone,
      tags: n % 10 === 0 ? tagName : "",
    };
    sheet.addRow(enterpriseColumns.map((c) => cells[c.key])).commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** Set-up of part (b): writes the sheet to `file` and returns its table row. */
export async function sheetBench(rows: number, file: string): Promise<BenchRow[]> {
  progress(`writing a ${rows.toLocaleString("en")}-row .xlsx`);
  const written = await timed(() => writeSheet(file, rows));
  return [
    {
      name: `write ${rows.toLocaleString("en")}-row .xlsx (set-up, own process)`,
      value: `${(written.ms / 1000).toFixed(1)} s`,
      goal: "",
      met: null,
      detail: mb(fs.statSync(file).size),
    },
  ];
}

/** Runs part (b) on the sheet written by sheetBench (which the import removes) and returns its table rows. */
export async function importBench(file: string): Promise<BenchRow[]> {
  const { dir, remove } = tempDir("zonedesk-bench-import-");
  const database = await openPglite(path.join(dir, "data"));
  try {
    const { db } = database;
    await migrateDatabase(database);
    await seedReferenceData(db);
    const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
    await createOrgUnit(db, { parent: city, name: zoneName, kind: "zone", divisionCode: "411002" });
    await createTag(db, tagName);
    const user = await createUser(db, { role: "admin", orgUnit: city, username: "bench_admin" });
    const actor: Actor = {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: "admin",
      orgUnitId: city.id,
      orgUnitPath: city.path,
      departmentId: null,
      enterpriseId: null,
      ip: null,
    };

    const fileSize = fs.statSync(file).size;
    const rssBefore = process.memoryUsage().rss;
    let sampledPeak = rssBefore;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
    }, 100);
    progress(`importing it (${mb(fileSize)}); RSS now ${mb(rssBefore)}, most of it PGlite's WebAssembly memory`);
    const config = loadConfig({});
    const preview = await timed(() =>
      createImport(db, actor, enterpriseImport, { path: file, fileName: "企业名录.xlsx" }, config),
    );
    if (preview.value.counts.refused > 0) {
      throw new Error(`the bench sheet has refused rows: ${JSON.stringify(preview.value.issues.slice(0, 3))}`);
    }
    progress(`preview: ${preview.value.counts.create} to create, ${(preview.ms / 1000).toFixed(1)} s`);
    const confirmed = await timed(() => confirmImport(db, actor, enterpriseImport, preview.value.id));
    const totalSeconds = (preview.ms + confirmed.ms) / 1000;
    clearInterval(sampler);
    const peak = peakRss();
    return [
      {
        name: "import: upload → preview (read, stage, check)",
        value: `${(preview.ms / 1000).toFixed(1)} s`,
        goal: "",
        met: null,
        detail: `${preview.value.counts.create.toLocaleString("en")} to create`,
      },
      {
        name: "import: confirm (apply in one transaction)",
        value: `${(confirmed.ms / 1000).toFixed(1)} s`,
        goal: "",
        met: null,
        detail: `created ${confirmed.value.created.toLocaleString("en")}`,
      },
      {
        name: `import ${confirmed.value.created.toLocaleString("en")} rows total`,
        value: `${totalSeconds.toFixed(1)} s`,
        goal: `< ${goalSeconds} s`,
        met: totalSeconds < goalSeconds,
      },
      {
        name: "import peak RSS (whole process)",
        value: mb(peak),
        goal: `< ${mb(goalRssBytes)}`,
        met: peak < goalRssBytes,
        detail: `RSS before import ${mb(rssBefore)} (PGlite open ≈ 700 MB); sampled peak during import ${mb(sampledPeak)}`,
      },
    ];
  } finally {
    await database.close();
    remove();
  }
}
