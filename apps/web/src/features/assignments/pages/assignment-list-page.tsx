import { PieChartOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import type { Assignment, LiaisonRole } from "@zonedesk/contracts";
import { Alert, Button, Col, Row, Select, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { CreateAssignmentModal } from "../../../components/assignment-modals/create-assignment-modal";
import { EndAssignmentModal } from "../../../components/assignment-modals/end-assignment-modal";
import { PageHeader } from "../../../components/page-header";
import { EnterprisePicker } from "../../../components/pickers/enterprise-picker";
import { LiaisonRoleSelect } from "../../../components/pickers/liaison-role-select";
import { UserPicker } from "../../../components/pickers/user-picker";
import { useLabels, useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { formatDate } from "../../../lib/dates";
import { serverPagination } from "../../../lib/server-pagination";
import { useAssignmentList } from "../api/assignments-api";

interface Filters {
  enterpriseId?: string;
  userId?: string;
  role?: LiaisonRole;
  active: "true" | "false" | "all";
  page: number;
  pageSize: number;
}

/** 包联名单: who looks after which enterprise, in which role, since when. */
export function AssignmentListPage() {
  const t = useT();
  const labels = useLabels();
  const can = useCan();
  const [filters, setFilters] = useState<Filters>({ active: "true", page: 1, pageSize: 20 });
  const [createOpen, setCreateOpen] = useState(false);
  const [ending, setEnding] = useState<Assignment | null>(null);
  const list = useAssignmentList({ ...filters });
  const patch = (p: Partial<Filters>) => setFilters((f) => ({ ...f, page: 1, ...p }));
  const canWrite = can("assignment.write");
  // /api/users/options answers only those who name people on records (user.pick)
  const canPickPeople = can("user.pick");
  const cell = { xs: 24, sm: 12, lg: 6 };

  return (
    <>
      <PageHeader
        title={t("assignment.listTitle")}
        extra={
          <>
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
                {t("assignment.create")}
              </Button>
            )}
            {canWrite && (
              <Link to="/assignments/import">
                <Button icon={<UploadOutlined />}>{t("common.import")}</Button>
              </Link>
            )}
            {can("coverage.read") && (
              <Link to="/assignments/coverage">
                <Button icon={<PieChartOutlined />}>{t("nav.coverage")}</Button>
              </Link>
            )}
          </>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col {...cell}>
          <EnterprisePicker value={filters.enterpriseId} onChange={(enterpriseId) => patch({ enterpriseId })} />
        </Col>
        {canPickPeople && (
          <Col {...cell}>
            <UserPicker value={filters.userId} onChange={(userId) => patch({ userId })} />
          </Col>
        )}
        <Col {...cell}>
          <LiaisonRoleSelect
            allowClear
            placeholder={t("assignment.role")}
            value={filters.role}
            onChange={(role) => patch({ role })}
          />
        </Col>
        <Col {...cell}>
          <Select<Filters["active"]>
            aria-label={t("assignment.activeFilter")}
            value={filters.active}
            onChange={(active) => patch({ active })}
            options={[
              { value: "true", label: t("assignment.active") },
              { value: "false", label: t("assignment.ended") },
              { value: "all", label: t("common.all") },
            ]}
            style={{ width: "100%" }}
          />
        </Col>
      </Row>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<Assignment>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.data ?? []}
        scroll={{ x: 900 }}
        pagination={serverPagination(t, {
          page: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        })}
        columns={[
          {
            title: t("assignment.enterprise"),
            key: "enterprise",
            render: (_, a) => (
              <>
                <Link to={`/enterprises/${a.enterpriseId}`}>{a.enterpriseName}</Link>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.creditCode}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t("assignment.person"),
            key: "person",
            render: (_, a) => (
              <>
                {a.userDisplayName}{" "}
                <Typography.Text type="secondary">（{labels.of(labels.role, a.userRole)}）</Typography.Text>
              </>
            ),
          },
          { title: t("assignment.role"), dataIndex: "role", render: (r: LiaisonRole) => labels.liaisonRole[r] },
          { title: t("assignment.startsOn"), dataIndex: "startsOn", render: (v: string) => formatDate(v) },
          { title: t("assignment.endsOn"), dataIndex: "endsOn", render: (v: string | null) => formatDate(v) },
          {
            title: t("common.status"),
            key: "status",
            render: (_, a) =>
              a.isActive ? <Tag color="green">{t("assignment.active")}</Tag> : <Tag>{t("assignment.ended")}</Tag>,
          },
          { title: t("assignment.note"), dataIndex: "note", render: (v: string | null) => v ?? "—" },
          ...(canWrite
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, a: Assignment) =>
                    a.isActive ? (
                      <Button size="small" danger onClick={() => setEnding(a)}>
                        {t("assignment.end")}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {canWrite && (
        <>
          <CreateAssignmentModal open={createOpen} onClose={() => setCreateOpen(false)} />
          <EndAssignmentModal assignment={ending} onClose={() => setEnding(null)} />
        </>
      )}
    </>
  );
}
