import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateTag, Tag, UpdateTag } from "@zonedesk/contracts";
import { api } from "../../../lib/api";

export function useSaveTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: null; body: CreateTag } | { id: string; body: UpdateTag }) =>
      input.id === null ? api.post<Tag>("/tags", input.body) : api.patch<Tag>(`/tags/${input.id}`, input.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tags"] }),
  });
}
