import type { Role } from "@zonedesk/contracts";
import { useLabels, useT } from "../../i18n";
import { api } from "../../lib/api";
import { referenceKeys, type UserOption } from "../../lib/reference-data";
import { type PickerProps, SearchSelect } from "./search-select";

const liaisonPeople: readonly Role[] = ["leader", "cadre"];

/** Finds a person to assign (GET /api/users/options?q=&role=leader,cadre). */
export function UserPicker({ roles = liaisonPeople, ...props }: PickerProps & { roles?: readonly Role[] }) {
  const t = useT();
  const labels = useLabels();
  return (
    <SearchSelect
      {...props}
      placeholder={t("assignment.pickPerson")}
      queryKey={referenceKeys.userOptions("", roles)}
      fetchOptions={async (q) => {
        const people = await api.get<UserOption[]>("/users/options", { q, role: roles });
        return people.map((u) => ({
          value: u.id,
          label: `${u.displayName}（${labels.role[u.role] ?? u.role} · ${u.orgUnitName}）`,
        }));
      }}
    />
  );
}
