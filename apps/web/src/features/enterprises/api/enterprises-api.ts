import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Assignment, CreateEnterprise, Enterprise, EnterprisePage, UpdateEnterprise } from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export const enterpriseKeys = {
  all: ["enterprises"] as const,
  list: (query: Record<string, QueryValue>) => ["enterprises", "list", query] as const,
  detail: (id: string) => ["enterprises", "detail", id] as const,
  assignments: (id: string) => ["assignments", "enterprise", id] as const,
};

export function useEnterpriseList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: enterpriseKeys.list(query),
    queryFn: () => api.get<EnterprisePage>("/enterprises", query),
    placeholderData: keepPreviousData,
  });
}

export function useEnterprise(id: string | undefined) {
  return useQuery({
    queryKey: enterpriseKeys.detail(id ?? ""),
    queryFn: () => api.get<Enterprise>(`/enterprises/${id}`),
    enabled: id !== undefined,
  });
}

export function useEnterpriseAssignments(id: string, enabled: boolean) {
  return useQuery({
    queryKey: enterpriseKeys.assignments(id),
    queryFn: () => api.get<Assignment[]>(`/enterprises/${id}/assignments`),
    enabled,
  });
}

function useInvalidateEnterprises() {
  const queryClient = useQueryClient();
  return (saved: Enterprise) => {
    queryClient.setQueryData(enterpriseKeys.detail(saved.id), saved);
    return queryClient.invalidateQueries({ queryKey: enterpriseKeys.all });
  };
}

export function useCreateEnterprise() {
  const invalidate = useInvalidateEnterprises();
  return useMutation({
    mutationFn: (body: CreateEnterprise) => api.post<Enterprise>("/enterprises", body),
    onSuccess: invalidate,
  });
}

export function useUpdateEnterprise(id: string) {
  const invalidate = useInvalidateEnterprises();
  return useMutation({
    mutationFn: (body: UpdateEnterprise) => api.put<Enterprise>(`/enterprises/${id}`, body),
    onSuccess: invalidate,
  });
}

/** Archive or restore; both take the version the user saw. */
export function useSetEnterpriseArchived(id: string) {
  const invalidate = useInvalidateEnterprises();
  return useMutation({
    mutationFn: ({ archive, version }: { archive: boolean; version: number }) =>
      api.post<Enterprise>(`/enterprises/${id}/${archive ? "archive" : "restore"}`, { version }),
    onSuccess: invalidate,
  });
}
