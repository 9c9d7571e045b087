import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateIssue,
  IssueAction,
  IssueAttachment,
  IssueCategory,
  IssueDetail,
  IssuePage,
} from "@zonedesk/contracts";
import { issueActionPaths } from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export const issueKeys = {
  all: ["issues"] as const,
  list: (query: Record<string, QueryValue>) => ["issues", "list", query] as const,
  detail: (id: string) => ["issues", "detail", id] as const,
  categories: ["issues", "categories"] as const,
  stats: (query: Record<string, QueryValue>) => ["issues", "stats", query] as const,
};

export function useIssueList(query: Record<string, QueryValue>, enabled = true) {
  return useQuery({
    queryKey: issueKeys.list(query),
    queryFn: () => api.get<IssuePage>("/issues", query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useIssue(id: string | undefined) {
  return useQuery({
    queryKey: issueKeys.detail(id ?? ""),
    queryFn: () => api.get<IssueDetail>(`/issues/${id}`),
    enabled: id !== undefined && id !== "",
  });
}

export function useIssueCategories() {
  return useQuery({
    queryKey: issueKeys.categories,
    queryFn: () => api.get<IssueCategory[]>("/issues/categories"),
    staleTime: 5 * 60_000,
  });
}

export function useCreateIssue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIssue) => api.post<{ id: string; serialNo: string }>("/issues", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: issueKeys.all }),
  });
}

/** Any transition: POST /api/issues/:id/<action path> with the action's form body. */
export function useIssueTransition(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: IssueAction; body: Record<string, unknown> }) =>
      api.post<IssueDetail>(`/issues/${id}/${issueActionPaths[action]}`, body),
    onSuccess: async (saved) => {
      if (saved && typeof saved === "object" && "id" in saved) queryClient.setQueryData(issueKeys.detail(id), saved);
      await queryClient.invalidateQueries({ queryKey: issueKeys.all });
      await queryClient.invalidateQueries({ queryKey: ["notifications"] });
    },
  });
}

export function useUploadIssueAttachment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<IssueAttachment>(`/issues/${id}/attachments`, file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: issueKeys.detail(id) }),
  });
}
