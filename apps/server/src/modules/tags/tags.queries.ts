import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { enterpriseTags } from "../enterprises/enterprises.table.js";
import { tags } from "./tags.table.js";

export type TagRow = typeof tags.$inferSelect;

export function findTags(db: Db, id?: string) {
  return db
    .select({
      tag: tags,
      enterpriseCount: sql<number>`(select count(*)::int from ${enterpriseTags} et where et.tag_id = ${tags.id})`,
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
