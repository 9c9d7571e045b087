import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { needsPasswordChange, useCurrentUser } from "../../../lib/current-user";
import { useSignIn } from "../api/auth-api";
import { AuthCard } from "../components/auth-card";

interface SignInValues {
  username: string;
  password: string;
}

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export function SignInPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<SignInValues>();
  const signIn = useSignIn();
  const me = useCurrentUser();
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get("next"));

  if (me.data && !signIn.isPending) {
    return <Navigate to={needsPasswordChange(me.data) ? "/change-password" : next} replace />;
  }

  const onFinish = async (values: SignInValues) => {
    setError(null);
    try {
      const user = await signIn.mutateAsync({ username: values.username.trim(), password: values.password });
      navigate(needsPasswordChange(user) ? "/change-password" : next, { replace: true });
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
      form.setFieldValue("password", "");
    }
  };

  return (
    <AuthCard title={t("auth.signInTitle")}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
        <Form.Item
          label={t("auth.username")}
          name="username"
          rules={[{ required: true, whitespace: true, message: t("auth.usernameRequired") }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus />
        </Form.Item>
        <Form.Item
          label={t("auth.password")}
          name="password"
          rules={[{ required: true, message: t("auth.passwordRequired") }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
          {t("auth.signIn")}
        </Button>
      </Form>
    </AuthCard>
  );
}
