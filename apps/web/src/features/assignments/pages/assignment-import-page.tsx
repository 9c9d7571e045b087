import { ImportWizard } from "../../../components/import-wizard/import-wizard";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";

export function AssignmentImportPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("assignment.importTitle")} />
      <ImportWizard
        baseUrl="/assignments"
        templateName="包联名单导入模板.xlsx"
        listPath="/assignments"
        invalidateKeys={[["assignments"], ["enterprises"]]}
      />
    </>
  );
}
