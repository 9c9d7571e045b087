import { leadStages } from "@zonedesk/contracts";
import { Alert, Card, Col, DatePicker, Flex, Row, Spin, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { lazy, Suspense } from "react";
import { LabeledStatistic } from "../../../components/labeled-statistic";
import { PageHeader } from "../../../components/page-header";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { formatAmount } from "../../../lib/amount";
import { fromDateString, toDateString } from "../../../lib/dates";
import { formatPercent } from "../../../lib/money";
import { useQueryParams } from "../../../lib/use-query-params";
import { useLeadFigures } from "../api/leads-api";

const ConversionChart = lazy(async () => ({
  default: (await import("../components/conversion-chart")).ConversionChart,
}));

/**
 * 招商引资 figures for a period: investor visits, negotiations, leads per stage, conversion, signings. The
 * period (default: this year to today) and the unit live in the address, so a link opens the same figures.
 */
export function LeadFiguresPage() {
  const t = useT();
  const [params, setQuery] = useQueryParams();
  const range: [Dayjs, Dayjs] = [
    fromDateString(params.get("from")) ?? dayjs().startOf("year"),
    fromDateString(params.get("to")) ?? dayjs(),
  ];
  const orgUnitId = params.get("orgUnitId") ?? undefined;
  const figures = useLeadFigures({ from: toDateString(range[0]), to: toDateString(range[1]), orgUnitId });
  const f = figures.data;
  const wan = { wan: t("money.wanYuan"), yi: t("figures.yiYuan") };

  return (
    <>
      <PageHeader title={t("lead.figuresTitle")} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={8}>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) setQuery({ from: toDateString(v[0]), to: toDateString(v[1]) });
            }}
            style={{ width: "100%" }}
          />
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <OrgUnitTreeSelect
            placeholder={t("common.orgUnit")}
            value={orgUnitId}
            onChange={(v) => setQuery({ orgUnitId: v })}
          />
        </Col>
      </Row>
      {figures.isError && <Alert type="error" showIcon title={figures.error.message} style={{ marginBottom: 16 }} />}
      <Spin spinning={figures.isFetching}>
        {f && (
          <Flex vertical gap={16}>
            <Card size="small">
              <Typography.Paragraph style={{ marginBottom: 12 }}>
                {t("lead.figuresSummary", {
                  visits: f.investorVisits,
                  negotiations: f.negotiations,
                  signed: f.signed.count,
                  outCount: f.outOfProvinceSigned.count,
                  outAmount: formatAmount(f.outOfProvinceSigned.amount, wan),
                  fortune: f.fortune500Signed,
                  billion: f.overBillionSigned,
                })}
              </Typography.Paragraph>
              <Row gutter={[16, 16]}>
                {[
                  { title: t("lead.investorVisits"), value: f.investorVisits },
                  { title: t("lead.negotiations"), value: f.negotiations },
                  { title: t("lead.signedCount"), value: f.signed.count },
                  { title: t("lead.signedAmount"), value: formatAmount(f.signed.amount, wan) },
                  { title: t("leadFlag.fortune500"), value: f.fortune500Signed },
                  { title: t("leadFlag.overBillion"), value: f.overBillionSigned },
                  { title: t("lead.outOfProvinceSigned"), value: f.outOfProvinceSigned.count },
                  { title: t("lead.outOfProvinceAmount"), value: formatAmount(f.outOfProvinceSigned.amount, wan) },
                  { title: t("leadFlag.centralSoe"), value: f.centralSoeSigned },
                  { title: t("leadFlag.listed"), value: f.listedSigned },
                ].map((figure) => (
                  <Col key={figure.title} xs={12} md={6}>
                    <LabeledStatistic title={figure.title} value={figure.value} />
                  </Col>
                ))}
              </Row>
            </Card>
            <Card size="small" title={t("lead.stageCounts")}>
              <Flex wrap gap={8}>
                {leadStages.map((s) => (
                  <Tag key={s} style={{ fontSize: 14, padding: "4px 8px" }}>
                    {t(`leadStage.${s}`)} {f.stageCounts[s] ?? 0}
                  </Tag>
                ))}
              </Flex>
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card size="small" title={t("lead.funnel")}>
                  <Suspense fallback={<Spin />}>
                    <ConversionChart figures={f} />
                  </Suspense>
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card size="small" title={t("lead.conversion")}>
                  <Table
                    rowKey={(r) => `${r.fromStage}-${r.toStage}`}
                    size="small"
                    pagination={false}
                    dataSource={f.conversion}
                    columns={[
                      {
                        title: t("lead.conversionStep"),
                        key: "step",
                        render: (_, r) => `${t(`leadStage.${r.fromStage}`)} → ${t(`leadStage.${r.toStage}`)}`,
                      },
                      { title: t("lead.reached"), dataIndex: "reached", key: "reached", align: "right" },
                      { title: t("lead.converted"), dataIndex: "converted", key: "converted", align: "right" },
                      {
                        title: t("lead.conversionRate"),
                        key: "rate",
                        align: "right",
                        render: (_, r) => formatPercent(r.rate),
                      },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </Flex>
        )}
      </Spin>
    </>
  );
}
