import { PlusOutlined } from "@ant-design/icons";
import type { ProcedureType } from "@zonedesk/contracts";
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Switch, Table, Tag } from "antd";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useProcedureTypes, useSaveProcedureType } from "../api/projects-api";

interface Values {
  name: string;
  sortOrder?: number;
  isArchived?: boolean;
}

/** 前期手续清单: the approval procedures every project is checked against, kept as data. */
export function ProcedureTypesPage() {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const types = useProcedureTypes(true);
  const save = useSaveProcedureType();
  const [editing, setEditing] = useState<ProcedureType | "new" | null>(null);
  const [form] = Form.useForm<Values>();

  const open = (value: ProcedureType | "new") => {
    setEditing(value);
    form.setFieldsValue(
      value === "new"
        ? { name: "", sortOrder: ((types.data ?? []).at(-1)?.sortOrder ?? 0) + 10, isArchived: false }
        : { name: value.name, sortOrder: value.sortOrder, isArchived: value.isArchived },
    );
  };
  const onFinish = async (values: Values) => {
    if (editing === null) return;
    try {
      if (editing === "new") {
        await save.mutateAsync({ body: { name: values.name.trim(), sortOrder: values.sortOrder } });
      } else {
        await save.mutateAsync({
          id: editing.id,
          body: {
            name: values.name.trim(),
            sortOrder: values.sortOrder,
            isArchived: values.isArchived,
            version: editing.version,
          },
        });
      }
      message.success(t("common.saved"));
      setEditing(null);
    } catch (e) {
      if (isApiError(e, "VERSION_CONFLICT")) void types.refetch();
      handleError(e, form);
    }
  };

  return (
    <>
      <PageHeader
        title={t("procedure.typesTitle")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open("new")}>
            {t("procedure.newType")}
          </Button>
        }
      />
      {types.isError && <Alert type="error" showIcon title={types.error.message} style={{ marginBottom: 16 }} />}
      <Card size="small">
        <Table<ProcedureType>
          rowKey="id"
          size="small"
          loading={types.isFetching}
          pagination={false}
          dataSource={types.data ?? []}
          columns={[
            { title: t("procedure.sortOrder"), dataIndex: "sortOrder", key: "sortOrder", width: 90 },
            { title: t("procedure.name"), dataIndex: "name", key: "name" },
            {
              title: t("common.status"),
              key: "status",
              width: 100,
              render: (_, p) =>
                p.isArchived ? <Tag>{t("procedure.disabled")}</Tag> : <Tag color="green">{t("common.active")}</Tag>,
            },
            {
              title: t("common.actions"),
              key: "actions",
              width: 90,
              render: (_, p) => (
                <Button size="small" type="link" onClick={() => open(p)}>
                  {t("common.edit")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === "new" ? t("procedure.newType") : t("common.edit")}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        confirmLoading={save.isPending}
        forceRender
      >
        <Form<Values> form={form} layout="vertical" onFinish={onFinish}>
          <Form.Item
            label={t("procedure.name")}
            name="name"
            rules={[{ required: true, whitespace: true, max: 50, message: t("procedure.nameRule") }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item label={t("procedure.sortOrder")} name="sortOrder">
            <InputNumber min={0} max={9999} style={{ width: "100%" }} />
          </Form.Item>
          {editing !== "new" && (
            <Form.Item label={t("procedure.disabled")} name="isArchived" valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
