import { z } from "zod";
import { dateSchema, pageOf, paginationQuerySchema } from "./common.js";
import { issueDraftSchema, issueStatusSchema } from "./issues.js";

// ── Enumerations and their labels ────────────────────────────────────────────

export const visitMethods = ["on_site", "phone", "online", "meeting"] as const;
export const visitMethodSchema = z.enum(visitMethods, { message: "请选择走访方式" }).describe("走访方式");
export type VisitMethod = z.infer<typeof visitMethodSchema>;
export const visitMethodLabels: Record<VisitMethod, string> = {
  on_site: "上门",
  phone: "电话",
  online: "线上",
  meeting: "会议",
};

export const visitStatuses = ["planned", "done", "cancelled"] as const;
export const visitStatusSchema = z.enum(visitStatuses, { message: "走访状态无效" }).describe("走访状态");
export type VisitStatus = z.infer<typeof visitStatusSchema>;
export const visitStatusLabels: Record<VisitStatus, string> = {
  planned: "计划走访",
  done: "已走访",
  cancelled: "已取消",
};

// ── Recording a visit ────────────────────────────────────────────────────────

/** One issue raised on the spot: the visit supplies its enterprise or project and the source "visit". */
export const visitIssueDraftSchema = issueDraftSchema.pick({ categoryId: true, title: true, description: true });
export type VisitIssueDraft = z.infer<typeof visitIssueDraftSchema>;

const participantIdsSchema = z
  .array(z.uuid({ message: "参与人员编号无效" }))
  .max(30, "参与人员最多30人")
  .default([])
  .describe("参与走访的系统用户（记录人自动计入）");
const otherParticipantsSchema = z
  .string()
  .trim()
  .max(500, "其他参与人员不超过500个字")
  .nullable()
  .optional()
  .describe("系统外的参与人员（企业方等），自由填写");
const summarySchema = z.string().trim().max(5000, "走访情况不超过5000个字").describe("走访情况（了解到的情况）");
const issuesSchema = z
  .array(visitIssueDraftSchema)
  .max(30, "一次走访最多登记30个问题")
  .default([])
  .describe("走访中收集的问题");

export const createVisitSchema = z
  .object({
    enterpriseId: z.uuid({ message: "企业编号无效" }).nullable().optional(),
    projectId: z.uuid({ message: "项目编号无效" }).nullable().optional(),
    status: z.enum(["done", "planned"], { message: "走访状态应为已走访或计划走访" }).default("done"),
    visitedOn: dateSchema.describe("走访日期：已走访不晚于今天，计划走访不早于今天"),
    method: visitMethodSchema.default("on_site"),
    participantIds: participantIdsSchema,
    otherParticipants: otherParticipantsSchema,
    summary: summarySchema.default(""),
    issues: issuesSchema,
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.enterpriseId) === Boolean(v.projectId)) {
      ctx.addIssue({ code: "custom", path: ["enterpriseId"], message: "请选择走访的企业或项目（二选一）" });
    }
    if (v.status === "done" && v.summary.length === 0) {
      ctx.addIssue({ code: "custom", path: ["summary"], message: "请填写走访情况" });
    }
    if (v.status === "planned" && v.issues.length > 0) {
      ctx.addIssue({ code: "custom", path: ["issues"], message: "计划走访不能登记问题，请在完成走访时登记" });
    }
  });
export type CreateVisit = z.infer<typeof createVisitSchema>;
export type CreateVisitInput = z.input<typeof createVisitSchema>;

export const completeVisitSchema = z.object({
  visitedOn: dateSchema.optional().describe("实际走访日期；不填则为计划日期（计划日期晚于今天时为今天）"),
  method: visitMethodSchema.optional(),
  participantIds: participantIdsSchema.optional(),
  otherParticipants: otherParticipantsSchema,
  summary: summarySchema.min(1, "请填写走访情况"),
  issues: issuesSchema,
  version: z.number({ message: "缺少版本号" }).int(),
});
export type CompleteVisit = z.infer<typeof completeVisitSchema>;

export const cancelVisitSchema = z.object({
  reason: z.string().trim().max(500, "取消原因不超过500个字").nullable().optional(),
  version: z.number({ message: "缺少版本号" }).int(),
});
export type CancelVisit = z.infer<typeof cancelVisitSchema>;

export const updateVisitSchema = z.object({
  visitedOn: dateSchema.optional(),
  method: visitMethodSchema.optional(),
  participantIds: z
    .array(z.uuid({ message: "参与人员编号无效" }))
    .max(30, "参与人员最多30人")
    .optional(),
  otherParticipants: otherParticipantsSchema,
  summary: summarySchema.optional(),
  version: z.number({ message: "缺少版本号" }).int(),
});
export type UpdateVisit = z.infer<typeof updateVisitSchema>;

// ── What the API answers ─────────────────────────────────────────────────────

export const visitParticipantSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  orgUnitName: z.string(),
  departmentName: z.string().nullable(),
});
export type VisitParticipant = z.infer<typeof visitParticipantSchema>;

export const visitIssueSchema = z.object({
  id: z.uuid(),
  serialNo: z.string(),
  title: z.string(),
  status: issueStatusSchema,
});
export type VisitIssue = z.infer<typeof visitIssueSchema>;

export const visitSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  projectId: z.uuid().nullable(),
  projectName: z.string().nullable(),
  status: visitStatusSchema,
  visitedOn: z.string(),
  method: visitMethodSchema,
  recordedBy: z.uuid(),
  recordedByName: z.string(),
  recordedByUnitName: z.string().describe("记录人所在单位（含部门）"),
  participants: z.array(visitParticipantSchema),
  otherParticipants: z.string().nullable(),
  summary: z.string(),
  issues: z.array(visitIssueSchema).describe("走访中登记的问题及其状态"),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Visit = z.infer<typeof visitSchema>;

export const visitPageSchema = pageOf(visitSchema);
export type VisitPage = z.infer<typeof visitPageSchema>;

export const visitListQuerySchema = paginationQuerySchema.extend({
  enterpriseId: z.uuid({ message: "企业编号无效" }).optional(),
  projectId: z.uuid({ message: "项目编号无效" }).optional(),
  userId: z.uuid({ message: "人员编号无效" }).optional().describe("记录人或参与人"),
  mine: z.stringbool().optional().describe("只看我记录或参与的走访"),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  status: visitStatusSchema.optional(),
});
export type VisitListQuery = z.infer<typeof visitListQuerySchema>;

// ── Coordination (无事不扰) ───────────────────────────────────────────────────

/** A visit to the same enterprise or project by someone else, shown on the form so units do not pile up. */
/**
 * 无事不扰: one visit by others to the same enterprise (or its key projects, or a project's investing
 * enterprise) — who came, when, how and what they recorded, and nothing else of it. The hint does not open
 * the visit: a cadre of a project is told of a visit to its investor here, yet GET /api/visits/:id of it
 * answers 404 and GET /api/visits does not list it unless the visit is his to see.
 */
export const recentVisitSchema = z.object({
  id: z.uuid().describe("仅作列表键：不能据此查看该走访记录"),
  visitedOn: z.string(),
  status: visitStatusSchema,
  method: visitMethodSchema,
  recordedByName: z.string(),
  unitName: z.string().describe("来访单位（单位及部门）"),
  participantNames: z.array(z.string()),
  otherParticipants: z.string().nullable(),
  summary: z.string().describe("走访记录的情况"),
  issues: z.array(visitIssueSchema).describe("走访中提出的问题，仅限本人可查看的"),
});
export type RecentVisit = z.infer<typeof recentVisitSchema>;

export const recentVisitsQuerySchema = z
  .object({
    enterpriseId: z.uuid({ message: "企业编号无效" }).optional(),
    projectId: z.uuid({ message: "项目编号无效" }).optional(),
    date: dateSchema.optional().describe("以该日期为中心，默认今天"),
  })
  .refine((v) => Boolean(v.enterpriseId) !== Boolean(v.projectId), {
    message: "请选择企业或项目（二选一）",
    path: ["enterpriseId"],
  });
export type RecentVisitsQuery = z.infer<typeof recentVisitsQuerySchema>;

export const recentVisitsSchema = z.object({
  days: z.number().int().describe("前后各多少天"),
  from: z.string(),
  to: z.string(),
  visits: z.array(recentVisitSchema),
});
export type RecentVisits = z.infer<typeof recentVisitsSchema>;

export const visitWithCoordinationSchema = z.object({
  visit: visitSchema,
  recentVisitsByOthers: z.array(recentVisitSchema).describe("无事不扰：近期其他单位/人员对同一企业或项目的走访"),
});
export type VisitWithCoordination = z.infer<typeof visitWithCoordinationSchema>;

export const visitSettingsSchema = z.object({
  coordinationDays: z
    .number({ message: "请输入天数" })
    .int("天数应为整数")
    .min(1, "天数至少为1")
    .max(90, "天数不超过90")
    .describe("无事不扰：提示前后多少天内其他单位的走访"),
});
export type VisitSettings = z.infer<typeof visitSettingsSchema>;

// ── Cadence rules (走访频次) ──────────────────────────────────────────────────

export const cadenceRoles = ["leader", "cadre"] as const;
export const cadenceRoleSchema = z.enum(cadenceRoles, { message: "请选择适用角色" });
export const cadenceRoleLabels: Record<(typeof cadenceRoles)[number], string> = {
  leader: "包联领导",
  cadre: "助企干部",
};
export const cadenceTargets = ["each_assigned", "any"] as const;
export const cadenceTargetSchema = z.enum(cadenceTargets, { message: "请选择考核对象" });
export const cadenceTargetLabels: Record<(typeof cadenceTargets)[number], string> = {
  each_assigned: "每家包联企业",
  any: "任意企业（合计）",
};
export const cadencePeriods = ["week", "month", "quarter", "year"] as const;
export const cadencePeriodSchema = z.enum(cadencePeriods, { message: "请选择周期" });
export type CadencePeriod = z.infer<typeof cadencePeriodSchema>;
export const cadencePeriodLabels: Record<CadencePeriod, string> = {
  week: "每周",
  month: "每月",
  quarter: "每季度",
  year: "每年",
};

export const cadenceRuleSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  name: z.string(),
  appliesToRole: cadenceRoleSchema,
  target: cadenceTargetSchema,
  period: cadencePeriodSchema,
  minVisits: z.number().int(),
  isActive: z.boolean(),
  /** False for a rule set by a higher unit: it applies here but only that unit may change it. */
  isEditable: z.boolean(),
  version: z.number().int(),
});
export type CadenceRule = z.infer<typeof cadenceRuleSchema>;

export const createCadenceRuleSchema = z.object({
  orgUnitId: z.uuid({ message: "单位编号无效" }).optional().describe("适用单位（含下级），默认本单位"),
  name: z.string().trim().min(1, "请输入规则名称").max(50, "规则名称不超过50个字"),
  appliesToRole: cadenceRoleSchema,
  target: cadenceTargetSchema,
  period: cadencePeriodSchema,
  minVisits: z
    .number({ message: "请输入最少走访次数" })
    .int("走访次数应为整数")
    .min(1, "走访次数至少为1")
    .max(100, "走访次数不超过100"),
});
export type CreateCadenceRule = z.infer<typeof createCadenceRuleSchema>;

export const updateCadenceRuleSchema = createCadenceRuleSchema.omit({ orgUnitId: true }).extend({
  isActive: z.boolean().optional(),
  version: z.number({ message: "缺少版本号" }).int(),
});
export type UpdateCadenceRule = z.infer<typeof updateCadenceRuleSchema>;

export const cadenceReportQuerySchema = z.object({
  ruleId: z.uuid({ message: "请选择走访频次规则" }),
  asOf: dateSchema.optional().describe("统计截至日期，默认今天（北京时间）"),
});
export type CadenceReportQuery = z.infer<typeof cadenceReportQuerySchema>;

export const cadenceRowSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  orgUnitName: z.string(),
  required: z.number().int().describe("本周期应走访次数"),
  done: z.number().int().describe("本周期已走访（计入规则的次数）"),
  behind: z.number().int().describe("差额（0 表示达标）"),
  isOnTrack: z.boolean(),
  assignedCount: z.number().int().describe("包联企业数（每家包联企业规则）"),
  unvisitedCount: z.number().int().describe("本周期未走访（或次数不足）的包联企业数"),
  unvisitedEnterprises: z
    .array(z.object({ id: z.uuid(), name: z.string() }))
    .describe("其中查看者可查看的企业（领导、干部只看到自己包联的企业名称，其余只计数）"),
});
export type CadenceRow = z.infer<typeof cadenceRowSchema>;

export const cadenceReportSchema = z.object({
  rule: cadenceRuleSchema,
  asOf: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  periodLabel: z.string(),
  people: z.number().int(),
  onTrack: z.number().int(),
  rows: z.array(cadenceRowSchema).describe("按差额从大到小"),
});
export type CadenceReport = z.infer<typeof cadenceReportSchema>;
