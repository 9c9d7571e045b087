import { passwordRules } from "@zonedesk/contracts";
import { Alert, App, Button, Flex, Form, Input, Typography } from "antd";
import { Navigate, useNavigate } from "react-router-dom";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { needsPasswordChange, useCurrentUser, useSignOut } from "../../../lib/current-user";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useChangePassword } from "../api/auth-api";
import { AuthCard } from "../components/auth-card";

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Change one's own password; forced after a reset, on first sign-in, or when the password expired. */
export function ChangePasswordPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangePasswordValues>();
  const me = useCurrentUser();
  const changePassword = useChangePassword();
  const signOut = useSignOut();
  const handleError = useErrorHandler();

  if (me.isPending) return <PageSpin />;
  if (me.isError && isApiError(me.error) && me.error.status === 401) return <Navigate to="/login" replace />;
  const user = me.data;
  const isForced = needsPasswordChange(user);

  const onFinish = async (values: ChangePasswordValues) => {
    try {
      await changePassword.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t("auth.passwordChanged"));
      navigate("/", { replace: true });
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <AuthCard title={t("auth.changePasswordTitle")}>
      {user?.mustChangePassword && (
        <Alert type="warning" showIcon title={t("auth.mustChangeHint")} style={{ marginBottom: 16 }} />
      )}
      {!user?.mustChangePassword && user?.passwordExpired && (
        <Alert type="warning" showIcon title={t("auth.expiredHint")} style={{ marginBottom: 16 }} />
      )}
      <Typography.Paragraph type="secondary">
        {t("auth.passwordRules", { min: passwordRules.minLength, classes: passwordRules.minClasses })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          label={t("auth.currentPassword")}
          name="currentPassword"
          rules={[{ required: true, message: t("auth.passwordRequired") }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t("auth.newPassword")}
          name="newPassword"
          rules={[
            { required: true, message: t("auth.passwordRequired") },
            { min: passwordRules.minLength, message: t("auth.tooShort", { min: passwordRules.minLength }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t("auth.confirmPassword")}
          name="confirmPassword"
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: t("auth.passwordRequired") },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || getFieldValue("newPassword") === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("auth.passwordMismatch"))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Flex gap={8} vertical>
          <Button type="primary" htmlType="submit" block loading={changePassword.isPending}>
            {t("common.save")}
          </Button>
          {isForced ? (
            <Button
              block
              onClick={async () => {
                await signOut().catch(() => undefined);
                navigate("/login", { replace: true });
              }}
            >
              {t("header.signOut")}
            </Button>
          ) : (
            <Button block onClick={() => navigate(-1)}>
              {t("common.back")}
            </Button>
          )}
        </Flex>
      </Form>
    </AuthCard>
  );
}
