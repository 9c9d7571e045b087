import { type CreateLead, leadFlagLabels, leadInputSchema, leadSourceLabels } from "@zonedesk/contracts";
import { and, eq, sql } from "drizzle-orm";
import { inOrgScope } from "../../lib/access.js";
import { AppError } from "../../lib/errors.js";
import { cleanText, parseEnumLabel, parseWanYuan, splitList } from "../../lib/excel/index.js";
import type { ImportDefinition, RowIssue, RowOutcome } from "../imports/index.js";
import { findOrgUnitsByLabel, type OrgUnitRow } from "../org-units/index.js";
import { users } from "../users/users.table.js";
import { createLeadInTx } from "./investment.service.js";
import { investmentLeads } from "./investment.table.js";
import { toValues } from "./lead-values.js";

/** Columns of the lead import (the sheet a 招商局 keeps). */
export const leadImportFields = [
  { key: "projectName", header: "项目名称", required: true, aliases: ["项目", "招商项目名称"] },
  { key: "investorName", header: "投资方", required: true, aliases: ["投资主体", "客商", "投资企业"] },
  { key: "orgUnit", header: "所属园区", required: true, aliases: ["所属单位", "园区", "落地园区"] },
  { key: "source", header: "来源", required: true, aliases: ["线索来源", "招商方式"] },
  { key: "originRegion", header: "来源地", required: false, aliases: ["来源区域", "客商来源地"] },
  { key: "originProvince", header: "来源省份", required: false, aliases: ["投资方所在省份", "省份"] },
  { key: "industryChain", header: "产业链", required: false, aliases: ["所属产业链"] },
  { key: "industryCode", header: "行业代码", required: false, aliases: ["国民经济行业代码"] },
  {
    key: "intendedInvestment",
    header: "拟投资（万元）",
    required: false,
    aliases: ["拟投资额（万元）", "投资额（万元）"],
  },
  { key: "flags", header: "标识", required: false, aliases: ["企业类型", "企业标识"] },
  { key: "owner", header: "负责人账号", required: false, aliases: ["负责人", "责任人账号"] },
  { key: "contactName", header: "联系人", required: false, aliases: [] },
  { key: "contactPhone", header: "联系电话", required: false, aliases: ["联系方式"] },
  { key: "description", header: "项目简介", required: false, aliases: ["项目情况", "备注"] },
] as const;

interface Context {
  unitsByLabel: Map<string, OrgUnitRow[]>;
  seen: Map<string, number>;
}

const fieldOfPath: Record<string, string> = { orgUnitId: "orgUnit", ownerUserId: "owner" };

/** Import of investment leads: every row becomes a new lead at stage 线索; the same project of the same investor is refused. */
export const leadImport: ImportDefinition<Context, CreateLead> = {
  kind: "investment_leads",
  auditAction: "lead.import",
  permission: "lead.write",
  fields: leadImportFields,
  maxRows: 2000,

  async loadContext(db, actor) {
    const unitsByLabel = await findOrgUnitsByLabel(db, actor.orgUnitPath);
    return { unitsByLabel, seen: new Map() };
  },

  async checkRows(db, actor, context, rows) {
    const outcomes: RowOutcome<CreateLead>[] = [];
    for (const r of rows) {
      const issues: RowIssue[] = [];
      const text = (key: string) => cleanText(r.values[key] ?? null);
      const unitLabel = text("orgUnit");
      const units = unitLabel ? (context.unitsByLabel.get(unitLabel) ?? []) : [];
      if (unitLabel === null) issues.push({ field: "orgUnit", message: "所属园区不能为空" });
      else if (units.length === 0)
        issues.push({ field: "orgUnit", message: `“${unitLabel}”不是您管理范围内的单位名称或区划代码` });
      if (units.length > 1) issues.push({ field: "orgUnit", message: `有多个单位名为“${unitLabel}”，请填写区划代码` });
      const source = text("source") === null ? null : parseEnumLabel(r.values.source ?? null, leadSourceLabels);
      if (source && !source.ok) issues.push({ field: "source", message: source.reason });
      const amount = text("intendedInvestment") === null ? null : parseWanYuan(r.values.intendedInvestment ?? null);
      if (amount && !amount.ok) issues.push({ field: "intendedInvestment", message: amount.reason });
      const flags = splitList(r.values.flags ?? null);
      const unknownFlags = flags.filter(
        (f) => !["世界500强", "央企", "上市公司", leadFlagLabels.overBillion].includes(f),
      );
      if (unknownFlags.length > 0)
        issues.push({
          field: "flags",
          message: `不认识的标识：${unknownFlags.join("、")}（可填 世界500强、央企、上市公司）`,
        });
      let ownerUserId: string | null = null;
      const owner = text("owner");
      if (owner) {
        const [user] = await db
          .select({ id: users.id })
          .from(users)
          .where(and(sql`lower(${users.username}) = ${owner.toLowerCase()}`, inOrgScope(actor, users.orgUnitId)));
        if (user) ownerUserId = user.id;
        else issues.push({ field: "owner", message: `账号“${owner}”不存在或不在您的管理范围内` });
      }
      const candidate = {
        orgUnitId: units[0]?.id ?? "00000000-0000-4000-8000-000000000000",
        projectName: text("projectName") ?? "",
        investorName: text("investorName") ?? "",
        originRegion: text("originRegion"),
        originProvince: text("originProvince"),
        industryChain: text("industryChain"),
        industryCode: text("industryCode"),
        intendedInvestment: amount?.ok ? amount.value : null,
        isFortune500: flags.includes("世界500强"),
        isCentralSoe: flags.includes("央企"),
        isListed: flags.includes("上市公司"),
        source: source?.ok ? source.value : undefined,
        ownerUserId,
        contactName: text("contactName"),
        contactPhone: text("contactPhone"),
        description: text("description"),
      };
      const parsed = leadInputSchema.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const path = String(issue.path[0] ?? "");
          const field = fieldOfPath[path] ?? path;
          if (!issues.some((i) => i.field === field)) issues.push({ field, message: issue.message });
        }
      } else if (issues.length === 0) {
        try {
          await toValues(db, actor, parsed.data);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const details = error.details as { issues?: { path: string; message: string }[] } | undefined;
          for (const i of details?.issues ?? [{ path: "", message: error.message }]) {
            issues.push({ field: fieldOfPath[i.path] ?? i.path, message: i.message });
          }
        }
      }
      const label = `${candidate.projectName}（${candidate.investorName}）`;
      const key = `${candidate.orgUnitId}|${candidate.investorName}|${candidate.projectName}`;
      if (issues.length === 0 && parsed.success) {
        const first = context.seen.get(key);
        if (first !== undefined) issues.push({ field: "projectName", message: `与第${first}行重复` });
        const [existing] = await db
          .select({ id: investmentLeads.id })
          .from(investmentLeads)
          .where(
            and(
              eq(investmentLeads.orgUnitId, candidate.orgUnitId),
              eq(investmentLeads.investorName, parsed.data.investorName),
              eq(investmentLeads.projectName, parsed.data.projectName),
            ),
          );
        if (existing) issues.push({ field: "projectName", message: "该投资方的同名项目已登记" });
        context.seen.set(key, r.rowNumber);
      }
      outcomes.push(
        issues.length > 0 || !parsed.success
          ? { rowNumber: r.rowNumber, action: "refused", key, label, changes: [], issues }
          : { rowNumber: r.rowNumber, action: "create", key, label, changes: [], issues: [], value: parsed.data },
      );
    }
    return outcomes;
  },

  async applyRows(db, actor, rows) {
    for (const row of rows) {
      if (row.value) await createLeadInTx(db, actor, row.value);
    }
  },
};
