import { leadOriginRegions, leadSourceLabels } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { buildTemplate } from "../../lib/excel/index.js";
import type { SheetWriter } from "../../lib/format.js";
import { findOrgUnitsUnder } from "../org-units/index.js";
import { leadImportFields } from "./investment.import.js";

const notes: Record<(typeof leadImportFields)[number]["key"], string | undefined> = {
  projectName: "同一园区同一投资方的同名项目只登记一次",
  investorName: "投资企业全称",
  orgUnit: "单位名称或区划代码，须在您的管理范围内",
  source: Object.values(leadSourceLabels).join("、"),
  originRegion: leadOriginRegions.join("、"),
  originProvince: "如 浙江省；跨省区域（京津冀、长三角、珠三角、成渝）须填写",
  industryChain: undefined,
  industryCode: "GB/T 4754-2017，如 C3841",
  intendedInvestment: "万元",
  flags: "世界500强、央企、上市公司，多个以顿号分隔",
  owner: "负责人的登录账号",
  contactName: undefined,
  contactPhone: undefined,
  description: undefined,
};

/** The lead import template (GET /api/leads/import-template): the import's columns, two grey samples, instructions. */
export async function leadTemplateWriter(db: Db, actor: Actor): Promise<SheetWriter> {
  requirePermission(actor, "lead.write");
  const [unit] = await findOrgUnitsUnder(db, actor.orgUnitPath);
  const sample: Record<string, string | number> = {
    projectName: "年产10万吨新材料项目",
    investorName: "浙江示例新材料股份有限公司",
    orgUnit: unit?.name ?? "",
    source: leadSourceLabels.chain_research,
    originRegion: "长三角",
    originProvince: "浙江省",
    industryChain: "新材料",
    industryCode: "C2651",
    intendedInvestment: 120000,
    flags: "上市公司",
    contactName: "张经理",
    contactPhone: "13800000000",
    description: "拟在园区建设生产基地",
  };
  return (output) =>
    buildTemplate(output, {
      sheetName: "招商线索",
      columns: leadImportFields.map((f) => ({ header: f.header, required: f.required, note: notes[f.key] })),
      sampleRows: [leadImportFields.map((f) => sample[f.key] ?? null)],
      instructions: [
        "1. 第一行为表头，请勿修改列名；带 * 的列为必填。请删除灰色示例行后再填写。",
        "2. 每行登记一条新线索，阶段为“线索”；同一园区同一投资方的同名项目已登记的不能再导入。",
        "3. 拟投资单位为万元；10亿元以上标识按金额自动计算，无需填写。",
        "4. 来源省份与园区所在省不同的为省外项目；来源地为境外、港澳台的也计为省外项目。",
        "5. 上传后先预览：不能导入的行（含行号、列名和原因）一目了然；确认后一次性全部导入，任何一行有误则全部不导入。",
      ],
    });
}
