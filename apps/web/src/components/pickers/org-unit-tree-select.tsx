import { TreeSelect } from "antd";
import { useMemo } from "react";
import { useOrgUnits } from "../../lib/reference-data";
import { buildOrgUnitTree } from "../../lib/tree";

interface OrgUnitTreeSelectProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: React.CSSProperties;
}

/** Org units in the user's scope as a tree (built from the flat list by parentId). */
export function OrgUnitTreeSelect({
  id,
  value,
  onChange,
  placeholder,
  allowClear = true,
  disabled,
  style,
}: OrgUnitTreeSelectProps) {
  const { data = [], isLoading } = useOrgUnits();
  const tree = useMemo(() => buildOrgUnitTree(data), [data]);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      treeData={tree}
      loading={isLoading}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      style={{ width: "100%", ...style }}
    />
  );
}
