import { EnvironmentOutlined, PhoneOutlined } from "@ant-design/icons";
import type { Enterprise } from "@zonedesk/contracts";
import { Card, Checkbox, Flex, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import { useLabels, useT } from "../../../i18n";

interface EnterpriseCardProps {
  enterprise: Enterprise;
  selected?: boolean;
  onSelectChange?: (selected: boolean) => void;
}

/** One enterprise on a phone: name, code, where, whom to call, tags and liaisons. */
export function EnterpriseCard({ enterprise: e, selected, onSelectChange }: EnterpriseCardProps) {
  const t = useT();
  const labels = useLabels();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }}>
      <Flex gap={8} align="flex-start">
        {onSelectChange && (
          <Checkbox
            checked={selected}
            onChange={(ev) => onSelectChange(ev.target.checked)}
            aria-label={e.name}
            style={{ marginTop: 2 }}
          />
        )}
        <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Link to={`/enterprises/${e.id}`} style={{ fontWeight: 600, fontSize: 15 }} className="zd-break">
            {e.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} className="zd-break">
            {e.creditCode} · {e.orgUnitName}
            {e.status === "archived" ? ` · ${t("enterprise.status.archived")}` : ""}
          </Typography.Text>
          {e.address && (
            <Typography.Text style={{ fontSize: 13 }} className="zd-break">
              <EnvironmentOutlined /> {e.address}
            </Typography.Text>
          )}
          {(e.contactName || e.contactPhone) && (
            <Typography.Text style={{ fontSize: 13 }}>
              <PhoneOutlined /> {e.contactName ?? ""}{" "}
              {e.contactPhone && <a href={`tel:${e.contactPhone}`}>{e.contactPhone}</a>}
            </Typography.Text>
          )}
          {e.tags.length > 0 && (
            <Flex wrap gap={4}>
              {e.tags.map((tag) => (
                <Tag key={tag.id} style={{ marginInlineEnd: 0 }}>
                  {tag.name}
                </Tag>
              ))}
            </Flex>
          )}
          <Typography.Text style={{ fontSize: 13 }} type={e.liaisons.length === 0 ? "warning" : undefined}>
            {t("enterprise.liaisons")}：
            {e.liaisons.length === 0
              ? t("enterprise.assignedNo")
              : e.liaisons.map((l) => `${l.displayName}（${labels.of(labels.liaisonRole, l.role)}）`).join("、")}
          </Typography.Text>
        </Flex>
      </Flex>
    </Card>
  );
}
