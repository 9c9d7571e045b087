import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";

/** An uploaded sheet waiting for confirmation. Rows are staged so the preview survives restarts and instances. */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    orgUnitId: uuid("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    fileName: text("file_name").notNull(),
    status: text("status", { enum: ["previewed", "applied", "discarded"] })
      .notNull()
      .default("previewed"),
    sheetHeaders: jsonb("sheet_headers").$type<string[]>().notNull(),
    headerRowNumber: integer("header_row_number").notNull(),
    mapping: jsonb("mapping").$type<Record<string, string | null>>().notNull(),
    rowCount: integer("row_count").notNull(),
    result: jsonb("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
  },
  (t) => [index("import_jobs_created_by_idx").on(t.createdBy, t.createdAt)],
);

export const importRows = pgTable(
  "import_rows",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => importJobs.id, { onDelete: "cascade" }),
    rowNumber: integer("row_number").notNull(),
    /** Cell values keyed by sheet header, as read (strings, numbers, ISO dates). */
    cells: jsonb("cells").$type<Record<string, string | number | boolean | null>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);
