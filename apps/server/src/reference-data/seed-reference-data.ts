import { eq, sql } from "drizzle-orm";
import { appSettings } from "../db/app-settings.table.js";
import type { Db } from "../db/client.js";
import { industries } from "../modules/industries/industries.table.js";
import { seedIssueCategories } from "../modules/issues/issue-categories.service.js";
import { seedProcedureTypes } from "../modules/projects/project-procedures.js";
import { tags } from "../modules/tags/tags.table.js";
import { defaultTags } from "./default-tags.js";
import { industryCatalog } from "./industry-catalog.js";

/** Names of the default tags already offered once; a default an admin renamed or archived is not brought back. */
const seededTagsKey = "reference_data.default_tags";

/**
 * Brings the reference data up to date; runs at every start, so it costs two statements when
 * nothing changed. Industries are upserted from the shipped GB/T 4754-2017 file (only rows that
 * differ are written). Default tags are inserted once each: a name already offered in an earlier
 * start is never inserted again, and an existing tag of the same name is left as the admin set it.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  await db
    .insert(industries)
    .values(
      industryCatalog.map((node) => ({
        code: node.code,
        name: node.name,
        parentCode: node.parentCode,
        level: node.level,
        section: node.section,
      })),
    )
    .onConflictDoUpdate({
      target: industries.code,
      set: {
        name: sql`excluded.name`,
        parentCode: sql`excluded.parent_code`,
        level: sql`excluded.level`,
        section: sql`excluded.section`,
      },
      setWhere: sql`(${industries.name}, ${industries.parentCode}, ${industries.level}, ${industries.section})
        is distinct from (excluded.name, excluded.parent_code, excluded.level, excluded.section)`,
    });

  await seedProcedureTypes(db);
  await seedIssueCategories(db);

  const [marker] = await db.select().from(appSettings).where(eq(appSettings.key, seededTagsKey));
  const offered = new Set(Array.isArray(marker?.value) ? marker.value.filter((v) => typeof v === "string") : []);
  const pending = defaultTags.filter((tag) => !offered.has(tag.name));
  if (pending.length === 0) return;
  await db
    .insert(tags)
    .values(pending.map((tag) => ({ name: tag.name, category: tag.category, sortOrder: tag.sortOrder })))
    .onConflictDoNothing({ target: tags.name });
  const names = [...offered, ...pending.map((tag) => tag.name)];
  await db
    .insert(appSettings)
    .values({ key: seededTagsKey, value: names })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: names, updatedAt: new Date() } });
}
