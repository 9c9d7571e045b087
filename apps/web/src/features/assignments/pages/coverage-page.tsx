import { Alert, Card, Col, Flex, Row, Select, Spin, Statistic, Typography } from "antd";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { formatPercent } from "../../../lib/money";
import { useTags } from "../../../lib/reference-data";
import { useCoverage } from "../api/assignments-api";
import { CoverageChart } from "../components/coverage-chart";
import { CoverageRowsTable, LoadsTable, UncoveredTable } from "../components/coverage-tables";

/** 包联覆盖率: share of enterprises with a liaison leader, by unit and tag; loads; who is uncovered. */
export function CoveragePage() {
  const t = useT();
  const [orgUnitId, setOrgUnitId] = useState<string>();
  const [tagId, setTagId] = useState<string>();
  const tags = useTags();
  const report = useCoverage({ orgUnitId, tagId });
  const data = report.data;

  return (
    <>
      <PageHeader title={t("coverage.title")} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={8}>
          <OrgUnitTreeSelect placeholder={t("common.orgUnit")} value={orgUnitId} onChange={setOrgUnitId} />
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Select<string>
            allowClear
            aria-label={t("coverage.tag")}
            placeholder={t("coverage.tag")}
            value={tagId}
            onChange={setTagId}
            loading={tags.isLoading}
            options={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
            style={{ width: "100%" }}
          />
        </Col>
      </Row>
      {report.isError && <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 16 }} />}
      <Spin spinning={report.isFetching}>
        {data && (
          <Flex vertical gap={16}>
            <Card>
              <Flex wrap gap={32} align="center">
                <Statistic
                  title={t("coverage.totalRate")}
                  value={formatPercent(data.total.coverageRate)}
                  styles={{ content: { fontSize: 40, color: "#1668dc" } }}
                />
                <Statistic title={t("coverage.enterprises")} value={data.total.enterprises} />
                <Statistic title={t("coverage.withLeader")} value={data.total.withLeader} />
                <Statistic
                  title={t("coverage.withoutLeader")}
                  value={data.total.withoutLeader}
                  styles={{ content: { color: data.total.withoutLeader > 0 ? "#cf1322" : undefined } }}
                />
              </Flex>
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t("coverage.summary", {
                  enterprises: data.total.enterprises,
                  withLeader: data.total.withLeader,
                  withoutLeader: data.total.withoutLeader,
                })}
              </Typography.Paragraph>
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card title={t("coverage.chart")} size="small">
                  <CoverageChart rows={data.byOrgUnit} rateLabel={t("coverage.rate")} />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t("coverage.byOrgUnit")} size="small">
                  <CoverageRowsTable rows={data.byOrgUnit} labelTitle={t("common.orgUnit")} />
                </Card>
              </Col>
            </Row>
            <Card title={t("coverage.byTag")} size="small">
              <CoverageRowsTable rows={data.byTag} labelTitle={t("coverage.tag")} />
            </Card>
            <Card title={t("coverage.loads")} size="small">
              <LoadsTable loads={data.loads} />
            </Card>
            <Card title={`${t("coverage.uncovered")}（${data.uncovered.length}）`} size="small">
              <UncoveredTable rows={data.uncovered} />
            </Card>
          </Flex>
        )}
      </Spin>
    </>
  );
}
