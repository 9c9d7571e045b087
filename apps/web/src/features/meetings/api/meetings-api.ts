import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateMeeting,
  Meeting,
  MeetingCandidate,
  MeetingDetail,
  MeetingPage,
  UpdateMeetingItem,
} from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export const meetingKeys = {
  all: ["meetings"] as const,
  list: (query: Record<string, QueryValue>) => ["meetings", "list", query] as const,
  detail: (id: string) => ["meetings", "detail", id] as const,
  candidates: (kind: string, meetingId: string) => ["meetings", "candidates", kind, meetingId] as const,
};

export function useMeetingList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: meetingKeys.list(query),
    queryFn: () => api.get<MeetingPage>("/meetings", query),
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(id: string) {
  return useQuery({
    queryKey: meetingKeys.detail(id),
    queryFn: () => api.get<MeetingDetail>(`/meetings/${id}`),
    enabled: id !== "",
  });
}

export function useMeetingCandidates(meetingId: string, kind: string, enabled: boolean) {
  return useQuery({
    queryKey: meetingKeys.candidates(kind, meetingId),
    queryFn: () => api.get<MeetingCandidate[]>("/meetings/candidates", { kind, meetingId }),
    enabled,
  });
}

export function useCreateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMeeting) => api.post<Meeting>("/meetings", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingKeys.all }),
  });
}

/** Every change of a meeting answers the whole meeting; keep it in the cache. */
function useMeetingMutation<T>(id: string, run: (input: T) => Promise<MeetingDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (saved) => {
      queryClient.setQueryData(meetingKeys.detail(id), saved);
      await queryClient.invalidateQueries({ queryKey: ["meetings", "list"] });
      await queryClient.invalidateQueries({ queryKey: ["meetings", "candidates"] });
    },
  });
}

export function useAddMeetingItems(id: string) {
  return useMeetingMutation(id, (issueIds: string[]) => api.post<MeetingDetail>(`/meetings/${id}/items`, { issueIds }));
}

export function useUpdateMeetingItem(id: string) {
  return useMeetingMutation(id, ({ itemId, body }: { itemId: string; body: UpdateMeetingItem }) =>
    api.patch<MeetingDetail>(`/meetings/${id}/items/${itemId}`, body),
  );
}

export function useRemoveMeetingItem(id: string) {
  return useMeetingMutation(id, (itemId: string) => api.delete<MeetingDetail>(`/meetings/${id}/items/${itemId}`));
}

export function useConcludeMeeting(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => api.post<MeetingDetail>(`/meetings/${id}/conclude`, { version }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(meetingKeys.detail(id), saved);
      await queryClient.invalidateQueries({ queryKey: ["meetings", "list"] });
      await queryClient.invalidateQueries({ queryKey: ["issues"] });
    },
  });
}
