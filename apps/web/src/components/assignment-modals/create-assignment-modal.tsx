import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Assignment, CreateAssignment, LiaisonRole } from "@zonedesk/contracts";
import { App, DatePicker, Form, Input, Modal } from "antd";
import type { Dayjs } from "dayjs";
import { useT } from "../../i18n";
import { api } from "../../lib/api";
import { toDateString } from "../../lib/dates";
import { useErrorHandler } from "../../lib/use-error-handler";
import { EnterprisePicker } from "../pickers/enterprise-picker";
import { LiaisonRoleSelect } from "../pickers/liaison-role-select";
import { UserPicker } from "../pickers/user-picker";

interface Values {
  enterpriseId: string;
  userId: string;
  role: LiaisonRole;
  startsOn?: Dayjs;
  note?: string;
}

interface CreateAssignmentModalProps {
  open: boolean;
  onClose: () => void;
  /** When set, the enterprise is fixed (opened from its detail page). */
  enterprise?: { id: string; label: string };
}

/** Assigns one person to one enterprise in a liaison role (POST /api/assignments). */
export function CreateAssignmentModal({ open, onClose, enterprise }: CreateAssignmentModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const create = useMutation({
    mutationFn: (body: CreateAssignment) => api.post<Assignment>("/assignments", body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["assignments"] }),
        queryClient.invalidateQueries({ queryKey: ["enterprises"] }),
      ]);
    },
  });

  const onFinish = async (values: Values) => {
    try {
      await create.mutateAsync({
        enterpriseId: values.enterpriseId,
        userId: values.userId,
        role: values.role,
        startsOn: toDateString(values.startsOn),
        note: values.note?.trim() || null,
      });
      message.success(t("assignment.created"));
      form.resetFields();
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={open}
      title={t("assignment.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ enterpriseId: enterprise?.id, role: "lead_leader" }}
      >
        <Form.Item
          label={t("assignment.enterprise")}
          name="enterpriseId"
          rules={[{ required: true, message: t("assignment.enterpriseRequired") }]}
        >
          <EnterprisePicker disabled={enterprise !== undefined} initialLabel={enterprise?.label} />
        </Form.Item>
        <Form.Item
          label={t("assignment.person")}
          name="userId"
          rules={[{ required: true, message: t("assignment.personRequired") }]}
        >
          <UserPicker />
        </Form.Item>
        <Form.Item
          label={t("assignment.role")}
          name="role"
          rules={[{ required: true, message: t("assignment.roleRequired") }]}
        >
          <LiaisonRoleSelect />
        </Form.Item>
        <Form.Item label={t("assignment.startsOn")} name="startsOn">
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item label={t("assignment.note")} name="note">
          <Input.TextArea maxLength={200} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
