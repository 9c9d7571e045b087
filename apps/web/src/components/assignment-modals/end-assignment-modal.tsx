import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Assignment, EndAssignment } from "@zonedesk/contracts";
import { App, DatePicker, Form, Input, Modal } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useT } from "../../i18n";
import { api } from "../../lib/api";
import { toDateString } from "../../lib/dates";
import { useErrorHandler } from "../../lib/use-error-handler";

interface Values {
  endsOn?: Dayjs;
  note?: string;
}

/** Ends a liaison assignment on a date (POST /api/assignments/:id/end); history is kept. */
export function EndAssignmentModal({ assignment, onClose }: { assignment: Assignment | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const end = useMutation({
    mutationFn: ({ id, body }: { id: string; body: EndAssignment }) =>
      api.post<Assignment>(`/assignments/${id}/end`, body),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["assignments"] }),
        queryClient.invalidateQueries({ queryKey: ["enterprises"] }),
      ]);
    },
  });

  const onFinish = async (values: Values) => {
    if (!assignment) return;
    try {
      await end.mutateAsync({
        id: assignment.id,
        body: { endsOn: toDateString(values.endsOn), note: values.note?.trim() || null },
      });
      message.success(t("assignment.endDone"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={assignment !== null}
      title={
        assignment
          ? t("assignment.endTitle", { name: `${assignment.userDisplayName} · ${assignment.enterpriseName}` })
          : ""
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("assignment.end")}
      okButtonProps={{ danger: true }}
      cancelText={t("common.cancel")}
      confirmLoading={end.isPending}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ endsOn: dayjs() }}>
        <Form.Item label={t("assignment.endsOn")} name="endsOn">
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item label={t("assignment.note")} name="note">
          <Input.TextArea maxLength={200} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
