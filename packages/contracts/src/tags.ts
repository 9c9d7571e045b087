import { z } from "zod";

export const tagSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  category: z.string().nullable(),
  sortOrder: z.number().int(),
  isArchived: z.boolean(),
  enterpriseCount: z.number().int(),
  version: z.number().int(),
});
export type Tag = z.infer<typeof tagSchema>;

export const createTagSchema = z.object({
  name: z.string().trim().min(1, "请输入标签名称").max(50, "标签名称不超过50个字"),
  category: z.string().trim().max(50).nullable().optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export type CreateTag = z.infer<typeof createTagSchema>;

export const updateTagSchema = createTagSchema.extend({
  isArchived: z.boolean().optional(),
  version: z.number().int(),
});
export type UpdateTag = z.infer<typeof updateTagSchema>;
