import { ImportPage } from "../../../components/import-wizard/import-page";

/** 导入重点项目: the register's import wizard on /api/projects/imports. */
export function ProjectImportPage() {
  return (
    <ImportPage
      title="project.importProjects"
      baseUrl="/projects"
      templateName="重点项目导入模板.xlsx"
      listPath="/projects"
      invalidateKeys={[["projects"]]}
    />
  );
}

/** 导入月度投资: monthly reports (当月 or 累计 in 万元); a month already reported is corrected, not duplicated. */
export function ReportImportPage() {
  return (
    <ImportPage
      title="project.importReports"
      baseUrl="/projects/reports"
      templateName="月度投资导入模板.xlsx"
      listPath="/projects"
      invalidateKeys={[["projects"]]}
    />
  );
}

/** 导入年度计划: each project's planned investment for a year (万元). */
export function PlanImportPage() {
  return (
    <ImportPage
      title="project.importPlans"
      baseUrl="/projects/plans"
      templateName="年度投资计划导入模板.xlsx"
      listPath="/projects"
      invalidateKeys={[["projects"]]}
    />
  );
}
