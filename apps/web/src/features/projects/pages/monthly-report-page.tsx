import { Alert, App, Button, Card, Flex, Form, Select, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { formatPercent, formatWanYuan } from "../../../lib/money";
import { useDebounced } from "../../../lib/use-debounced";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useProjectInvestment, useSaveReport } from "../api/investment-api";
import { useProjectList } from "../api/projects-api";
import { ReportFields, type ReportFormValues, toReportInput } from "../components/report-form";

/** 月度投资填报: one of my projects, a month, 当月 or 累计 in 万元 and the progress; made for a phone. */
export function MonthlyReportPage() {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [params, setParams] = useSearchParams();
  const projectId = params.get("projectId") ?? "";
  const now = dayjs();
  const year = Number(params.get("year")) || now.year();
  const month = Number(params.get("month")) || now.month() + 1;
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const projects = useProjectList({ q: q || undefined, pageSize: 50, sort: "name" });
  const investment = useProjectInvestment(projectId, year, projectId !== "");
  const existing = investment.data?.months.find((m) => m.month === month);
  const [form] = Form.useForm<ReportFormValues>();
  const save = useSaveReport();
  const [done, setDone] = useState<string | null>(null);
  const selected = projects.data?.data.find((p) => p.id === projectId);
  const maxMonth = year === now.year() ? now.month() + 1 : 12;

  const set = (patch: Record<string, string | number | undefined>) => {
    setDone(null);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === "") next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      },
      { replace: true },
    );
  };

  // a different project or month starts from an empty form, with that month's progress text if any
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({ mode: "month", progressText: existing?.progressText ?? undefined });
  }, [form, existing?.progressText]);

  const onFinish = async (values: ReportFormValues) => {
    try {
      await save.mutateAsync({ id: projectId, year, month, body: toReportInput(values, existing) });
      message.success(t("report.saved"));
      setDone(t("report.savedFor", { name: investment.data?.projectName ?? "", year, month }));
      form.setFieldsValue({ amount: undefined, reason: undefined });
      await investment.refetch();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <div style={{ maxWidth: 560 }}>
      <PageHeader title={t("report.entryTitle")} />
      <Card size="small">
        <Flex vertical gap={12}>
          <div>
            <Typography.Text strong>{t("report.project")}</Typography.Text>
            <Select<string>
              aria-label={t("report.project")}
              value={projectId || undefined}
              onChange={(v) => set({ projectId: v })}
              showSearch={{ filterOption: false, onSearch: setSearch }}
              placeholder={t("report.pickProject")}
              loading={projects.isFetching}
              options={[
                ...(selected || !investment.data ? [] : [{ value: projectId, label: investment.data.projectName }]),
                ...(projects.data?.data ?? []).map((p) => ({ value: p.id, label: p.name })),
              ]}
              size="large"
              style={{ width: "100%", marginTop: 4 }}
            />
          </div>
          <Flex gap={8}>
            <Select<number>
              aria-label={t("project.year")}
              value={year}
              onChange={(v) => set({ year: v, month: v === now.year() ? Math.min(month, now.month() + 1) : month })}
              options={[now.year(), now.year() - 1].map((y) => ({
                value: y,
                label: t("project.yearLabel", { year: y }),
              }))}
              size="large"
              style={{ flex: 1 }}
            />
            <Select<number>
              aria-label={t("report.month")}
              value={month}
              onChange={(v) => set({ month: v })}
              options={Array.from({ length: maxMonth }, (_, i) => ({
                value: i + 1,
                label: t("plan.monthLabel", { month: i + 1 }),
              }))}
              size="large"
              style={{ flex: 1 }}
            />
          </Flex>
          {investment.isError && <Alert type="error" showIcon title={investment.error.message} />}
          {investment.data && (
            <Typography.Text type="secondary">
              {t("report.yearSummary", {
                planned: investment.data.plan
                  ? formatWanYuan(investment.data.plan.plannedInvestment, t("money.wanYuan"))
                  : "—",
                completed: formatWanYuan(investment.data.completedTotal, t("money.wanYuan")),
                rate: formatPercent(investment.data.completionRate),
              })}
            </Typography.Text>
          )}
          {done && (
            <Alert
              type="success"
              showIcon
              title={done}
              action={<Link to={`/projects/${projectId}`}>{t("report.openProject")}</Link>}
            />
          )}
          {investment.data && !investment.data.canReport && (
            <Alert type="info" showIcon title={t("report.cannotReport")} />
          )}
          {projectId && investment.data?.canReport && (
            <Form<ReportFormValues> form={form} layout="vertical" onFinish={onFinish} initialValues={{ mode: "month" }}>
              <ReportFields form={form} existing={existing} />
              <Button type="primary" htmlType="submit" block size="large" loading={save.isPending}>
                {existing?.reportId ? t("report.submitCorrection") : t("report.submit")}
              </Button>
            </Form>
          )}
        </Flex>
      </Card>
    </div>
  );
}
