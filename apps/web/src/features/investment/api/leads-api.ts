import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateLead,
  LeadActivity,
  LeadActivityInput,
  LeadBoard,
  LeadDetail,
  LeadFigures,
  LeadPage,
  MoveLeadStage,
  SignLead,
  UpdateLead,
  UpdateLeadActivity,
} from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export const leadKeys = {
  all: ["leads"] as const,
  board: (query: Record<string, QueryValue>) => ["leads", "board", query] as const,
  list: (query: Record<string, QueryValue>) => ["leads", "list", query] as const,
  detail: (id: string) => ["leads", "detail", id] as const,
  activities: (id: string) => ["leads", "activities", id] as const,
  figures: (query: Record<string, QueryValue>) => ["leads", "figures", query] as const,
};

export function useLeadBoard(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: leadKeys.board(query),
    queryFn: () => api.get<LeadBoard>("/leads/board", query),
    placeholderData: keepPreviousData,
  });
}

export function useLeadList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: leadKeys.list(query),
    queryFn: () => api.get<LeadPage>("/leads", query),
    placeholderData: keepPreviousData,
  });
}

export function useLead(id: string | undefined) {
  return useQuery({
    queryKey: leadKeys.detail(id ?? ""),
    queryFn: () => api.get<LeadDetail>(`/leads/${id}`),
    enabled: id !== undefined && id !== "",
  });
}

export function useLeadActivities(id: string) {
  return useQuery({
    queryKey: leadKeys.activities(id),
    queryFn: () => api.get<LeadActivity[]>(`/leads/${id}/activities`),
  });
}

export function useLeadFigures(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: leadKeys.figures(query),
    queryFn: () => api.get<LeadFigures>("/leads/figures", query),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateLeads() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: leadKeys.all });
}

export function useCreateLead() {
  const invalidate = useInvalidateLeads();
  return useMutation({
    mutationFn: (body: CreateLead) => api.post<LeadDetail>("/leads", body),
    onSuccess: invalidate,
  });
}

export function useUpdateLead(id: string) {
  const invalidate = useInvalidateLeads();
  return useMutation({
    mutationFn: (body: UpdateLead) => api.patch<LeadDetail>(`/leads/${id}`, body),
    onSuccess: invalidate,
  });
}

/** Moves a lead to another stage (or terminates it); the id travels with the body so a board can use one hook. */
export function useMoveLeadStage() {
  const invalidate = useInvalidateLeads();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: MoveLeadStage }) => api.post<LeadDetail>(`/leads/${id}/stage`, body),
    onSuccess: invalidate,
  });
}

export function useAddLeadActivity(id: string) {
  const invalidate = useInvalidateLeads();
  return useMutation({
    mutationFn: (body: LeadActivityInput) => api.post<LeadActivity>(`/leads/${id}/activities`, body),
    onSuccess: invalidate,
  });
}

/** Corrects an activity; the server lets only its author do it. */
export function useUpdateLeadActivity(leadId: string) {
  const invalidate = useInvalidateLeads();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateLeadActivity }) =>
      api.patch<LeadActivity>(`/leads/${leadId}/activities/${id}`, body),
    onSuccess: invalidate,
  });
}

/** Removes an activity (its author only); the figures stop counting it. */
export function useDeleteLeadActivity(leadId: string) {
  const invalidate = useInvalidateLeads();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ ok: true }>(`/leads/${leadId}/activities/${id}`),
    onSuccess: invalidate,
  });
}

/** 签约: creates the key project from the lead; the answer (the lead) carries the project's id. */
export function useSignLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: SignLead }) => api.post<LeadDetail>(`/leads/${id}/sign`, body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: leadKeys.all }),
        queryClient.invalidateQueries({ queryKey: ["projects"] }),
      ]);
    },
  });
}
