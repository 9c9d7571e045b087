import { ImportWizard } from "../../../components/import-wizard/import-wizard";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";

export function EnterpriseImportPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("enterprise.importTitle")} />
      <ImportWizard
        baseUrl="/enterprises"
        templateName="企业导入模板.xlsx"
        listPath="/enterprises"
        invalidateKeys={[["enterprises"]]}
      />
    </>
  );
}
