import type { Role } from "@zonedesk/contracts";
import { Select } from "antd";
import { useState } from "react";
import { useLabels } from "../../../i18n";
import { useUserOptions } from "../../../lib/reference-data";
import { useDebounced } from "../../../lib/use-debounced";

const liaisonPeople: readonly Role[] = ["leader", "cadre"];

/** Several leaders/cadres by name (GET /api/users/options). */
export function PeopleSelect({
  id,
  value,
  onChange,
  placeholder,
}: {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
}) {
  const labels = useLabels();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const [known, setKnown] = useState<Record<string, string>>({});
  const { data = [], isFetching } = useUserOptions(q, liaisonPeople);
  const options = data.map((u) => ({
    value: u.id,
    label: `${u.displayName}（${labels.role[u.role] ?? u.role} · ${u.orgUnitName}）`,
  }));
  for (const v of value ?? []) {
    if (!options.some((o) => o.value === v)) options.push({ value: v, label: known[v] ?? v });
  }
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={(next) => {
        const names = { ...known };
        for (const o of options) names[o.value] = o.label;
        setKnown(names);
        onChange?.(next);
      }}
      options={options}
      loading={isFetching}
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      style={{ width: "100%" }}
    />
  );
}
