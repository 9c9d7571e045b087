import { z } from "zod";

/** GB/T 4754-2017 国民经济行业分类 node: section (门类, letter) or division/group/class (digits). */
export const industrySchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(["section", "division", "group", "class"]),
});
export type Industry = z.infer<typeof industrySchema>;
