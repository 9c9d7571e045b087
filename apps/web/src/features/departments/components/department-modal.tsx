import type { Department } from "@zonedesk/contracts";
import { App, Form, Input, Modal } from "antd";
import { useEffect } from "react";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useSaveDepartment } from "../api/departments-api";

interface Values {
  orgUnitId: string;
  name: string;
}

/** Create a department under an org unit, or rename one. */
export function DepartmentModal({
  open,
  department,
  onClose,
}: {
  open: boolean;
  department: Department | null;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveDepartment();
  const handleError = useErrorHandler();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (department) form.setFieldsValue({ orgUnitId: department.orgUnitId, name: department.name });
  }, [open, department, form]);

  const onFinish = async (values: Values) => {
    try {
      if (department) {
        await save.mutateAsync({
          id: department.id,
          body: { name: values.name.trim(), isArchived: department.isArchived, version: department.version },
        });
      } else {
        await save.mutateAsync({ id: null, body: { orgUnitId: values.orgUnitId, name: values.name.trim() } });
      }
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={open}
      title={department ? t("department.editTitle") : t("department.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={save.isPending}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item label={t("common.orgUnit")} name="orgUnitId" rules={[{ required: true, message: "请选择所属单位" }]}>
          <OrgUnitTreeSelect allowClear={false} disabled={department !== null} />
        </Form.Item>
        <Form.Item label={t("department.name")} name="name" rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
