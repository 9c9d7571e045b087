import { z } from "zod";
import { pageOf, paginationQuerySchema } from "./common.js";
import { projectBatchSchema, projectLevelSchema, projectStageSchema, projectTypeSchema } from "./projects.js";

/*
 * Annual investment plans (年度计划投资), monthly investment reports (当月/累计完成投资) with their
 * corrections, and the key-project figures and warnings. Money travels as yuan decimal strings.
 */

const yearSchema = z.coerce
  .number({ message: "年份无效" })
  .int("年份应为整数")
  .min(2000, "年份应在2000年至2100年之间")
  .max(2100, "年份应在2000年至2100年之间");
const monthSchema = z.coerce
  .number({ message: "月份无效" })
  .int("月份应为整数")
  .min(1, "月份应为1至12")
  .max(12, "月份应为1至12");

export const projectYearParamsSchema = z.object({ id: z.uuid(), year: yearSchema });
export const projectMonthParamsSchema = z.object({ id: z.uuid(), year: yearSchema, month: monthSchema });
export const projectInvestmentQuerySchema = z.object({
  year: yearSchema.optional().describe("年份，默认北京时间当年"),
});

/** Yuan decimal string → fen, exactly (the money schema guarantees at most two decimals). */
export function yuanToFen(yuan: string): bigint {
  const [whole = "0", fraction = ""] = yuan.split(".");
  return BigInt(whole || "0") * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2) || "0");
}

/** Fen → yuan decimal string with two decimals. */
export function fenToYuan(fen: bigint): string {
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

// ── Annual plans ─────────────────────────────────────────────────────────────

const moneyPattern = /^\d{1,16}(\.\d{1,2})?$/;

/** A money field with messages naming it: missing, not a string, not an amount. */
const moneyField = (label: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `请填写${label}`
          : `${label}应为金额文本，如 "1200000.00"（单位：元）`,
    })
    .regex(moneyPattern, `${label}应为不小于0的数字，最多两位小数（单位：元）`);

/** The optimistic version read with the record. */
const versionField = (when: string) =>
  z
    .number({ message: "版本号应为整数（读取记录时得到的 version）" })
    .int("版本号应为整数（读取记录时得到的 version）")
    .optional()
    .describe(when);

export const annualPlanInputSchema = z
  .object({
    plannedInvestment: moneyField("年度计划投资").describe("年度计划投资（元）"),
    monthlyPlan: z
      .array(z.string({ message: "分月计划的每个月应为金额文本（单位：元）" }), { message: "分月计划应为12个月的金额" })
      .length(12, "分月计划应为1至12月共12个金额")
      .nullable()
      .optional()
      .describe("分月计划（元），12个，合计须等于年度计划投资；null 表示不分月"),
    version: versionField("修改已有计划时必填：读取时的版本号"),
  })
  .superRefine((v, ctx) => {
    if (!v.monthlyPlan) return;
    const invalid = v.monthlyPlan.findIndex((m) => !moneyPattern.test(m));
    if (invalid >= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["monthlyPlan", invalid],
        message: `${invalid + 1}月计划投资应为不小于0的数字，最多两位小数（单位：元）`,
      });
      return;
    }
    const sum = v.monthlyPlan.reduce((s, m) => s + yuanToFen(m), 0n);
    const planned = moneyPattern.test(v.plannedInvestment) ? yuanToFen(v.plannedInvestment) : null;
    if (planned !== null && sum !== planned) {
      const diff = planned - sum;
      ctx.addIssue({
        code: "custom",
        path: ["monthlyPlan"],
        message: `分月计划合计 ${fenToYuan(sum)} 元与年度计划投资 ${fenToYuan(planned)} 元不符（${diff > 0n ? "少" : "多"} ${fenToYuan(diff > 0n ? diff : -diff)} 元）`,
      });
    }
  });
export type AnnualPlanInput = z.infer<typeof annualPlanInputSchema>;

export const annualPlanSchema = z.object({
  year: z.number().int(),
  plannedInvestment: z.string().describe("年度计划投资（元）"),
  monthlyPlan: z.array(z.string()).nullable(),
  version: z.number().int(),
  updatedByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type AnnualPlan = z.infer<typeof annualPlanSchema>;

// ── Monthly reports ──────────────────────────────────────────────────────────

export const monthlyReportInputSchema = z
  .object({
    completedInMonth: moneyField("当月完成投资").optional().describe("当月完成投资（元）"),
    completedToDate: moneyField("累计完成投资").optional().describe("或：本年累计完成投资（元），换算为当月数"),
    progressText: z
      .string({ message: "进展情况应为文字" })
      .trim()
      .max(2000, "进展情况不超过2000个字")
      .nullable()
      .optional(),
    reason: z
      .string({ message: "更正原因应为文字" })
      .trim()
      .max(200, "更正原因不超过200个字")
      .nullable()
      .optional()
      .describe("更正原因"),
    version: versionField("更正已填报的月份时必填：读取时的版本号"),
  })
  .superRefine((v, ctx) => {
    if (v.completedInMonth === undefined && v.completedToDate === undefined) {
      ctx.addIssue({ code: "custom", path: ["completedInMonth"], message: "请填写当月完成投资或累计完成投资" });
    }
    if (v.completedInMonth !== undefined && v.completedToDate !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["completedToDate"],
        message: "当月完成投资与累计完成投资只填一项",
      });
    }
  });
export type MonthlyReportInput = z.infer<typeof monthlyReportInputSchema>;

export const investmentMonthSchema = z.object({
  month: z.number().int(),
  reportId: z.uuid().nullable(),
  completedInMonth: z.string().nullable().describe("当月完成投资（元），未填报为 null"),
  completedToDate: z.string().nullable().describe("累计完成投资（元）：本年1月至本月之和；本月未填报为 null"),
  plannedInMonth: z.string().nullable().describe("分月计划（元）"),
  plannedToDate: z.string().nullable(),
  progressText: z.string().nullable(),
  reportedByName: z.string().nullable(),
  reportedAt: z.string().nullable(),
  revisionCount: z.number().int().describe("更正次数"),
  version: z.number().int().nullable(),
  /** A month after the current Beijing month cannot be reported yet. */
  isFuture: z.boolean(),
});
export type InvestmentMonth = z.infer<typeof investmentMonthSchema>;

export const projectInvestmentSchema = z.object({
  projectId: z.uuid(),
  projectName: z.string(),
  year: z.number().int(),
  plan: annualPlanSchema.nullable(),
  months: z.array(investmentMonthSchema).length(12),
  completedTotal: z.string().describe("本年累计完成投资（元）"),
  completionRate: z.number().nullable().describe("本年完成率（小数）；无计划为 null"),
  canReport: z.boolean().describe("当前用户可填报/更正"),
  canPlan: z.boolean().describe("当前用户可设置/修改年度计划投资（权限 project.plan，仅管理员）"),
});
export type ProjectInvestment = z.infer<typeof projectInvestmentSchema>;

export const reportRevisionSchema = z.object({
  id: z.uuid(),
  completedInMonth: z.string().describe("更正前的当月完成投资（元）"),
  progressText: z.string().nullable(),
  reportedByName: z.string().nullable(),
  reportedAt: z.string(),
  correctedByName: z.string().nullable(),
  correctedAt: z.string(),
  reason: z.string().nullable(),
});
export type ReportRevision = z.infer<typeof reportRevisionSchema>;

/**
 * One change of a year's plan (年度计划投资): the values before and after, who and when. The record of what the plan
 * was; the figures use the current plan (see planRevisionsSchema).
 */
export const planRevisionSchema = z.object({
  id: z.uuid(),
  year: z.number().int(),
  previousPlannedInvestment: z.string().nullable().describe("修改前的年度计划投资（元）；首次设置为 null"),
  plannedInvestment: z.string().describe("修改后的年度计划投资（元）"),
  previousMonthlyPlan: z.array(z.string()).nullable(),
  monthlyPlan: z.array(z.string()).nullable(),
  source: z.enum(["manual", "import"]).describe("manual 页面设置，import Excel导入"),
  changedByName: z.string().nullable(),
  changedAt: z.string(),
});
export type PlanRevision = z.infer<typeof planRevisionSchema>;

/** The answer of GET /api/projects/:id/plans/:year/revisions, newest first. */
export const planRevisionsSchema = z
  .array(planRevisionSchema)
  .describe(
    "年度计划投资的设置与修改记录，最新的在前；迁移前设置的计划没有记录。指标始终按当前计划计算：调整计划（调整后的年度计划）适用于全年，" +
      "已过去月份的完成率、时序进度差也随之按调整后的计划重算，这些记录只用于查阅计划曾经是多少",
  );

// ── Figures and warnings ─────────────────────────────────────────────────────

/**
 * The figures' projects for year Y as of the date D (the end of the month asked for): not archived, visible
 * and in the filters, signed on or before D, and with an annual plan for Y or signed in Y. Every figure
 * (count, 总投资, 计划, 完成, 完成率, stage rates, 开工项目投资率, stage counts, warnings) is over that set.
 * The plan is each project's current plan for Y: an adjusted plan (调整计划) holds for the whole year, so the
 * figures of a month already reported follow it too (the plan revisions keep what it was). Completed investment
 * is the current (corrected) monthly reports of Y up to D's month.
 * An org unit outside the actor's scope answers 404 NOT_FOUND.
 */
export const projectFiguresQuerySchema = z.object({
  orgUnitId: z.uuid({ message: "单位编号无效" }).optional().describe("所属单位（含下级）"),
  year: yearSchema.optional(),
  month: monthSchema.optional().describe("截至该月末；默认北京时间上一个完整月份"),
  level: projectLevelSchema.optional(),
  batch: projectBatchSchema.optional(),
  projectType: projectTypeSchema.optional(),
});
export type ProjectFiguresQuery = z.infer<typeof projectFiguresQuerySchema>;

export const projectWarningColors = ["red", "yellow"] as const;
export const projectWarningColorSchema = z.enum(projectWarningColors);
export type ProjectWarningColor = z.infer<typeof projectWarningColorSchema>;

/** The rules that colour a project's row, as data: the web shows `text` next to the colour. */
export const projectWarningRules = [
  { code: "stage_overdue", color: "red", text: "阶段计划日期已过仍未完成（如：开工计划日期已过仍未开工）" },
  { code: "stage_due_soon", color: "yellow", text: "阶段计划日期7天内到期" },
  { code: "investment_far_behind", color: "red", text: "投资完成率低于时序进度20个百分点以上" },
  { code: "investment_behind", color: "yellow", text: "投资完成率低于时序进度" },
  {
    code: "report_missing",
    color: "red",
    text: "上月未报送投资（截至日期前最后一个已结束的月份；该月之后签约的项目不检查）",
  },
] as const satisfies readonly { code: string; color: ProjectWarningColor; text: string }[];
export type ProjectWarningCode = (typeof projectWarningRules)[number]["code"];
export const projectWarningCodeSchema = z.enum(
  projectWarningRules.map((r) => r.code) as [ProjectWarningCode, ...ProjectWarningCode[]],
);

export const projectWarningSchema = z.object({
  code: projectWarningCodeSchema,
  color: projectWarningColorSchema,
  text: z.string().describe("规则"),
  detail: z.string().describe("本项目的具体情况，如“开工计划日期2026-09-30已过仍未开工”"),
});
export type ProjectWarning = z.infer<typeof projectWarningSchema>;

/** A calendar month (the month checked by “上月未报送投资”). */
const yearMonthSchema = z.object({ year: z.number().int(), month: z.number().int() });
const rateSchema = z.number().nullable().describe("比率（小数，如 0.632 即 63.2%）；分母为 0 时为 null，显示为“—”");

export const projectFiguresSchema = z
  .object({
    year: z.number().int(),
    month: z.number().int(),
    asOf: z.string().describe("截至日期（该月最后一天）"),
    warningsAsOf: z.string().describe("阶段日期预警的参照日期"),
    projectCount: z.number().int(),
    totalInvestment: z.string().describe("总投资（元）"),
    plannedInvestment: z
      .string()
      .describe("本年计划投资（元）：各项目当前的年度计划；调整计划适用于全年，已过去的月份也按调整后的计划计算"),
    completedInvestment: z.string().describe("本年截至该月末完成投资（元）：当前（含更正后）的各月填报之和"),
    completionRate: rateSchema.describe("年度投资完成率"),
    timeProgress: z.number().describe("时序进度 = 月份 ÷ 12"),
    gapPoints: z.number().nullable().describe("完成率 − 时序进度，百分点，保留1位小数；正数为超"),
    gapText: z.string().nullable().describe("如“超时序进度4.9个百分点”"),
    landing: z.object({ signed: z.number().int(), landed: z.number().int(), rate: rateSchema }),
    starting: z.object({ landed: z.number().int(), started: z.number().int(), rate: rateSchema }),
    startedInvestment: z.object({
      projects: z.number().int(),
      planned: z.string(),
      completed: z.string(),
      rate: rateSchema,
    }),
    output: z.object({ inProduction: z.number().int(), reached: z.number().int(), rate: rateSchema }),
    stageCounts: z
      .record(projectStageSchema, z.number().int())
      .describe("各阶段项目数：截至日期时所处的阶段（按各阶段实际日期）"),
    reportMonth: yearMonthSchema
      .nullable()
      .describe(
        "“上月未报送投资”检查的月份：预警参照日期前最后一个已结束的月份（该月之后签约的项目不检查）；不在本年时为 null（不检查）",
      ),
    series: z.array(
      z.object({
        month: z.number().int(),
        planned: z.string().nullable().describe("分月计划合计（元）；无分月计划为 null"),
        completed: z.string().nullable().describe("当月完成合计（元）；截至月份之后为 null"),
        plannedToDate: z.string().nullable(),
        completedToDate: z.string().nullable(),
      }),
    ),
    warnings: z.object({
      red: z.number().int().describe("红色预警项目数"),
      yellow: z.number().int().describe("黄色预警项目数（无红色预警）"),
      byRule: z.array(
        z.object({
          code: projectWarningCodeSchema,
          color: projectWarningColorSchema,
          text: z.string(),
          count: z.number().int(),
        }),
      ),
    }),
  })
  .describe(
    "截至该月末的重点项目指标。计划投资按各项目当前的年度计划：调整计划适用于全年，已发布月份的完成率也随之按调整后的计划重算；" +
      "完成投资按当前（含更正后）的各月填报",
  );
export type ProjectFigures = z.infer<typeof projectFiguresSchema>;

export const projectWarningsQuerySchema = paginationQuerySchema.extend(projectFiguresQuerySchema.shape).extend({
  color: z.enum(["red", "yellow", "any"]).default("any").describe("red 只看红色，yellow 只看黄色，any 任一预警"),
  projectIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined ? undefined : (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean),
    )
    .pipe(
      z
        .array(z.uuid({ message: "项目编号无效" }))
        .max(200)
        .optional(),
    )
    .describe("只看这些项目（逗号分隔），包括无预警的项目，供项目列表着色"),
});
export type ProjectWarningsQuery = z.infer<typeof projectWarningsQuerySchema>;

export const projectWarningRowSchema = z.object({
  projectId: z.uuid(),
  projectName: z.string(),
  orgUnitName: z.string(),
  stage: projectStageSchema,
  color: projectWarningColorSchema.nullable(),
  completionRate: rateSchema,
  warnings: z.array(projectWarningSchema),
});
export type ProjectWarningRow = z.infer<typeof projectWarningRowSchema>;
export const projectWarningPageSchema = pageOf(projectWarningRowSchema).extend({
  year: z.number().int(),
  month: z.number().int(),
  warningsAsOf: z.string(),
  reportMonth: yearMonthSchema.nullable(),
});
export type ProjectWarningPage = z.infer<typeof projectWarningPageSchema>;

// ── Excel ────────────────────────────────────────────────────────────────────

/** Columns of the monthly investment report import. Money in 万元; 当月 and/or 累计. */
export const investmentReportColumns = [
  { key: "projectName", header: "项目名称", required: true },
  { key: "year", header: "年份", required: true },
  { key: "month", header: "月份", required: true },
  { key: "completedInMonth", header: "当月完成投资（万元）", required: false },
  { key: "completedToDate", header: "累计完成投资（万元）", required: false },
  { key: "progressText", header: "进展情况", required: false },
] as const;

/** Columns of the annual plan import. Money in 万元. */
export const annualPlanColumns = [
  { key: "projectName", header: "项目名称", required: true },
  { key: "year", header: "年份", required: true },
  { key: "plannedInvestment", header: "年度计划投资（万元）", required: true },
] as const;
