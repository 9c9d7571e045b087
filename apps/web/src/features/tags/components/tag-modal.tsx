import type { Tag } from "@zonedesk/contracts";
import { App, Form, Input, InputNumber, Modal } from "antd";
import { useEffect } from "react";
import { useT } from "../../../i18n";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useSaveTag } from "../api/tags-api";

interface Values {
  name: string;
  category?: string;
  sortOrder?: number;
}

/** Create or edit an enterprise tag (规上工业企业, 高新技术企业…). */
export function TagModal({ open, tag, onClose }: { open: boolean; tag: Tag | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveTag();
  const handleError = useErrorHandler();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (tag) form.setFieldsValue({ name: tag.name, category: tag.category ?? undefined, sortOrder: tag.sortOrder });
  }, [open, tag, form]);

  const onFinish = async (values: Values) => {
    const body = { name: values.name.trim(), category: values.category?.trim() || null, sortOrder: values.sortOrder };
    try {
      if (tag)
        await save.mutateAsync({ id: tag.id, body: { ...body, isArchived: tag.isArchived, version: tag.version } });
      else await save.mutateAsync({ id: null, body });
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={open}
      title={tag ? t("tag.editTitle") : t("tag.create")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={save.isPending}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item label={t("tag.name")} name="name" rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t("tag.category")} name="category" rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t("tag.sortOrder")} name="sortOrder">
          <InputNumber min={0} max={9999} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
