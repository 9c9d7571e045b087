import { FilterOutlined } from "@ant-design/icons";
import { type EnterpriseScale, enterpriseScales } from "@zonedesk/contracts";
import { Badge, Button, Col, Flex, Input, Row, Select } from "antd";
import { useEffect, useState } from "react";
import { IndustryTreeSelect } from "../../../components/pickers/industry-tree-select";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { TagSelect } from "../../../components/pickers/tag-select";
import { useLabels, useT } from "../../../i18n";
import type { EnterpriseFilters } from "./use-enterprise-filters";

interface EnterpriseFiltersBarProps {
  filters: EnterpriseFilters;
  onChange: (patch: Partial<EnterpriseFilters>) => void;
  onReset: () => void;
  /** On phones the filters fold away behind a button; the search box stays. */
  isMobile?: boolean;
}

/** Search box and filters of the enterprise register; one column on phones. */
export function EnterpriseFiltersBar({ filters, onChange, onReset, isMobile = false }: EnterpriseFiltersBarProps) {
  const t = useT();
  const labels = useLabels();
  const [q, setQ] = useState(filters.q ?? "");
  useEffect(() => setQ(filters.q ?? ""), [filters.q]);
  const [isOpen, setOpen] = useState(false);
  const cell = { xs: 24, sm: 12, lg: 8, xl: 6 };
  const activeCount =
    [filters.orgUnitId, filters.industryCode, filters.assigned].filter(Boolean).length +
    (filters.tagIds.length > 0 ? 1 : 0) +
    (filters.scale.length > 0 ? 1 : 0) +
    (filters.status !== "active" ? 1 : 0);
  const search = (
    <Input.Search
      aria-label={t("common.search")}
      placeholder={t("enterprise.searchPlaceholder")}
      value={q}
      onChange={(e) => setQ(e.target.value)}
      onSearch={(value) => onChange({ q: value.trim() || undefined })}
      allowClear
      enterButton={t("common.search")}
    />
  );
  const showFilters = !isMobile || isOpen;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      <Col {...cell}>
        {isMobile ? (
          <Flex gap={8}>
            {search}
            <Badge count={activeCount} size="small">
              <Button icon={<FilterOutlined />} onClick={() => setOpen((v) => !v)} aria-expanded={isOpen}>
                {t("common.filters")}
              </Button>
            </Badge>
          </Flex>
        ) : (
          search
        )}
      </Col>
      {showFilters && (
        <>
          <Col {...cell}>
            <OrgUnitTreeSelect
              placeholder={t("enterprise.orgUnit")}
              value={filters.orgUnitId}
              onChange={(orgUnitId) => onChange({ orgUnitId })}
            />
          </Col>
          <Col {...cell}>
            <IndustryTreeSelect
              placeholder={t("enterprise.industry")}
              value={filters.industryCode}
              onChange={(industryCode) => onChange({ industryCode })}
            />
          </Col>
          <Col {...cell}>
            <TagSelect
              placeholder={t("enterprise.tags")}
              value={filters.tagIds}
              onChange={(tagIds) => onChange({ tagIds })}
            />
          </Col>
          <Col {...cell}>
            <Select<EnterpriseScale[]>
              mode="multiple"
              allowClear
              aria-label={t("enterprise.scale")}
              placeholder={t("enterprise.scale")}
              value={filters.scale}
              onChange={(scale) => onChange({ scale })}
              options={enterpriseScales.map((s) => ({ value: s, label: labels.scale[s] }))}
              style={{ width: "100%" }}
            />
          </Col>
          <Col {...cell}>
            <Select<"yes" | "no">
              allowClear
              aria-label={t("enterprise.assigned")}
              placeholder={t("enterprise.assigned")}
              value={filters.assigned}
              onChange={(assigned) => onChange({ assigned })}
              options={[
                { value: "yes", label: t("enterprise.assignedYes") },
                { value: "no", label: t("enterprise.assignedNo") },
              ]}
              style={{ width: "100%" }}
            />
          </Col>
          <Col {...cell}>
            <Select<EnterpriseFilters["status"]>
              aria-label={t("common.status")}
              value={filters.status}
              onChange={(status) => onChange({ status })}
              options={[
                { value: "active", label: t("enterprise.status.active") },
                { value: "archived", label: t("enterprise.status.archived") },
                { value: "all", label: t("enterprise.status.all") },
              ]}
              style={{ width: "100%" }}
            />
          </Col>
          <Col {...cell}>
            <Button onClick={onReset}>{t("common.reset")}</Button>
          </Col>
        </>
      )}
    </Row>
  );
}
