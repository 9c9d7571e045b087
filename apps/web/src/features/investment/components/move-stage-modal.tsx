import type { Lead, LeadStage } from "@zonedesk/contracts";
import { App, Form, Input, Modal, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { PastDatePicker } from "../../../components/past-date-picker";
import { useT } from "../../../i18n";
import { toDateString } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useMoveLeadStage } from "../api/leads-api";

interface MoveStageModalProps {
  /** The lead and where it goes, as they were when the dialog opened (keep it in state); null when closed. */
  target: { lead: Lead; toStage: LeadStage } | null;
  onClose: () => void;
}

/** Moves a lead along the pipeline (with the date it happened) or terminates it (with the reason). */
export function MoveStageModal({ target, onClose }: MoveStageModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<{ occurredOn: Dayjs; note?: string }>();
  const move = useMoveLeadStage();
  const isTerminate = target?.toStage === "terminated";

  const onFinish = async (values: { occurredOn: Dayjs; note?: string }) => {
    if (!target) return;
    try {
      await move.mutateAsync({
        id: target.lead.id,
        body: {
          toStage: target.toStage,
          occurredOn: toDateString(values.occurredOn) ?? "",
          note: values.note?.trim() || null,
        },
      });
      message.success(
        isTerminate ? t("lead.terminated") : t("lead.moved", { stage: t(`leadStage.${target.toStage}`) }),
      );
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={
        isTerminate
          ? t("lead.terminateTitle")
          : t("lead.moveTitle", { stage: target ? t(`leadStage.${target.toStage}`) : "" })
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={isTerminate ? t("lead.terminate") : t("common.confirm")}
      okButtonProps={{ danger: isTerminate }}
      cancelText={t("common.cancel")}
      confirmLoading={move.isPending}
      destroyOnHidden
    >
      {target && (
        <Typography.Paragraph>
          {target.lead.projectName}（{target.lead.investorName}）：{t(`leadStage.${target.lead.stage}`)} →{" "}
          {t(`leadStage.${target.toStage}`)}
        </Typography.Paragraph>
      )}
      {/* mounted afresh at each opening (destroyOnHidden + clearOnDestroy): today's date, an empty note */}
      <Form form={form} layout="vertical" onFinish={onFinish} clearOnDestroy initialValues={{ occurredOn: dayjs() }}>
        <Form.Item
          label={t("lead.occurredOn")}
          name="occurredOn"
          rules={[{ required: true, message: t("lead.occurredOnRequired") }]}
        >
          <PastDatePicker />
        </Form.Item>
        <Form.Item
          label={isTerminate ? t("lead.terminationReason") : t("lead.note")}
          name="note"
          rules={
            isTerminate
              ? [{ required: true, whitespace: true, message: t("lead.terminationReasonRequired") }]
              : [{ max: 1000 }]
          }
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
