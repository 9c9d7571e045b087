import { checkCreditCode, enterpriseColumns, enterpriseScaleLabels } from "@zonedesk/contracts";
import { fieldError } from "../../lib/errors.js";
import { cleanText, parseDate, parseEnumLabel, parseWanYuan, splitList } from "../../lib/excel/index.js";
import { type CellValue, importFieldsOf, type RowIssue } from "../imports/index.js";
import { findIndustry } from "../industries/index.js";
import type { EnterpriseValues } from "./enterprises.queries.js";

/** The template's columns as import fields, with the headers other offices' sheets use for them. */
export const enterpriseImportFields = importFieldsOf(enterpriseColumns, {
  creditCode: ["统一代码", "信用代码", "社会信用代码", "统一社会信用代码/注册号"],
  name: ["单位名称", "公司名称", "企业名称（全称）", "单位详细名称"],
  orgUnit: ["所属园区/区域", "所属区域", "园区", "所在园区", "所属单位"],
  legalRepresentative: ["法人", "法人代表", "法定代表人（负责人）"],
  registeredCapital: ["注册资金（万元）", "注册资本", "注册资金"],
  foundedOn: ["成立时间", "注册日期", "成立日期（年月日）"],
  address: ["地址", "企业地址", "详细地址", "住所"],
  industryCode: ["国民经济行业代码", "行业分类代码", "行业类别代码"],
  scale: ["规模", "企业规模（大中小微）"],
  contactName: ["企业联系人", "联系人姓名"],
  contactPhone: ["联系方式", "手机号", "联系人电话"],
  tags: ["标签", "企业类型标签"],
});

export interface ParsedEnterpriseRow {
  creditCode: string | null;
  /** The code as written, to name a refused row in the preview. */
  rawCreditCode: string;
  orgUnitLabel: string | null;
  /** Only the columns that had a value: an empty cell leaves an existing enterprise's value as it is. */
  values: Partial<Omit<EnterpriseValues, "orgUnitId" | "creditCode">>;
  tagNames: string[] | null;
  issues: RowIssue[];
}

/**
 * The catalog node for a code, or for its nearest listed ancestor: the catalog ships sections,
 * divisions and groups, so a 4-digit class (e.g. 3971) is accepted under its group (397) or division (39).
 */
export function resolveIndustry(code: string) {
  for (let length = code.length; length >= 2 || (length === 1 && /^[A-T]$/.test(code)); length--) {
    const node = findIndustry(code.slice(0, length));
    if (node) return node;
    if (!/^\d+$/.test(code)) break;
  }
  return undefined;
}

/** Industry code as users write it ("C3971", "3971", "c", "C39") → a GB/T 4754 code and its section. */
export function normalizeIndustryCode(raw: string): { code: string; section: string } | { error: string } {
  const text = raw.replace(/\s+/g, "").toUpperCase();
  const match = /^([A-T])?(\d{2,4})?$/.exec(text);
  const letter = match?.[1];
  const digits = match?.[2];
  const code = digits ?? letter;
  const industry = code ? resolveIndustry(code) : undefined;
  if (!code || !industry) return { error: `行业代码“${raw}”不在国民经济行业分类（GB/T 4754-2017）中` };
  if (letter && digits && industry.section !== letter) {
    return { error: `行业代码“${raw}”的门类字母应为 ${industry.section}` };
  }
  return { code, section: industry.section };
}

/**
 * The industry code a form sent (field `industryCode`), checked against GB/T 4754: its code and section, null when
 * blank; a code the catalog does not know is a 400 naming the field.
 */
export function industryOfInput(code: string | null | undefined): { code: string; section: string } | null {
  if (!code) return null;
  const industry = normalizeIndustryCode(code);
  if ("error" in industry) throw fieldError("industryCode", industry.error);
  return industry;
}

/** Parses one sheet row (cells by field key) into enterprise values and the reasons any cell is refused. */
export function parseEnterpriseRow(cells: Record<string, CellValue>): ParsedEnterpriseRow {
  const issues: RowIssue[] = [];
  const values: ParsedEnterpriseRow["values"] = {};
  const text = (key: string) => cleanText(cells[key] ?? null);
  const limited = (
    key: "legalRepresentative" | "address" | "contactName" | "contactPhone",
    max: number,
    label: string,
  ) => {
    const v = text(key);
    if (v === null) return;
    if (v.length > max) issues.push({ field: key, message: `${label}不超过${max}个字` });
    else values[key] = v;
  };

  let creditCode: string | null = null;
  const rawCode = text("creditCode");
  if (rawCode === null) issues.push({ field: "creditCode", message: "统一社会信用代码不能为空" });
  else {
    const checked = checkCreditCode(rawCode);
    if (checked.ok) creditCode = checked.code;
    else issues.push({ field: "creditCode", message: checked.reason });
  }
  const name = text("name");
  if (name === null) issues.push({ field: "name", message: "企业名称不能为空" });
  else if (name.length < 2 || name.length > 200) issues.push({ field: "name", message: "企业名称应为2-200个字" });
  else values.name = name;
  const orgUnitLabel = text("orgUnit");
  limited("legalRepresentative", 50, "法定代表人");
  limited("address", 300, "注册地址");
  limited("contactName", 50, "联系人");
  limited("contactPhone", 30, "联系电话");

  const capital = cells.registeredCapital ?? null;
  if (cleanText(capital) !== null) {
    const parsed = parseWanYuan(capital);
    if (parsed.ok) values.registeredCapital = parsed.value;
    else issues.push({ field: "registeredCapital", message: parsed.reason });
  }
  const founded = cells.foundedOn ?? null;
  if (cleanText(founded) !== null) {
    const parsed = parseDate(founded);
    if (parsed.ok) values.foundedOn = parsed.value;
    else issues.push({ field: "foundedOn", message: parsed.reason });
  }
  const industry = text("industryCode");
  if (industry !== null) {
    const parsed = normalizeIndustryCode(industry);
    if ("error" in parsed) issues.push({ field: "industryCode", message: parsed.error });
    else {
      values.industryCode = parsed.code;
      values.industrySection = parsed.section;
    }
  }
  const scale = cells.scale ?? null;
  if (cleanText(scale) !== null) {
    const parsed = parseEnumLabel(scale, enterpriseScaleLabels);
    if (parsed.ok)
      values.scale = parsed.value as NonNullable<EnterpriseValues["scale"]>; // a key of enterpriseScaleLabels
    else issues.push({ field: "scale", message: parsed.reason });
  }
  const tagCell = text("tags");
  return {
    creditCode,
    rawCreditCode: rawCode ?? "",
    orgUnitLabel,
    values,
    tagNames: tagCell === null ? null : splitList(tagCell),
    issues,
  };
}
