import type { MeetingItem } from "@zonedesk/contracts";
import { App, DatePicker, Form, Input, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useEffect } from "react";
import { UserPicker } from "../../../components/pickers/user-picker";
import { useT } from "../../../i18n";
import { toDateString } from "../../../lib/dates";
import { useDepartments } from "../../../lib/reference-data";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useUpdateMeetingItem } from "../api/meetings-api";

interface FormValues {
  decision?: string;
  responsibleLeaderId?: string;
  responsibleDepartmentId?: string;
  newDueOn?: Dayjs | null;
}

/** One agenda item's decision, responsible leader, responsible unit and new deadline. */
export function MeetingItemModal({
  meetingId,
  item,
  onClose,
}: {
  meetingId: string;
  item: MeetingItem | null;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<FormValues>();
  const update = useUpdateMeetingItem(meetingId);
  const departments = useDepartments(undefined, item !== null);

  useEffect(() => {
    if (!item) return;
    form.setFieldsValue({
      decision: item.decision ?? undefined,
      responsibleLeaderId: item.responsibleLeaderId ?? undefined,
      responsibleDepartmentId: item.responsibleDepartmentId ?? undefined,
      newDueOn: item.newDueOn ? dayjs(item.newDueOn) : null,
    });
  }, [form, item]);

  if (!item) return null;
  const onOk = async () => {
    const v = await form.validateFields();
    try {
      await update.mutateAsync({
        itemId: item.id,
        body: {
          decision: v.decision?.trim() || null,
          responsibleLeaderId: v.responsibleLeaderId ?? null,
          responsibleDepartmentId: v.responsibleDepartmentId ?? null,
          newDueOn: toDateString(v.newDueOn) ?? null,
        },
      });
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Modal
      open
      title={`${item.serialNo} ${item.issueTitle}`}
      onOk={onOk}
      onCancel={onClose}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="decision" label={t("meeting.decision")}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Form.Item name="responsibleLeaderId" label={t("meeting.responsibleLeader")}>
          <UserPicker roles={["leader"]} initialLabel={item.responsibleLeaderName ?? undefined} />
        </Form.Item>
        <Form.Item name="responsibleDepartmentId" label={t("meeting.responsibleUnit")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={departments.isLoading}
            options={(departments.data ?? []).filter((d) => !d.isArchived).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="newDueOn" label={t("meeting.newDueOn")}>
          <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isBefore(dayjs().startOf("day"))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
