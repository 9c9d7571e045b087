import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AdvanceStage,
  CreateProcedureType,
  CreateProject,
  PlannedStageDates,
  ProcedureType,
  ProjectDetail,
  ProjectIssue,
  ProjectPage,
  SetProjectProcedure,
  UpdateProcedureType,
  UpdateProject,
} from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export const projectKeys = {
  all: ["projects"] as const,
  list: (query: Record<string, QueryValue>) => ["projects", "list", query] as const,
  detail: (id: string) => ["projects", "detail", id] as const,
  issues: (id: string) => ["projects", "issues", id] as const,
  procedureTypes: ["projects", "procedure-types"] as const,
};

export function useProjectList(query: Record<string, QueryValue>, enabled = true) {
  return useQuery({
    queryKey: projectKeys.list(query),
    queryFn: () => api.get<ProjectPage>("/projects", query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProject(id: string | undefined) {
  return useQuery({
    queryKey: projectKeys.detail(id ?? ""),
    queryFn: () => api.get<ProjectDetail>(`/projects/${id}`),
    enabled: id !== undefined && id !== "",
  });
}

export function useProjectIssues(id: string, enabled: boolean) {
  return useQuery({
    queryKey: projectKeys.issues(id),
    queryFn: () => api.get<ProjectIssue[]>(`/projects/${id}/issues`),
    enabled,
    retry: false,
  });
}

export function useProcedureTypes(includeArchived = false) {
  return useQuery({
    queryKey: [...projectKeys.procedureTypes, includeArchived],
    queryFn: () => api.get<ProcedureType[]>("/projects/procedure-types", { includeArchived }),
  });
}

export function useSaveProcedureType() {
  const invalidate = useInvalidateProjects();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CreateProcedureType | UpdateProcedureType }) =>
      id
        ? api.patch<ProcedureType>(`/projects/procedure-types/${id}`, body)
        : api.post<ProcedureType>("/projects/procedure-types", body),
    onSuccess: invalidate,
  });
}

/** After any write to a project, its page, the lists and the figures are stale. */
export function useInvalidateProjects() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: projectKeys.all });
}

export function useCreateProject() {
  const invalidate = useInvalidateProjects();
  return useMutation({
    mutationFn: (body: CreateProject) => api.post<{ id: string }>("/projects", body),
    onSuccess: invalidate,
  });
}

export function useUpdateProject(id: string) {
  const invalidate = useInvalidateProjects();
  return useMutation({
    mutationFn: (body: UpdateProject) => api.patch<ProjectDetail>(`/projects/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useAdvanceStage(id: string) {
  const invalidate = useInvalidateProjects();
  return useMutation({
    mutationFn: (body: AdvanceStage) => api.post<ProjectDetail>(`/projects/${id}/stage`, body),
    onSuccess: invalidate,
  });
}

export function useSetStageDates(id: string) {
  const invalidate = useInvalidateProjects();
  return useMutation({
    mutationFn: (body: PlannedStageDates) => api.put<ProjectDetail>(`/projects/${id}/stage-dates`, body),
    onSuccess: invalidate,
  });
}

export function useSetProgress(id: string) {
  const invalidate = useInvalidateProjects();
  return useMutation({
    mutationFn: (body: { narrative: string; version?: number }) =>
      api.post<ProjectDetail>(`/projects/${id}/progress`, body),
    onSuccess: invalidate,
  });
}

export function useSetProcedure(id: string) {
  const invalidate = useInvalidateProjects();
  return useMutation({
    mutationFn: ({ typeId, body }: { typeId: string; body: SetProjectProcedure }) =>
      api.put<unknown>(`/projects/${id}/procedures/${typeId}`, body),
    onSuccess: invalidate,
  });
}

export function useSetProjectArchived(id: string) {
  const invalidate = useInvalidateProjects();
  return useMutation({
    mutationFn: ({ archive, version }: { archive: boolean; version: number }) =>
      api.post<ProjectDetail>(`/projects/${id}/${archive ? "archive" : "restore"}`, { version }),
    onSuccess: invalidate,
  });
}
