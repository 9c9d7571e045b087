import { PlusOutlined } from "@ant-design/icons";
import type { Department } from "@zonedesk/contracts";
import { Alert, App, Button, Card, Empty, Flex, Space, Spin, Switch, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { useDepartments, useOrgUnits } from "../../../lib/reference-data";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useSaveDepartment } from "../api/departments-api";
import { DepartmentModal } from "../components/department-modal";

/** 部门（委局）, grouped by the org unit they belong to. */
export function DepartmentListPage() {
  const t = useT();
  const can = useCan();
  const { modal, message } = App.useApp();
  const handleError = useErrorHandler();
  const departments = useDepartments();
  const orgUnits = useOrgUnits();
  const save = useSaveDepartment();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<{ open: boolean; department: Department | null }>({
    open: false,
    department: null,
  });
  const canWrite = can("department.write");

  const groups = useMemo(() => {
    const order = new Map((orgUnits.data ?? []).map((u, i) => [u.id, i]));
    const byUnit = new Map<string, { name: string; items: Department[] }>();
    for (const d of departments.data ?? []) {
      if (d.isArchived && !showArchived) continue;
      const group = byUnit.get(d.orgUnitId) ?? { name: d.orgUnitName, items: [] };
      group.items.push(d);
      byUnit.set(d.orgUnitId, group);
    }
    return [...byUnit.entries()].sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
  }, [departments.data, orgUnits.data, showArchived]);

  const setArchived = (d: Department, isArchived: boolean) => {
    const run = async () => {
      try {
        await save.mutateAsync({ id: d.id, body: { name: d.name, isArchived, version: d.version } });
        message.success(t("common.saved"));
      } catch (e) {
        handleError(e);
      }
    };
    if (!isArchived) return void run();
    modal.confirm({
      title: t("department.archiveConfirm", { name: d.name }),
      okText: t("common.archive"),
      okButtonProps: { danger: true },
      cancelText: t("common.cancel"),
      onOk: run,
    });
  };

  return (
    <>
      <PageHeader
        title={t("department.listTitle")}
        extra={
          <>
            <Space>
              <Switch checked={showArchived} onChange={setShowArchived} aria-label={t("common.archived")} />
              <Typography.Text>{t("common.archived")}</Typography.Text>
            </Space>
            {canWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ open: true, department: null })}
              >
                {t("department.create")}
              </Button>
            )}
          </>
        }
      />
      {departments.isError && <Alert type="error" showIcon title={departments.error.message} />}
      <Spin spinning={departments.isLoading}>
        {groups.length === 0 && !departments.isLoading && <Empty description={t("common.noData")} />}
        <Flex vertical gap={16}>
          {groups.map(([unitId, group]) => (
            <Card key={unitId} size="small" title={group.name}>
              <Table<Department>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={group.items}
                columns={[
                  { title: t("department.name"), dataIndex: "name" },
                  { title: t("department.members"), dataIndex: "memberCount", align: "right", width: 100 },
                  {
                    title: t("common.status"),
                    key: "status",
                    width: 100,
                    render: (_, d) =>
                      d.isArchived ? <Tag>{t("common.archived")}</Tag> : <Tag color="green">{t("common.active")}</Tag>,
                  },
                  ...(canWrite
                    ? [
                        {
                          title: t("common.actions"),
                          key: "actions",
                          width: 180,
                          render: (_: unknown, d: Department) => (
                            <Space size={0}>
                              <Button
                                type="link"
                                size="small"
                                onClick={() => setEditing({ open: true, department: d })}
                              >
                                {t("common.edit")}
                              </Button>
                              <Button
                                type="link"
                                size="small"
                                danger={!d.isArchived}
                                onClick={() => setArchived(d, !d.isArchived)}
                              >
                                {d.isArchived ? t("common.restore") : t("common.archive")}
                              </Button>
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          ))}
        </Flex>
      </Spin>
      <DepartmentModal
        open={editing.open}
        department={editing.department}
        onClose={() => setEditing({ open: false, department: null })}
      />
    </>
  );
}
