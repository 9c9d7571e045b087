import { ImportPage } from "../../../components/import-wizard/import-page";

export function AssignmentImportPage() {
  return (
    <ImportPage
      title="assignment.importTitle"
      baseUrl="/assignments"
      templateName="包联名单导入模板.xlsx"
      listPath="/assignments"
      invalidateKeys={[["assignments"], ["enterprises"]]}
    />
  );
}
