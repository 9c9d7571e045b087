import type { InvestmentMonth, ProjectInvestment } from "@zonedesk/contracts";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Spin,
  Statistic,
  Table,
  Timeline,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { lazy, Suspense, useState } from "react";
import { useT } from "../../../i18n";
import { formatDateTime } from "../../../lib/dates";
import {
  formatPercent,
  formatWanYuan,
  wanYuanInputPattern,
  wanYuanToYuan,
  yuanToWanYuanInput,
} from "../../../lib/money";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useProjectInvestment, useReportRevisions, useSavePlan, useSaveReport } from "../api/investment-api";
import { ReportFields, type ReportFormValues, toReportInput } from "./report-form";

const InvestmentChart = lazy(async () => ({ default: (await import("./investment-chart")).InvestmentChart }));

interface PlanValues {
  planned: string;
  byMonth: boolean;
  months?: string[];
}

/** The year's planned investment (年度计划投资), optionally split by month. */
function PlanModal({
  projectId,
  investment,
  open,
  onClose,
}: {
  projectId: string;
  investment: ProjectInvestment;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<PlanValues>();
  const save = useSavePlan(projectId);
  const byMonth = Form.useWatch("byMonth", form);
  const plan = investment.plan;
  const amountRule = (field: string) => ({
    validator: (_: unknown, v: string | undefined) =>
      !v?.trim() || wanYuanInputPattern.test(v.trim().replaceAll(",", ""))
        ? Promise.resolve()
        : Promise.reject(new Error(t("project.amountInvalid", { field }))),
  });
  const onFinish = async (values: PlanValues) => {
    try {
      await save.mutateAsync({
        year: investment.year,
        body: {
          plannedInvestment: wanYuanToYuan(values.planned) ?? "",
          monthlyPlan: values.byMonth ? (values.months ?? []).map((m) => wanYuanToYuan(m || "0") ?? "") : null,
          version: plan?.version,
        },
      });
      message.success(t("plan.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Modal
      open={open}
      title={t("plan.title", { year: investment.year })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form<PlanValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          planned: yuanToWanYuanInput(plan?.plannedInvestment),
          byMonth: Boolean(plan?.monthlyPlan),
          months: plan?.monthlyPlan?.map((m) => yuanToWanYuanInput(m)) ?? Array.from({ length: 12 }, () => ""),
        }}
      >
        <Form.Item
          label={t("plan.plannedWan")}
          name="planned"
          rules={[
            { required: true, whitespace: true, message: t("project.amountRequired", { field: t("plan.plannedWan") }) },
            amountRule(t("plan.plannedWan")),
          ]}
        >
          <Input inputMode="decimal" suffix={t("money.wanYuan")} autoComplete="off" />
        </Form.Item>
        <Form.Item name="byMonth" valuePropName="checked">
          <Checkbox>{t("plan.byMonth")}</Checkbox>
        </Form.Item>
        {byMonth && (
          <Row gutter={8}>
            {Array.from({ length: 12 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the twelve months are fixed positions
              <Col key={i} xs={12} sm={8} md={6}>
                <Form.Item
                  label={t("plan.monthLabel", { month: i + 1 })}
                  name={["months", i]}
                  rules={[amountRule(t("plan.monthLabel", { month: i + 1 }))]}
                >
                  <Input inputMode="decimal" size="small" />
                </Form.Item>
              </Col>
            ))}
          </Row>
        )}
      </Form>
    </Modal>
  );
}

/** Enters or corrects one month's report from the project page. */
export function ReportModal({
  projectId,
  year,
  month,
  onClose,
}: {
  projectId: string;
  year: number;
  month: InvestmentMonth | null;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<ReportFormValues>();
  const save = useSaveReport();
  const onFinish = async (values: ReportFormValues) => {
    if (!month) return;
    try {
      await save.mutateAsync({ id: projectId, year, month: month.month, body: toReportInput(values, month) });
      message.success(t("report.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Modal
      open={month !== null}
      title={t("report.modalTitle", { year, month: month?.month ?? "" })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<ReportFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ mode: "month", progressText: month?.progressText ?? undefined }}
      >
        <ReportFields form={form} existing={month ?? undefined} />
      </Form>
    </Modal>
  );
}

/** The corrections of one month: what it held before each correction, who corrected it and why. */
function RevisionsDrawer({
  projectId,
  year,
  month,
  onClose,
}: {
  projectId: string;
  year: number;
  month: number | null;
  onClose: () => void;
}) {
  const t = useT();
  const revisions = useReportRevisions(projectId, year, month);
  return (
    <Drawer open={month !== null} onClose={onClose} title={t("report.revisionsTitle", { year, month: month ?? "" })}>
      <Spin spinning={revisions.isFetching}>
        {revisions.isError && <Alert type="error" showIcon title={revisions.error.message} />}
        {(revisions.data ?? []).length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("report.noRevisions")} />
        ) : (
          <Timeline
            items={(revisions.data ?? []).map((r) => ({
              key: r.id,
              content: (
                <Flex vertical>
                  <Typography.Text>
                    {t("report.revisionLine", {
                      value: formatWanYuan(r.completedInMonth, t("money.wanYuan")),
                      by: r.reportedByName ?? "—",
                      at: formatDateTime(r.reportedAt),
                    })}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t("report.correctedLine", {
                      by: r.correctedByName ?? "—",
                      at: formatDateTime(r.correctedAt),
                      reason: r.reason ?? "—",
                    })}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        )}
      </Spin>
    </Drawer>
  );
}

/** A project's investment for one year: figures, chart, plan, monthly reports with corrections. */
export function InvestmentCard({ projectId }: { projectId: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const [year, setYear] = useState(dayjs().year());
  const investment = useProjectInvestment(projectId, year);
  const [planOpen, setPlanOpen] = useState(false);
  const [reporting, setReporting] = useState<InvestmentMonth | null>(null);
  const [revisionsOf, setRevisionsOf] = useState<number | null>(null);
  const data = investment.data;
  const wan = t("money.wanYuan");
  const thisYear = dayjs().year();

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
            options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({
              value: y,
              label: t("project.yearLabel", { year: y }),
            }))}
          />
          {data?.canReport && (
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
                <Statistic
                  title={t("plan.planned", { year })}
                  value={data.plan ? formatWanYuan(data.plan.plannedInvestment, wan) : "—"}
                />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("report.completedTotal")} value={formatWanYuan(data.completedTotal, wan)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("report.completionRate")} value={formatPercent(data.completionRate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
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
            <PlanModal projectId={projectId} investment={data} open={planOpen} onClose={() => setPlanOpen(false)} />
            <ReportModal projectId={projectId} year={year} month={reporting} onClose={() => setReporting(null)} />
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
