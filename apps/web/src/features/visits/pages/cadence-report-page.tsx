import { Alert } from "antd";
import { useT } from "../../../i18n";

export function CadenceReportPage() {
  const t = useT();
  return <Alert type="info" showIcon title={t("ledger.notReady")} />;
}
