import { type MessageKey, useT } from "../../i18n";
import { PageHeader } from "../page-header";
import { ImportWizard, type ImportWizardProps } from "./import-wizard";

/** An import page: its title over the import wizard, which is all a register's import page holds. */
export function ImportPage({ title, ...wizard }: ImportWizardProps & { title: MessageKey }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t(title)} />
      <ImportWizard {...wizard} />
    </>
  );
}
