import type { Enterprise } from "@zonedesk/contracts";
import { Table, Tag, Typography } from "antd";
import type { ColumnsType, SorterResult } from "antd/es/table/interface";
import { Link } from "react-router-dom";
import { useLabels, useT } from "../../../i18n";
import { formatDate } from "../../../lib/dates";
import { formatWanYuan } from "../../../lib/money";
import { serverPagination } from "../../../lib/server-pagination";

interface EnterpriseTableProps {
  data: Enterprise[];
  loading: boolean;
  total: number;
  /** The search matched more rows than were counted: show "N+". */
  totalIsLowerBound?: boolean;
  page: number;
  pageSize: number;
  sort: string;
  selectedIds?: string[];
  onSelect?: (ids: string[]) => void;
  onChange: (patch: { page?: number; pageSize?: number; sort?: string }) => void;
}

const sortable = new Set(["name", "creditCode", "foundedOn", "registeredCapital", "updatedAt"]);

/** The register as a table: server-side sorting and paging, optional row selection for bulk work. */
export function EnterpriseTable(props: EnterpriseTableProps) {
  const { data, loading, total, totalIsLowerBound, page, pageSize, sort, selectedIds, onSelect, onChange } = props;
  const t = useT();
  const labels = useLabels();
  const sortField = sort.replace(/^-/, "");
  const order = (field: string) =>
    sortField === field ? (sort.startsWith("-") ? ("descend" as const) : ("ascend" as const)) : null;

  const columns: ColumnsType<Enterprise> = [
    {
      title: t("enterprise.name"),
      dataIndex: "name",
      key: "name",
      fixed: "left",
      width: 220,
      sorter: true,
      sortOrder: order("name"),
      render: (_, e) => (
        <>
          <Link to={`/enterprises/${e.id}`}>{e.name}</Link>
          {e.status === "archived" && <Tag style={{ marginInlineStart: 8 }}>{t("enterprise.status.archived")}</Tag>}
        </>
      ),
    },
    {
      title: t("enterprise.creditCode"),
      dataIndex: "creditCode",
      key: "creditCode",
      width: 200,
      sorter: true,
      sortOrder: order("creditCode"),
      render: (code: string) => (
        <Typography.Text copyable={{ text: code }} style={{ whiteSpace: "nowrap", fontFamily: "monospace" }}>
          {code}
        </Typography.Text>
      ),
    },
    { title: t("enterprise.orgUnit"), dataIndex: "orgUnitName", key: "orgUnit", width: 150 },
    {
      title: t("enterprise.industry"),
      key: "industry",
      width: 180,
      ellipsis: true,
      render: (_, e) => (e.industryCode ? `${e.industryCode} ${e.industryName ?? ""}` : "—"),
    },
    {
      title: t("enterprise.scale"),
      key: "scale",
      width: 80,
      render: (_, e) => (e.scale ? labels.scale[e.scale] : "—"),
    },
    {
      title: t("enterprise.registeredCapital"),
      dataIndex: "registeredCapital",
      key: "registeredCapital",
      align: "right",
      width: 150,
      onCell: () => ({ style: { whiteSpace: "nowrap" } }),
      sorter: true,
      sortOrder: order("registeredCapital"),
      render: (v: string | null) => formatWanYuan(v, t("money.wanYuan")),
    },
    {
      title: t("enterprise.foundedOn"),
      dataIndex: "foundedOn",
      key: "foundedOn",
      width: 120,
      onCell: () => ({ style: { whiteSpace: "nowrap" } }),
      sorter: true,
      sortOrder: order("foundedOn"),
      render: (v: string | null) => formatDate(v),
    },
    {
      title: t("enterprise.tags"),
      key: "tags",
      width: 200,
      render: (_, e) => e.tags.map((tag) => <Tag key={tag.id}>{tag.name}</Tag>),
    },
    {
      title: t("enterprise.liaisons"),
      key: "liaisons",
      width: 200,
      render: (_, e) =>
        e.liaisons.length === 0 ? (
          <Typography.Text type="warning">{t("enterprise.assignedNo")}</Typography.Text>
        ) : (
          e.liaisons.map((l) => (
            <div key={l.assignmentId}>
              {l.displayName}
              <Typography.Text type="secondary">（{labels.of(labels.liaisonRole, l.role)}）</Typography.Text>
            </div>
          ))
        ),
    },
  ];

  return (
    <Table<Enterprise>
      rowKey="id"
      columns={columns}
      dataSource={data}
      loading={loading}
      scroll={{ x: 1500 }}
      size="middle"
      rowSelection={
        onSelect
          ? {
              selectedRowKeys: selectedIds,
              onChange: (keys) => onSelect(keys.map(String)),
              preserveSelectedRowKeys: true,
            }
          : undefined
      }
      pagination={serverPagination(t, { page, pageSize, total, totalIsLowerBound })}
      onChange={(pagination, _filters, sorter) => {
        // single-column sorting: antd types the sorter as one-or-many, we only ever get one
        const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Enterprise> | undefined;
        const field = typeof s?.columnKey === "string" && sortable.has(s.columnKey) ? s.columnKey : null;
        const nextSort = field && s?.order ? `${s.order === "descend" ? "-" : ""}${field}` : "name";
        const sortChanged = nextSort !== sort;
        onChange({
          page: sortChanged || pagination.pageSize !== pageSize ? 1 : (pagination.current ?? 1),
          pageSize: pagination.pageSize ?? pageSize,
          sort: nextSort,
        });
      }}
    />
  );
}
