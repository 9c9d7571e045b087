import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CadenceReport,
  CadenceRule,
  CreateCadenceRule,
  CreateVisitInput,
  RecentVisits,
  UpdateCadenceRule,
  VisitPage,
  VisitWithCoordination,
} from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export const visitKeys = {
  all: ["visits"] as const,
  list: (query: Record<string, QueryValue>) => ["visits", "list", query] as const,
  recent: (subjectId: string, date: string) => ["visits", "recent", subjectId, date] as const,
  rules: ["visits", "cadence-rules"] as const,
  cadence: (ruleId: string) => ["visits", "cadence", ruleId] as const,
};

export function useVisitList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: visitKeys.list(query),
    queryFn: () => api.get<VisitPage>("/visits", query),
    placeholderData: keepPreviousData,
  });
}

/** 无事不扰: visits by others to the same enterprise around the date. */
export function useRecentVisits(subject: { enterpriseId?: string; projectId?: string }, date: string | undefined) {
  const { enterpriseId, projectId } = subject;
  return useQuery({
    queryKey: visitKeys.recent(enterpriseId ?? projectId ?? "", date ?? ""),
    queryFn: () => api.get<RecentVisits>("/visits/recent", { enterpriseId, projectId, date }),
    enabled: Boolean(enterpriseId || projectId),
  });
}

export function useCreateVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateVisitInput) => api.post<VisitWithCoordination>("/visits", body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: visitKeys.all });
      await queryClient.invalidateQueries({ queryKey: ["issues"] });
    },
  });
}

export function useCadenceRules(enabled = true) {
  return useQuery({
    queryKey: visitKeys.rules,
    queryFn: () => api.get<CadenceRule[]>("/visits/cadence-rules"),
    enabled,
  });
}

export function useCadenceReport(ruleId: string | undefined) {
  return useQuery({
    queryKey: visitKeys.cadence(ruleId ?? ""),
    queryFn: () => api.get<CadenceReport>("/visits/cadence", { ruleId }),
    enabled: Boolean(ruleId),
  });
}

export function useSaveCadenceRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CreateCadenceRule | UpdateCadenceRule }) =>
      id
        ? api.patch<CadenceRule>(`/visits/cadence-rules/${id}`, body)
        : api.post<CadenceRule>("/visits/cadence-rules", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["visits"] }),
  });
}
