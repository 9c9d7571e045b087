import { TreeSelect } from "antd";
import { useMemo } from "react";
import { useIndustries } from "../../lib/reference-data";
import { buildIndustryTree } from "../../lib/tree";

interface IndustryTreeSelectProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
}

/** GB/T 4754 industries: sections → divisions → groups → classes; any level may be chosen. */
export function IndustryTreeSelect({ id, value, onChange, placeholder, style }: IndustryTreeSelectProps) {
  const { data = [], isLoading } = useIndustries();
  const tree = useMemo(() => buildIndustryTree(data), [data]);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      treeData={tree}
      loading={isLoading}
      placeholder={placeholder}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      listHeight={360}
      style={{ width: "100%", ...style }}
    />
  );
}
