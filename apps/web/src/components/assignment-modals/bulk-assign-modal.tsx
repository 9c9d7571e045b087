import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BulkAssignment, LiaisonRole } from "@zonedesk/contracts";
import { Alert, App, DatePicker, Form, Modal } from "antd";
import type { Dayjs } from "dayjs";
import { useT } from "../../i18n";
import { api } from "../../lib/api";
import { toDateString } from "../../lib/dates";
import { useErrorHandler } from "../../lib/use-error-handler";
import { LiaisonRoleSelect } from "../pickers/liaison-role-select";
import { UserPicker } from "../pickers/user-picker";

interface Values {
  userId: string;
  role: LiaisonRole;
  startsOn?: Dayjs;
}

interface BulkAssignModalProps {
  open: boolean;
  enterpriseIds: string[];
  onClose: () => void;
  onDone?: () => void;
}

/** One person, one liaison role, many enterprises (POST /api/assignments/bulk). */
export function BulkAssignModal({ open, enterpriseIds, onClose, onDone }: BulkAssignModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const bulk = useMutation({
    mutationFn: (body: BulkAssignment) => api.post<{ created: number; skipped: number }>("/assignments/bulk", body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["assignments"] }),
        queryClient.invalidateQueries({ queryKey: ["enterprises"] }),
      ]);
    },
  });

  const onFinish = async (values: Values) => {
    try {
      const result = await bulk.mutateAsync({
        enterpriseIds,
        userId: values.userId,
        role: values.role,
        startsOn: toDateString(values.startsOn),
      });
      message.success(t("assignment.bulkDone", result));
      form.resetFields();
      onDone?.();
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={open}
      title={t("assignment.bulkTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={bulk.isPending}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        title={t("assignment.bulkHint", { count: enterpriseIds.length })}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ role: "lead_leader" }}>
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
      </Form>
    </Modal>
  );
}
