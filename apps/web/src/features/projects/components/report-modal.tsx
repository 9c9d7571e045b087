import type { InvestmentMonth } from "@zonedesk/contracts";
import { Alert, Drawer, Empty, Flex, Form, Modal, Spin, Timeline, Typography } from "antd";
import { useT } from "../../../i18n";
import { formatDateTime } from "../../../lib/dates";
import { formatWanYuan } from "../../../lib/money";
import { useReportRevisions } from "../api/investment-api";
import { ReportFields, type ReportFormValues, useReportForm } from "./report-form";

/** A dialog about one month of a project's year; `month` null while it is closed. */
interface MonthDialogProps<M> {
  projectId: string;
  year: number;
  month: M | null;
  onClose: () => void;
}

/** Enters or corrects one month's report from the project page; each opening starts from the month as stored. */
export function ReportModal({ projectId, year, month, onClose }: MonthDialogProps<InvestmentMonth>) {
  const t = useT();
  const { form, onFinish, initialValues, saving } = useReportForm(
    { projectId, year, month: month?.month ?? 0, existing: month ?? undefined },
    onClose,
  );
  return (
    <Modal
      open={month !== null}
      title={t("report.modalTitle", { year, month: month?.month ?? "" })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<ReportFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        clearOnDestroy
        initialValues={initialValues}
      >
        <ReportFields form={form} existing={month ?? undefined} />
      </Form>
    </Modal>
  );
}

/** The corrections of one month: what it held before each correction, who corrected it and why. */
export function RevisionsDrawer({ projectId, year, month, onClose }: MonthDialogProps<number>) {
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
