import { z } from "zod";

/** An import job: upload → preview (with column mapping) → confirm. All-or-nothing. */
export const importStatusSchema = z.enum(["previewed", "applied", "discarded"]);

export const importRowIssueSchema = z.object({
  rowNumber: z.number().int().describe("Excel 行号"),
  column: z.string().describe("列名（表头）"),
  message: z.string(),
});
export type ImportRowIssue = z.infer<typeof importRowIssueSchema>;

export const importPreviewRowSchema = z.object({
  rowNumber: z.number().int(),
  action: z.enum(["create", "update", "unchanged", "refused"]),
  key: z.string().describe("行的标识，如信用代码"),
  label: z.string(),
  changes: z.array(z.string()).describe("更新时变化的字段"),
});
export type ImportPreviewRow = z.infer<typeof importPreviewRowSchema>;

export const importPreviewSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  fileName: z.string(),
  status: importStatusSchema,
  sheetHeaders: z.array(z.string()).describe("表格中识别到的表头"),
  headerRowNumber: z.number().int(),
  fields: z.array(z.object({ key: z.string(), header: z.string(), required: z.boolean() })),
  mapping: z.record(z.string(), z.string().nullable()).describe("字段 → 表头"),
  counts: z.object({
    total: z.number().int(),
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
  }),
  issues: z.array(importRowIssueSchema),
  rows: z.array(importPreviewRowSchema).describe("预览的前若干行"),
  createdAt: z.string(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importMappingSchema = z.object({
  mapping: z.record(z.string(), z.string().nullable()),
});
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importResultSchema = z.object({
  id: z.uuid(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;
