import { z } from "zod";
import { dateSchema, listParam, moneySchema, pageOf, paginationQuerySchema } from "./common.js";
import { projectInputSchema } from "./projects.js";

/*
 * 招商引资: investment leads from first information to signing (then a key project) or termination,
 * their activity log (接洽, investor site visits 考察, negotiation rounds 洽谈) and the pipeline figures.
 */

export const leadStages = ["lead", "contact", "site_visit", "negotiation", "signed", "terminated"] as const;
export const leadStageSchema = z.enum(leadStages).describe("阶段：线索/接洽/考察/洽谈/签约/终止");
export type LeadStage = z.infer<typeof leadStageSchema>;
export const leadStageLabels: Record<LeadStage, string> = {
  lead: "线索",
  contact: "接洽",
  site_visit: "考察",
  negotiation: "洽谈",
  signed: "签约",
  terminated: "终止",
};
/** The pipeline in order; a lead moves forward along it (skipped stages are recorded too). */
export const leadPipelineStages = ["lead", "contact", "site_visit", "negotiation", "signed"] as const;
/** Stages from which a lead may still move (and be terminated). */
export const leadOpenStages = ["lead", "contact", "site_visit", "negotiation"] as const;
export type LeadOpenStage = (typeof leadOpenStages)[number];

/** 来源地 (origin region of the investor). */
export const leadOriginRegions = ["京津冀", "长三角", "珠三角", "成渝", "港澳台", "境外", "省内", "其他"] as const;
export const leadOriginRegionSchema = z.enum(leadOriginRegions, { message: "来源地应为列表中的一项" });
export type LeadOriginRegion = z.infer<typeof leadOriginRegionSchema>;

export const leadSources = ["chain_research", "business_referral", "forum", "online_fair", "agency", "other"] as const;
export const leadSourceSchema = z.enum(leadSources, { message: "请选择线索来源" }).describe("线索来源");
export type LeadSource = z.infer<typeof leadSourceSchema>;
export const leadSourceLabels: Record<LeadSource, string> = {
  chain_research: "产业链招商",
  business_referral: "以商招商",
  forum: "论坛/展会",
  online_fair: "云招商",
  agency: "中介/代理",
  other: "其他",
};

export const leadFlags = ["fortune500", "centralSoe", "listed", "overBillion"] as const;
export type LeadFlag = (typeof leadFlags)[number];
export const leadFlagLabels: Record<LeadFlag, string> = {
  fortune500: "世界500强",
  centralSoe: "央企",
  listed: "上市公司",
  overBillion: "10亿元以上",
};
/**
 * 10亿元以上 (computed, never stored): the lead's amount is at least this many yuan. The amount of a lead is
 * its key project's total investment once it is signed into one (签约金额), else its intended investment
 * (拟投资额). The flag on a lead, the list filter `flags=overBillion` and the pipeline figures use this one rule.
 */
export const overBillionYuan = "1000000000";

export const leadActivityKinds = ["contact", "site_visit", "negotiation", "visit_out", "other"] as const;
export const leadActivityKindSchema = z.enum(leadActivityKinds, { message: "请选择活动类型" });
export type LeadActivityKind = z.infer<typeof leadActivityKindSchema>;
export const leadActivityKindLabels: Record<LeadActivityKind, string> = {
  contact: "接洽",
  site_visit: "考察",
  negotiation: "洽谈",
  visit_out: "外出拜访",
  other: "其他",
};

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label}不超过${max}个字`).nullable().optional();

export const leadInputSchema = z.object({
  orgUnitId: z.uuid({ message: "请选择所属园区/区域" }),
  projectName: z.string().trim().min(2, "项目名称至少2个字").max(200, "项目名称不超过200个字"),
  investorName: z.string().trim().min(2, "投资方至少2个字").max(200, "投资方不超过200个字"),
  originRegion: leadOriginRegionSchema.nullable().optional(),
  originProvince: optionalText(30, "来源省份").describe("投资方所在省份，如 浙江省；与园区所在省不同即为省外项目"),
  industryChain: optionalText(50, "产业链"),
  industryCode: z.string().trim().max(8, "行业代码不超过8位").nullable().optional(),
  intendedInvestment: moneySchema.nullable().optional().describe("拟投资额（元）"),
  isFortune500: z.boolean().default(false).describe("世界500强"),
  isCentralSoe: z.boolean().default(false).describe("央企"),
  isListed: z.boolean().default(false).describe("上市公司"),
  source: leadSourceSchema,
  ownerUserId: z.uuid({ message: "负责人编号无效" }).nullable().optional(),
  contactName: optionalText(50, "联系人"),
  contactPhone: optionalText(30, "联系电话"),
  description: optionalText(2000, "项目简介"),
});
export type LeadInput = z.input<typeof leadInputSchema>;
export type CreateLead = z.infer<typeof leadInputSchema>;

/** PATCH: only the fields sent change; `version` is the one the user edited. */
export const updateLeadSchema = leadInputSchema
  .partial()
  .extend({ version: z.number().int().describe("乐观锁版本号：基于旧版本的修改会被拒绝") });
export type UpdateLead = z.infer<typeof updateLeadSchema>;

export const leadSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  projectName: z.string(),
  investorName: z.string(),
  originRegion: z.string().nullable(),
  originProvince: z.string().nullable(),
  isOutOfProvince: z.boolean().describe("省外项目：来源省份与园区所在省不同"),
  industryChain: z.string().nullable(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  intendedInvestment: z.string().nullable(),
  signedInvestment: z
    .string()
    .nullable()
    .describe(
      "签约金额（元）：签约转入的重点项目的总投资；未签约，或当前用户看不到该重点项目（如未包联该项目的领导、干部）为 null。" +
        "10亿元以上标识与招商指标仍按签约金额计算",
    ),
  isFortune500: z.boolean(),
  isCentralSoe: z.boolean(),
  isListed: z.boolean(),
  isOverBillion: z
    .boolean()
    .describe("10亿元以上：签约金额（项目总投资）≥ 10亿元，未签约的按拟投资额；恰为 1,000,000,000.00 元即算"),
  source: leadSourceSchema,
  stage: leadStageSchema,
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  description: z.string().nullable(),
  signedOn: z.string().nullable(),
  terminatedOn: z.string().nullable(),
  terminationReason: z.string().nullable(),
  projectId: z.uuid().nullable(),
  lastActivityOn: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Lead = z.infer<typeof leadSchema>;

export const leadStageEventSchema = z.object({
  id: z.uuid(),
  fromStage: leadStageSchema.nullable(),
  toStage: leadStageSchema,
  occurredOn: z.string(),
  actorName: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type LeadStageEvent = z.infer<typeof leadStageEventSchema>;

export const leadDetailSchema = leadSchema.extend({ stageEvents: z.array(leadStageEventSchema) });
export type LeadDetail = z.infer<typeof leadDetailSchema>;

export const leadPageSchema = pageOf(leadSchema);
export type LeadPage = z.infer<typeof leadPageSchema>;

const stageList = listParam.pipe(z.array(leadStageSchema).max(6).optional());

export const leadFilterSchema = z.object({
  stage: stageList.describe("阶段，多个以逗号分隔"),
  source: listParam.pipe(z.array(leadSourceSchema).max(6).optional()).describe("来源，多个以逗号分隔"),
  ownerUserId: z.uuid().optional().describe("负责人"),
  originRegion: listParam.pipe(z.array(leadOriginRegionSchema).max(8).optional()).describe("来源地"),
  flags: listParam
    .pipe(
      z
        .array(z.enum(leadFlags, { message: "不支持的标识" }))
        .max(4)
        .optional(),
    )
    .describe("标识（须同时具有）：fortune500, centralSoe, listed, overBillion（按签约金额，未签约按拟投资额）"),
  outOfProvince: z.enum(["yes", "no"]).optional().describe("是否省外项目"),
  q: z.string().trim().max(100).optional().describe("项目名称或投资方片段"),
  orgUnitId: z.uuid().optional().describe("所属单位（含下级）"),
  from: dateSchema.optional().describe("登记日期起"),
  to: dateSchema.optional().describe("登记日期止"),
});
export type LeadFilter = z.infer<typeof leadFilterSchema>;

export const leadListQuerySchema = paginationQuerySchema.extend(leadFilterSchema.shape).extend({
  sort: z
    .string()
    .regex(/^-?(updatedAt|createdAt|intendedInvestment|projectName)$/, "不支持的排序字段")
    .default("-updatedAt"),
});
export type LeadListQuery = z.infer<typeof leadListQuerySchema>;

export const leadBoardSchema = z.object({
  columns: z.array(
    z.object({
      stage: leadStageSchema,
      count: z.number().int(),
      intendedInvestment: z.string().describe("本列拟投资额合计（元）"),
      leads: z.array(leadSchema).describe("本列最近更新的线索（至多 boardColumnLimit 条）"),
    }),
  ),
});
export type LeadBoard = z.infer<typeof leadBoardSchema>;
export const boardColumnLimit = 100;

export const moveLeadStageSchema = z.object({
  toStage: leadStageSchema,
  occurredOn: dateSchema,
  note: z.string().trim().max(1000, "说明不超过1000个字").nullable().optional().describe("终止原因或退回说明"),
});
export type MoveLeadStage = z.infer<typeof moveLeadStageSchema>;

export const leadActivityInputSchema = z.object({
  kind: leadActivityKindSchema,
  occurredOn: dateSchema,
  participants: optionalText(500, "参与人员"),
  summary: z.string().trim().min(1, "请填写活动情况").max(2000, "活动情况不超过2000个字"),
});
export type LeadActivityInput = z.infer<typeof leadActivityInputSchema>;
export const updateLeadActivitySchema = leadActivityInputSchema.partial();
export type UpdateLeadActivity = z.infer<typeof updateLeadActivitySchema>;

export const leadActivitySchema = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  kind: leadActivityKindSchema,
  occurredOn: z.string(),
  participants: z.string().nullable(),
  summary: z.string(),
  createdBy: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type LeadActivity = z.infer<typeof leadActivitySchema>;

export const leadActivityParamsSchema = z.object({ id: z.uuid(), activityId: z.uuid() });

/** An org unit outside the actor's scope answers 404 NOT_FOUND, like the project figures. */
export const leadFiguresQuerySchema = z.object({
  from: dateSchema.describe("统计期起"),
  to: dateSchema.describe("统计期止"),
  orgUnitId: z.uuid().optional().describe("单位（含下级），默认本人管理范围"),
});
export type LeadFiguresQuery = z.infer<typeof leadFiguresQuerySchema>;

const amountCount = z.object({ count: z.number().int(), amount: z.string().describe("元") });

export const leadFiguresSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** 客商考察（site_visit 活动）次数. */
  investorVisits: z.number().int(),
  /** 洽谈（negotiation 活动）轮次. */
  negotiations: z.number().int(),
  /** Leads per stage at the end of the period: the stage of each lead as of `to` (its last stage event up to `to`); leads registered later are not counted. */
  stageCounts: z
    .record(leadStageSchema, z.number().int())
    .describe("统计期止时各阶段的线索数（按阶段记录，统计期止之后登记的线索不计）"),
  /** Of the leads that reached `fromStage` within the period (a stage event dated in it), the share that reached `toStage` by the period's end; null when none. */
  conversion: z.array(
    z.object({
      fromStage: leadStageSchema,
      toStage: leadStageSchema,
      reached: z.number().int().describe("统计期内进入 fromStage 的线索数"),
      converted: z.number().int().describe("其中截至统计期止已进入 toStage 的线索数"),
      rate: z.number().nullable().describe("转化率，0–1 的小数（四位），分母为 0 时为 null"),
    }),
  ),
  /** Signed in the period; amount = the signed project's total investment, else the intended investment. */
  signed: amountCount,
  fortune500Signed: z.number().int(),
  centralSoeSigned: z.number().int(),
  listedSigned: z.number().int(),
  overBillionSigned: z
    .number()
    .int()
    .describe("签约金额（项目总投资，无项目时为拟投资额）≥ 10亿元，与线索的“10亿元以上”标识同一规则"),
  outOfProvinceSigned: amountCount,
});
export type LeadFigures = z.infer<typeof leadFiguresSchema>;

/** Columns of the lead export. */
export const leadExportColumns = [
  "序号",
  "项目名称",
  "投资方",
  "来源地",
  "产业链",
  "拟投资（万元）",
  "标识",
  "来源",
  "阶段",
  "负责人",
  "最近活动",
  "更新时间",
] as const;

/** 签约: registers the key project in the same step; the project's signing date is `signedOn`. */
export const signLeadSchema = z.object({
  signedOn: dateSchema.describe("签约日期"),
  note: z.string().trim().max(1000, "说明不超过1000个字").nullable().optional(),
  project: projectInputSchema.describe("转入的重点项目（项目名称、级别、批次、类型、总投资等）"),
});
export type SignLead = z.infer<typeof signLeadSchema>;
