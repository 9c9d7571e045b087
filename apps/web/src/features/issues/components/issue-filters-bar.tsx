import { FilterOutlined } from "@ant-design/icons";
import { type IssueStatus, issueStatuses } from "@zonedesk/contracts";
import { Badge, Button, Checkbox, Col, DatePicker, Flex, Input, Row, Select } from "antd";
import { useEffect, useState } from "react";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { fromDateString, toDateString } from "../../../lib/dates";
import { useDepartments } from "../../../lib/reference-data";
import { useIssueCategories } from "../api/issues-api";
import type { IssueFilters } from "./use-issue-filters";

interface IssueFiltersBarProps {
  filters: IssueFilters;
  onChange: (patch: Partial<IssueFilters>) => void;
  onReset: () => void;
  isMobile?: boolean;
  /** Hide filters that make no sense for the viewer (a department filtering by department). */
  hideDepartment?: boolean;
}

/** Search and filters of the issue ledger; on phones the filters fold behind a button. */
export function IssueFiltersBar({
  filters,
  onChange,
  onReset,
  isMobile = false,
  hideDepartment,
}: IssueFiltersBarProps) {
  const t = useT();
  const categories = useIssueCategories();
  const departments = useDepartments(undefined, !hideDepartment);
  const [q, setQ] = useState(filters.q ?? "");
  useEffect(() => setQ(filters.q ?? ""), [filters.q]);
  const [isOpen, setOpen] = useState(false);
  const cell = { xs: 24, sm: 12, lg: 8, xl: 6 };
  const activeCount =
    [
      filters.categoryId,
      filters.departmentId,
      filters.orgUnitId,
      filters.overdue,
      filters.dueSoon,
      filters.escalated,
    ].filter(Boolean).length +
    (filters.status.length > 0 ? 1 : 0) +
    (filters.createdFrom || filters.createdTo ? 1 : 0);
  const search = (
    <Input.Search
      aria-label={t("common.search")}
      placeholder={t("issue.searchPlaceholder")}
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
            <Select<IssueStatus[]>
              mode="multiple"
              allowClear
              aria-label={t("issue.status")}
              placeholder={t("issue.status")}
              value={filters.status}
              onChange={(status) => onChange({ status })}
              options={issueStatuses.map((s) => ({ value: s, label: t(`issue.status.${s}`) }))}
              style={{ width: "100%" }}
              maxTagCount="responsive"
            />
          </Col>
          <Col {...cell}>
            <Select<string>
              allowClear
              aria-label={t("issue.category")}
              placeholder={t("issue.category")}
              value={filters.categoryId}
              onChange={(categoryId) => onChange({ categoryId })}
              options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              loading={categories.isLoading}
              style={{ width: "100%" }}
            />
          </Col>
          {!hideDepartment && (
            <Col {...cell}>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                aria-label={t("issue.department")}
                placeholder={t("issue.department")}
                value={filters.departmentId}
                onChange={(departmentId) => onChange({ departmentId })}
                options={(departments.data ?? [])
                  .filter((d) => !d.isArchived)
                  .map((d) => ({ value: d.id, label: d.name }))}
                loading={departments.isLoading}
                style={{ width: "100%" }}
              />
            </Col>
          )}
          <Col {...cell}>
            <OrgUnitTreeSelect
              placeholder={t("issue.orgUnit")}
              value={filters.orgUnitId}
              onChange={(orgUnitId) => onChange({ orgUnitId })}
            />
          </Col>
          <Col {...cell}>
            <DatePicker.RangePicker
              aria-label={t("issue.createdRange")}
              placeholder={[t("issue.createdRange"), t("issue.createdRange")]}
              value={[fromDateString(filters.createdFrom) ?? null, fromDateString(filters.createdTo) ?? null]}
              onChange={(range) =>
                onChange({ createdFrom: toDateString(range?.[0]), createdTo: toDateString(range?.[1]) })
              }
              allowEmpty={[true, true]}
              style={{ width: "100%" }}
            />
          </Col>
          <Col {...cell}>
            <Flex wrap gap={8} align="center" style={{ minHeight: 32 }}>
              <Checkbox checked={filters.overdue ?? false} onChange={(e) => onChange({ overdue: e.target.checked })}>
                {t("issue.overdue")}
              </Checkbox>
              <Checkbox checked={filters.dueSoon ?? false} onChange={(e) => onChange({ dueSoon: e.target.checked })}>
                {t("issue.dueSoon")}
              </Checkbox>
              <Checkbox
                checked={filters.escalated ?? false}
                onChange={(e) => onChange({ escalated: e.target.checked })}
              >
                {t("issue.escalated")}
              </Checkbox>
            </Flex>
          </Col>
          <Col {...cell}>
            <Button onClick={onReset}>{t("common.reset")}</Button>
          </Col>
        </>
      )}
    </Row>
  );
}
