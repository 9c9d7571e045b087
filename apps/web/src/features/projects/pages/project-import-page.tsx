import { ImportWizard } from "../../../components/import-wizard/import-wizard";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";

/** 导入重点项目: the register's import wizard on /api/projects/imports. */
export function ProjectImportPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("project.importProjects")} />
      <ImportWizard
        baseUrl="/projects"
        templateName="重点项目导入模板.xlsx"
        listPath="/projects"
        invalidateKeys={[["projects"]]}
      />
    </>
  );
}

/** 导入月度投资: monthly reports (当月 or 累计 in 万元); a month already reported is corrected, not duplicated. */
export function ReportImportPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("project.importReports")} />
      <ImportWizard
        baseUrl="/projects/reports"
        templateName="月度投资导入模板.xlsx"
        listPath="/projects"
        invalidateKeys={[["projects"]]}
      />
    </>
  );
}

/** 导入年度计划: each project's planned investment for a year (万元). */
export function PlanImportPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("project.importPlans")} />
      <ImportWizard
        baseUrl="/projects/plans"
        templateName="年度投资计划导入模板.xlsx"
        listPath="/projects"
        invalidateKeys={[["projects"]]}
      />
    </>
  );
}
