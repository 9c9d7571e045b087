import type { Role } from "@zonedesk/contracts";
import { Select } from "antd";
import { useState } from "react";
import { useLabels, useT } from "../../i18n";
import { useUserOptions } from "../../lib/reference-data";
import { useDebounced } from "../../lib/use-debounced";

interface UserPickerProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  roles?: readonly Role[];
  initialLabel?: string;
  style?: React.CSSProperties;
}

const liaisonPeople: readonly Role[] = ["leader", "cadre"];

/** Finds a person to assign (GET /api/users/options?q=&role=leader,cadre). */
export function UserPicker({ id, value, onChange, roles = liaisonPeople, initialLabel, style }: UserPickerProps) {
  const t = useT();
  const labels = useLabels();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const { data = [], isFetching } = useUserOptions(q, roles);
  const options = data.map((u) => ({
    value: u.id,
    label: `${u.displayName}（${labels.role[u.role] ?? u.role} · ${u.orgUnitName}）`,
  }));
  if (value && initialLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={isFetching}
      allowClear
      placeholder={t("assignment.pickPerson")}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={isFetching ? t("common.loading") : t("common.noData")}
      style={{ width: "100%", ...style }}
    />
  );
}
