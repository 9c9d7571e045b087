import { type EnterpriseScale, enterpriseScales } from "@zonedesk/contracts";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import type { QueryValue } from "../../../lib/api";

export interface EnterpriseFilters {
  q?: string;
  orgUnitId?: string;
  industryCode?: string;
  tagIds: string[];
  scale: EnterpriseScale[];
  assigned?: "yes" | "no";
  status: "active" | "archived" | "all";
  sort: string;
  page: number;
  pageSize: number;
}

const list = (value: string | null) => (value ? value.split(",").filter((s) => s.length > 0) : []);
const positive = (value: string | null, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** The list's filters live in the address bar, so back/forward and shared links keep them. */
export function useEnterpriseFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<EnterpriseFilters>(() => {
    const status = params.get("status");
    const assigned = params.get("assigned");
    return {
      q: params.get("q") ?? undefined,
      orgUnitId: params.get("orgUnitId") ?? undefined,
      industryCode: params.get("industryCode") ?? undefined,
      tagIds: list(params.get("tagIds")),
      scale: list(params.get("scale")).filter((s): s is EnterpriseScale =>
        (enterpriseScales as readonly string[]).includes(s),
      ),
      assigned: assigned === "yes" || assigned === "no" ? assigned : undefined,
      status: status === "archived" || status === "all" ? status : "active",
      sort: params.get("sort") ?? "name",
      page: positive(params.get("page"), 1),
      pageSize: positive(params.get("pageSize"), 20),
    };
  }, [params]);

  const setFilters = useCallback(
    (patch: Partial<EnterpriseFilters>, options: { keepPage?: boolean } = {}) => {
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

/** Filters as API query parameters; `withPaging` false for the export. */
export function toEnterpriseQuery(filters: EnterpriseFilters, withPaging = true): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {
    q: filters.q,
    orgUnitId: filters.orgUnitId,
    industryCode: filters.industryCode,
    tagIds: filters.tagIds,
    scale: filters.scale,
    assigned: filters.assigned,
    status: filters.status,
    sort: filters.sort,
  };
  if (withPaging) {
    query.page = filters.page;
    query.pageSize = filters.pageSize;
  }
  return query;
}
