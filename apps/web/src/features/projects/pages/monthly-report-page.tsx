import { Alert, Button, Card, Flex, Form, Select, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { formatPercent, formatWanYuan } from "../../../lib/money";
import { useDebounced } from "../../../lib/use-debounced";
import { type QueryPatch, useQueryParams } from "../../../lib/use-query-params";
import { useProjectInvestment } from "../api/investment-api";
import { useProjectList } from "../api/projects-api";
import { currentBeijingMonth, lastCompleteMonth } from "../components/periods";
import { ReportFields, type ReportFormValues, type ReportTarget, useReportForm } from "../components/report-form";

interface ReportEntryFormProps extends ReportTarget {
  onSaved: () => Promise<void>;
}

/**
 * The entry form of one project's month. The page mounts a new one for each project, year and month
 * (`key`), so switching starts from that month as stored; a refetch after saving keeps the form as it is.
 */
function ReportEntryForm({ projectId, year, month, existing, onSaved }: ReportEntryFormProps) {
  const t = useT();
  const { form, onFinish, initialValues, saving } = useReportForm(
    { projectId, year, month, existing },
    async (saved) => {
      saved.setFieldsValue({ amount: undefined, reason: undefined });
      await onSaved();
    },
  );
  return (
    <Form<ReportFormValues> form={form} layout="vertical" onFinish={onFinish} initialValues={initialValues}>
      <ReportFields form={form} existing={existing} />
      <Button type="primary" htmlType="submit" block size="large" loading={saving}>
        {existing?.reportId ? t("report.submitCorrection") : t("report.submit")}
      </Button>
    </Form>
  );
}

/**
 * 月度投资填报: one of my projects, a month, 当月 or 累计 in 万元 and the progress; made for a phone. It opens on
 * the last complete month (the month being reported; in January, December of the year before).
 */
export function MonthlyReportPage() {
  const t = useT();
  const [params, patchParams] = useQueryParams();
  const projectId = params.get("projectId") ?? "";
  const current = currentBeijingMonth();
  const fallback = lastCompleteMonth();
  const year = Number(params.get("year")) || fallback.year;
  const month = Number(params.get("month")) || fallback.month;
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const projects = useProjectList({ q: q || undefined, pageSize: 50, sort: "name" });
  const investment = useProjectInvestment(projectId, year, projectId !== "");
  const existing = investment.data?.months.find((m) => m.month === month);
  const [done, setDone] = useState<string | null>(null);
  const selected = projects.data?.data.find((p) => p.id === projectId);
  const maxMonth = year === current.year ? current.month : 12;

  const set = (patch: QueryPatch) => {
    setDone(null);
    patchParams(patch);
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
              onChange={(v) => set({ year: v, month: v === current.year ? Math.min(month, current.month) : month })}
              options={[current.year, current.year - 1].map((y) => ({
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
            <ReportEntryForm
              key={`${projectId}:${year}:${month}`}
              projectId={projectId}
              year={year}
              month={month}
              existing={existing}
              onSaved={async () => {
                setDone(t("report.savedFor", { name: investment.data?.projectName ?? "", year, month }));
                await investment.refetch();
              }}
            />
          )}
        </Flex>
      </Card>
    </div>
  );
}
