import { date, index, integer, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { orgUnits } from "../org-units/org-units.table.js";
import { tags } from "../tags/tags.table.js";

export const enterprises = pgTable(
  "enterprises",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    creditCode: text("credit_code").notNull().unique(),
    name: text("name").notNull(),
    legalRepresentative: text("legal_representative"),
    /** Yuan. */
    registeredCapital: numeric("registered_capital", { precision: 18, scale: 2 }),
    foundedOn: date("founded_on"),
    address: text("address"),
    industryCode: text("industry_code"),
    /** Section letter of industryCode, denormalised for the "industry = C" filter. */
    industrySection: text("industry_section"),
    scale: text("scale", { enum: ["large", "medium", "small", "micro"] }),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    status: text("status", { enum: ["active", "archived"] })
      .notNull()
      .default("active"),
    /**
     * Every 1- and 2-character gram of the name and code. pg_trgm cannot index the one- and
     * two-character Chinese queries users type most; a GIN index over these grams can.
     */
    searchGrams: text("search_grams").array().notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("enterprises_org_unit_idx").on(t.orgUnitId, t.status),
    index("enterprises_search_grams_idx").using("gin", t.searchGrams),
    index("enterprises_name_idx").on(t.name),
    index("enterprises_industry_idx").on(t.industrySection, t.industryCode),
  ],
);

export const enterpriseTags = pgTable(
  "enterprise_tags",
  {
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    tagId: uuid("tag_id")
      .notNull()
      .references(() => tags.id),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.tagId] }), index("enterprise_tags_tag_idx").on(t.tagId)],
);
