import { z } from "zod";
import { dateSchema, listParam, moneySchema, pageOf, paginationQuerySchema } from "./common.js";

// ── Enumerations and their labels ────────────────────────────────────────────

export const projectLevels = ["province", "city", "county"] as const;
export const projectLevelSchema = z.enum(projectLevels, { message: "项目级别无效" }).describe("项目级别");
export type ProjectLevel = z.infer<typeof projectLevelSchema>;
export const projectLevelLabels: Record<ProjectLevel, string> = {
  province: "省重点",
  city: "市重点",
  county: "县(区)重点",
};

/** 三个一批: 签约一批、开工一批、投产一批. */
export const projectBatches = ["signing", "starting", "production"] as const;
export const projectBatchSchema = z.enum(projectBatches, { message: "批次无效" }).describe("批次（三个一批）");
export type ProjectBatch = z.infer<typeof projectBatchSchema>;
export const projectBatchLabels: Record<ProjectBatch, string> = {
  signing: "签约一批",
  starting: "开工一批",
  production: "投产一批",
};

export const projectTypes = ["new", "continuing"] as const;
export const projectTypeSchema = z.enum(projectTypes, { message: "项目类型无效" }).describe("项目类型");
export type ProjectType = z.infer<typeof projectTypeSchema>;
export const projectTypeLabels: Record<ProjectType, string> = { new: "新建", continuing: "续建" };

/** Stages in their order: 签约 → 落地 → 开工 → 投产 → 达效. */
export const projectStages = ["signed", "landed", "started", "in_production", "reached_output"] as const;
export const projectStageSchema = z.enum(projectStages, { message: "项目阶段无效" }).describe("项目阶段");
export type ProjectStage = z.infer<typeof projectStageSchema>;
export const projectStageLabels: Record<ProjectStage, string> = {
  signed: "签约",
  landed: "落地",
  started: "开工",
  in_production: "投产",
  reached_output: "达效",
};
/** Position of a stage in the order (签约 = 0). */
export function projectStageIndex(stage: ProjectStage): number {
  return projectStages.indexOf(stage);
}

export const projectStatusSchema = z.enum(["active", "archived"]);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;

export const procedureStatuses = ["not_started", "in_progress", "done", "not_applicable"] as const;
export const procedureStatusSchema = z.enum(procedureStatuses, { message: "办理状态无效" }).describe("手续办理状态");
export type ProcedureStatus = z.infer<typeof procedureStatusSchema>;
export const procedureStatusLabels: Record<ProcedureStatus, string> = {
  not_started: "未开始",
  in_progress: "办理中",
  done: "已办结",
  not_applicable: "不涉及",
};

/** The default checklist of approval procedures (前期手续), seeded once; editable afterwards. */
export const defaultProcedureTypes = [
  "立项备案",
  "用地预审与选址",
  "土地出让/划拨",
  "规划许可",
  "环评",
  "能评",
  "施工许可",
  "竣工验收",
] as const;

/** What a history entry (project_events.action) says. */
export const projectEventLabels: Record<string, string> = {
  created: "新建项目",
  updated: "修改项目信息",
  stage_advanced: "推进阶段",
  stage_corrected: "更正阶段",
  stage_dates_planned: "修改计划日期",
  progress: "更新进展情况",
  procedure_updated: "更新前期手续",
  archived: "归档项目",
  restored: "恢复项目",
  imported: "导入更新",
  plan_set: "设置年度计划投资",
  plan_changed: "修改年度计划投资",
  /** Written by migration 0006: a later one of two active projects of a unit with one name was renamed “…（重名N）”. */
  renamed_duplicate: "重名自动改名",
};

// ── Create and update ────────────────────────────────────────────────────────

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label}不超过${max}个字`).nullable().optional();

/** The fields a project is created with and a PATCH may change (all optional there). */
const projectFieldsSchema = z.object({
  orgUnitId: z.uuid({ message: "请选择所属单位" }),
  name: z.string().trim().min(2, "项目名称至少2个字").max(200, "项目名称不超过200个字"),
  /** The investing enterprise from the register; or `investorName` for an investor not (yet) registered. */
  enterpriseId: z.uuid({ message: "投资主体编号无效" }).nullable().optional(),
  investorName: optionalText(200, "投资主体名称"),
  industryCode: z.string().trim().max(8, "行业代码不超过8位").nullable().optional(),
  industryChain: optionalText(50, "产业链"),
  level: projectLevelSchema,
  batch: projectBatchSchema,
  campaignRound: optionalText(50, "批次期数"),
  projectType: projectTypeSchema,
  totalInvestment: moneySchema.describe("总投资（元）"),
  location: optionalText(200, "建设地点"),
  landParcel: optionalText(200, "地块"),
  landAreaMu: z
    .string()
    .regex(/^\d{1,10}(\.\d{1,2})?$/, "用地面积应为不小于0的数字（亩），最多两位小数")
    .nullable()
    .optional(),
  constructionContent: optionalText(2000, "建设内容"),
});

export const projectInputSchema = projectFieldsSchema
  .extend({
    name: projectFieldsSchema.shape.name.describe(
      "项目名称：同一单位未归档的项目中不得重名（全角与半角字符、空格不同的视为同名，如“甲 项目”与“甲项目”）",
    ),
    /** The actual signing date (签约日期); today (Beijing) when omitted. */
    signedOn: dateSchema.nullable().optional().describe("签约日期（实际），默认今天"),
    /** Planned dates of the stages, entered with the project. */
    plannedDates: z.partialRecord(projectStageSchema, dateSchema.nullable()).optional(),
  })
  .refine((v) => Boolean(v.enterpriseId) || Boolean(v.investorName?.trim()), {
    message: "请选择投资主体企业或填写投资主体名称",
    path: ["investorName"],
  });
export type CreateProjectInput = z.infer<typeof projectInputSchema>;
/** Alias in the house naming. */
export const createProjectSchema = projectInputSchema;
export type CreateProject = CreateProjectInput;

/**
 * PATCH /api/projects/:id: a partial update. A field left out keeps its value; an explicit `null` clears a
 * clearable field (investor link, industry, chain, campaign round, location, parcel, land area, content).
 * `enterpriseId: null` unlinks the register enterprise, and then an `investorName` is needed; setting
 * `enterpriseId` replaces any investor name. A non-empty `investorName` while the project stays linked to an
 * enterprise is refused (`investorName`): clear `enterpriseId` in the same request. The name must stay unique
 * among the active projects of the unit (`name`).
 */
export const updateProjectSchema = projectFieldsSchema.partial().extend({
  version: z.number().int().describe("乐观锁版本号：基于旧版本的修改会被拒绝"),
});
export type UpdateProject = z.infer<typeof updateProjectSchema>;

export const projectVersionSchema = z.object({ version: z.number().int() });

export const projectProgressSchema = z.object({
  narrative: z.string().trim().min(2, "进展情况至少2个字").max(2000, "进展情况不超过2000个字"),
  version: z.number().int().optional().describe("提供时按乐观锁检查"),
});
export type ProjectProgressInput = z.infer<typeof projectProgressSchema>;

// ── Stages ───────────────────────────────────────────────────────────────────

export const advanceStageSchema = z.object({
  toStage: projectStageSchema,
  actualOn: dateSchema.describe("目标阶段的实际日期"),
  /** Actual dates of the stages skipped over (required for every skipped stage). */
  skippedStageDates: z.partialRecord(projectStageSchema, dateSchema).optional(),
  note: z.string().trim().max(500, "说明不超过500个字").nullable().optional(),
});
export type AdvanceStage = z.infer<typeof advanceStageSchema>;

export const plannedStageDatesSchema = z.partialRecord(
  projectStageSchema,
  z.object({ plannedOn: dateSchema.nullable() }),
);
export type PlannedStageDates = z.infer<typeof plannedStageDatesSchema>;

export const projectStageDateSchema = z.object({
  stage: projectStageSchema,
  plannedOn: z.string().nullable(),
  actualOn: z.string().nullable(),
  /** The planned date has passed (Beijing date) without an actual date. */
  isBehind: z.boolean(),
});
export type ProjectStageDate = z.infer<typeof projectStageDateSchema>;

// ── List ─────────────────────────────────────────────────────────────────────

export const projectSortFields = ["name", "totalInvestment", "updatedAt", "createdAt", "stage"] as const;

export const projectListQuerySchema = paginationQuerySchema.extend({
  orgUnitId: z.uuid({ message: "单位编号无效" }).optional().describe("所属单位（含下级）"),
  level: listParam.pipe(z.array(projectLevelSchema).max(3).optional()).describe("项目级别，多个以逗号分隔"),
  batch: listParam.pipe(z.array(projectBatchSchema).max(3).optional()).describe("批次，多个以逗号分隔"),
  stage: listParam.pipe(z.array(projectStageSchema).max(5).optional()).describe("阶段，多个以逗号分隔"),
  projectType: projectTypeSchema.optional(),
  year: z.coerce
    .number({ message: "年份无效" })
    .int("年份无效")
    .min(2000, "年份无效")
    .max(2100, "年份无效")
    .optional()
    .describe(
      "年份：当年签约（签约实际日期在该年）或当年有年度计划的项目。指标（/figures）用同一规则，另要求签约日期不晚于截至日期；" +
        "签约日期不能晚于今天，列表无截至日期，故不另加此条件",
    ),
  campaignRound: z.string().trim().max(50).optional(),
  q: z.string().trim().max(100).optional().describe("项目名称或投资主体片段"),
  enterpriseId: z.uuid({ message: "企业编号无效" }).optional(),
  leaderId: z.uuid({ message: "人员编号无效" }).optional().describe("包联领导/干部（有效的包联）"),
  status: z.enum(["active", "archived", "all"]).default("active"),
  sort: z
    .string()
    .regex(/^-?(name|totalInvestment|updatedAt|createdAt|stage)$/, "不支持的排序字段")
    .default("-updatedAt"),
});
export type ProjectListQuery = z.infer<typeof projectListQuerySchema>;

export const projectLiaisonSchema = z.object({
  assignmentId: z.uuid(),
  userId: z.uuid(),
  displayName: z.string(),
  role: z.string().describe("包联角色（lead_leader 分包领导等）"),
});
export type ProjectLiaison = z.infer<typeof projectLiaisonSchema>;

export const projectListItemSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  name: z.string(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  investorName: z.string().nullable().describe("投资主体（登记企业名称或新投资方名称）"),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  industryChain: z.string().nullable(),
  level: projectLevelSchema,
  batch: projectBatchSchema,
  campaignRound: z.string().nullable(),
  projectType: projectTypeSchema,
  totalInvestment: z.string().describe("总投资（元）"),
  location: z.string().nullable(),
  stage: projectStageSchema,
  stageDates: z.array(projectStageDateSchema),
  /** Some stage's planned date has passed without its actual date. */
  isBehindSchedule: z.boolean(),
  liaisons: z.array(projectLiaisonSchema),
  progressNarrative: z.string().nullable(),
  progressUpdatedAt: z.string().nullable(),
  status: projectStatusSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProjectListItem = z.infer<typeof projectListItemSchema>;

export const projectPageSchema = pageOf(projectListItemSchema);
export type ProjectPage = z.infer<typeof projectPageSchema>;

// ── Detail ───────────────────────────────────────────────────────────────────

export const projectEventSchema = z.object({
  id: z.uuid(),
  action: z.string(),
  actionLabel: z.string(),
  fromStage: projectStageSchema.nullable(),
  toStage: projectStageSchema.nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
  data: z.unknown().nullable(),
  createdAt: z.string(),
});
export type ProjectEvent = z.infer<typeof projectEventSchema>;

export const procedureTypeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  sortOrder: z.number().int(),
  isArchived: z.boolean(),
  version: z.number().int(),
});
export type ProcedureType = z.infer<typeof procedureTypeSchema>;

export const createProcedureTypeSchema = z.object({
  name: z.string().trim().min(1, "请输入手续名称").max(50, "手续名称不超过50个字"),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export type CreateProcedureType = z.infer<typeof createProcedureTypeSchema>;

export const updateProcedureTypeSchema = createProcedureTypeSchema.extend({
  isArchived: z.boolean().optional(),
  version: z.number().int(),
});
export type UpdateProcedureType = z.infer<typeof updateProcedureTypeSchema>;

export const procedureTypeListQuerySchema = z.object({
  includeArchived: z.stringbool().optional().describe("包含已停用的手续"),
});

export const projectProcedureSchema = z.object({
  procedureTypeId: z.uuid(),
  name: z.string(),
  sortOrder: z.number().int(),
  status: procedureStatusSchema,
  plannedOn: z.string().nullable(),
  startedOn: z.string().nullable(),
  completedOn: z.string().nullable(),
  agencyService: z.boolean().describe("代办/帮办"),
  handler: z.string().nullable(),
  note: z.string().nullable(),
  /** 0 when the project has no row for this procedure yet. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type ProjectProcedure = z.infer<typeof projectProcedureSchema>;

export const projectProcedureParamsSchema = z.object({ id: z.uuid(), typeId: z.uuid() });

export const setProjectProcedureSchema = z
  .object({
    status: procedureStatusSchema,
    plannedOn: dateSchema.nullable().optional(),
    startedOn: dateSchema.nullable().optional(),
    completedOn: dateSchema.nullable().optional(),
    agencyService: z.boolean().optional(),
    handler: optionalText(100, "经办人"),
    note: optionalText(500, "备注"),
    /** The version read (0 for a procedure with no row yet); omitted: no check. */
    version: z.number().int().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status === "done" && !v.completedOn) {
      ctx.addIssue({ code: "custom", message: "已办结的手续须填写办结日期", path: ["completedOn"] });
    }
    if (v.startedOn && v.completedOn && v.completedOn < v.startedOn) {
      ctx.addIssue({ code: "custom", message: "办结日期不能早于开始办理日期", path: ["completedOn"] });
    }
  });
export type SetProjectProcedure = z.infer<typeof setProjectProcedureSchema>;

export const projectIssueSummarySchema = z.object({
  total: z.number().int(),
  open: z.number().int().describe("未销号"),
  overdue: z.number().int(),
});

export const projectDetailSchema = projectListItemSchema.extend({
  landParcel: z.string().nullable(),
  landAreaMu: z.string().nullable(),
  constructionContent: z.string().nullable(),
  leadId: z.uuid().nullable().describe("来源招商线索"),
  procedures: z.array(projectProcedureSchema),
  events: z.array(projectEventSchema),
  issueCounts: projectIssueSummarySchema,
  /** What the current user may do, so the web shows only those buttons. */
  canEdit: z.boolean(),
  canProgress: z.boolean(),
  canCorrectStage: z.boolean(),
  /** May set the year's planned investment (年度计划投资): permission project.plan. */
  canPlan: z.boolean(),
});
export type ProjectDetail = z.infer<typeof projectDetailSchema>;

export const projectIssueSchema = z.object({
  id: z.uuid(),
  serialNo: z.string(),
  title: z.string(),
  status: z.string(),
  leadDepartmentName: z.string().nullable(),
  dueOn: z.string().nullable(),
  isOverdue: z.boolean(),
  createdAt: z.string(),
});
export type ProjectIssue = z.infer<typeof projectIssueSchema>;

export const createdProjectSchema = z.object({ id: z.uuid() });

// ── Excel ────────────────────────────────────────────────────────────────────

/** Column order of the project import template. Money in 万元. */
export const projectColumns = [
  { key: "name", header: "项目名称", required: true },
  { key: "investor", header: "投资主体", required: true },
  { key: "orgUnit", header: "所属单位", required: true },
  { key: "level", header: "项目级别", required: true },
  { key: "batch", header: "批次", required: true },
  { key: "campaignRound", header: "批次期数", required: false },
  { key: "projectType", header: "类型", required: true },
  { key: "totalInvestment", header: "总投资（万元）", required: true },
  { key: "location", header: "建设地点", required: false },
  { key: "landParcel", header: "地块", required: false },
  { key: "landAreaMu", header: "用地面积（亩）", required: false },
  { key: "industryChain", header: "产业链", required: false },
  { key: "industryCode", header: "行业代码", required: false },
  { key: "stage", header: "当前阶段", required: false },
  { key: "plannedSigned", header: "签约计划日期", required: false },
  { key: "actualSigned", header: "签约实际日期", required: false },
  { key: "plannedLanded", header: "落地计划日期", required: false },
  { key: "actualLanded", header: "落地实际日期", required: false },
  { key: "plannedStarted", header: "开工计划日期", required: false },
  { key: "actualStarted", header: "开工实际日期", required: false },
  { key: "plannedInProduction", header: "投产计划日期", required: false },
  { key: "actualInProduction", header: "投产实际日期", required: false },
  { key: "plannedReachedOutput", header: "达效计划日期", required: false },
  { key: "actualReachedOutput", header: "达效实际日期", required: false },
  { key: "leader", header: "分包领导", required: false },
  { key: "constructionContent", header: "建设内容", required: false },
] as const;
export type ProjectColumnKey = (typeof projectColumns)[number]["key"];

/**
 * The 推进表 export: the list's filters, plus `month`, the 截至月份 of the investment columns and of the row
 * colours (the same period and warnings as GET /api/projects/warnings with the same year and month).
 */
export const projectExportQuerySchema = projectListQuerySchema.omit({ page: true, pageSize: true }).extend({
  month: z.coerce
    .number({ message: "月份无效" })
    .int("月份应为整数")
    .min(1, "月份应为1至12")
    .max(12, "月份应为1至12")
    .optional()
    .describe("截至该月末；默认同指标（上一个完整月份）"),
});
export type ProjectExportQuery = z.infer<typeof projectExportQuerySchema>;
