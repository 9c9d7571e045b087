import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Notification, NotificationPage, ReadAllResult, UnreadCount } from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export const notificationKeys = {
  all: ["notifications"] as const,
  list: (query: Record<string, QueryValue>) => ["notifications", "list", query] as const,
  unread: ["notifications", "unread-count"] as const,
};

export function useNotificationList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: notificationKeys.list(query),
    queryFn: () => api.get<NotificationPage>("/notifications", query),
    placeholderData: keepPreviousData,
  });
}

/** The unread count, polled every 60 s while the page is open (the header bell). */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => api.get<UnreadCount>("/notifications/unread-count"),
    refetchInterval: 60_000,
    enabled,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Notification>(`/notifications/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ReadAllResult>("/notifications/read-all"),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
