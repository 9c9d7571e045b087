import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { IssueStats, IssueStatsRow } from "@zonedesk/contracts";
import { Alert, DatePicker, Flex, Segmented, Table, type TableProps, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { api } from "../../../lib/api";
import { toDateString } from "../../../lib/dates";
import { formatPercent } from "../../../lib/money";

type GroupBy = "department" | "org_unit";

/** A 0–1 rate as a percentage with one decimal; "—" when the denominator was zero (null), never NaN or 0%. */
const formatRate = (rate: number | null) => formatPercent(rate, 1);

/** Average days to resolve; "—" when nothing was resolved (null). */
const formatDays = (days: number | null) => (days === null || Number.isNaN(days) ? "—" : days.toFixed(1));

/** 办理统计: per lead department or per org unit, with the formulas of domain.md §3. */
export function IssueStatsPanel() {
  const t = useT();
  const [groupBy, setGroupBy] = useState<GroupBy>("department");
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [orgUnitId, setOrgUnitId] = useState<string | undefined>();
  const query = { groupBy, from: toDateString(range?.[0]), to: toDateString(range?.[1]), orgUnitId };
  const stats = useQuery({
    queryKey: ["issues", "stats", query],
    queryFn: () => api.get<IssueStats>("/issues/stats", query),
    placeholderData: keepPreviousData,
  });
  const num = (key: keyof IssueStatsRow) => ({ key, dataIndex: key, align: "right" as const, width: 90 });
  const columns: TableProps<IssueStatsRow>["columns"] = [
    { key: "name", title: t("issue.stats.name"), dataIndex: "name", fixed: "left", width: 180 },
    { ...num("collected"), title: t("issue.stats.collected") },
    { ...num("resolved"), title: t("issue.stats.resolved") },
    { ...num("inProgress"), title: t("issue.stats.inProgress") },
    {
      ...num("overdue"),
      title: t("issue.stats.overdue"),
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
    { ...num("resolutionRate"), title: t("issue.stats.resolutionRate"), width: 100, render: formatRate },
    { ...num("onTimeRate"), title: t("issue.stats.onTimeRate"), width: 110, render: formatRate },
    { ...num("satisfactionRate"), title: t("issue.stats.satisfactionRate"), width: 100, render: formatRate },
    {
      ...num("avgDaysToResolve"),
      title: t("issue.stats.avgDays"),
      width: 120,
      render: formatDays,
    },
  ];
  const total = stats.data?.total;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={12} align="center">
        <Segmented<GroupBy>
          value={groupBy}
          onChange={setGroupBy}
          options={[
            { value: "department", label: t("issue.stats.byDepartment") },
            { value: "org_unit", label: t("issue.stats.byOrgUnit") },
          ]}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={setRange}
          allowEmpty={[true, true]}
          placeholder={[t("issue.createdRange"), t("issue.createdRange")]}
          style={{ maxWidth: 300, width: "100%" }}
        />
        <div style={{ width: 260, maxWidth: "100%" }}>
          <OrgUnitTreeSelect placeholder={t("issue.orgUnit")} value={orgUnitId} onChange={setOrgUnitId} />
        </div>
      </Flex>
      {stats.isError && <Alert type="error" showIcon title={stats.error.message} />}
      {total && (
        <Typography.Text strong>
          {stats.data?.orgUnitName}：
          {t("issue.stats.summary", {
            collected: total.collected,
            resolved: total.resolved,
            rate: formatRate(total.resolutionRate),
            inProgress: total.inProgress,
          })}
        </Typography.Text>
      )}
      <Table<IssueStatsRow>
        rowKey={(r) => r.key ?? r.name}
        size="middle"
        columns={columns}
        dataSource={stats.data?.rows ?? []}
        loading={stats.isFetching}
        pagination={false}
        scroll={{ x: 980 }}
        summary={() =>
          total ? (
            <Table.Summary fixed>
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                {[
                  t("issue.stats.total"),
                  total.collected,
                  total.resolved,
                  total.inProgress,
                  total.overdue,
                  formatRate(total.resolutionRate),
                  formatRate(total.onTimeRate),
                  formatRate(total.satisfactionRate),
                  formatDays(total.avgDaysToResolve),
                ].map((value, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the cells are the fixed columns, in order
                  <Table.Summary.Cell key={index} index={index} align={index === 0 ? "left" : "right"}>
                    {value}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </Flex>
  );
}
