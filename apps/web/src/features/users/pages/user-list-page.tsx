import { PlusOutlined } from "@ant-design/icons";
import { type Role, roles, type User } from "@zonedesk/contracts";
import { Alert, App, Button, Col, Input, Row, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useLabels, useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { formatDateTime } from "../../../lib/dates";
import { serverPagination } from "../../../lib/server-pagination";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { toUpdateUser, useSaveUser, useUserList } from "../api/users-api";
import { ResetPasswordModal } from "../components/reset-password-modal";
import { UserDrawer } from "../components/user-drawer";

interface Filters {
  q?: string;
  role: Role[];
  orgUnitId?: string;
  isDisabled?: "true" | "false";
  page: number;
  pageSize: number;
}

/** 用户管理: accounts, their role and unit, disable, reset password. */
export function UserListPage() {
  const t = useT();
  const labels = useLabels();
  const can = useCan();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [filters, setFilters] = useState<Filters>({ role: [], page: 1, pageSize: 20 });
  const list = useUserList({ ...filters });
  const save = useSaveUser();
  const [drawer, setDrawer] = useState<{ open: boolean; user: User | null }>({ open: false, user: null });
  const [resetting, setResetting] = useState<User | null>(null);
  const patch = (p: Partial<Filters>) => setFilters((f) => ({ ...f, page: 1, ...p }));
  const canWrite = can("user.write");
  const cell = { xs: 24, sm: 12, lg: 6 };

  const toggleDisabled = async (user: User) => {
    try {
      await save.mutateAsync({ id: user.id, body: toUpdateUser(user, { isDisabled: !user.isDisabled }) });
      message.success(t("common.saved"));
    } catch (e) {
      handleError(e);
    }
  };

  return (
    <>
      <PageHeader
        title={t("user.listTitle")}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, user: null })}>
              {t("user.create")}
            </Button>
          )
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col {...cell}>
          <Input.Search
            aria-label={t("common.search")}
            placeholder={t("user.searchPlaceholder")}
            allowClear
            enterButton={t("common.search")}
            onSearch={(q) => patch({ q: q.trim() || undefined })}
          />
        </Col>
        <Col {...cell}>
          <Select<Role[]>
            mode="multiple"
            allowClear
            aria-label={t("common.filterBy", { name: t("user.role") })}
            placeholder={t("user.role")}
            value={filters.role}
            onChange={(role) => patch({ role })}
            options={roles.map((r) => ({ value: r, label: labels.role[r] }))}
            style={{ width: "100%" }}
          />
        </Col>
        <Col {...cell}>
          <OrgUnitTreeSelect
            placeholder={t("common.orgUnit")}
            value={filters.orgUnitId}
            onChange={(orgUnitId) => patch({ orgUnitId })}
          />
        </Col>
        <Col {...cell}>
          <Select<"true" | "false">
            allowClear
            aria-label={t("common.filterBy", { name: t("user.disabledFilter") })}
            placeholder={t("user.disabledFilter")}
            value={filters.isDisabled}
            onChange={(isDisabled) => patch({ isDisabled })}
            options={[
              { value: "false", label: t("user.enabled") },
              { value: "true", label: t("user.disabled") },
            ]}
            style={{ width: "100%" }}
          />
        </Col>
      </Row>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<User>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.data ?? []}
        scroll={{ x: 1000 }}
        pagination={serverPagination(t, {
          page: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        })}
        columns={[
          { title: t("user.displayName"), dataIndex: "displayName" },
          { title: t("user.username"), dataIndex: "username" },
          { title: t("user.role"), dataIndex: "role", render: (r: Role) => <Tag color="blue">{labels.role[r]}</Tag> },
          {
            title: t("common.orgUnit"),
            key: "unit",
            render: (_, u) => [u.orgUnitName, u.departmentName, u.enterpriseName].filter(Boolean).join(" / "),
          },
          { title: t("user.phone"), dataIndex: "phone", render: (v: string | null) => v ?? "—" },
          {
            title: t("common.status"),
            key: "status",
            render: (_, u) => (
              <Space size={4} wrap>
                {u.isDisabled ? (
                  <Tag color="red">{t("user.disabled")}</Tag>
                ) : (
                  <Tag color="green">{t("user.enabled")}</Tag>
                )}
                {u.lockedUntil && new Date(u.lockedUntil) > new Date() && <Tag color="orange">{t("user.locked")}</Tag>}
                {u.mustChangePassword && <Tag>{t("user.mustChange")}</Tag>}
              </Space>
            ),
          },
          { title: t("user.lastSignInAt"), dataIndex: "lastSignInAt", render: (v: string | null) => formatDateTime(v) },
          ...(canWrite
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, u: User) => (
                    <Space size={0} wrap>
                      <Button type="link" size="small" onClick={() => setDrawer({ open: true, user: u })}>
                        {t("common.edit")}
                      </Button>
                      <Button type="link" size="small" onClick={() => setResetting(u)}>
                        {t("user.resetPassword")}
                      </Button>
                      <Button type="link" size="small" danger={!u.isDisabled} onClick={() => void toggleDisabled(u)}>
                        {u.isDisabled ? t("user.enable") : t("user.disable")}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <UserDrawer open={drawer.open} user={drawer.user} onClose={() => setDrawer({ open: false, user: null })} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
