import { useQuery } from "@tanstack/react-query";
import type { Enterprise, Page } from "@zonedesk/contracts";
import { Select } from "antd";
import { useState } from "react";
import { useT } from "../../i18n";
import { api } from "../../lib/api";
import { useDebounced } from "../../lib/use-debounced";

interface EnterprisePickerProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** The label of the current value, when it may not be among the search results. */
  initialLabel?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
}

/** Finds one enterprise by name or credit code as the user types (GET /api/enterprises?q=). */
export function EnterprisePicker({ id, value, onChange, initialLabel, disabled, style }: EnterprisePickerProps) {
  const t = useT();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const { data, isFetching } = useQuery({
    queryKey: ["enterprises", "picker", q],
    queryFn: () => api.get<Page<Enterprise>>("/enterprises", { q: q || undefined, pageSize: 20, status: "active" }),
    enabled: !disabled,
  });
  const options = (data?.data ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.creditCode}）` }));
  if (value && initialLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: initialLabel });
  }
  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={isFetching}
      disabled={disabled}
      allowClear
      placeholder={t("assignment.pickEnterprise")}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={isFetching ? t("common.loading") : t("common.noData")}
      style={{ width: "100%", ...style }}
    />
  );
}
