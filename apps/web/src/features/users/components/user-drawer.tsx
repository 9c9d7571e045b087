import { type Role, roles, type User } from "@zonedesk/contracts";
import { App, Button, Drawer, Flex, Form, Input, Select, Switch } from "antd";
import { useEffect } from "react";
import { EnterprisePicker } from "../../../components/pickers/enterprise-picker";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useLabels, useT } from "../../../i18n";
import { useDepartments } from "../../../lib/reference-data";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { toUpdateUser, useSaveUser } from "../api/users-api";

interface Values {
  username: string;
  displayName: string;
  phone?: string;
  role: Role;
  orgUnitId: string;
  departmentId?: string;
  enterpriseId?: string;
  password?: string;
  isDisabled: boolean;
}

interface UserDrawerProps {
  open: boolean;
  /** null: create a new user. */
  user: User | null;
  onClose: () => void;
}

/** Create or edit a user: role, org unit, and the department or enterprise the role needs. */
export function UserDrawer({ open, user, onClose }: UserDrawerProps) {
  const t = useT();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveUser();
  const handleError = useErrorHandler();
  const role = Form.useWatch("role", form);
  const orgUnitId = Form.useWatch("orgUnitId", form);
  const departments = useDepartments(orgUnitId, open && role === "department" && Boolean(orgUnitId));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        phone: user.phone ?? undefined,
        role: user.role,
        orgUnitId: user.orgUnitId,
        departmentId: user.departmentId ?? undefined,
        enterpriseId: user.enterpriseId ?? undefined,
        isDisabled: user.isDisabled,
      });
    }
  }, [open, user, form]);

  const onFinish = async (values: Values) => {
    const common = {
      displayName: values.displayName.trim(),
      phone: values.phone?.trim() || null,
      role: values.role,
      orgUnitId: values.orgUnitId,
      departmentId: values.role === "department" ? (values.departmentId ?? null) : null,
      enterpriseId: values.role === "enterprise" ? (values.enterpriseId ?? null) : null,
    };
    try {
      if (user) {
        await save.mutateAsync({ id: user.id, body: toUpdateUser(user, { ...common, isDisabled: values.isDisabled }) });
      } else {
        await save.mutateAsync({
          id: null,
          body: { ...common, username: values.username.trim(), password: values.password ?? "" },
        });
      }
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={user ? t("user.editTitle", { name: user.displayName }) : t("user.create")}
      size={isMobile ? "100%" : 480}
      destroyOnHidden
      forceRender
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t("common.save")}
          </Button>
        </Flex>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ role: "cadre", isDisabled: false }}
      >
        <Form.Item
          label={t("user.username")}
          name="username"
          rules={[
            {
              required: true,
              pattern: /^[A-Za-z0-9_.-]{3,32}$/,
              message: "用户名为3-32位字母、数字、下划线、点或短横线",
            },
          ]}
        >
          <Input disabled={user !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t("user.displayName")}
          name="displayName"
          rules={[{ required: true, whitespace: true, max: 50 }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t("user.phone")} name="phone">
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        <Form.Item label={t("user.role")} name="role" rules={[{ required: true }]}>
          <Select options={roles.map((r) => ({ value: r, label: labels.role[r] }))} />
        </Form.Item>
        <Form.Item label={t("common.orgUnit")} name="orgUnitId" rules={[{ required: true, message: "请选择所属单位" }]}>
          <OrgUnitTreeSelect allowClear={false} />
        </Form.Item>
        {role === "department" && (
          <Form.Item label={t("user.department")} name="departmentId" rules={[{ required: true }]}>
            <Select
              loading={departments.isLoading}
              options={(departments.data ?? [])
                .filter((d) => !d.isArchived)
                .map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        )}
        {role === "enterprise" && (
          <Form.Item label={t("user.enterprise")} name="enterpriseId" rules={[{ required: true }]}>
            <EnterprisePicker initialLabel={user?.enterpriseName ?? undefined} />
          </Form.Item>
        )}
        {user === null && (
          <Form.Item label={t("user.password")} name="password" rules={[{ required: true, min: 8 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {user !== null && (
          <Form.Item label={t("user.isDisabled")} name="isDisabled" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
