import { PlusOutlined } from "@ant-design/icons";
import { type CadenceRule, cadencePeriods, cadenceRoleLabels, cadenceRoles, cadenceTargets } from "@zonedesk/contracts";
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Switch, Table, type TableProps, Tag } from "antd";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { useLabels, useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useCadenceRules, useSaveCadenceRule } from "../api/visits-api";

interface FormValues {
  name: string;
  appliesToRole: CadenceRule["appliesToRole"];
  target: CadenceRule["target"];
  period: CadenceRule["period"];
  minVisits: number;
  isActive: boolean;
}

/** 走访频次规则: visit cadence as data (一周一企, each assigned enterprise once a quarter, …). */
export function CadenceRulesPage() {
  const t = useT();
  const labels = useLabels();
  const can = useCan();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const rules = useCadenceRules();
  const save = useSaveCadenceRule();
  const [editing, setEditing] = useState<CadenceRule | "new" | null>(null);
  const [form] = Form.useForm<FormValues>();
  const canWrite = can("cadence.write");

  const openForm = (rule: CadenceRule | "new") => {
    setEditing(rule);
    form.setFieldsValue(
      rule === "new"
        ? { name: "", appliesToRole: "cadre", target: "each_assigned", period: "quarter", minVisits: 1, isActive: true }
        : rule,
    );
  };

  const onOk = async () => {
    const v = await form.validateFields();
    try {
      if (editing === "new") {
        const { isActive: _ignored, ...create } = v;
        await save.mutateAsync({ body: { ...create, name: v.name.trim() } });
      } else if (editing) {
        await save.mutateAsync({ id: editing.id, body: { ...v, name: v.name.trim(), version: editing.version } });
      }
      message.success(t("common.saved"));
      setEditing(null);
    } catch (e) {
      handleError(e, form, {
        labels: {
          name: t("cadence.name"),
          appliesToRole: t("cadence.appliesToRole"),
          period: t("cadence.periodUnit"),
          target: t("cadence.target"),
          minVisits: t("cadence.minVisits"),
          isActive: t("cadence.isActive"),
        },
      });
    }
  };

  const columns: TableProps<CadenceRule>["columns"] = [
    { key: "name", title: t("cadence.name"), dataIndex: "name" },
    {
      key: "role",
      title: t("cadence.appliesToRole"),
      width: 110,
      render: (_, r) => labels.role[r.appliesToRole] ?? cadenceRoleLabels[r.appliesToRole],
    },
    {
      key: "rule",
      title: t("cadence.target"),
      width: 260,
      render: (_, r) => `${t(`cadence.period.${r.period}`)} · ${t(`cadence.target.${r.target}`)} · ≥ ${r.minVisits}`,
    },
    { key: "orgUnit", title: t("cadence.orgUnit"), dataIndex: "orgUnitName", width: 200 },
    {
      key: "active",
      title: t("cadence.isActive"),
      width: 90,
      render: (_, r) => (
        <Tag color={r.isActive ? "green" : "default"}>{r.isActive ? t("common.yes") : t("common.no")}</Tag>
      ),
    },
    ...(canWrite
      ? [
          {
            key: "actions",
            title: t("common.actions"),
            width: 90,
            render: (_: unknown, r: CadenceRule) =>
              r.isEditable ? (
                <Button type="link" size="small" onClick={() => openForm(r)}>
                  {t("common.edit")}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t("cadence.rulesTitle")}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openForm("new")}>
              {t("cadence.newRule")}
            </Button>
          )
        }
      />
      {rules.isError && <Alert type="error" showIcon title={rules.error.message} style={{ marginBottom: 16 }} />}
      <Table<CadenceRule>
        rowKey="id"
        columns={columns}
        dataSource={rules.data ?? []}
        loading={rules.isFetching}
        pagination={false}
        scroll={{ x: 800 }}
      />
      <Modal
        open={editing !== null}
        title={editing === "new" ? t("cadence.newRule") : t("common.edit")}
        onOk={onOk}
        onCancel={() => setEditing(null)}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        confirmLoading={save.isPending}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label={t("cadence.name")}
            rules={[{ required: true, whitespace: true, message: "请输入规则名称" }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="appliesToRole" label={t("cadence.appliesToRole")} rules={[{ required: true }]}>
            <Select options={cadenceRoles.map((r) => ({ value: r, label: labels.role[r] }))} />
          </Form.Item>
          <Form.Item name="period" label={t("cadence.periodUnit")} rules={[{ required: true }]}>
            <Select options={cadencePeriods.map((p) => ({ value: p, label: t(`cadence.period.${p}`) }))} />
          </Form.Item>
          <Form.Item name="target" label={t("cadence.target")} rules={[{ required: true }]}>
            <Select options={cadenceTargets.map((p) => ({ value: p, label: t(`cadence.target.${p}`) }))} />
          </Form.Item>
          <Form.Item
            name="minVisits"
            label={t("cadence.minVisits")}
            rules={[{ required: true, message: "请输入最少走访次数" }]}
          >
            <InputNumber min={1} max={100} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          {editing !== "new" && (
            <Form.Item name="isActive" label={t("cadence.isActive")} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
