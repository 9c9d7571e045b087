import { DownloadOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Dropdown, Flex, Segmented, Spin } from "antd";
import { lazy, Suspense, useMemo, useState } from "react";
import { useNavigate } from "react-router-dom";
import { LinkButton } from "../../../components/link-button";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { downloadFile } from "../../../lib/api";
import { useCan } from "../../../lib/current-user";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useProjectFigures, useProjectWarnings } from "../api/investment-api";
import { useProjectList } from "../api/projects-api";
import { ProjectFiguresPanel } from "../components/project-figures-panel";
import { ProjectFiltersBar } from "../components/project-filters-bar";
import { ProjectCardList, ProjectTable } from "../components/project-table";
import {
  hasListOnlyFilters,
  toFiguresQuery,
  toProjectListQuery,
  useProjectFilters,
} from "../components/use-project-filters";

const FiguresCharts = lazy(async () => ({ default: (await import("../components/figures-charts")).FiguresCharts }));

const warningStyles = `
.zd-warn-red > td { background: #fff1f0 !important; }
.zd-warn-yellow > td { background: #fffbe6 !important; }
`;

/** 重点项目: the figures on top (completion against time progress, stage rates), filters, the list or the dashboard. */
export function ProjectListPage() {
  const t = useT();
  const can = useCan();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  // Each import needs its own permission: cadres import the monthly reports of their projects, only the office the plans.
  const importItems = [
    ...(can("project.import") ? [{ key: "/projects/import", label: t("project.importProjects") }] : []),
    ...(can("project.progress") ? [{ key: "/projects/reports/import", label: t("project.importReports") }] : []),
    ...(can("project.plan") ? [{ key: "/projects/plans/import", label: t("project.importPlans") }] : []),
  ];
  const handleError = useErrorHandler();
  const { filters, setFilters, resetFilters } = useProjectFilters();
  const list = useProjectList(toProjectListQuery(filters));
  const figures = useProjectFigures(toFiguresQuery(filters));
  const rows = list.data?.data ?? [];
  const ids = rows.map((p) => p.id);
  const warnings = useProjectWarnings({ ...toFiguresQuery(filters), projectIds: ids, pageSize: 200 }, ids.length > 0);
  const warningById = useMemo(() => new Map((warnings.data?.data ?? []).map((w) => [w.projectId, w])), [warnings.data]);
  const [exporting, setExporting] = useState(false);

  const onExport = async () => {
    setExporting(true);
    try {
      await downloadFile(
        "/projects/export",
        { ...toProjectListQuery(filters, false), month: filters.month },
        "重点项目推进表.xlsx",
      );
    } catch (e) {
      handleError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <style>{warningStyles}</style>
      <PageHeader
        title={t("project.listTitle")}
        extra={
          <>
            {can("project.write") && (
              <LinkButton to="/projects/new" type="primary" icon={<PlusOutlined />}>
                {t("project.new")}
              </LinkButton>
            )}
            {can("project.progress") && <LinkButton to="/projects/report">{t("report.entryTitle")}</LinkButton>}
            {importItems.length > 0 && (
              <Dropdown menu={{ items: importItems, onClick: ({ key }) => navigate(key) }}>
                <Button icon={<UploadOutlined />}>{t("common.import")}</Button>
              </Dropdown>
            )}
            {can("project.export") && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={onExport}>
                {t("project.exportSheet")}
              </Button>
            )}
          </>
        }
      />
      <ProjectFiltersBar
        isMobile={isMobile}
        filters={filters}
        onChange={(patch) => setFilters(patch)}
        onReset={resetFilters}
        shownYear={figures.data?.year}
      />
      {figures.isError && <Alert type="error" showIcon title={figures.error.message} style={{ marginBottom: 16 }} />}
      <Spin spinning={figures.isFetching}>
        {figures.data && (
          <ProjectFiguresPanel figures={figures.data} hasListOnlyFilters={hasListOnlyFilters(filters)} />
        )}
      </Spin>
      <Flex justify="space-between" align="center" style={{ margin: "16px 0 12px" }} wrap gap={8}>
        <Segmented
          value={filters.view}
          onChange={(view) => setFilters({ view: view as "list" | "board" }, { keepPage: true })}
          options={[
            { value: "list", label: t("project.viewList") },
            { value: "board", label: t("project.viewBoard") },
          ]}
        />
      </Flex>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      {filters.view === "board" ? (
        figures.data && (
          <Suspense fallback={<Spin />}>
            <FiguresCharts figures={figures.data} />
          </Suspense>
        )
      ) : isMobile ? (
        <ProjectCardList
          data={rows}
          warnings={warningById}
          loading={list.isFetching}
          total={list.data?.total ?? 0}
          page={filters.page}
          pageSize={filters.pageSize}
          onPageChange={(page) => setFilters({ page }, { keepPage: true })}
        />
      ) : (
        <ProjectTable
          data={rows}
          warnings={warningById}
          loading={list.isFetching}
          total={list.data?.total ?? 0}
          page={filters.page}
          pageSize={filters.pageSize}
          sort={filters.sort}
          onChange={(patch) => setFilters(patch, { keepPage: true })}
        />
      )}
    </>
  );
}
