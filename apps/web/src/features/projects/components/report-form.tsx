import type { InvestmentMonth } from "@zonedesk/contracts";
import { Alert, App, Form, type FormInstance, Input, Radio, Typography } from "antd";
import { useT } from "../../../i18n";
import { formatWanYuan, wanYuanInputPattern, wanYuanToYuan } from "../../../lib/money";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useSaveReport } from "../api/investment-api";
import { reportFieldNames } from "./field-errors";

export interface ReportFormValues {
  mode: "month" | "toDate";
  amount?: string;
  progressText?: string;
  reason?: string;
}

/** The body of PUT /projects/:id/reports/:year/:month from the form. */
export function toReportInput(values: ReportFormValues, existing: InvestmentMonth | undefined) {
  const yuan = wanYuanToYuan(values.amount ?? "") ?? "";
  const isCorrection = existing?.reportId != null;
  return {
    ...(values.mode === "month" ? { completedInMonth: yuan } : { completedToDate: yuan }),
    progressText: values.progressText?.trim() || null,
    reason: isCorrection ? values.reason?.trim() || null : null,
    version: isCorrection ? (existing?.version ?? undefined) : undefined,
  };
}

export interface ReportTarget {
  projectId: string;
  year: number;
  month: number;
  /** The month as stored; a month already reported is corrected (with a reason and its version). */
  existing: InvestmentMonth | undefined;
}

/**
 * The form of one month's report and its save: the form starts on 当月 with the month's progress text;
 * after a save `onSaved` runs with the form, a refusal shows on the fields it concerns.
 */
export function useReportForm(
  { projectId, year, month, existing }: ReportTarget,
  onSaved: (form: FormInstance<ReportFormValues>) => void | Promise<void>,
) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<ReportFormValues>();
  const save = useSaveReport();
  const onFinish = async (values: ReportFormValues) => {
    try {
      await save.mutateAsync({ id: projectId, year, month, body: toReportInput(values, existing) });
      message.success(t("report.saved"));
      await onSaved(form);
    } catch (e) {
      handleError(e, form, reportFieldNames);
    }
  };
  const initialValues: ReportFormValues = { mode: "month", progressText: existing?.progressText ?? undefined };
  return { form, onFinish, initialValues, saving: save.isPending };
}

/**
 * 当月完成投资 or 累计 (in 万元) and the progress text; a month already reported shows its current
 * value and asks why it is corrected.
 */
export function ReportFields({ form, existing }: { form: FormInstance<ReportFormValues>; existing?: InvestmentMonth }) {
  const t = useT();
  const mode = Form.useWatch("mode", form) ?? "month";
  const isCorrection = existing?.reportId != null;
  const label = mode === "month" ? t("report.completedInMonthWan") : t("report.completedToDateWan");
  return (
    <>
      {isCorrection && existing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("report.alreadyReported")}
          description={
            <Typography.Text>
              {t("report.currentValue", {
                month: formatWanYuan(existing.completedInMonth, t("money.wanYuan")),
                toDate: formatWanYuan(existing.completedToDate, t("money.wanYuan")),
              })}
            </Typography.Text>
          }
        />
      )}
      <Form.Item name="mode" label={t("report.mode")}>
        <Radio.Group
          optionType="button"
          options={[
            { value: "month", label: t("report.modeMonth") },
            { value: "toDate", label: t("report.modeToDate") },
          ]}
        />
      </Form.Item>
      <Form.Item
        label={label}
        name="amount"
        rules={[
          { required: true, whitespace: true, message: t("project.amountRequired", { field: label }) },
          {
            validator: (_, v: string | undefined) =>
              !v?.trim() || wanYuanInputPattern.test(v.trim().replaceAll(",", ""))
                ? Promise.resolve()
                : Promise.reject(new Error(t("project.amountInvalid", { field: label }))),
          },
        ]}
      >
        <Input inputMode="decimal" suffix={t("money.wanYuan")} autoComplete="off" size="large" />
      </Form.Item>
      <Form.Item label={t("report.progressText")} name="progressText" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      {isCorrection && (
        <Form.Item
          label={t("report.reason")}
          name="reason"
          rules={[{ required: true, whitespace: true, max: 200, message: t("report.reasonRequired") }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      )}
    </>
  );
}
