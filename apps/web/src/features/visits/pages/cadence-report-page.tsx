import { DownloadOutlined } from "@ant-design/icons";
import type { CadenceRow } from "@zonedesk/contracts";
import { Alert, Button, Flex, Select, Table, type TableProps, Tag, Typography } from "antd";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { downloadFile } from "../../../lib/api";
import { formatDate } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useCadenceReport, useCadenceRules } from "../api/visits-api";

/** 走访频次: for a rule, who is behind this period and by how much, and which enterprises nobody visited. */
export function CadenceReportPage() {
  const t = useT();
  const handleError = useErrorHandler();
  const rules = useCadenceRules();
  const active = (rules.data ?? []).filter((r) => r.isActive);
  const [picked, setPicked] = useState<string | undefined>();
  const ruleId = picked ?? active[0]?.id;
  const report = useCadenceReport(ruleId);
  const [exporting, setExporting] = useState(false);

  const onExport = async () => {
    setExporting(true);
    try {
      await downloadFile("/visits/cadence/export", { ruleId }, t("cadence.exportFile"));
    } catch (e) {
      handleError(e);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<CadenceRow>["columns"] = [
    { key: "person", title: t("cadence.person"), dataIndex: "displayName", width: 110, fixed: "left" },
    { key: "unit", title: t("cadence.orgUnit"), dataIndex: "orgUnitName", width: 180 },
    { key: "required", title: t("cadence.required"), dataIndex: "required", width: 80, align: "right" },
    { key: "done", title: t("cadence.done"), dataIndex: "done", width: 80, align: "right" },
    {
      key: "behind",
      title: t("cadence.behind"),
      dataIndex: "behind",
      width: 80,
      align: "right",
      render: (v: number) =>
        v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : <Tag color="green">0</Tag>,
    },
    {
      key: "unvisited",
      title: t("cadence.unvisited"),
      render: (_, r) =>
        r.unvisitedCount === 0 ? (
          "—"
        ) : (
          <Flex wrap gap={4}>
            {r.unvisitedEnterprises.map((e) => (
              <Tag key={e.id} style={{ marginInlineEnd: 0 }}>
                {e.name}
              </Tag>
            ))}
            {/* Enterprises of a colleague the viewer may not see are only counted. */}
            {r.unvisitedCount > r.unvisitedEnterprises.length && (
              <Tag style={{ marginInlineEnd: 0 }}>+{r.unvisitedCount - r.unvisitedEnterprises.length}</Tag>
            )}
          </Flex>
        ),
    },
  ];

  const data = report.data;
  return (
    <>
      <PageHeader
        title={t("cadence.title")}
        extra={
          <Button icon={<DownloadOutlined />} disabled={!ruleId} loading={exporting} onClick={onExport}>
            {t("common.export")}
          </Button>
        }
      />
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Select<string>
          aria-label={t("cadence.rule")}
          placeholder={t("cadence.rule")}
          value={ruleId}
          onChange={setPicked}
          loading={rules.isLoading}
          options={active.map((r) => ({ value: r.id, label: r.name }))}
          style={{ width: 320, maxWidth: "100%" }}
        />
        {data && (
          <Typography.Text type="secondary">
            {data.periodLabel}（{formatDate(data.periodStart)} ~ {formatDate(data.periodEnd)}）·{" "}
            {t("cadence.onTrackOf", {
              // nobody falls under the rule: there is no share to show, so "—" rather than 0/0
              value: data.people === 0 ? "—" : `${data.onTrack}/${data.people}`,
            })}
          </Typography.Text>
        )}
      </Flex>
      {(rules.isError || report.isError) && (
        <Alert type="error" showIcon title={(rules.error ?? report.error)?.message} style={{ marginBottom: 16 }} />
      )}
      {data?.rows.every((r) => r.isOnTrack) && data.rows.length > 0 && (
        <Alert type="success" showIcon title={t("cadence.allOnTrack")} style={{ marginBottom: 16 }} />
      )}
      <Table<CadenceRow>
        rowKey="userId"
        size="middle"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={report.isFetching}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        locale={{ emptyText: data?.people === 0 ? t("cadence.nobody") : t("common.noData") }}
      />
    </>
  );
}
