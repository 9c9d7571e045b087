import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useState } from "react";
import { useT } from "../../i18n";
import { useDebounced } from "../../lib/use-debounced";

export interface PickerProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** The label of the current value, when it may not be among the search results. */
  initialLabel?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
}

export interface PickerOption {
  value: string;
  label: string;
}

interface SearchSelectProps extends PickerProps {
  placeholder: string;
  /** Cache key of the search, without the search text (which is appended). */
  queryKey: readonly unknown[];
  /** The options for the (debounced) search text. */
  fetchOptions: (q: string) => Promise<PickerOption[]>;
}

/** A single select that asks the server as the user types (the pickers of enterprises, people, projects). */
export function SearchSelect({
  id,
  value,
  onChange,
  initialLabel,
  disabled,
  style,
  placeholder,
  queryKey,
  fetchOptions,
}: SearchSelectProps) {
  const t = useT();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const { data: found = [], isFetching } = useQuery({
    queryKey: [...queryKey, q],
    queryFn: () => fetchOptions(q),
    enabled: !disabled,
  });
  const options =
    value && initialLabel && !found.some((o) => o.value === value) ? [{ value, label: initialLabel }, ...found] : found;
  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={isFetching}
      disabled={disabled}
      allowClear
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={isFetching ? t("common.loading") : t("common.noData")}
      style={{ width: "100%", ...style }}
    />
  );
}
