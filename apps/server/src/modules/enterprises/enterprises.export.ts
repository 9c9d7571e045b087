import { type EnterpriseListQuery, enterpriseColumns, enterpriseScaleLabels } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { buildTemplate, formatWanYuan, writeSheet } from "../../lib/excel/index.js";
import type { SheetWriter } from "../../lib/format.js";
import { findEnterprises } from "./enterprises.queries.js";
import { enterpriseListWhere, toEnterprises } from "./enterprises.service.js";

const widths: Record<string, number> = { creditCode: 22, name: 36, orgUnit: 20, address: 36, tags: 30, foundedOn: 12 };
const exportLimit = 200_000;

/**
 * Checks access and audits, then returns the writer of the filtered list in the template's columns,
 * so an export re-imports unchanged.
 */
export async function prepareEnterpriseExport(
  db: Db,
  actor: Actor,
  query: Omit<EnterpriseListQuery, "page" | "pageSize">,
): Promise<SheetWriter> {
  requirePermission(actor, "enterprise.export");
  const where = enterpriseListWhere(actor, query);
  await writeAudit(db, actor, {
    action: "enterprise.export",
    entityType: "enterprise",
    orgUnitId: actor.orgUnitId,
    summary: JSON.stringify(query),
  });
  async function* rows() {
    const batch = 1000;
    for (let offset = 0; offset < exportLimit; offset += batch) {
      const { rows: chunk } = await findEnterprises(db, { where, sort: query.sort, limit: batch, offset });
      for (const e of await toEnterprises(db, chunk)) {
        yield [
          e.creditCode,
          e.name,
          e.orgUnitName,
          e.legalRepresentative,
          e.registeredCapital === null ? null : Number(formatWanYuan(e.registeredCapital)),
          e.foundedOn,
          e.address,
          e.industryCode,
          e.scale ? enterpriseScaleLabels[e.scale] : null,
          e.contactName,
          e.contactPhone,
          e.tags.map((t: { name: string }) => t.name).join("、") || null,
        ];
      }
      if (chunk.length < batch) return;
    }
  }
  return (output) =>
    writeSheet(output, {
      sheetName: "企业名录",
      columns: enterpriseColumns.map((c) => ({
        header: c.header,
        width: widths[c.key] ?? 14,
        kind: c.key === "registeredCapital" ? ("number" as const) : ("text" as const),
      })),
      rows: rows(),
    });
}

/** The import template: the header row, two sample rows and a sheet of instructions. */
export function enterpriseTemplateWriter(actor: Actor, sampleUnitName: string): SheetWriter {
  requirePermission(actor, "enterprise.import");
  return (output) =>
    buildTemplate(output, {
      sheetName: "企业名录",
      columns: enterpriseColumns.map((c) => ({ header: c.header, required: c.required })),
      sampleRows: [
        [
          "91350100M000100Y43",
          "示例科技有限公司",
          sampleUnitName,
          "张三",
          500,
          "2018-06-01",
          "示例路 1 号",
          "C3971",
          "小型",
          "李四",
          "13800000000",
          "高新技术企业、科技型中小企业",
        ],
      ],
      instructions: [
        "1. 第一行为表头，请勿修改列名；带 * 的列为必填。表头上方可以有标题行。",
        "2. 统一社会信用代码为18位，系统会自动去除空格并将全角字符转为半角，并校验第18位校验码。",
        "3. 以统一社会信用代码为准：已登记的企业将被更新，未登记的将被新增。",
        "4. 更新已登记企业时，空白单元格表示保持原值不变。",
        "5. 所属园区填写您管理范围内的单位名称（或6位行政区划代码）。",
        "6. 注册资本单位为万元；成立日期可写 2024-03-05、2024/3/5 或 2024年3月5日。",
        "7. 行业代码按《国民经济行业分类》（GB/T 4754-2017）填写，如 C3971 或 3971。",
        "8. 企业规模填写：大型、中型、小型、微型。",
        "9. 企业标签以顿号或逗号分隔，须为系统标签列表中的名称；填写后将替换该企业原有标签。",
        "10. 上传后先预览：将新增、更新和不能导入的行（含行号、列名和原因）一目了然；确认后一次性全部导入，任何一行有误则全部不导入。",
      ],
    });
}
