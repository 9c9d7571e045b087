import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Assignment, CoverageReport, Page } from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export function useAssignmentList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ["assignments", "list", query],
    queryFn: () => api.get<Page<Assignment>>("/assignments", query),
    placeholderData: keepPreviousData,
  });
}

export function useCoverage(query: { orgUnitId?: string; tagId?: string }) {
  return useQuery({
    queryKey: ["assignments", "coverage", query],
    queryFn: () => api.get<CoverageReport>("/assignments/coverage", query),
    placeholderData: keepPreviousData,
  });
}
