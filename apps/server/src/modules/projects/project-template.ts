import { projectColumns } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { buildTemplate } from "../../lib/excel/index.js";
import type { SheetWriter } from "../../lib/format.js";
import { findOrgUnitsUnder } from "../org-units/index.js";
import { stageChoices } from "./projects.import.js";

/** The import template: the header row, a sample row and a sheet of instructions. */
export async function projectTemplateWriter(db: Db, actor: Actor): Promise<SheetWriter> {
  requirePermission(actor, "project.import");
  const [unit] = await findOrgUnitsUnder(db, actor.orgUnitPath);
  const sample: Record<string, string | number> = {
    name: "示例新能源电池项目",
    investor: "示例新能源科技有限公司",
    orgUnit: unit?.name ?? "",
    level: "市重点",
    batch: "开工一批",
    campaignRound: "2026年第二期",
    projectType: "新建",
    totalInvestment: 50000,
    location: "示例园区经三路东",
    landParcel: "2026-15号地块",
    landAreaMu: 120.5,
    industryChain: "新能源电池",
    industryCode: "C3841",
    stage: "落地",
    plannedSigned: "2026-01-15",
    actualSigned: "2026-01-15",
    plannedLanded: "2026-03-01",
    actualLanded: "2026-03-10",
    plannedStarted: "2026-06-30",
    leader: "leader01",
    constructionContent: "新建标准化厂房8万平方米，年产5GWh电池",
  };
  return (output) =>
    buildTemplate(output, {
      sheetName: "重点项目",
      columns: projectColumns.map((c) => ({ header: c.header, required: c.required })),
      sampleRows: [projectColumns.map((c) => sample[c.key] ?? null)],
      instructions: [
        "1. 第一行为表头，请勿修改列名；带 * 的列为必填。表头上方可以有标题行。请删除灰色示例行后再填写。",
        "2. 以“所属单位 + 项目名称”识别项目：该单位已有的（未归档）同名项目将被更新（空白单元格保持原值不变），没有的将被新增；同一单位未归档的项目不能重名，表中同一单位的同名行不能导入。",
        "3. 投资主体填写企业库中的企业名称或统一社会信用代码；企业库中没有的，填写投资方名称即可。",
        "4. 项目级别：省重点、市重点、县(区)重点；批次：签约一批、开工一批、投产一批；类型：新建、续建。",
        "5. 总投资单位为万元，用地面积单位为亩。批次期数如“2026年第二期”。日期可写 2024-03-05、2024/3/5 或 2024年3月5日。",
        `6. 当前阶段：${stageChoices}。当前阶段及其之前各阶段须填写实际日期，之后的阶段不应有实际日期；实际日期须依次不早于前一阶段，且不晚于今天。`,
        "7. 当前阶段留空时，按填写了实际日期的最后一个阶段确定；新项目都未填写时为“签约”，签约日期为今天。",
        "8. 分包领导填写包联领导的登录账号或姓名，须为您管理范围内在用的包联领导。",
        "9. 行业代码按《国民经济行业分类》（GB/T 4754-2017）填写，如 C3841。",
        "10. 上传后先预览：将新增、更新和不能导入的行（含行号、列名和原因）一目了然；确认后一次性全部导入，任何一行有误则全部不导入。",
      ],
    });
}
