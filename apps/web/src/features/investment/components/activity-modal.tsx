import { type LeadActivity, type LeadActivityInput, leadActivityKinds } from "@zonedesk/contracts";
import { App, Col, Form, Input, Modal, Row, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { PastDatePicker } from "../../../components/past-date-picker";
import { useT } from "../../../i18n";
import { fromDateString, toDateString } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useAddLeadActivity, useUpdateLeadActivity } from "../api/leads-api";

interface ActivityValues {
  kind: LeadActivityInput["kind"];
  occurredOn: Dayjs;
  participants?: string;
  summary: string;
}

interface ActivityModalProps {
  leadId: string;
  open: boolean;
  /** The activity to correct; absent to record a new one. */
  activity?: LeadActivity;
  onClose: () => void;
}

/**
 * 招商活动: records a contact, an investor site visit (考察), a negotiation round (洽谈)… with date and people,
 * or corrects one. Each opening starts from the activity as stored (or an empty site visit of today).
 */
export function ActivityModal({ leadId, open, activity, onClose }: ActivityModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<ActivityValues>();
  const add = useAddLeadActivity(leadId);
  const update = useUpdateLeadActivity(leadId);
  const onFinish = async (values: ActivityValues) => {
    const body = {
      kind: values.kind,
      occurredOn: toDateString(values.occurredOn) ?? "",
      participants: values.participants?.trim() || null,
      summary: values.summary.trim(),
    };
    try {
      if (activity) {
        await update.mutateAsync({ id: activity.id, body });
        message.success(t("common.saved"));
      } else {
        await add.mutateAsync(body);
        message.success(t("lead.activityAdded"));
      }
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Modal
      open={open}
      title={activity ? t("lead.editActivity") : t("lead.addActivity")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={add.isPending || update.isPending}
      destroyOnHidden
    >
      <Form<ActivityValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        clearOnDestroy
        initialValues={
          activity
            ? {
                kind: activity.kind,
                occurredOn: fromDateString(activity.occurredOn),
                participants: activity.participants ?? undefined,
                summary: activity.summary,
              }
            : { kind: "site_visit", occurredOn: dayjs() }
        }
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item label={t("lead.activityKind")} name="kind" rules={[{ required: true }]}>
              <Select options={leadActivityKinds.map((k) => ({ value: k, label: t(`leadActivity.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t("lead.occurredOn")}
              name="occurredOn"
              rules={[{ required: true, message: t("lead.occurredOnRequired") }]}
            >
              <PastDatePicker />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t("lead.participants")} name="participants" rules={[{ max: 500 }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          label={t("lead.summary")}
          name="summary"
          rules={[{ required: true, whitespace: true, max: 2000, message: t("lead.summaryRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
