import type { CoverageReport, CoverageRow, PersonLoad } from "@zonedesk/contracts";
import { Progress, Table, Tag } from "antd";
import { Link } from "react-router-dom";
import { useLabels, useT } from "../../../i18n";
import { formatPercent } from "../../../lib/money";

/** Enterprises / with leader / without / rate, per org unit or per tag. */
export function CoverageRowsTable({ rows, labelTitle }: { rows: CoverageRow[]; labelTitle: string }) {
  const t = useT();
  return (
    <Table<CoverageRow>
      rowKey="key"
      size="small"
      dataSource={rows}
      pagination={false}
      scroll={{ x: 520 }}
      columns={[
        { title: labelTitle, dataIndex: "label" },
        { title: t("coverage.enterprises"), dataIndex: "enterprises", align: "right" },
        { title: t("coverage.withLeader"), dataIndex: "withLeader", align: "right" },
        { title: t("coverage.withoutLeader"), dataIndex: "withoutLeader", align: "right" },
        {
          title: t("coverage.rate"),
          dataIndex: "coverageRate",
          width: 180,
          render: (rate: number | null) =>
            rate === null ? (
              "—"
            ) : (
              <Progress
                percent={Math.round(rate * 1000) / 10}
                size="small"
                format={() => formatPercent(rate)}
                status={rate >= 1 ? "success" : "normal"}
              />
            ),
        },
      ]}
    />
  );
}

export function LoadsTable({ loads }: { loads: PersonLoad[] }) {
  const t = useT();
  const labels = useLabels();
  return (
    <Table<PersonLoad>
      rowKey="userId"
      size="small"
      dataSource={loads}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 560 }}
      columns={[
        { title: t("assignment.person"), dataIndex: "displayName" },
        { title: t("user.role"), dataIndex: "role", render: (r: string) => labels.of(labels.role, r) },
        { title: t("common.orgUnit"), dataIndex: "orgUnitName" },
        {
          title: t("coverage.loadCount"),
          dataIndex: "enterprises",
          align: "right",
          sorter: (a, b) => a.enterprises - b.enterprises,
          defaultSortOrder: "descend",
        },
        {
          title: t("coverage.byRole"),
          dataIndex: "byRole",
          render: (byRole: Record<string, number>) =>
            Object.entries(byRole).map(([role, n]) => (
              <Tag key={role}>
                {labels.of(labels.liaisonRole, role)} {n}
              </Tag>
            )),
        },
      ]}
    />
  );
}

export function UncoveredTable({ rows }: { rows: CoverageReport["uncovered"] }) {
  const t = useT();
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 520 }}
      columns={[
        {
          title: t("enterprise.name"),
          dataIndex: "name",
          render: (name: string, e: { id: string }) => <Link to={`/enterprises/${e.id}`}>{name}</Link>,
        },
        { title: t("enterprise.creditCode"), dataIndex: "creditCode" },
        { title: t("enterprise.orgUnit"), dataIndex: "orgUnitName" },
      ]}
    />
  );
}
