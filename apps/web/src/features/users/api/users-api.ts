import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateUser, Page, ResetPassword, UpdateUser, User } from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export function useUserList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ["users", "list", query],
    queryFn: () => api.get<Page<User>>("/users", query),
    placeholderData: keepPreviousData,
  });
}

export function useSaveUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: null; body: CreateUser } | { id: string; body: UpdateUser }) =>
      input.id === null ? api.post<User>("/users", input.body) : api.patch<User>(`/users/${input.id}`, input.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ResetPassword }) =>
      api.post<unknown>(`/users/${id}/reset-password`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
}

/** The update body for a user as it is, with some fields changed (e.g. the disable toggle). */
export function toUpdateUser(user: User, patch: Partial<UpdateUser> = {}): UpdateUser {
  return {
    displayName: user.displayName,
    phone: user.phone,
    role: user.role,
    orgUnitId: user.orgUnitId,
    departmentId: user.departmentId,
    enterpriseId: user.enterpriseId,
    isDisabled: user.isDisabled,
    version: user.version,
    ...patch,
  };
}
