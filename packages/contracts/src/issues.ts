import { z } from "zod";
import { dateSchema, listParam, pageOf, paginationQuerySchema } from "./common.js";

// ── Enumerations and their labels ────────────────────────────────────────────

export const issueStatuses = ["received", "routed", "in_progress", "answered", "closed", "bounced"] as const;
export const issueStatusSchema = z.enum(issueStatuses).describe("问题状态");
export type IssueStatus = z.infer<typeof issueStatusSchema>;
export const issueStatusLabels: Record<IssueStatus, string> = {
  received: "待受理",
  routed: "已交办",
  in_progress: "办理中",
  answered: "已办结",
  closed: "已销号",
  bounced: "已退回",
};
/** Statuses in which an issue is still open (not 已销号). */
export const openIssueStatuses = ["received", "routed", "in_progress", "answered", "bounced"] as const;
/** Statuses in which the deadline runs (the department holds the issue). */
export const runningIssueStatuses = ["routed", "in_progress"] as const;

export const issueSources = ["visit", "enterprise", "hotline", "meeting", "dispatcher", "other"] as const;
export const issueSourceSchema = z.enum(issueSources).describe("问题来源");
export type IssueSource = z.infer<typeof issueSourceSchema>;
export const issueSourceLabels: Record<IssueSource, string> = {
  visit: "走访收集",
  enterprise: "企业自报",
  hotline: "12345热线",
  meeting: "会议收集",
  dispatcher: "窗口受理",
  other: "其他",
};
/** Sources the dispatcher (admin) may choose when entering an issue. */
export const dispatcherIssueSources = ["hotline", "meeting", "dispatcher", "other"] as const;

export const issueRatings = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export const issueRatingSchema = z.enum(issueRatings).describe("企业评价");
export type IssueRating = z.infer<typeof issueRatingSchema>;
export const issueRatingLabels: Record<IssueRating, string> = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  dissatisfied: "不满意",
};

export const issueOutcomes = ["resolved", "declined"] as const;
export const issueOutcomeSchema = z.enum(issueOutcomes);
export type IssueOutcome = z.infer<typeof issueOutcomeSchema>;
export const issueOutcomeLabels: Record<IssueOutcome, string> = { resolved: "已解决", declined: "不予受理" };

export const issueDepartmentRoles = ["lead", "co"] as const;
export const issueDepartmentRoleSchema = z.enum(issueDepartmentRoles);
export type IssueDepartmentRole = z.infer<typeof issueDepartmentRoleSchema>;
export const issueDepartmentRoleLabels: Record<IssueDepartmentRole, string> = { lead: "牵头单位", co: "配合单位" };

/** 督办 levels: 0 none, 1 督办, 2 挂牌督办. */
export const escalationLevelLabels: Record<number, string> = { 0: "未督办", 1: "督办", 2: "挂牌督办" };

export const extensionStatuses = ["pending", "approved", "refused"] as const;
export const extensionStatusSchema = z.enum(extensionStatuses);
export type ExtensionStatus = z.infer<typeof extensionStatusSchema>;
export const extensionStatusLabels: Record<ExtensionStatus, string> = {
  pending: "待审批",
  approved: "已同意",
  refused: "不同意",
};

/**
 * The transitions a user may take on an issue (POST /api/issues/:id/<action path>). The server lists
 * in `allowedActions` those the current user may take now, so the web shows only those buttons.
 */
export const issueActions = [
  "route",
  "reroute",
  "decline",
  "accept",
  "progress",
  "answer",
  "bounce",
  "request_extension",
  "approve_extension",
  "refuse_extension",
  "rate",
  "close",
  "escalate",
] as const;
export const issueActionSchema = z.enum(issueActions);
export type IssueAction = z.infer<typeof issueActionSchema>;
export const issueActionLabels: Record<IssueAction, string> = {
  route: "交办",
  reroute: "改派",
  decline: "不予受理",
  accept: "签收",
  progress: "办理进展",
  answer: "办结答复",
  bounce: "退回",
  request_extension: "申请延期",
  approve_extension: "同意延期",
  refuse_extension: "不同意延期",
  rate: "评价",
  close: "销号",
  escalate: "督办",
};
/** URL segment of each action: POST /api/issues/:id/<segment>. */
export const issueActionPaths: Record<IssueAction, string> = {
  route: "route",
  reroute: "reroute",
  decline: "decline",
  accept: "accept",
  progress: "progress",
  answer: "answer",
  bounce: "bounce",
  request_extension: "extensions",
  approve_extension: "extensions/approve",
  refuse_extension: "extensions/refuse",
  rate: "rate",
  close: "close",
  escalate: "escalate",
};

/** What a timeline entry (issue_events.action) says. */
export const issueEventLabels: Record<string, string> = {
  created: "登记",
  routed: "交办",
  rerouted: "改派",
  declined: "不予受理",
  accepted: "签收",
  progress: "办理进展",
  answered: "办结答复",
  bounced: "退回",
  extension_requested: "申请延期",
  extension_approved: "同意延期",
  extension_refused: "不同意延期",
  extension_lapsed: "延期申请自动失效",
  rated: "企业评价",
  reopened: "不满意重办",
  closed: "销号",
  escalated: "督办",
  auto_escalated: "逾期自动督办",
  deadline_missed: "逾期未办结",
  meeting_decision: "联审联批会议决定",
  attachment_added: "上传附件",
};

// ── Categories and the working calendar ──────────────────────────────────────

export const issueCategorySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  deadlineDays: z.number().int().describe("默认办理时限（天）"),
  deadlineInWorkingDays: z.boolean().describe("按工作日计算（跳过周末和法定节假日）"),
  sortOrder: z.number().int(),
  isArchived: z.boolean(),
  version: z.number().int(),
});
export type IssueCategory = z.infer<typeof issueCategorySchema>;

export const createIssueCategorySchema = z.object({
  name: z
    .string({ message: "请输入问题类别名称" })
    .trim()
    .min(1, "请输入问题类别名称")
    .max(50, "问题类别名称不超过50个字"),
  deadlineDays: z
    .number({ message: "请输入默认办理时限" })
    .int("办理时限应为整数天")
    .min(1, "办理时限至少1天")
    .max(365, "办理时限不超过365天"),
  deadlineInWorkingDays: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export type CreateIssueCategory = z.infer<typeof createIssueCategorySchema>;

export const updateIssueCategorySchema = createIssueCategorySchema.extend({
  isArchived: z.boolean().optional(),
  version: z.number({ message: "版本号应为整数（读取类别时得到的 version）" }).int("版本号应为整数"),
});
export type UpdateIssueCategory = z.infer<typeof updateIssueCategorySchema>;

export const issueCategoryListQuerySchema = z.object({
  includeArchived: z.stringbool().optional().describe("包含已停用的类别"),
});

export const workingCalendarDaySchema = z.object({
  day: z.string(),
  isWorkingDay: z.boolean().describe("true：调休上班；false：法定节假日"),
  note: z.string().nullable(),
});
export type WorkingCalendarDay = z.infer<typeof workingCalendarDaySchema>;

export const workingCalendarQuerySchema = z.object({
  year: z.coerce.number({ message: "年份无效" }).int("年份无效").min(2000, "年份无效").max(2100, "年份无效"),
});
export const workingCalendarDayParamsSchema = z.object({ day: dateSchema });
export const setWorkingCalendarDaySchema = z.object({
  isWorkingDay: z.boolean({ message: "请选择上班或放假" }),
  note: z.string().trim().max(50, "说明不超过50个字").nullable().optional(),
});
export type SetWorkingCalendarDay = z.infer<typeof setWorkingCalendarDaySchema>;

// ── Creating an issue ────────────────────────────────────────────────────────

const optionalText = (max: number, label: string) =>
  z
    .string({ message: `${label}应为文字` })
    .trim()
    .max(max, `${label}不超过${max}个字`)
    .nullable()
    .optional();

/**
 * One issue as entered (also one issue of a visit's form, which supplies the enterprise/project itself).
 * Use `createIssueSchema` for POST /api/issues, which also requires an enterprise or a project.
 */
export const issueDraftSchema = z.object({
  enterpriseId: z.uuid({ message: "企业编号无效" }).nullable().optional(),
  projectId: z.uuid({ message: "项目编号无效" }).nullable().optional(),
  categoryId: z.uuid({ message: "请选择问题类别" }),
  title: z.string({ message: "请填写问题标题" }).trim().min(2, "问题标题至少2个字").max(100, "问题标题不超过100个字"),
  description: z
    .string({ message: "请填写问题描述" })
    .trim()
    .min(5, "问题描述至少5个字")
    .max(5000, "问题描述不超过5000个字"),
  /** Only the dispatcher chooses: hotline, meeting, dispatcher, other. Others' issues get theirs from the route. */
  source: z.enum(dispatcherIssueSources, { message: "请选择问题来源" }).optional(),
  reporterName: optionalText(50, "反映人"),
  reporterPhone: optionalText(30, "联系电话"),
});
export type CreateIssueInput = z.infer<typeof issueDraftSchema>;

export const createIssueSchema = issueDraftSchema.refine((v) => Boolean(v.enterpriseId) || Boolean(v.projectId), {
  message: "请选择问题涉及的企业或项目",
  path: ["enterpriseId"],
});
export type CreateIssue = z.infer<typeof createIssueSchema>;

export const createdIssueSchema = z.object({ id: z.uuid(), serialNo: z.string() });

// ── The list ─────────────────────────────────────────────────────────────────

export const issueSortFields = ["createdAt", "dueOn", "serialNo", "updatedAt", "escalationLevel"] as const;

export const issueListQuerySchema = paginationQuerySchema.extend({
  status: listParam
    .pipe(z.array(issueStatusSchema, { message: "状态无效" }).max(6).optional())
    .describe("状态，多个以逗号分隔"),
  categoryId: z.uuid({ message: "问题类别编号无效" }).optional(),
  departmentId: z.uuid({ message: "部门编号无效" }).optional().describe("交办单位（牵头或配合）"),
  orgUnitId: z.uuid({ message: "单位编号无效" }).optional().describe("所属单位（含下级）"),
  enterpriseId: z.uuid({ message: "企业编号无效" }).optional(),
  projectId: z.uuid({ message: "项目编号无效" }).optional(),
  overdue: z.stringbool().optional().describe("已逾期：未办结且办理时限早于今天（北京时间）"),
  dueSoon: z.stringbool().optional().describe("即将到期：2个工作日内到期"),
  escalated: z.stringbool().optional().describe("已督办"),
  q: z.string().trim().max(100).optional().describe("标题、描述、编号或企业名称片段"),
  createdFrom: dateSchema.optional(),
  createdTo: dateSchema.optional(),
  sort: z
    .string()
    .regex(/^-?(createdAt|dueOn|serialNo|updatedAt|escalationLevel)$/, "不支持的排序字段")
    .default("-createdAt"),
});
export type IssueListQuery = z.infer<typeof issueListQuerySchema>;

export const issueListItemSchema = z.object({
  id: z.uuid(),
  serialNo: z.string(),
  title: z.string(),
  status: issueStatusSchema,
  source: issueSourceSchema,
  outcome: issueOutcomeSchema.nullable(),
  categoryId: z.uuid(),
  categoryName: z.string(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  projectId: z.uuid().nullable(),
  projectName: z.string().nullable(),
  leadDepartmentId: z.uuid().nullable(),
  leadDepartmentName: z.string().nullable(),
  dueOn: z.string().nullable().describe("办理时限（含已批准的延期）"),
  originalDueOn: z.string().nullable(),
  deadlineMissedAt: z
    .string()
    .nullable()
    .describe(
      "曾逾期：首次发现超过当时的办理时限仍未办结的时间；之后改派、重办、延期或会议调整时限都不清除，办结后不计为按期办结",
    ),
  responsibleLeaderId: z.uuid().nullable().describe("责任领导（联审联批会议确定）；企业用户看不到"),
  responsibleLeaderName: z.string().nullable(),
  isOverdue: z.boolean(),
  isDueSoon: z.boolean(),
  escalationLevel: z.number().int(),
  rating: issueRatingSchema.nullable(),
  reopenCount: z.number().int(),
  createdAt: z.string(),
  routedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export type IssueListItem = z.infer<typeof issueListItemSchema>;

export const issuePageSchema = pageOf(issueListItemSchema);
export type IssuePage = z.infer<typeof issuePageSchema>;

// ── The detail ───────────────────────────────────────────────────────────────

export const issueDepartmentSchema = z.object({
  departmentId: z.uuid(),
  name: z.string(),
  role: issueDepartmentRoleSchema,
});
export type IssueDepartment = z.infer<typeof issueDepartmentSchema>;

export const issueEventSchema = z.object({
  id: z.uuid(),
  action: z.string(),
  fromStatus: issueStatusSchema.nullable(),
  toStatus: issueStatusSchema.nullable(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
  data: z.unknown().nullable(),
  createdAt: z.string(),
});
export type IssueEvent = z.infer<typeof issueEventSchema>;

export const issueExtensionSchema = z.object({
  id: z.uuid(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  requestedBy: z.uuid(),
  requestedByName: z.string(),
  currentDueOn: z.string().nullable(),
  requestedDueOn: z.string(),
  reason: z.string(),
  status: extensionStatusSchema,
  decidedBy: z.uuid().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
});
export type IssueExtension = z.infer<typeof issueExtensionSchema>;

export const issueAttachmentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.uuid(),
  uploadedByName: z.string(),
  createdAt: z.string(),
});
export type IssueAttachment = z.infer<typeof issueAttachmentSchema>;

/** One rating the enterprise gave (or the dispatcher recorded by phone); a 不满意 reopened the issue. */
export const issueRatingEntrySchema = z.object({
  rating: issueRatingSchema,
  byPhone: z.boolean().describe("受理窗口电话回访记录"),
  ratedAt: z.string(),
});
export type IssueRatingEntry = z.infer<typeof issueRatingEntrySchema>;

export const issueDetailSchema = issueListItemSchema.extend({
  description: z.string(),
  visitId: z.uuid().nullable(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  reportedBy: z.uuid().nullable(),
  reportedByName: z.string().nullable(),
  answer: z.string().nullable(),
  bounceReason: z.string().nullable(),
  ratedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  updatedAt: z.string(),
  responsibleLeader: z
    .object({ id: z.uuid(), name: z.string() })
    .nullable()
    .describe("责任领导（联审联批会议确定）；企业用户看不到"),
  ratings: z.array(issueRatingEntrySchema).describe("历次企业评价（时间顺序），含不满意重办的评价"),
  departments: z.array(issueDepartmentSchema),
  events: z.array(issueEventSchema).describe("办理过程（时间顺序）"),
  extensions: z.array(issueExtensionSchema),
  attachments: z.array(issueAttachmentSchema),
  allowedActions: z.array(issueActionSchema).describe("当前用户此刻可以进行的操作"),
});
export type IssueDetail = z.infer<typeof issueDetailSchema>;

// ── Transition inputs ────────────────────────────────────────────────────────

/** Optional optimistic version: when sent, a transition based on an older view is refused. */
const versionField = z
  .number({ message: "版本号应为整数（读取问题时得到的 version）" })
  .int("版本号应为整数（读取问题时得到的 version）")
  .optional()
  .describe("乐观锁版本号（可选）");
const requiredText = (label: string, max = 2000) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过${max}个字`);
const optionalNote = z.string({ message: "说明应为文字" }).trim().max(2000, "说明不超过2000个字").nullable().optional();

export const routeIssueSchema = z.object({
  leadDepartmentId: z.uuid({ message: "请选择牵头单位" }),
  coDepartmentIds: z
    .array(z.uuid({ message: "配合单位编号无效" }))
    .max(20, "配合单位最多20个")
    .default([]),
  dueOn: dateSchema.nullable().optional().describe("办理时限；不填则按问题类别的默认时限计算"),
  note: optionalNote,
  version: versionField,
});
export type RouteIssue = z.infer<typeof routeIssueSchema>;
export type RouteIssueInput = z.input<typeof routeIssueSchema>;

export const rerouteIssueSchema = routeIssueSchema;
export type RerouteIssue = RouteIssue;

export const declineIssueSchema = z.object({ reason: requiredText("不予受理的理由"), version: versionField });
export type DeclineIssue = z.infer<typeof declineIssueSchema>;

export const acceptIssueSchema = z.object({ note: optionalNote, version: versionField });
export type AcceptIssue = z.infer<typeof acceptIssueSchema>;

export const issueProgressSchema = z.object({ note: requiredText("办理进展") });
export type IssueProgress = z.infer<typeof issueProgressSchema>;

export const answerIssueSchema = z.object({ answer: requiredText("办结答复", 5000), version: versionField });
export type AnswerIssue = z.infer<typeof answerIssueSchema>;

export const bounceIssueSchema = z.object({ reason: requiredText("退回理由"), version: versionField });
export type BounceIssue = z.infer<typeof bounceIssueSchema>;

export const requestExtensionSchema = z.object({
  requestedDueOn: z.string({ message: "请填写申请延期至的日期（YYYY-MM-DD）" }).pipe(dateSchema).describe("申请延期至"),
  reason: requiredText("延期理由"),
});
export type RequestExtension = z.infer<typeof requestExtensionSchema>;

export const approveExtensionSchema = z.object({ note: optionalNote });
export type ApproveExtension = z.infer<typeof approveExtensionSchema>;

export const refuseExtensionSchema = z.object({ note: requiredText("不同意的理由") });
export type RefuseExtension = z.infer<typeof refuseExtensionSchema>;

export const rateIssueSchema = z.object({
  rating: z.enum(issueRatings, { message: "请选择评价：满意、基本满意或不满意" }),
  comment: z.string().trim().max(2000, "评价意见不超过2000个字").nullable().optional(),
  version: versionField,
});
export type RateIssue = z.infer<typeof rateIssueSchema>;

export const closeIssueSchema = z.object({ note: requiredText("销号说明"), version: versionField });
export type CloseIssue = z.infer<typeof closeIssueSchema>;

export const escalateIssueSchema = z.object({
  note: requiredText("督办要求"),
  version: versionField,
});
export type EscalateIssue = z.infer<typeof escalateIssueSchema>;

export const attachmentParamsSchema = z.object({ id: z.uuid(), attachmentId: z.uuid() });
