import type { User } from "@zonedesk/contracts";
import { Alert, App, Form, Input, Modal } from "antd";
import { useT } from "../../../i18n";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useResetPassword } from "../api/users-api";

/** An administrator sets a one-time password; the user must change it at the next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const reset = useResetPassword();
  const handleError = useErrorHandler();

  const onFinish = async ({ newPassword }: { newPassword: string }) => {
    if (!user) return;
    try {
      await reset.mutateAsync({ id: user.id, body: { newPassword } });
      message.success(t("user.resetDone"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t("user.resetPasswordTitle", { name: user.displayName }) : ""}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("user.resetPassword")}
      cancelText={t("common.cancel")}
      confirmLoading={reset.isPending}
      destroyOnHidden
      forceRender
    >
      <Alert type="info" showIcon title={t("user.resetPasswordHint")} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item label={t("auth.newPassword")} name="newPassword" rules={[{ required: true, min: 8 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
