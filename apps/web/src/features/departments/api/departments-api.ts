import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateDepartment, Department, UpdateDepartment } from "@zonedesk/contracts";
import { api } from "../../../lib/api";

export function useSaveDepartment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: null; body: CreateDepartment } | { id: string; body: UpdateDepartment }) =>
      input.id === null
        ? api.post<Department>("/departments", input.body)
        : api.patch<Department>(`/departments/${input.id}`, input.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["departments"] }),
  });
}
