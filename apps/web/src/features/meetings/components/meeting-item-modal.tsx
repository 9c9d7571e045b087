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
import { type ItemField, itemFields, needsResponsibleUnit } from "./item-errors";

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
  errors,
  onSaved,
  onClose,
}: {
  meetingId: string;
  item: MeetingItem | null;
  /** What the server refused about this item when the meeting was to be concluded, shown on its fields. */
  errors?: Partial<Record<ItemField, string>>;
  onSaved?: (itemId: string) => void;
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
    form.setFields(
      itemFields.flatMap((name) => {
        const message = errors?.[name];
        return message ? [{ name, errors: [message] }] : [];
      }),
    );
  }, [form, item, errors]);

  if (!item) return null;
  const needsUnit = needsResponsibleUnit(item);
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
      onSaved?.(item.id);
      onClose();
    } catch (e) {
      handleError(e, form, {
        labels: {
          decision: t("meeting.decision"),
          responsibleLeaderId: t("meeting.responsibleLeader"),
          responsibleDepartmentId: t("meeting.responsibleUnit"),
          newDueOn: t("meeting.newDueOn"),
        },
      });
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
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item name="decision" label={t("meeting.decision")}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Form.Item name="responsibleLeaderId" label={t("meeting.responsibleLeader")}>
          <UserPicker roles={["leader"]} initialLabel={item.responsibleLeaderName ?? undefined} />
        </Form.Item>
        <Form.Item
          name="responsibleDepartmentId"
          label={t("meeting.responsibleUnit")}
          rules={needsUnit ? [{ required: true, message: t("meeting.unitRequired") }] : []}
          extra={needsUnit ? t("meeting.unitRequiredHint") : undefined}
        >
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
