import { ImportPage } from "../../../components/import-wizard/import-page";

/**
 * 导入招商线索: the shared import wizard on /api/leads/imports, with the template from
 * /api/leads/import-template; imported leads start at 线索 and appear on the board.
 */
export function LeadImportPage() {
  return (
    <ImportPage
      title="lead.importTitle"
      baseUrl="/leads"
      templateName="招商线索导入模板.xlsx"
      listPath="/leads"
      invalidateKeys={[["leads"]]}
    />
  );
}
