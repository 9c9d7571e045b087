import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ChangePassword, CurrentUser, SignIn } from "@zonedesk/contracts";
import { api } from "../../../lib/api";
import { currentUserKey } from "../../../lib/current-user";

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignIn) => api.post<CurrentUser>("/auth/sign-in", body),
    onSuccess: (user) => {
      queryClient.clear();
      queryClient.setQueryData(currentUserKey, user);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePassword) => api.post<CurrentUser>("/auth/change-password", body),
    onSuccess: (user) => queryClient.setQueryData(currentUserKey, user),
  });
}
