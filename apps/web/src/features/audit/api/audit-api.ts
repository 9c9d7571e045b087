import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AuditEntry, Page } from "@zonedesk/contracts";
import { api, type QueryValue } from "../../../lib/api";

export function useAuditList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ["audit", query],
    queryFn: () => api.get<Page<AuditEntry>>("/audit", query),
    placeholderData: keepPreviousData,
  });
}
