import type { ProjectWarning, ProjectWarningColor, ProjectWarningRow } from "@zonedesk/contracts";
import { Flex, Tag, Typography } from "antd";
import { useT } from "../../../i18n";

export const warningBackground: Record<ProjectWarningColor, string> = { red: "#fff1f0", yellow: "#fffbe6" };

/** One rule that fired, in words: the rule, then what it found for this project (“开工计划日期…已过仍未开工”). */
function WarningLine({ warning, compact }: { warning: ProjectWarning; compact?: boolean }) {
  return (
    <li style={{ listStyle: "none" }}>
      <Typography.Text type={warning.color === "red" ? "danger" : "warning"} style={{ fontSize: compact ? 12 : 14 }}>
        {warning.color === "red" ? "●" : "○"} {warning.text}
      </Typography.Text>
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {warning.detail}
      </Typography.Text>
    </li>
  );
}

/**
 * A project's warning colour and, written out, every rule that coloured it, so the reason is read without
 * hovering (and on a phone). "—" when no rule fired or the warnings are not loaded.
 */
export function WarningRules({ row, compact }: { row: ProjectWarningRow | undefined; compact?: boolean }) {
  const t = useT();
  if (!row?.color) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2} align="flex-start">
      <Tag color={row.color === "red" ? "red" : "gold"} style={{ marginInlineEnd: 0 }}>
        {row.color === "red" ? t("figures.redWarning") : t("figures.yellowWarning")}
      </Tag>
      <ul aria-label={t("project.warningRules")} style={{ margin: 0, padding: 0 }}>
        {row.warnings.map((w) => (
          <WarningLine key={w.code} warning={w} compact={compact} />
        ))}
      </ul>
    </Flex>
  );
}
