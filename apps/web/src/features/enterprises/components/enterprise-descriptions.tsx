import type { Enterprise } from "@zonedesk/contracts";
import { Descriptions, Tag, Typography } from "antd";
import { useLabels, useT } from "../../../i18n";
import { formatDate, formatDateTime } from "../../../lib/dates";
import { formatWanYuan } from "../../../lib/money";

/** Every field of an enterprise; one column on phones. */
export function EnterpriseDescriptions({ enterprise: e, isMobile }: { enterprise: Enterprise; isMobile: boolean }) {
  const t = useT();
  const labels = useLabels();
  const items = [
    {
      key: "creditCode",
      label: t("enterprise.creditCode"),
      children: <Typography.Text copyable>{e.creditCode}</Typography.Text>,
    },
    { key: "orgUnit", label: t("enterprise.orgUnit"), children: e.orgUnitName },
    { key: "legal", label: t("enterprise.legalRepresentative"), children: e.legalRepresentative ?? "—" },
    {
      key: "capital",
      label: t("enterprise.registeredCapital"),
      children: formatWanYuan(e.registeredCapital, t("money.wanYuan")),
    },
    { key: "founded", label: t("enterprise.foundedOn"), children: formatDate(e.foundedOn) },
    { key: "scale", label: t("enterprise.scale"), children: e.scale ? labels.scale[e.scale] : "—" },
    {
      key: "industry",
      label: t("enterprise.industry"),
      children: e.industryCode ? `${e.industryCode} ${e.industryName ?? ""}` : "—",
    },
    { key: "contact", label: t("enterprise.contactName"), children: e.contactName ?? "—" },
    {
      key: "phone",
      label: t("enterprise.contactPhone"),
      children: e.contactPhone ? <a href={`tel:${e.contactPhone}`}>{e.contactPhone}</a> : "—",
    },
    { key: "address", label: t("enterprise.address"), children: e.address ?? "—", span: isMobile ? 1 : 2 },
    {
      key: "tags",
      label: t("enterprise.tags"),
      span: isMobile ? 1 : 2,
      children:
        e.tags.length > 0
          ? e.tags.map((tag) => (
              <Tag key={tag.id} color="blue">
                {tag.name}
              </Tag>
            ))
          : "—",
    },
    {
      key: "status",
      label: t("common.status"),
      children:
        e.status === "archived" ? (
          <Tag>{t("enterprise.status.archived")}</Tag>
        ) : (
          <Tag color="green">{t("enterprise.status.active")}</Tag>
        ),
    },
    { key: "updated", label: t("enterprise.updatedAt"), children: formatDateTime(e.updatedAt) },
  ];
  return (
    <Descriptions
      bordered={!isMobile}
      size="small"
      column={isMobile ? 1 : 2}
      items={items}
      styles={{ label: isMobile ? { width: 96, flexShrink: 0 } : { whiteSpace: "nowrap" }, content: { minWidth: 0 } }}
    />
  );
}
