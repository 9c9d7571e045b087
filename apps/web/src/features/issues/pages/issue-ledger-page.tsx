import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Tabs } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { LinkButton } from "../../../components/link-button";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { downloadFile } from "../../../lib/api";
import { useCan, useCurrentUser } from "../../../lib/current-user";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useIssueList } from "../api/issues-api";
import { IssueCardList } from "../components/issue-card-list";
import { IssueFiltersBar } from "../components/issue-filters-bar";
import { IssueStatsPanel } from "../components/issue-stats-panel";
import { IssueStyles } from "../components/issue-styles";
import { IssueTable } from "../components/issue-table";
import { toIssueQuery, useIssueFilters } from "../components/use-issue-filters";

/** 问题台账: every issue in the viewer's scope with filters, export (.xlsx) and statistics. */
export function IssueLedgerPage() {
  const t = useT();
  const can = useCan();
  const { data: user } = useCurrentUser();
  const isMobile = useIsMobile();
  const handleError = useErrorHandler();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "stats" && can("issue.stats") ? "stats" : "list";
  const { filters, setFilters, resetFilters } = useIssueFilters();
  const list = useIssueList(toIssueQuery(filters), tab === "list");
  const [exporting, setExporting] = useState(false);

  const onExport = async () => {
    setExporting(true);
    try {
      await downloadFile("/issues/export", toIssueQuery(filters, false), t("issue.exportFile"));
    } catch (e) {
      handleError(e);
    } finally {
      setExporting(false);
    }
  };

  const rows = list.data?.data ?? [];
  const total = list.data?.total ?? 0;
  const listView = (
    <>
      <IssueFiltersBar
        isMobile={isMobile}
        filters={filters}
        onChange={(patch) => setFilters(patch)}
        onReset={resetFilters}
        hideDepartment={user?.role === "department"}
      />
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      {isMobile ? (
        <IssueCardList
          data={rows}
          loading={list.isFetching}
          total={total}
          page={filters.page}
          pageSize={filters.pageSize}
          onPageChange={(page) => setFilters({ page }, { keepPage: true })}
        />
      ) : (
        <IssueTable
          data={rows}
          loading={list.isFetching}
          total={total}
          page={filters.page}
          pageSize={filters.pageSize}
          sort={filters.sort}
          onChange={(patch) => setFilters(patch, { keepPage: true })}
        />
      )}
    </>
  );

  return (
    <>
      <IssueStyles />
      <PageHeader
        title={t("issue.ledgerTitle")}
        extra={
          <>
            {can("issue.dispatch") && (
              <LinkButton to="/issues/new" type="primary" icon={<PlusOutlined />}>
                {t("issue.new")}
              </LinkButton>
            )}
            {can("issue.export") && tab === "list" && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={onExport}>
                {t("common.export")}
              </Button>
            )}
          </>
        }
      />
      {can("issue.stats") ? (
        <Tabs
          activeKey={tab}
          onChange={(key) =>
            setParams(
              (current) => {
                const next = new URLSearchParams(current);
                if (key === "stats") next.set("tab", "stats");
                else next.delete("tab");
                return next;
              },
              { replace: true },
            )
          }
          items={[
            { key: "list", label: t("issue.tabList"), children: listView },
            { key: "stats", label: t("issue.tabStats"), children: <IssueStatsPanel /> },
          ]}
        />
      ) : (
        listView
      )}
    </>
  );
}
