import type { Db } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";
import { writeAuditMany } from "../../lib/audit.js";
import { assertUpdated } from "../../lib/versioning.js";
import type { ImportDefinition, RowOutcome } from "../imports/index.js";
import { findOrgUnitsByLabel, type OrgUnitRow } from "../org-units/index.js";
import { tagsByName } from "../tags/index.js";
import { enterpriseImportFields, parseEnterpriseRow } from "./enterprise-sheet.js";
import {
  type EnterpriseRow,
  type EnterpriseValues,
  findEnterprisesByCreditCodes,
  insertEnterprises,
  setEnterpriseTags,
  tagIdsByEnterprise,
  updateEnterpriseRow,
} from "./enterprises.queries.js";
import { pickValues } from "./enterprises.service.js";

interface Context {
  unitsByLabel: Map<string, OrgUnitRow[]>;
  tagIdsByName: Map<string, string>;
  tagNameById: Map<string, string>;
  /** Credit code → first row number it appeared on, across batches. */
  seen: Map<string, number>;
  scopePath: string;
}

export interface EnterpriseImportValue {
  existing: EnterpriseRow | null;
  values: EnterpriseValues;
  tagIds: string[] | null;
}

const fieldLabels: Record<string, string> = Object.fromEntries(enterpriseImportFields.map((f) => [f.key, f.header]));
const compared: (keyof EnterpriseValues)[] = [
  "name",
  "orgUnitId",
  "legalRepresentative",
  "registeredCapital",
  "foundedOn",
  "address",
  "industryCode",
  "scale",
  "contactName",
  "contactPhone",
];

/** Enterprise register import: upsert by credit code, inside the importer's org-unit subtree. */
export const enterpriseImport: ImportDefinition<Context, EnterpriseImportValue> = {
  kind: "enterprises",
  auditAction: "enterprise.import",
  permission: "enterprise.import",
  fields: enterpriseImportFields,
  maxRows: 100_000,

  mappingIssues(mapping) {
    const capital = mapping.registeredCapital;
    // Headers are matched without their unit, so "注册资本（元）" would otherwise be read as 万元: 10,000 times too large.
    if (capital && /[（(]\s*元\s*[)）]/.test(capital)) {
      return [
        { field: "registeredCapital", message: "该列单位为“元”，模板要求“万元”：请换算为万元，或选择以万元填写的列" },
      ];
    }
    return [];
  },

  async loadContext(db: Db, actor: Actor): Promise<Context> {
    const unitsByLabel = await findOrgUnitsByLabel(db, actor.orgUnitPath);
    const tags = await tagsByName(db);
    return {
      unitsByLabel,
      tagIdsByName: new Map([...tags].map(([name, t]) => [name, t.id])),
      tagNameById: new Map([...tags].map(([name, t]) => [t.id, name])),
      seen: new Map(),
      scopePath: actor.orgUnitPath,
    };
  },

  async checkRows(db, _actor, context, rows) {
    const parsed = rows.map((r) => ({ rowNumber: r.rowNumber, ...parseEnterpriseRow(r.values) }));
    const codes = parsed.map((p) => p.creditCode).filter((c): c is string => c !== null);
    const existingRows = await findEnterprisesByCreditCodes(db, codes);
    const existingByCode = new Map(existingRows.map((e) => [e.creditCode, e]));
    const unitPaths = new Map([...context.unitsByLabel.values()].flat().map((u) => [u.id, u.path]));
    const existingTags = await tagIdsByEnterprise(
      db,
      existingRows.map((e) => e.id),
    );

    return parsed.map((p): RowOutcome<EnterpriseImportValue> => {
      const issues = [...p.issues];
      let orgUnitId: string | null = null;
      if (p.orgUnitLabel === null) issues.push({ field: "orgUnit", message: "所属园区不能为空" });
      else {
        const matches = context.unitsByLabel.get(p.orgUnitLabel) ?? [];
        if (matches.length === 0)
          issues.push({ field: "orgUnit", message: `“${p.orgUnitLabel}”不是您管理范围内的单位名称或区划代码` });
        else if (matches.length > 1)
          issues.push({ field: "orgUnit", message: `有多个单位名为“${p.orgUnitLabel}”，请填写区划代码` });
        else orgUnitId = matches[0]?.id ?? null;
      }
      const tagIds: string[] = [];
      for (const name of p.tagNames ?? []) {
        const id = context.tagIdsByName.get(name);
        if (id) tagIds.push(id);
        else issues.push({ field: "tags", message: `标签“${name}”不在标签列表中` });
      }
      const existing = p.creditCode ? (existingByCode.get(p.creditCode) ?? null) : null;
      if (p.creditCode) {
        const first = context.seen.get(p.creditCode);
        if (first !== undefined && first !== p.rowNumber)
          issues.push({ field: "creditCode", message: `与第${first}行的统一社会信用代码重复` });
        else context.seen.set(p.creditCode, p.rowNumber);
        if (existing && !(unitPaths.get(existing.orgUnitId) ?? "").startsWith(context.scopePath)) {
          issues.push({ field: "creditCode", message: "该统一社会信用代码已由您管理范围之外的单位登记，不能在此导入" });
        }
      }
      const label = p.values.name ?? existing?.name ?? "";
      const key = p.creditCode ?? p.rawCreditCode;
      if (issues.length > 0 || p.creditCode === null || orgUnitId === null) {
        return { rowNumber: p.rowNumber, action: "refused", key, label, changes: [], issues };
      }
      const base: EnterpriseValues = existing
        ? pickValues(existing)
        : { orgUnitId, creditCode: p.creditCode, name: label, status: "active" };
      const values: EnterpriseValues = { ...base, ...p.values, orgUnitId, creditCode: p.creditCode };
      const nextTags = p.tagNames === null ? null : [...new Set(tagIds)].sort();
      if (!existing) {
        return {
          rowNumber: p.rowNumber,
          action: "create",
          key,
          label,
          changes: [],
          issues: [],
          value: { existing: null, values, tagIds: nextTags },
        };
      }
      const changes = compared
        .filter((k) => (values[k] ?? null) !== (existing[k] ?? null))
        .map((k) => fieldLabels[k === "orgUnitId" ? "orgUnit" : k] ?? k);
      const currentTags = existingTags.get(existing.id) ?? [];
      if (nextTags !== null && nextTags.join(",") !== currentTags.join(",")) changes.push(fieldLabels.tags ?? "tags");
      return {
        rowNumber: p.rowNumber,
        action: changes.length > 0 ? "update" : "unchanged",
        key,
        label,
        changes,
        issues: [],
        value: { existing, values, tagIds: nextTags },
      };
    });
  },

  async applyRows(db, actor, rows) {
    const creates = rows.filter((r) => r.action === "create");
    const created = await insertEnterprises(
      db,
      creates.map((r) => r.value?.values).filter((v): v is EnterpriseValues => v !== undefined),
    );
    const idByCode = new Map(created.map((c) => [c.creditCode, c]));
    for (const r of creates) {
      const row = idByCode.get(r.key);
      if (row && r.value?.tagIds) await setEnterpriseTags(db, row.id, r.value.tagIds);
    }
    const audits = created.map((c) => ({
      action: "enterprise.create",
      entityType: "enterprise",
      entityId: c.id,
      orgUnitId: c.orgUnitId,
      summary: `${c.name}（导入）`,
      after: pickValues(c),
    }));
    for (const r of rows.filter((o) => o.action === "update")) {
      const value = r.value;
      if (!value?.existing) continue;
      const existing = value.existing;
      assertUpdated(
        await updateEnterpriseRow(db, existing.id, existing.version, value.values),
        `企业“${existing.name}”`,
      );
      if (value.tagIds !== null) await setEnterpriseTags(db, existing.id, value.tagIds);
      audits.push({
        action: "enterprise.update",
        entityType: "enterprise",
        entityId: existing.id,
        orgUnitId: value.values.orgUnitId,
        summary: `${value.values.name}（导入：${r.changes.join("、")}）`,
        after: value.values,
      });
    }
    await writeAuditMany(db, actor, audits);
  },
};
