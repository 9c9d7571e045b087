import { type LiaisonRole, liaisonRoles } from "@zonedesk/contracts";
import { Select } from "antd";
import { useLabels } from "../../i18n";

interface LiaisonRoleSelectProps {
  id?: string;
  value?: LiaisonRole | null;
  onChange?: (value: LiaisonRole | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
}

/** 分包领导 / 首席服务官 / 助企干部 / …: the role a person takes towards an enterprise. */
export function LiaisonRoleSelect({ id, value, onChange, allowClear, placeholder, style }: LiaisonRoleSelectProps) {
  const labels = useLabels();
  return (
    <Select<LiaisonRole>
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      allowClear={allowClear}
      placeholder={placeholder}
      options={liaisonRoles.map((r) => ({ value: r, label: labels.liaisonRole[r] }))}
      style={{ width: "100%", ...style }}
    />
  );
}
