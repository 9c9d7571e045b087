import { FilterOutlined } from "@ant-design/icons";
import { projectBatches, projectLevels, projectStages, projectTypes } from "@zonedesk/contracts";
import { Badge, Button, Col, Flex, Input, Row, Select } from "antd";
import { useEffect, useState } from "react";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { currentBeijingMonth } from "./periods";
import type { ProjectFilters } from "./use-project-filters";

interface ProjectFiltersBarProps {
  filters: ProjectFilters;
  onChange: (patch: Partial<ProjectFilters>) => void;
  onReset: () => void;
  isMobile: boolean;
  /** The year the figures show when none is chosen (the server's default period). */
  shownYear: number | undefined;
}

/** Search and filters of the key projects; on phones the filters fold away behind a button. */
export function ProjectFiltersBar({ filters, onChange, onReset, isMobile, shownYear }: ProjectFiltersBarProps) {
  const t = useT();
  const [q, setQ] = useState(filters.q ?? "");
  useEffect(() => setQ(filters.q ?? ""), [filters.q]);
  const [isOpen, setOpen] = useState(false);
  const cell = { xs: 24, sm: 12, lg: 6, xl: 3 };
  const current = currentBeijingMonth();
  const year = filters.year ?? shownYear;
  // the server refuses a period after the current month: offer only months that have begun
  const monthCount = year === current.year ? current.month : 12;
  const activeCount =
    [filters.orgUnitId, filters.level, filters.batch, filters.projectType, filters.month].filter((v) => v !== undefined)
      .length + (filters.stage.length > 0 ? 1 : 0);
  const search = (
    <Input.Search
      aria-label={t("common.search")}
      placeholder={t("project.searchPlaceholder")}
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
      <Col xs={24} sm={12} lg={6}>
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
              placeholder={t("project.orgUnit")}
              value={filters.orgUnitId}
              onChange={(orgUnitId) => onChange({ orgUnitId })}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Select<number>
              aria-label={t("project.year")}
              value={year}
              onChange={(y) =>
                onChange({
                  year: y,
                  month: y === current.year && (filters.month ?? 0) > current.month ? undefined : filters.month,
                })
              }
              options={[current.year, current.year - 1, current.year - 2].map((y) => ({
                value: y,
                label: t("project.yearLabel", { year: y }),
              }))}
              style={{ width: "100%" }}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Select<number>
              allowClear
              aria-label={t("project.asOfMonth")}
              placeholder={t("project.asOfMonth")}
              value={filters.month}
              onChange={(month) => onChange({ month })}
              options={Array.from({ length: monthCount }, (_, i) => ({
                value: i + 1,
                label: t("project.asOfMonthLabel", { month: i + 1 }),
              }))}
              style={{ width: "100%" }}
            />
          </Col>
          <Col {...cell}>
            <Select
              allowClear
              aria-label={t("project.level")}
              placeholder={t("project.level")}
              value={filters.level}
              onChange={(level) => onChange({ level })}
              options={projectLevels.map((v) => ({ value: v, label: t(`projectLevel.${v}`) }))}
              style={{ width: "100%" }}
            />
          </Col>
          <Col {...cell}>
            <Select
              allowClear
              aria-label={t("project.batch")}
              placeholder={t("project.batch")}
              value={filters.batch}
              onChange={(batch) => onChange({ batch })}
              options={projectBatches.map((v) => ({ value: v, label: t(`projectBatch.${v}`) }))}
              style={{ width: "100%" }}
            />
          </Col>
          <Col {...cell}>
            <Select
              mode="multiple"
              allowClear
              aria-label={t("project.stage")}
              placeholder={t("project.stage")}
              value={filters.stage}
              onChange={(stage) => onChange({ stage })}
              options={projectStages.map((v) => ({ value: v, label: t(`projectStage.${v}`) }))}
              style={{ width: "100%" }}
            />
          </Col>
          <Col {...cell}>
            <Select
              allowClear
              aria-label={t("project.type")}
              placeholder={t("project.type")}
              value={filters.projectType}
              onChange={(projectType) => onChange({ projectType })}
              options={projectTypes.map((v) => ({ value: v, label: t(`projectType.${v}`) }))}
              style={{ width: "100%" }}
            />
          </Col>
          <Col xs={24} sm={6} lg={3} xl={2}>
            <Button onClick={onReset}>{t("common.reset")}</Button>
          </Col>
        </>
      )}
    </Row>
  );
}
