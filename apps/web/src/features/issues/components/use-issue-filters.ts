import { type IssueStatus, issueStatuses } from "@zonedesk/contracts";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import type { QueryValue } from "../../../lib/api";

export interface IssueFilters {
  q?: string;
  status: IssueStatus[];
  categoryId?: string;
  departmentId?: string;
  orgUnitId?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  escalated?: boolean;
  createdFrom?: string;
  createdTo?: string;
  sort: string;
  page: number;
  pageSize: number;
}

const positive = (value: string | null, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const flag = (value: string | null) => (value === "true" ? true : undefined);

/** The ledger's filters live in the address bar, so back/forward and shared links keep them. */
export function useIssueFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<IssueFilters>(
    () => ({
      q: params.get("q") ?? undefined,
      status: (params.get("status") ?? "")
        .split(",")
        .filter((s): s is IssueStatus => (issueStatuses as readonly string[]).includes(s)),
      categoryId: params.get("categoryId") ?? undefined,
      departmentId: params.get("departmentId") ?? undefined,
      orgUnitId: params.get("orgUnitId") ?? undefined,
      overdue: flag(params.get("overdue")),
      dueSoon: flag(params.get("dueSoon")),
      escalated: flag(params.get("escalated")),
      createdFrom: params.get("createdFrom") ?? undefined,
      createdTo: params.get("createdTo") ?? undefined,
      sort: params.get("sort") ?? "-createdAt",
      page: positive(params.get("page"), 1),
      pageSize: positive(params.get("pageSize"), 20),
    }),
    [params],
  );

  const setFilters = useCallback(
    (patch: Partial<IssueFilters>, options: { keepPage?: boolean } = {}) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            const text = Array.isArray(value)
              ? value.join(",")
              : value === undefined || value === false
                ? ""
                : String(value);
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
  const resetFilters = useCallback(
    () =>
      setParams(
        (current) => {
          const next = new URLSearchParams();
          const tab = current.get("tab");
          if (tab) next.set("tab", tab);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { filters, setFilters, resetFilters };
}

/** Filters as API query parameters; `withPaging` false for the export. */
export function toIssueQuery(filters: IssueFilters, withPaging = true): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {
    q: filters.q,
    status: filters.status,
    categoryId: filters.categoryId,
    departmentId: filters.departmentId,
    orgUnitId: filters.orgUnitId,
    overdue: filters.overdue,
    dueSoon: filters.dueSoon,
    escalated: filters.escalated,
    createdFrom: filters.createdFrom,
    createdTo: filters.createdTo,
    sort: filters.sort,
  };
  if (withPaging) {
    query.page = filters.page;
    query.pageSize = filters.pageSize;
  }
  return query;
}
