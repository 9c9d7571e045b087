import type { Industry } from "@zonedesk/contracts";
import { asc, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { industries } from "./industries.table.js";

/**
 * The whole GB/T 4754-2017 tree as a flat list, in reading order: each section, then its
 * divisions and their groups by code.
 */
export function listIndustries(db: Db): Promise<Industry[]> {
  return db
    .select({
      code: industries.code,
      name: industries.name,
      parentCode: industries.parentCode,
      level: industries.level,
    })
    .from(industries)
    .orderBy(
      asc(industries.section),
      sql`case when ${industries.level} = 'section' then 0 else 1 end`,
      asc(industries.code),
    );
}
