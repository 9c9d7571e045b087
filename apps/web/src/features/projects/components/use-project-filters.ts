import {
  type ProjectBatch,
  type ProjectLevel,
  type ProjectStage,
  type ProjectType,
  projectBatches,
  projectLevels,
  projectStages,
  projectTypes,
} from "@zonedesk/contracts";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import type { QueryValue } from "../../../lib/api";

export interface ProjectFilters {
  q?: string;
  orgUnitId?: string;
  /** Year of the figures; undefined with no month: the server's default, the year of the last complete month. */
  year?: number;
  /** 截至月份 of the figures; undefined: the server's default (the last complete month). */
  month?: number;
  level?: ProjectLevel;
  batch?: ProjectBatch;
  stage: ProjectStage[];
  projectType?: ProjectType;
  view: "list" | "board";
  sort: string;
  page: number;
  pageSize: number;
}

const positive = (value: string | null, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** The project list's filters live in the address bar, so links and back/forward keep them. */
export function useProjectFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<ProjectFilters>(() => {
    const month = Number(params.get("month"));
    return {
      q: params.get("q") ?? undefined,
      orgUnitId: params.get("orgUnitId") ?? undefined,
      year: positive(params.get("year"), 0) || undefined,
      month: Number.isInteger(month) && month >= 1 && month <= 12 ? month : undefined,
      level: oneOf(projectLevels, params.get("level")),
      batch: oneOf(projectBatches, params.get("batch")),
      stage: (params.get("stage") ?? "")
        .split(",")
        .filter((s): s is ProjectStage => (projectStages as readonly string[]).includes(s)),
      projectType: oneOf(projectTypes, params.get("projectType")),
      view: params.get("view") === "board" ? "board" : "list",
      sort: params.get("sort") ?? "-updatedAt",
      page: positive(params.get("page"), 1),
      pageSize: positive(params.get("pageSize"), 20),
    };
  }, [params]);

  const setFilters = useCallback(
    (patch: Partial<ProjectFilters>, options: { keepPage?: boolean } = {}) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            const text = Array.isArray(value) ? value.join(",") : value === undefined ? "" : String(value);
            if (text) next.set(key, text);
            else next.delete(key);
          }
          if (!options.keepPage && !("page" in patch)) next.delete("page");
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const resetFilters = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { filters, setFilters, resetFilters };
}

/** The list query (GET /api/projects); `withPaging` false for the export. */
export function toProjectListQuery(filters: ProjectFilters, withPaging = true): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {
    q: filters.q,
    orgUnitId: filters.orgUnitId,
    // a year picked on the page narrows the list like the figures (signed or planned that year)
    year: filters.year,
    level: filters.level,
    batch: filters.batch,
    stage: filters.stage,
    projectType: filters.projectType,
    sort: filters.sort,
  };
  if (withPaging) {
    query.page = filters.page;
    query.pageSize = filters.pageSize;
  }
  return query;
}

/** Whether the list is narrowed by filters the figures do not follow (see toFiguresQuery). */
export function hasListOnlyFilters(filters: ProjectFilters): boolean {
  return Boolean(filters.q) || filters.stage.length > 0;
}

/**
 * The figures query (GET /api/projects/figures): unit, year, month, level, batch, type — the portfolio a
 * leader reports on. Search and stage only narrow the list: the stage rates (落地率, 开工率, 达效率) and the
 * stage counts are defined over all stages, so a stage filter would empty or distort them; the page says so.
 */
export function toFiguresQuery(filters: ProjectFilters): Record<string, QueryValue> {
  return {
    orgUnitId: filters.orgUnitId,
    year: filters.year,
    month: filters.month,
    level: filters.level,
    batch: filters.batch,
    projectType: filters.projectType,
  };
}
