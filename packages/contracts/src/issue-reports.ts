import { z } from "zod";
import { dateSchema } from "./common.js";
import { issueListQuerySchema } from "./issues.js";

// ── Ledger export (企业问题受理台账 .xlsx) ─────────────────────────────────────

/** GET /api/issues/export takes the ledger list's filters (without paging). */
export const issueExportQuerySchema = issueListQuerySchema.omit({ page: true, pageSize: true });
export type IssueExportQuery = z.infer<typeof issueExportQuerySchema>;

/**
 * The columns of the exported ledger, in the order these offices use; 编号, 责任领导, 来源 and 提出日期 added.
 * 企业评价 lists every rating in order, e.g. "不满意→满意".
 */
export const issueLedgerColumns = [
  "序号",
  "编号",
  "企业名称",
  "问题描述",
  "问题类别",
  "责任单位",
  "责任领导",
  "办理时限",
  "办理进展",
  "办结情况",
  "企业评价",
  "来源",
  "提出日期",
] as const;

// ── Statistics (问题办理统计) ─────────────────────────────────────────────────

export const issueStatsGroupings = ["department", "org_unit"] as const;
export const issueStatsGroupingLabels: Record<(typeof issueStatsGroupings)[number], string> = {
  department: "按牵头单位",
  org_unit: "按所属单位",
};

export const issueStatsQuerySchema = z
  .object({
    groupBy: z
      .enum(issueStatsGroupings, { message: "分组方式应为 department 或 org_unit" })
      .default("department")
      .describe(
        "department：按牵头单位（收集、办结、在办、逾期按问题当前的牵头单位；按期办结只看本单位的逾期；满意度按被评价答复的单位）；org_unit：按所选单位的下级单位（含其下属单位汇总）",
      ),
    from: dateSchema.optional().describe("提出日期起（北京时间，含）"),
    to: dateSchema.optional().describe("提出日期止（北京时间，含）"),
    orgUnitId: z.uuid({ message: "单位编号无效" }).optional().describe("统计范围：该单位及其下级；不填为本人范围"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "开始日期不能晚于结束日期", path: ["to"] });
export type IssueStatsQuery = z.infer<typeof issueStatsQuerySchema>;

const rate = (what: string) => z.number().nullable().describe(`${what}，0–1 的小数（保留4位）；分母为0时为 null`);

export const issueStatsRowSchema = z.object({
  /**
   * Department or org-unit id; null for issues not routed to a department (待受理, and 已退回: a bounce takes
   * the issue off the department) and for the total row.
   */
  key: z.uuid().nullable(),
  name: z.string(),
  collected: z
    .number()
    .int()
    .describe("收集：期间提出的问题数。不予受理（已销号且结果为不予受理）的问题不计入收集，也不计入其他各项"),
  resolved: z.number().int().describe("办结：已办结（待评价）或已销号（已解决）"),
  inProgress: z.number().int().describe("在办：收集中尚未办结的（含待受理、已交办、办理中、已退回）"),
  overdue: z.number().int().describe("逾期：已交办或办理中且办理时限早于今天（北京时间）"),
  resolvedOnTime: z
    .number()
    .int()
    .describe(
      "按期办结。合计行与按单位分组：办结且从未逾期——从未在当时的办理时限（交办时限加已批准的延期）过后仍未办结；曾逾期的问题，之后即使重办、改派、延期或会议调整了时限后按新时限办结，也不算按期。按牵头单位分组：该单位办结的问题中，没有记在该单位名下逾期的——逾期记在逾期当时的牵头单位名下，甲单位逾期后退回或被改派、乙单位按期办结的，乙单位算按期（合计行仍算逾期），乙单位自己也逾期的不算按期。因此各单位之和可能大于合计",
    ),
  rated: z
    .number()
    .int()
    .describe(
      "评价次数：这些问题收到的全部评价，每次都计入（先不满意重办、后满意的问题计 2 次）。按牵头单位分组时，每次评价计入被评价答复的单位：甲单位的答复被评不满意、改派乙单位后评满意的，甲、乙各计 1 次；只有评价、当前不牵头任何问题的单位也有一行",
    ),
  satisfied: z
    .number()
    .int()
    .describe("满意＋基本满意的评价次数（同上，每次评价计一次，按牵头单位分组时计入被评价答复的单位）"),
  resolutionRate: rate("办结率 = 办结 ÷ 收集"),
  onTimeRate: rate("按期办结率 = 按期办结 ÷ 办结（按牵头单位分组时只看本单位的逾期，见按期办结）"),
  satisfactionRate: rate(
    "满意率 = (满意＋基本满意)评价次数 ÷ 评价次数；每次评价都计入，例如一个问题先评不满意、重办后评满意，计评价 2 次、满意 1 次",
  ),
  avgDaysToResolve: z
    .number()
    .nullable()
    .describe("平均办结天数 = 办结答复时间 − 提出时间（天，保留1位）；无办结时为 null"),
});
export type IssueStatsRow = z.infer<typeof issueStatsRowSchema>;

export const issueStatsSchema = z.object({
  groupBy: z.enum(issueStatsGroupings),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The unit whose subtree was counted (the user's own unit when none was chosen). */
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  rows: z.array(issueStatsRowSchema),
  total: issueStatsRowSchema.describe("合计"),
});
export type IssueStats = z.infer<typeof issueStatsSchema>;
