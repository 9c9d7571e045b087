import type { InvestmentMonth } from "@zonedesk/contracts";
import { Alert, Button, Card, Col, Flex, Row, Select, Spin, Table } from "antd";
import { lazy, Suspense, useState } from "react";
import { LabeledStatistic } from "../../../components/labeled-statistic";
import { useT } from "../../../i18n";
import { formatDateTime } from "../../../lib/dates";
import { formatPercent, formatWanYuan } from "../../../lib/money";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useProjectInvestment } from "../api/investment-api";
import { investmentYears, lastCompleteMonth } from "./periods";
import { PlanModal } from "./plan-modal";
import { PlanRevisionsDrawer } from "./plan-revisions-drawer";
import { ReportModal, RevisionsDrawer } from "./report-modal";

const InvestmentChart = lazy(async () => ({ default: (await import("./investment-chart")).InvestmentChart }));

/**
 * A project's investment for one year: figures, chart, plan, monthly reports with corrections. It opens on
 * the year of the last complete month, like the figures of the project list (in January: the year just ended).
 */
export function InvestmentCard({ projectId }: { projectId: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const [year, setYear] = useState(() => lastCompleteMonth().year);
  const investment = useProjectInvestment(projectId, year);
  const [planOpen, setPlanOpen] = useState(false);
  const [planHistoryOpen, setPlanHistoryOpen] = useState(false);
  const [reporting, setReporting] = useState<InvestmentMonth | null>(null);
  const [revisionsOf, setRevisionsOf] = useState<number | null>(null);
  const data = investment.data;
  const wan = t("money.wanYuan");

  return (
    <Card
      size="small"
      title={t("project.investment")}
      extra={
        <Flex gap={8}>
          <Select<number>
            size="small"
            aria-label={t("project.year")}
            value={year}
            onChange={setYear}
            options={investmentYears().map((y) => ({ value: y, label: t("project.yearLabel", { year: y }) }))}
          />
          {/* the plan is the zone's project office's (project.plan), not the reporting cadre's */}
          {data?.canPlan && (
            <Button size="small" type="primary" onClick={() => setPlanOpen(true)}>
              {data.plan ? t("plan.edit") : t("plan.set")}
            </Button>
          )}
        </Flex>
      }
    >
      {investment.isError && <Alert type="error" showIcon title={investment.error.message} />}
      <Spin spinning={investment.isFetching}>
        {data && (
          <Flex vertical gap={12}>
            <Row gutter={[12, 12]}>
              <Col xs={12} md={6}>
                <LabeledStatistic
                  title={t("plan.planned", { year })}
                  value={data.plan ? formatWanYuan(data.plan.plannedInvestment, wan) : "—"}
                />
                {data.plan && (
                  <Button
                    size="small"
                    type="link"
                    style={{ paddingInline: 0 }}
                    onClick={() => setPlanHistoryOpen(true)}
                  >
                    {t("plan.revisions")}
                  </Button>
                )}
              </Col>
              <Col xs={12} md={6}>
                <LabeledStatistic title={t("report.completedTotal")} value={formatWanYuan(data.completedTotal, wan)} />
              </Col>
              <Col xs={12} md={6}>
                <LabeledStatistic title={t("report.completionRate")} value={formatPercent(data.completionRate)} />
              </Col>
              <Col xs={12} md={6}>
                <LabeledStatistic
                  title={t("plan.updated")}
                  value={data.plan ? `${data.plan.updatedByName ?? "—"}` : "—"}
                  styles={{ content: { fontSize: 16 } }}
                />
              </Col>
            </Row>
            <Suspense fallback={<Spin />}>
              <InvestmentChart investment={data} />
            </Suspense>
            <Table<InvestmentMonth>
              rowKey="month"
              size="small"
              pagination={false}
              scroll={{ x: 720 }}
              dataSource={data.months.filter((m) => !m.isFuture || m.reportId)}
              columns={[
                {
                  title: t("report.month"),
                  key: "month",
                  width: 60,
                  render: (_, m) => `${m.month}${t("figures.monthSuffix")}`,
                },
                {
                  title: t("report.completedInMonth"),
                  key: "inMonth",
                  align: "right",
                  width: 130,
                  render: (_, m) => formatWanYuan(m.completedInMonth, wan),
                },
                {
                  title: t("report.completedToDate"),
                  key: "toDate",
                  align: "right",
                  width: 130,
                  render: (_, m) => formatWanYuan(m.completedToDate, wan),
                },
                {
                  title: t("report.plannedToDate"),
                  key: "plan",
                  align: "right",
                  width: 130,
                  render: (_, m) => formatWanYuan(m.plannedToDate, wan),
                },
                {
                  title: t("report.progressText"),
                  key: "text",
                  ellipsis: true,
                  render: (_, m) => m.progressText ?? "—",
                },
                {
                  title: t("report.reportedBy"),
                  key: "by",
                  width: 150,
                  render: (_, m) => (m.reportedByName ? `${m.reportedByName} ${formatDateTime(m.reportedAt)}` : "—"),
                },
                {
                  title: t("common.actions"),
                  key: "actions",
                  width: 150,
                  fixed: isMobile ? undefined : "right",
                  render: (_, m) => (
                    <Flex gap={4} wrap>
                      {data.canReport && !m.isFuture && (
                        <Button size="small" type="link" onClick={() => setReporting(m)}>
                          {m.reportId ? t("report.correct") : t("report.enter")}
                        </Button>
                      )}
                      {m.revisionCount > 0 && (
                        <Button size="small" type="link" onClick={() => setRevisionsOf(m.month)}>
                          {t("report.revisions", { count: m.revisionCount })}
                        </Button>
                      )}
                    </Flex>
                  ),
                },
              ]}
            />
            {planOpen && (
              <PlanModal
                projectId={projectId}
                defaultYear={year}
                onClose={() => setPlanOpen(false)}
                onSaved={setYear}
              />
            )}
            <ReportModal projectId={projectId} year={year} month={reporting} onClose={() => setReporting(null)} />
            <PlanRevisionsDrawer
              projectId={projectId}
              year={year}
              open={planHistoryOpen}
              onClose={() => setPlanHistoryOpen(false)}
            />
            <RevisionsDrawer
              projectId={projectId}
              year={year}
              month={revisionsOf}
              onClose={() => setRevisionsOf(null)}
            />
          </Flex>
        )}
      </Spin>
    </Card>
  );
}
