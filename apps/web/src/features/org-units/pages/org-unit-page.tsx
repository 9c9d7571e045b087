import { PlusOutlined } from "@ant-design/icons";
import type { OrgUnit, OrgUnitKind } from "@zonedesk/contracts";
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Form, Row, Spin, Tree } from "antd";
import { useEffect, useMemo, useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { useLabels, useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { useOrgUnits } from "../../../lib/reference-data";
import { buildTree } from "../../../lib/tree";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useSaveOrgUnit } from "../api/org-units-api";
import { CreateOrgUnitModal } from "../components/create-org-unit-modal";
import { OrgUnitFields } from "../components/org-unit-fields";

interface Values {
  name: string;
  kind: OrgUnitKind;
  divisionCode?: string;
}

/** 单位与园区: the province → city → county → zone → park tree; rename, add a child, set the division code. */
export function OrgUnitPage() {
  const t = useT();
  const labels = useLabels();
  const can = useCan();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const units = useOrgUnits();
  const save = useSaveOrgUnit();
  const [form] = Form.useForm<Values>();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creatingUnder, setCreatingUnder] = useState<OrgUnit | null>(null);
  const canWrite = can("org_unit.write");

  const tree = useMemo(
    () =>
      buildTree(
        units.data ?? [],
        (u) => u.id,
        (u) => u.parentId,
        (u) => `${u.name}（${labels.orgUnitKind[u.kind]}${u.divisionCode ? ` ${u.divisionCode}` : ""}）`,
      ),
    [units.data, labels],
  );
  const selected = units.data?.find((u) => u.id === selectedId) ?? null;

  useEffect(() => {
    if (selected)
      form.setFieldsValue({
        name: selected.name,
        kind: selected.kind,
        divisionCode: selected.divisionCode ?? undefined,
      });
  }, [selected, form]);

  const onFinish = async (values: Values) => {
    if (!selected) return;
    try {
      await save.mutateAsync({
        id: selected.id,
        body: {
          name: values.name.trim(),
          kind: values.kind,
          divisionCode: values.divisionCode?.trim() || null,
          version: selected.version,
        },
      });
      message.success(t("common.saved"));
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <>
      <PageHeader title={t("orgUnit.listTitle")} />
      {units.isError && <Alert type="error" showIcon title={units.error.message} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small">
            <Spin spinning={units.isLoading}>
              {tree.length > 0 && (
                <Tree
                  treeData={tree}
                  defaultExpandAll
                  blockNode
                  selectedKeys={selectedId ? [selectedId] : []}
                  onSelect={(keys) => setSelectedId(keys[0] === undefined ? null : String(keys[0]))}
                />
              )}
            </Spin>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={selected?.name ?? t("orgUnit.listTitle")}
            extra={
              selected &&
              canWrite && (
                <Button icon={<PlusOutlined />} onClick={() => setCreatingUnder(selected)}>
                  {t("orgUnit.createChild")}
                </Button>
              )
            }
          >
            {!selected ? (
              <Empty description={t("orgUnit.selectHint")} />
            ) : (
              <Flex vertical gap={16}>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: "kind", label: t("orgUnit.kind"), children: labels.orgUnitKind[selected.kind] },
                    { key: "code", label: t("orgUnit.divisionCode"), children: selected.divisionCode ?? "—" },
                    {
                      key: "path",
                      label: t("orgUnit.path"),
                      children: <span className="zd-break">{selected.path}</span>,
                    },
                  ]}
                />
                {canWrite && (
                  <Form form={form} layout="vertical" onFinish={onFinish}>
                    <OrgUnitFields />
                    <Button type="primary" htmlType="submit" loading={save.isPending}>
                      {t("orgUnit.rename")}
                    </Button>
                  </Form>
                )}
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
      <CreateOrgUnitModal parent={creatingUnder} onClose={() => setCreatingUnder(null)} />
    </>
  );
}
