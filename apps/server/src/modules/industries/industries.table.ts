import { index, pgTable, text } from "drizzle-orm/pg-core";

/** GB/T 4754-2017 国民经济行业分类, shipped as reference data. */
export const industries = pgTable(
  "industries",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    parentCode: text("parent_code"),
    level: text("level", { enum: ["section", "division", "group", "class"] }).notNull(),
    /** Section letter of this node (A–T), to filter "all of manufacturing" as one prefix. */
    section: text("section").notNull(),
  },
  (t) => [index("industries_parent_idx").on(t.parentCode)],
);
