import { z } from "zod";
import { dateSchema, listParam, moneySchema, pageOf, paginationQuerySchema } from "./common.js";
import { checkCreditCode } from "./credit-code.js";

export const enterpriseScales = ["large", "medium", "small", "micro"] as const;
export const enterpriseScaleSchema = z.enum(enterpriseScales).describe("企业规模（大型/中型/小型/微型）");
export type EnterpriseScale = z.infer<typeof enterpriseScaleSchema>;
export const enterpriseScaleLabels: Record<EnterpriseScale, string> = {
  large: "大型",
  medium: "中型",
  small: "小型",
  micro: "微型",
};

export const enterpriseStatusSchema = z.enum(["active", "archived"]);
export type EnterpriseStatus = z.infer<typeof enterpriseStatusSchema>;

/** A credit code field: normalised, then checked; the error names the code and what is wrong. */
export const creditCodeSchema = z
  .string({ message: "请输入统一社会信用代码" })
  .transform((raw, ctx) => {
    const result = checkCreditCode(raw);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.reason });
      return z.NEVER;
    }
    return result.code;
  })
  .describe("统一社会信用代码");

export const liaisonSummarySchema = z.object({
  assignmentId: z.uuid(),
  userId: z.uuid(),
  displayName: z.string(),
  role: z.string(),
});

export const enterpriseSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  creditCode: z.string(),
  name: z.string(),
  legalRepresentative: z.string().nullable(),
  registeredCapital: z.string().nullable().describe("注册资本（元）"),
  foundedOn: z.string().nullable(),
  address: z.string().nullable(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  scale: enterpriseScaleSchema.nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: enterpriseStatusSchema,
  tags: z.array(z.object({ id: z.uuid(), name: z.string() })),
  liaisons: z.array(liaisonSummarySchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Enterprise = z.infer<typeof enterpriseSchema>;

export const enterprisePageSchema = pageOf(enterpriseSchema).extend({
  totalIsLowerBound: z.boolean().describe("搜索命中很多时只计数到上限：total 为下限，页面显示“N+ 条”"),
});
export type EnterprisePage = z.infer<typeof enterprisePageSchema>;

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label}不超过${max}个字`).nullable().optional();

export const enterpriseInputSchema = z.object({
  orgUnitId: z.uuid({ message: "请选择所属园区/区域" }),
  creditCode: creditCodeSchema,
  name: z.string().trim().min(2, "企业名称至少2个字").max(200, "企业名称不超过200个字"),
  legalRepresentative: optionalText(50, "法定代表人"),
  registeredCapital: moneySchema.nullable().optional(),
  foundedOn: dateSchema.nullable().optional(),
  address: optionalText(300, "注册地址"),
  industryCode: z.string().trim().max(8).nullable().optional(),
  scale: enterpriseScaleSchema.nullable().optional(),
  contactName: optionalText(50, "联系人"),
  contactPhone: optionalText(30, "联系电话"),
  tagIds: z.array(z.uuid()).max(50).optional(),
});
export type EnterpriseInput = z.input<typeof enterpriseInputSchema>;
export type CreateEnterprise = z.infer<typeof enterpriseInputSchema>;

export const updateEnterpriseSchema = enterpriseInputSchema.extend({
  version: z.number().int().describe("乐观锁版本号：基于旧版本的修改会被拒绝"),
});
export type UpdateEnterprise = z.infer<typeof updateEnterpriseSchema>;

export const enterpriseSortFields = ["name", "creditCode", "foundedOn", "registeredCapital", "updatedAt"] as const;

export const enterpriseListQuerySchema = paginationQuerySchema.extend({
  q: z.string().trim().max(100).optional().describe("企业名称片段或信用代码片段"),
  orgUnitId: z.uuid().optional().describe("所属单位（含下级）"),
  industryCode: z.string().trim().max(8).optional().describe("行业代码（门类字母或代码前缀）"),
  tagIds: listParam
    .pipe(
      z
        .array(z.uuid({ message: "标签编号无效" }))
        .max(20, "最多按20个标签筛选")
        .optional(),
    )
    .describe("标签，多个以逗号分隔：须同时具有"),
  scale: listParam,
  assigned: z.enum(["yes", "no"]).optional().describe("是否已落实包联领导"),
  status: z.enum(["active", "archived", "all"]).default("active"),
  sort: z
    .string()
    .regex(/^-?(name|creditCode|foundedOn|registeredCapital|updatedAt)$/, "不支持的排序字段")
    .default("name"),
});
export type EnterpriseListQuery = z.infer<typeof enterpriseListQuerySchema>;

/** Column order of the enterprise import template and of every export. */
export const enterpriseColumns = [
  { key: "creditCode", header: "统一社会信用代码", required: true },
  { key: "name", header: "企业名称", required: true },
  { key: "orgUnit", header: "所属园区", required: true },
  { key: "legalRepresentative", header: "法定代表人", required: false },
  { key: "registeredCapital", header: "注册资本（万元）", required: false },
  { key: "foundedOn", header: "成立日期", required: false },
  { key: "address", header: "注册地址", required: false },
  { key: "industryCode", header: "行业代码", required: false },
  { key: "scale", header: "企业规模", required: false },
  { key: "contactName", header: "联系人", required: false },
  { key: "contactPhone", header: "联系电话", required: false },
  { key: "tags", header: "企业标签", required: false },
] as const;
export type EnterpriseColumnKey = (typeof enterpriseColumns)[number]["key"];
