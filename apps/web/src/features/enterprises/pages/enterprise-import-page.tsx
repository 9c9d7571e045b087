import { ImportPage } from "../../../components/import-wizard/import-page";

export function EnterpriseImportPage() {
  return (
    <ImportPage
      title="enterprise.importTitle"
      baseUrl="/enterprises"
      templateName="企业导入模板.xlsx"
      listPath="/enterprises"
      invalidateKeys={[["enterprises"]]}
    />
  );
}
