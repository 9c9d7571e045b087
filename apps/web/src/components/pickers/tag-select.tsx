import { Select } from "antd";
import { useTags } from "../../lib/reference-data";

interface TagSelectProps {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  includeArchived?: boolean;
  style?: React.CSSProperties;
}

/** Several enterprise tags (规上工业、高新技术…), grouped by category. */
export function TagSelect({ id, value, onChange, placeholder, includeArchived = false, style }: TagSelectProps) {
  const { data = [], isLoading } = useTags();
  const tags = data.filter((tag) => includeArchived || !tag.isArchived || value?.includes(tag.id));
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(v) => onChange?.(v)}
      loading={isLoading}
      placeholder={placeholder}
      allowClear
      showSearch={{ optionFilterProp: "label" }}
      maxTagCount="responsive"
      options={tags.map((tag) => ({ value: tag.id, label: tag.name }))}
      style={{ width: "100%", ...style }}
    />
  );
}
