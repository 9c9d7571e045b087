import {
  fenToYuan,
  type ProjectBatch,
  type ProjectLevel,
  type ProjectStage,
  type ProjectType,
  projectBatchLabels,
  projectColumns,
  projectLevelLabels,
  projectStageIndex,
  projectStageLabels,
  projectStages,
  projectTypeLabels,
  yuanToFen,
} from "@zonedesk/contracts";
import { type CellValue, cleanText, parseDate, parseEnumLabel, parseWanYuan } from "../../lib/excel/index.js";
import { normalizeIndustryCode } from "../enterprises/index.js";
import { importFieldsOf, type RowIssue } from "../imports/index.js";

/** The sheet columns of a stage's planned and actual dates. */
export const stageDateKeys: Record<ProjectStage, { planned: string; actual: string }> = {
  signed: { planned: "plannedSigned", actual: "actualSigned" },
  landed: { planned: "plannedLanded", actual: "actualLanded" },
  started: { planned: "plannedStarted", actual: "actualStarted" },
  in_production: { planned: "plannedInProduction", actual: "actualInProduction" },
  reached_output: { planned: "plannedReachedOutput", actual: "actualReachedOutput" },
};

export const projectImportFields = importFieldsOf(projectColumns, {
  name: ["项目", "项目名"],
  investor: ["建设单位", "投资方", "投资企业", "项目单位", "投资主体（企业名称或信用代码）"],
  orgUnit: ["所属园区", "所属区域", "园区", "单位"],
  level: ["级别", "项目类别"],
  batch: ["三个一批", "所属批次"],
  campaignRound: ["期数", "签约期数", "批次（期）"],
  projectType: ["项目类型", "新建/续建"],
  totalInvestment: ["总投资", "计划总投资（万元）", "总投资额（万元）"],
  location: ["建设地址", "项目地址"],
  landParcel: ["用地地块", "宗地"],
  landAreaMu: ["用地面积", "占地面积（亩）", "用地（亩）"],
  industryChain: ["所属产业链"],
  industryCode: ["国民经济行业代码"],
  stage: ["项目阶段", "所处阶段"],
  leader: ["责任领导", "包联领导", "分包县级领导"],
  constructionContent: ["建设规模及内容", "建设内容及规模"],
});

/** "县重点" and "区重点" are what sheets write for 县(区)重点. */
const levelLabels: Record<string, string> = { ...projectLevelLabels };
const levelSpellings: Record<string, ProjectLevel> = {
  县重点: "county",
  区重点: "county",
  "县（区）重点": "county",
  省级重点: "province",
  市级重点: "city",
  县级重点: "county",
};
const batchSpellings: Record<string, ProjectBatch> = { 签约: "signing", 开工: "starting", 投产: "production" };

export interface ParsedProjectRow {
  name: string | null;
  investor: string | null;
  orgUnitLabel: string | null;
  leaderLabel: string | null;
  level?: ProjectLevel;
  batch?: ProjectBatch;
  projectType?: ProjectType;
  totalInvestment?: string;
  location?: string;
  landParcel?: string;
  campaignRound?: string;
  /** 亩, a decimal string with at most two decimals. */
  landAreaMu?: string;
  industryChain?: string;
  industryCode?: string;
  constructionContent?: string;
  stage?: ProjectStage;
  planned: Partial<Record<ProjectStage, string>>;
  actual: Partial<Record<ProjectStage, string>>;
  issues: RowIssue[];
}

function parseChoice<K extends string>(
  raw: CellValue,
  labels: Record<string, string>,
  spellings: Record<string, K>,
): { ok: true; value: K } | { ok: false; reason: string } {
  const text = cleanText(raw, { toHalfWidth: true, removeSpaces: true });
  const spelled = text ? spellings[text] : undefined;
  if (spelled) return { ok: true, value: spelled };
  const parsed = parseEnumLabel(raw, labels);
  return parsed.ok ? { ok: true, value: parsed.value as K } : parsed; // a key of `labels`, whose keys are K
}

/** Parses one sheet row (cells by field key) into project values and the reasons any cell is refused. */
export function parseProjectRow(cells: Record<string, CellValue>): ParsedProjectRow {
  const issues: RowIssue[] = [];
  const text = (key: string) => cleanText(cells[key] ?? null);
  const row: ParsedProjectRow = {
    name: text("name"),
    investor: text("investor"),
    orgUnitLabel: text("orgUnit"),
    leaderLabel: text("leader"),
    planned: {},
    actual: {},
    issues,
  };
  if (row.name !== null && (row.name.length < 2 || row.name.length > 200))
    issues.push({ field: "name", message: "项目名称应为2至200个字" });
  if (row.investor !== null && row.investor.length > 200)
    issues.push({ field: "investor", message: "投资主体不超过200个字" });

  const choice = <K extends string>(
    key: "level" | "batch" | "projectType" | "stage",
    labels: Record<string, string>,
    spellings: Record<string, K>,
  ): K | undefined => {
    if (cleanText(cells[key] ?? null) === null) return undefined;
    const parsed = parseChoice(cells[key] ?? null, labels, spellings);
    if (parsed.ok) return parsed.value;
    issues.push({ field: key, message: parsed.reason });
    return undefined;
  };
  row.level = choice<ProjectLevel>("level", levelLabels, levelSpellings);
  row.batch = choice<ProjectBatch>("batch", projectBatchLabels, batchSpellings);
  row.projectType = choice<ProjectType>("projectType", projectTypeLabels, {});
  row.stage = choice<ProjectStage>("stage", projectStageLabels, {});

  if (cleanText(cells.totalInvestment ?? null) !== null) {
    const parsed = parseWanYuan(cells.totalInvestment ?? null);
    if (parsed.ok) row.totalInvestment = parsed.value;
    else issues.push({ field: "totalInvestment", message: parsed.reason });
  }
  const limited = (
    key: "location" | "landParcel" | "campaignRound" | "industryChain" | "constructionContent",
    max: number,
    label: string,
  ) => {
    const value = text(key);
    if (value === null) return;
    if (value.length > max) issues.push({ field: key, message: `${label}不超过${max}个字` });
    else row[key] = value;
  };
  limited("location", 200, "建设地点");
  limited("landParcel", 200, "地块");
  limited("campaignRound", 50, "批次期数");
  const area = cleanText(cells.landAreaMu ?? null, { toHalfWidth: true, removeSpaces: true });
  if (area !== null) {
    const amount = area.replace(/亩$/, "");
    if (/^\d{1,10}(\.\d{1,2})?$/.test(amount)) row.landAreaMu = fenToYuan(yuanToFen(amount));
    else issues.push({ field: "landAreaMu", message: `“${area}”不是有效的用地面积：应为不小于0的亩数，最多两位小数` });
  }
  limited("industryChain", 50, "产业链");
  limited("constructionContent", 2000, "建设内容");
  const industry = text("industryCode");
  if (industry !== null) {
    const parsed = normalizeIndustryCode(industry);
    if ("error" in parsed) issues.push({ field: "industryCode", message: parsed.error });
    else row.industryCode = parsed.code;
  }
  for (const stage of projectStages) {
    for (const kind of ["planned", "actual"] as const) {
      const key = stageDateKeys[stage][kind];
      if (cleanText(cells[key] ?? null) === null) continue;
      const parsed = parseDate(cells[key] ?? null);
      if (parsed.ok) row[kind][stage] = parsed.value;
      else issues.push({ field: key, message: parsed.reason });
    }
  }
  return row;
}

/**
 * The stage and actual dates a row leaves the project with, checked like a stage change: every stage up to
 * the current one has its actual date, none after it, in order, none after today. `current` holds the
 * project's dates before the import (blank cells keep them).
 */
export function checkStageDates(
  stage: ProjectStage,
  actual: Partial<Record<ProjectStage, string | null>>,
  today: string,
): RowIssue[] {
  const issues: RowIssue[] = [];
  const index = projectStageIndex(stage);
  let previous: { stage: ProjectStage; on: string } | null = null;
  for (const s of projectStages) {
    const on = actual[s] ?? null;
    const key = stageDateKeys[s].actual;
    if (projectStageIndex(s) <= index) {
      if (!on) {
        issues.push({
          field: key,
          message: `当前阶段为“${projectStageLabels[stage]}”，须填写${projectStageLabels[s]}的实际日期`,
        });
        continue;
      }
    } else if (on) {
      issues.push({
        field: key,
        message: `当前阶段为“${projectStageLabels[stage]}”，不应有${projectStageLabels[s]}的实际日期`,
      });
      continue;
    }
    if (!on) continue;
    if (on > today) issues.push({ field: key, message: `${projectStageLabels[s]}的实际日期不能晚于今天（${today}）` });
    if (previous && on < previous.on)
      issues.push({
        field: key,
        message: `${projectStageLabels[s]}的实际日期（${on}）不能早于${projectStageLabels[previous.stage]}的实际日期（${previous.on}）`,
      });
    previous = { stage: s, on };
  }
  return issues;
}

/** The latest stage with an actual date: the stage a sheet means when it leaves 当前阶段 blank. */
export function stageFromDates(actual: Partial<Record<ProjectStage, string | null>>): ProjectStage | null {
  for (const s of [...projectStages].reverse()) if (actual[s]) return s;
  return null;
}
