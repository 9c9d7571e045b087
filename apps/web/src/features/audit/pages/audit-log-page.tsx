import { DownloadOutlined } from "@ant-design/icons";
import type { AuditEntry } from "@zonedesk/contracts";
import { Alert, Button, Col, DatePicker, Input, Row, Select, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { useLabels, useT } from "../../../i18n";
import { downloadFile, type QueryValue } from "../../../lib/api";
import { formatDateTime, toDateString } from "../../../lib/dates";
import { serverPagination } from "../../../lib/server-pagination";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useAuditList } from "../api/audit-api";
import { AuditDiff } from "../components/audit-diff";

interface Filters {
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  page: number;
  pageSize: number;
}

function toQuery(f: Filters, withPaging: boolean): Record<string, QueryValue> {
  return {
    action: f.action,
    actor: f.actor,
    entityType: f.entityType,
    entityId: f.entityId,
    from: toDateString(f.range?.[0]),
    to: toDateString(f.range?.[1]),
    ...(withPaging ? { page: f.page, pageSize: f.pageSize } : {}),
  };
}

/** 审计日志: who did what, when, from where, with the record before and after. */
export function AuditLogPage() {
  const t = useT();
  const labels = useLabels();
  const handleError = useErrorHandler();
  const [filters, setFilters] = useState<Filters>({ page: 1, pageSize: 20 });
  const [exporting, setExporting] = useState(false);
  const list = useAuditList(toQuery(filters, true));
  const patch = (p: Partial<Filters>) => setFilters((f) => ({ ...f, page: 1, ...p }));
  const cell = { xs: 24, sm: 12, lg: 8, xl: 4 };

  const onExport = async () => {
    setExporting(true);
    try {
      await downloadFile("/audit/export", toQuery(filters, false), "审计日志.xlsx");
    } catch (e) {
      handleError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t("audit.listTitle")}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={onExport}>
            {t("common.export")}
          </Button>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col {...cell}>
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            aria-label={t("audit.action")}
            placeholder={t("audit.action")}
            value={filters.action}
            onChange={(action) => patch({ action })}
            options={Object.entries(labels.auditAction).map(([value, label]) => ({ value, label }))}
            style={{ width: "100%" }}
          />
        </Col>
        <Col {...cell}>
          <Input.Search
            aria-label={t("audit.actor")}
            placeholder={t("audit.actor")}
            allowClear
            onSearch={(v) => patch({ actor: v.trim() || undefined })}
          />
        </Col>
        <Col {...cell}>
          <Input.Search
            aria-label={t("audit.entityType")}
            placeholder={t("audit.entityType")}
            allowClear
            onSearch={(v) => patch({ entityType: v.trim() || undefined })}
          />
        </Col>
        <Col {...cell}>
          <Input.Search
            aria-label={t("audit.entityId")}
            placeholder={t("audit.entityId")}
            allowClear
            onSearch={(v) => patch({ entityId: v.trim() || undefined })}
          />
        </Col>
        <Col xs={24} sm={24} lg={16} xl={8}>
          <DatePicker.RangePicker
            aria-label={t("audit.dateRange")}
            value={filters.range ?? null}
            onChange={(range) => patch({ range })}
            style={{ width: "100%" }}
          />
        </Col>
      </Row>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.data ?? []}
        scroll={{ x: 1000 }}
        expandable={{
          expandedRowRender: (entry) => <AuditDiff entry={entry} />,
          rowExpandable: (entry) => entry.before !== null || entry.after !== null,
        }}
        pagination={serverPagination(t, {
          page: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        })}
        columns={[
          { title: t("audit.at"), dataIndex: "at", width: 150, render: (v: string) => formatDateTime(v) },
          { title: t("audit.actor"), dataIndex: "actorName", width: 120, render: (v: string | null) => v ?? "—" },
          {
            title: t("audit.action"),
            dataIndex: "action",
            width: 140,
            render: (a: string) => (
              <Tag color={a === "access.denied" || a === "auth.sign_in_failed" || a === "auth.locked" ? "red" : "blue"}>
                {labels.of(labels.auditAction, a)}
              </Tag>
            ),
          },
          {
            title: t("audit.entityType"),
            key: "entity",
            width: 200,
            render: (_, e) =>
              e.entityType ? (
                <>
                  {e.entityType}
                  {e.entityId && (
                    <Typography.Text
                      type="secondary"
                      copyable={{ text: e.entityId }}
                      style={{ fontSize: 12, display: "block" }}
                    >
                      {e.entityId.slice(0, 8)}…
                    </Typography.Text>
                  )}
                </>
              ) : (
                "—"
              ),
          },
          { title: t("audit.summary"), dataIndex: "summary", render: (v: string | null) => v ?? "—" },
          { title: t("audit.ip"), dataIndex: "ip", width: 130, render: (v: string | null) => v ?? "—" },
        ]}
      />
    </>
  );
}
