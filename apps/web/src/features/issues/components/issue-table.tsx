import type { IssueListItem } from "@zonedesk/contracts";
import { Flex, Table, type TableProps, Typography } from "antd";
import { Link } from "react-router-dom";
import { useT } from "../../../i18n";
import { formatDate } from "../../../lib/dates";
import { serverPagination } from "../../../lib/server-pagination";
import { DueCell, EscalationTag, IssueRatingTag, IssueStatusTag } from "./issue-tags";

interface IssueTableProps {
  data: IssueListItem[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  /** The order when the user clears a column's sort (the page's own default). */
  defaultSort?: string;
  onChange: (patch: { page?: number; pageSize?: number; sort?: string }) => void;
}

const sortable = ["serialNo", "dueOn", "createdAt", "escalationLevel"];

/** Row background that marks overdue (red) and due-soon (amber) open issues. */
export function issueRowClass(issue: IssueListItem): string {
  if (issue.isOverdue) return "zd-row-overdue";
  if (issue.isDueSoon) return "zd-row-due-soon";
  return "";
}

/** The ledger as a table (desktop): server-sorted and paged. */
export function IssueTable({
  data,
  loading,
  total,
  page,
  pageSize,
  sort,
  defaultSort = "-createdAt",
  onChange,
}: IssueTableProps) {
  const t = useT();
  const sortField = sort.replace(/^-/, "");
  const sortOrder = sort.startsWith("-") ? ("descend" as const) : ("ascend" as const);
  const order = (field: string) => (sortField === field ? sortOrder : null);
  const columns: TableProps<IssueListItem>["columns"] = [
    {
      key: "serialNo",
      title: t("issue.serialNo"),
      dataIndex: "serialNo",
      sorter: true,
      sortOrder: order("serialNo"),
      width: 130,
      render: (_, r) => <Link to={`/issues/${r.id}`}>{r.serialNo}</Link>,
    },
    {
      key: "title",
      title: t("issue.title"),
      width: 300,
      render: (_, r) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Link to={`/issues/${r.id}`} className="zd-break">
            {r.title}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[r.enterpriseName, r.projectName].filter(Boolean).join(" · ") || "—"}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: "category", title: t("issue.category"), dataIndex: "categoryName", width: 120 },
    {
      key: "department",
      title: t("issue.leadDepartment"),
      dataIndex: "leadDepartmentName",
      width: 150,
      render: (v: string | null) => v ?? "—",
    },
    {
      key: "status",
      title: t("issue.status"),
      width: 150,
      render: (_, r) => (
        <Flex wrap gap={4}>
          <IssueStatusTag status={r.status} />
          <EscalationTag level={r.escalationLevel} />
        </Flex>
      ),
    },
    {
      key: "dueOn",
      title: t("issue.dueOn"),
      sorter: true,
      sortOrder: order("dueOn"),
      width: 180,
      render: (_, r) => <DueCell issue={r} />,
    },
    { key: "rating", title: t("issue.rating"), width: 100, render: (_, r) => <IssueRatingTag rating={r.rating} /> },
    {
      key: "createdAt",
      title: t("issue.createdAt"),
      dataIndex: "createdAt",
      sorter: true,
      sortOrder: order("createdAt"),
      width: 120,
      render: (v: string) => formatDate(v),
    },
  ];
  return (
    <Table<IssueListItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data}
      loading={loading}
      rowClassName={issueRowClass}
      scroll={{ x: 1250 }}
      pagination={serverPagination(t, { page, pageSize, total })}
      onChange={(pagination, _filters, sorter) => {
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        const field = typeof s?.columnKey === "string" && sortable.includes(s.columnKey) ? s.columnKey : undefined;
        const nextSort = field && s?.order ? `${s.order === "descend" ? "-" : ""}${field}` : defaultSort;
        onChange({
          page: nextSort === sort ? pagination.current : 1,
          pageSize: pagination.pageSize,
          sort: nextSort,
        });
      }}
    />
  );
}
