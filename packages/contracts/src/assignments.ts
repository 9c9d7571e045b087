import { z } from "zod";
import { dateSchema, paginationQuerySchema } from "./common.js";

export const liaisonRoles = [
  "lead_leader",
  "chief_service_officer",
  "helper_cadre",
  "township",
  "department",
  "discipline",
] as const;
export const liaisonRoleSchema = z.enum(liaisonRoles).describe("包联角色");
export type LiaisonRole = z.infer<typeof liaisonRoleSchema>;
export const liaisonRoleLabels: Record<LiaisonRole, string> = {
  lead_leader: "分包领导",
  chief_service_officer: "首席服务官",
  helper_cadre: "助企干部",
  township: "乡镇负责人",
  department: "委局负责人",
  discipline: "纪委负责人",
};

/** An assignment is to an enterprise or to a key project (重点项目): exactly one of the two ids is set. */
export const assignmentSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  creditCode: z.string().nullable(),
  projectId: z.uuid().nullable(),
  projectName: z.string().nullable(),
  orgUnitId: z.uuid(),
  userId: z.uuid(),
  userDisplayName: z.string(),
  userRole: z.string(),
  role: liaisonRoleSchema,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  isActive: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const createAssignmentSchema = z
  .object({
    enterpriseId: z.uuid({ message: "请选择企业" }).optional(),
    /** 包联重点项目: give projectId instead of enterpriseId. */
    projectId: z.uuid({ message: "请选择项目" }).optional(),
    userId: z.uuid({ message: "请选择包联人员" }),
    role: liaisonRoleSchema,
    startsOn: dateSchema.optional(),
    note: z.string().trim().max(200).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.enterpriseId && !v.projectId)
      ctx.addIssue({ code: "custom", message: "请选择企业", path: ["enterpriseId"] });
    if (v.enterpriseId && v.projectId)
      ctx.addIssue({ code: "custom", message: "一条包联只能对应一家企业或一个项目", path: ["projectId"] });
  });
export type CreateAssignment = z.infer<typeof createAssignmentSchema>;

export const bulkAssignmentSchema = z.object({
  enterpriseIds: z.array(z.uuid()).min(1, "请至少选择一家企业").max(1000),
  userId: z.uuid({ message: "请选择包联人员" }),
  role: liaisonRoleSchema,
  startsOn: dateSchema.optional(),
});
export type BulkAssignment = z.infer<typeof bulkAssignmentSchema>;

export const endAssignmentSchema = z.object({
  endsOn: dateSchema.optional(),
  note: z.string().trim().max(200).nullable().optional(),
});
export type EndAssignment = z.infer<typeof endAssignmentSchema>;

export const assignmentListQuerySchema = paginationQuerySchema.extend({
  enterpriseId: z.uuid().optional(),
  /** The assignments of one key project; without it the list holds enterprise assignments only. */
  projectId: z.uuid().optional(),
  userId: z.uuid().optional(),
  role: liaisonRoleSchema.optional(),
  active: z.enum(["true", "false", "all"]).default("true"),
});
export type AssignmentListQuery = z.infer<typeof assignmentListQuerySchema>;

export const coverageQuerySchema = z.object({
  orgUnitId: z.uuid().optional(),
  tagId: z.uuid().optional(),
});
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;

export const coverageRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  enterprises: z.number().int(),
  withLeader: z.number().int(),
  withoutLeader: z.number().int(),
  coverageRate: z.number().nullable().describe("包联覆盖率，分母为0时为 null"),
});
export type CoverageRow = z.infer<typeof coverageRowSchema>;

export const personLoadSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  role: z.string(),
  orgUnitName: z.string(),
  enterprises: z.number().int(),
  byRole: z.record(z.string(), z.number().int()),
});
export type PersonLoad = z.infer<typeof personLoadSchema>;

export const coverageReportSchema = z.object({
  total: coverageRowSchema,
  byOrgUnit: z.array(coverageRowSchema),
  byTag: z.array(coverageRowSchema),
  loads: z.array(personLoadSchema),
  uncovered: z.array(z.object({ id: z.uuid(), name: z.string(), creditCode: z.string(), orgUnitName: z.string() })),
});
export type CoverageReport = z.infer<typeof coverageReportSchema>;

/** Columns of the bulk assignment sheet. */
export const assignmentColumns = [
  { key: "creditCode", header: "统一社会信用代码", required: true },
  { key: "enterpriseName", header: "企业名称", required: false },
  { key: "username", header: "包联人员账号", required: true },
  { key: "role", header: "包联角色", required: true },
  { key: "startsOn", header: "开始日期", required: false },
] as const;
