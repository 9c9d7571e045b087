import { z } from "zod";

export const orgUnitKinds = ["province", "city", "county", "zone", "park"] as const;
export const orgUnitKindSchema = z.enum(orgUnitKinds).describe("层级：省/市/县区/园区（开发区）/园中园");
export type OrgUnitKind = z.infer<typeof orgUnitKindSchema>;
export const orgUnitKindLabels: Record<OrgUnitKind, string> = {
  province: "省",
  city: "市",
  county: "县（区）",
  zone: "开发区/园区",
  park: "园中园/片区",
};

export const orgUnitSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  kind: orgUnitKindSchema,
  divisionCode: z.string().nullable().describe("GB/T 2260 行政区划代码"),
  path: z.string(),
  version: z.number().int(),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const createOrgUnitSchema = z.object({
  parentId: z.uuid({ message: "请选择上级单位" }),
  name: z.string().trim().min(1, "请输入名称").max(100, "名称不超过100个字"),
  kind: orgUnitKindSchema,
  divisionCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "行政区划代码应为6位数字")
    .nullable()
    .optional(),
});
export type CreateOrgUnit = z.infer<typeof createOrgUnitSchema>;

export const updateOrgUnitSchema = createOrgUnitSchema.omit({ parentId: true }).extend({ version: z.number().int() });
export type UpdateOrgUnit = z.infer<typeof updateOrgUnitSchema>;

export const departmentSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  name: z.string(),
  isArchived: z.boolean(),
  memberCount: z.number().int(),
  version: z.number().int(),
});
export type Department = z.infer<typeof departmentSchema>;

export const createDepartmentSchema = z.object({
  orgUnitId: z.uuid({ message: "请选择所属单位" }),
  name: z.string().trim().min(1, "请输入部门名称").max(100, "名称不超过100个字"),
});
export type CreateDepartment = z.infer<typeof createDepartmentSchema>;

export const updateDepartmentSchema = z.object({
  name: z.string().trim().min(1, "请输入部门名称").max(100, "名称不超过100个字"),
  isArchived: z.boolean().optional(),
  version: z.number().int(),
});
export type UpdateDepartment = z.infer<typeof updateDepartmentSchema>;
