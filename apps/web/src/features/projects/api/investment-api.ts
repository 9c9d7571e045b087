import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AnnualPlan,
  AnnualPlanInput,
  MonthlyReportInput,
  PlanRevision,
  ProjectFigures,
  ProjectInvestment,
  ProjectWarningPage,
  ReportRevision,
} from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

/** Keys under "projects" so any project write refreshes figures and warnings too. */
export const investmentKeys = {
  investment: (id: string, year: number) => ["projects", "investment", id, year] as const,
  revisions: (id: string, year: number, month: number) => ["projects", "revisions", id, year, month] as const,
  planRevisions: (id: string, year: number) => ["projects", "plan-revisions", id, year] as const,
  figures: (query: Record<string, QueryValue>) => ["projects", "figures", query] as const,
  warnings: (query: Record<string, QueryValue>) => ["projects", "warnings", query] as const,
};

export function useProjectInvestment(id: string, year: number, enabled = true) {
  return useQuery({
    queryKey: investmentKeys.investment(id, year),
    queryFn: () => api.get<ProjectInvestment>(`/projects/${id}/investment`, { year }),
    enabled: enabled && id !== "",
  });
}

export function useReportRevisions(id: string, year: number, month: number | null) {
  return useQuery({
    queryKey: investmentKeys.revisions(id, year, month ?? 0),
    queryFn: () => api.get<ReportRevision[]>(`/projects/${id}/reports/${year}/${month}/revisions`),
    enabled: month !== null,
  });
}

/** Every setting and change of a year's plan, newest first (GET /projects/:id/plans/:year/revisions). */
export function usePlanRevisions(id: string, year: number, enabled: boolean) {
  return useQuery({
    queryKey: investmentKeys.planRevisions(id, year),
    queryFn: () => api.get<PlanRevision[]>(`/projects/${id}/plans/${year}/revisions`),
    enabled,
  });
}

export function useProjectFigures(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: investmentKeys.figures(query),
    queryFn: () => api.get<ProjectFigures>("/projects/figures", query),
    placeholderData: keepPreviousData,
  });
}

export function useProjectWarnings(query: Record<string, QueryValue>, enabled = true) {
  return useQuery({
    queryKey: investmentKeys.warnings(query),
    queryFn: () => api.get<ProjectWarningPage>("/projects/warnings", query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSavePlan(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ year, body }: { year: number; body: AnnualPlanInput }) =>
      api.put<AnnualPlan>(`/projects/${id}/plans/${year}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["projects"] }),
  });
}

export function useSaveReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, year, month, body }: { id: string; year: number; month: number; body: MonthlyReportInput }) =>
      api.put<unknown>(`/projects/${id}/reports/${year}/${month}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["projects"] }),
  });
}
