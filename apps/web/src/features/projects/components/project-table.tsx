import type { ProjectListItem, ProjectStage, ProjectWarningRow } from "@zonedesk/contracts";
import { Card, Flex, List, Table, Tag, Typography } from "antd";
import type { ColumnsType, SorterResult } from "antd/es/table/interface";
import { Link } from "react-router-dom";
import { useLabels, useT } from "../../../i18n";
import { formatPercent, formatWanYuan } from "../../../lib/money";
import { serverPagination } from "../../../lib/server-pagination";
import { WarningRules, warningBackground } from "./warning-rules";

export const stageColors: Record<ProjectStage, string> = {
  signed: "default",
  landed: "blue",
  started: "cyan",
  in_production: "green",
  reached_output: "gold",
};

interface ProjectTableProps {
  data: ProjectListItem[];
  warnings: Map<string, ProjectWarningRow>;
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  onChange: (patch: { page?: number; pageSize?: number; sort?: string }) => void;
}

const sortable = new Set(["name", "totalInvestment", "updatedAt", "stage"]);

/** The key projects as a table; rows with a warning are tinted red or yellow, the rules written in the 预警 column. */
export function ProjectTable({ data, warnings, loading, total, page, pageSize, sort, onChange }: ProjectTableProps) {
  const t = useT();
  const labels = useLabels();
  const sortField = sort.replace(/^-/, "");
  const order = (field: string) =>
    sortField === field ? (sort.startsWith("-") ? ("descend" as const) : ("ascend" as const)) : null;
  const columns: ColumnsType<ProjectListItem> = [
    {
      title: t("project.name"),
      key: "name",
      fixed: "left",
      width: 220,
      sorter: true,
      sortOrder: order("name"),
      render: (_, p) => <Link to={`/projects/${p.id}`}>{p.name}</Link>,
    },
    {
      title: t("project.warning"),
      key: "warning",
      width: 260,
      render: (_, p) => <WarningRules row={warnings.get(p.id)} compact />,
    },
    {
      title: t("project.investor"),
      key: "investor",
      width: 180,
      ellipsis: true,
      render: (_, p) => p.investorName ?? "—",
    },
    { title: t("project.orgUnit"), dataIndex: "orgUnitName", key: "orgUnit", width: 140 },
    {
      title: t("project.levelBatch"),
      key: "level",
      width: 150,
      render: (_, p) => (
        <>
          {t(`projectLevel.${p.level}`)} · {t(`projectBatch.${p.batch}`)}
          <br />
          <Typography.Text type="secondary">{t(`projectType.${p.projectType}`)}</Typography.Text>
        </>
      ),
    },
    {
      title: t("project.totalInvestment"),
      dataIndex: "totalInvestment",
      key: "totalInvestment",
      align: "right",
      width: 150,
      sorter: true,
      sortOrder: order("totalInvestment"),
      onCell: () => ({ style: { whiteSpace: "nowrap" } }),
      render: (v: string) => formatWanYuan(v, t("money.wanYuan")),
    },
    {
      title: t("project.yearRate"),
      key: "rate",
      align: "right",
      width: 110,
      render: (_, p) => formatPercent(warnings.get(p.id)?.completionRate),
    },
    {
      title: t("project.stage"),
      key: "stage",
      width: 90,
      sorter: true,
      sortOrder: order("stage"),
      render: (_, p) => <Tag color={stageColors[p.stage]}>{t(`projectStage.${p.stage}`)}</Tag>,
    },
    {
      title: t("project.liaisons"),
      key: "liaisons",
      width: 160,
      render: (_, p) =>
        p.liaisons.length === 0
          ? "—"
          : p.liaisons.map((l) => (
              <div key={l.assignmentId}>
                {l.displayName}
                <Typography.Text type="secondary">（{labels.of(labels.liaisonRole, l.role)}）</Typography.Text>
              </div>
            )),
    },
    {
      title: t("project.progressNarrative"),
      key: "progress",
      width: 240,
      ellipsis: true,
      render: (_, p) => p.progressNarrative ?? "—",
    },
  ];
  return (
    <Table<ProjectListItem>
      rowKey="id"
      columns={columns}
      dataSource={data}
      loading={loading}
      scroll={{ x: 1680 }}
      size="middle"
      onRow={(p) => {
        const color = warnings.get(p.id)?.color;
        return color ? { style: { background: warningBackground[color] }, "data-warning": color } : {};
      }}
      rowClassName={(p) => {
        const color = warnings.get(p.id)?.color;
        return color ? `zd-warn-${color}` : "";
      }}
      pagination={serverPagination(t, { page, pageSize, total })}
      onChange={(pagination, _filters, sorter) => {
        const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<ProjectListItem> | undefined;
        const field = typeof s?.columnKey === "string" && sortable.has(s.columnKey) ? s.columnKey : null;
        const nextSort = field && s?.order ? `${s.order === "descend" ? "-" : ""}${field}` : "-updatedAt";
        onChange({
          page: nextSort !== sort || pagination.pageSize !== pageSize ? 1 : (pagination.current ?? 1),
          pageSize: pagination.pageSize ?? pageSize,
          sort: nextSort,
        });
      }}
    />
  );
}

/** The key projects as cards on a phone. */
export function ProjectCardList({
  data,
  warnings,
  loading,
  total,
  page,
  pageSize,
  onPageChange,
}: Omit<ProjectTableProps, "sort" | "onChange"> & { onPageChange: (page: number) => void }) {
  const t = useT();
  return (
    <List
      loading={loading}
      dataSource={data}
      pagination={{ current: page, pageSize, total, onChange: onPageChange, size: "small", simple: true }}
      renderItem={(p) => {
        const warning = warnings.get(p.id);
        return (
          <Card
            size="small"
            style={{ marginBottom: 8, background: warning?.color ? warningBackground[warning.color] : undefined }}
          >
            <Flex vertical gap={4}>
              <Flex justify="space-between" gap={8}>
                <Link to={`/projects/${p.id}`} className="zd-break" style={{ fontWeight: 600 }}>
                  {p.name}
                </Link>
                <Tag color={stageColors[p.stage]} style={{ marginInlineEnd: 0 }}>
                  {t(`projectStage.${p.stage}`)}
                </Tag>
              </Flex>
              <Typography.Text type="secondary" className="zd-break">
                {p.investorName ?? "—"} · {p.orgUnitName}
              </Typography.Text>
              <Flex justify="space-between" wrap gap={8}>
                <span>{formatWanYuan(p.totalInvestment, t("money.wanYuan"))}</span>
                <span>
                  {t("project.yearRate")} {formatPercent(warning?.completionRate)}
                </span>
              </Flex>
              {warning?.color && <WarningRules row={warning} compact />}
            </Flex>
          </Card>
        );
      }}
    />
  );
}
