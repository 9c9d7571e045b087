import { sql } from "drizzle-orm";
import { type AnyPgColumn, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** The org-unit tree (province → city → county/zone → park). Every register row points into it. */
export const orgUnits = pgTable(
  "org_units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    parentId: uuid("parent_id").references((): AnyPgColumn => orgUnits.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["province", "city", "county", "zone", "park"] }).notNull(),
    divisionCode: text("division_code"),
    /** Materialised path of ids, "/<root>/<child>/…/<self>/": a subtree is a prefix match. */
    path: text("path").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("org_units_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    index("org_units_parent_idx").on(t.parentId),
  ],
);
