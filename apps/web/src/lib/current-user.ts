import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { CurrentUser, Permission } from "@zonedesk/contracts";
import { useCallback } from "react";
import { api } from "./api";

export const currentUserKey = ["auth", "me"] as const;

/** The signed-in user from /api/auth/me; an ApiError (401) when nobody is signed in. */
export function useCurrentUser() {
  return useQuery({
    queryKey: currentUserKey,
    queryFn: () => api.get<CurrentUser>("/auth/me"),
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** Whether the signed-in user may do something, from the permissions the server sent. */
export function useCan(): (permission: Permission) => boolean {
  const { data } = useCurrentUser();
  return useCallback((permission: Permission) => data?.permissions.includes(permission) ?? false, [data]);
}

export function needsPasswordChange(user: CurrentUser | undefined): boolean {
  return user !== undefined && (user.mustChangePassword || user.passwordExpired);
}

/** Signs out and forgets every cached answer. */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    try {
      await api.post("/auth/sign-out");
    } finally {
      queryClient.clear();
    }
  }, [queryClient]);
}
