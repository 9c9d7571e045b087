import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateOrgUnit, OrgUnit, UpdateOrgUnit } from "@zonedesk/contracts";
import { api } from "../../../lib/api";

export function useSaveOrgUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: null; body: CreateOrgUnit } | { id: string; body: UpdateOrgUnit }) =>
      input.id === null
        ? api.post<OrgUnit>("/org-units", input.body)
        : api.patch<OrgUnit>(`/org-units/${input.id}`, input.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["org-units"] }),
  });
}
