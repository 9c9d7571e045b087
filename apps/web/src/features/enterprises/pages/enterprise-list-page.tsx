import { DownloadOutlined, PlusOutlined, UploadOutlined, UsergroupAddOutlined } from "@ant-design/icons";
import { Alert, Button, Typography } from "antd";
import { useState } from "react";
import { BulkAssignModal } from "../../../components/assignment-modals/bulk-assign-modal";
import { LinkButton } from "../../../components/link-button";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { downloadFile } from "../../../lib/api";
import { useCan } from "../../../lib/current-user";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useEnterpriseList } from "../api/enterprises-api";
import { EnterpriseCardList } from "../components/enterprise-card-list";
import { EnterpriseFiltersBar } from "../components/enterprise-filters-bar";
import { EnterpriseTable } from "../components/enterprise-table";
import { toEnterpriseQuery, useEnterpriseFilters } from "../components/use-enterprise-filters";

/** 企业库: search, filter, sort, page, export, import, and pick enterprises for bulk assignment. */
export function EnterpriseListPage() {
  const t = useT();
  const can = useCan();
  const isMobile = useIsMobile();
  const handleError = useErrorHandler();
  const { filters, setFilters, resetFilters } = useEnterpriseFilters();
  const list = useEnterpriseList(toEnterpriseQuery(filters));
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const canAssign = can("assignment.write");

  const onExport = async () => {
    setExporting(true);
    try {
      await downloadFile("/enterprises/export", toEnterpriseQuery(filters, false), "企业库.xlsx");
    } catch (e) {
      handleError(e);
    } finally {
      setExporting(false);
    }
  };

  const rows = list.data?.data ?? [];
  const total = list.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t("enterprise.listTitle")}
        extra={
          <>
            {canAssign && selectedIds.length > 0 && (
              <Button type="primary" icon={<UsergroupAddOutlined />} onClick={() => setBulkOpen(true)}>
                {t("enterprise.bulkAssign", { count: selectedIds.length })}
              </Button>
            )}
            {can("enterprise.write") && (
              <LinkButton
                to="/enterprises/new"
                type={selectedIds.length > 0 ? "default" : "primary"}
                icon={<PlusOutlined />}
              >
                {t("enterprise.new")}
              </LinkButton>
            )}
            {can("enterprise.import") && (
              <LinkButton to="/enterprises/import" icon={<UploadOutlined />}>
                {t("common.import")}
              </LinkButton>
            )}
            {can("enterprise.export") && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={onExport}>
                {t("common.export")}
              </Button>
            )}
          </>
        }
      />
      <EnterpriseFiltersBar
        isMobile={isMobile}
        filters={filters}
        onChange={(patch) => setFilters(patch)}
        onReset={() => {
          resetFilters();
          setSelectedIds([]);
        }}
      />
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      {canAssign && selectedIds.length > 0 && (
        <Typography.Paragraph type="secondary">
          {t("enterprise.selected", { count: selectedIds.length })}{" "}
          <Button type="link" size="small" onClick={() => setSelectedIds([])}>
            {t("common.reset")}
          </Button>
        </Typography.Paragraph>
      )}
      {isMobile ? (
        <EnterpriseCardList
          data={rows}
          loading={list.isFetching}
          total={total}
          page={filters.page}
          pageSize={filters.pageSize}
          selectedIds={selectedIds}
          onSelect={canAssign ? setSelectedIds : undefined}
          onPageChange={(page) => setFilters({ page }, { keepPage: true })}
        />
      ) : (
        <EnterpriseTable
          data={rows}
          loading={list.isFetching}
          total={total}
          totalIsLowerBound={list.data?.totalIsLowerBound ?? false}
          page={filters.page}
          pageSize={filters.pageSize}
          sort={filters.sort}
          selectedIds={selectedIds}
          onSelect={canAssign ? setSelectedIds : undefined}
          onChange={(patch) => setFilters(patch, { keepPage: true })}
        />
      )}
      {canAssign && (
        <BulkAssignModal
          open={bulkOpen}
          enterpriseIds={selectedIds}
          onClose={() => setBulkOpen(false)}
          onDone={() => setSelectedIds([])}
        />
      )}
    </>
  );
}
