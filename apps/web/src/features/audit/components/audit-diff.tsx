import type { AuditEntry } from "@zonedesk/contracts";
import { Col, Row, Typography } from "antd";
import { useT } from "../../../i18n";

function pretty(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, null, 2);
}

/** Before and after of an audited change, side by side (stacked on phones). */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const sides = [
    { key: "before", title: t("audit.before"), text: pretty(entry.before) },
    { key: "after", title: t("audit.after"), text: pretty(entry.after) },
  ];
  return (
    <Row gutter={[16, 8]}>
      {sides.map((side) => (
        <Col key={side.key} xs={24} md={12}>
          <Typography.Text strong>{side.title}</Typography.Text>
          {side.text === null ? (
            <Typography.Paragraph type="secondary">{t("audit.noChange")}</Typography.Paragraph>
          ) : (
            <pre className="zd-json">{side.text}</pre>
          )}
        </Col>
      ))}
    </Row>
  );
}
