import { useQuery } from "@tanstack/react-query";
import type { Department, Industry, OrgUnit, Role, Tag } from "@zonedesk/contracts";
import { api } from "./api";

/** Reference lists many pages use: org units, tags, industries, departments, people to assign. */
export const referenceKeys = {
  orgUnits: ["org-units"] as const,
  tags: ["tags"] as const,
  industries: ["industries"] as const,
  departments: (orgUnitId?: string) => ["departments", orgUnitId ?? "all"] as const,
  userOptions: (q: string, roles: readonly Role[]) => ["users", "options", q, roles.join(",")] as const,
};

export function useOrgUnits() {
  return useQuery({ queryKey: referenceKeys.orgUnits, queryFn: () => api.get<OrgUnit[]>("/org-units") });
}

export function useTags() {
  return useQuery({ queryKey: referenceKeys.tags, queryFn: () => api.get<Tag[]>("/tags") });
}

export function useIndustries() {
  return useQuery({
    queryKey: referenceKeys.industries,
    queryFn: () => api.get<Industry[]>("/industries"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDepartments(orgUnitId?: string, enabled = true) {
  return useQuery({
    queryKey: referenceKeys.departments(orgUnitId),
    queryFn: () => api.get<Department[]>("/departments", { orgUnitId }),
    enabled,
  });
}

export interface UserOption {
  id: string;
  displayName: string;
  role: Role;
  orgUnitName: string;
}

export function useUserOptions(q: string, roles: readonly Role[], enabled = true) {
  return useQuery({
    queryKey: referenceKeys.userOptions(q, roles),
    queryFn: () => api.get<UserOption[]>("/users/options", { q, role: roles }),
    enabled,
  });
}
