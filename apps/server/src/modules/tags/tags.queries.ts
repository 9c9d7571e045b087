import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { enterprises, enterpriseTags } from "../enterprises/enterprises.table.js";
import { tags } from "./tags.table.js";

export type TagRow = typeof tags.$inferSelect;

/** Tags with how many of the enterprises matching `countedEnterprises` carry each. */
export function findTags(db: Db, countedEnterprises: SQL, id?: string) {
  return db
    .select({
      tag: tags,
      enterpriseCount: sql<number>`(select count(*)::int from ${enterpriseTags} et join ${enterprises} on ${enterprises.id} = et.enterprise_id
        where et.tag_id = ${tags.id} and ${countedEnterprises})`,
    })
    .from(tags)
    .where(id ? eq(tags.id, id) : undefined)
    .orderBy(asc(tags.isArchived), asc(tags.sortOrder), asc(tags.name));
}

export async function insertTag(db: Db, values: typeof tags.$inferInsert): Promise<TagRow> {
  const [row] = await db.insert(tags).values(values).returning();
  if (!row) throw new Error("insert tag returned nothing");
  return row;
}

export function updateTagRow(db: Db, id: string, version: number, values: Partial<typeof tags.$inferInsert>) {
  return db
    .update(tags)
    .set({ ...values, version: sql`${tags.version} + 1`, updatedAt: new Date() })
    .where(and(eq(tags.id, id), eq(tags.version, version)))
    .returning();
}

/** Tags by name (active ones), for imports that name tags in a cell. */
export async function tagsByName(db: Db): Promise<Map<string, TagRow>> {
  const rows = await db.select().from(tags).where(eq(tags.isArchived, false));
  return new Map(rows.map((t) => [t.name, t]));
}
