import { Alert } from "antd";
import { useT } from "../../../i18n";

export function MeetingListPage() {
  const t = useT();
  return <Alert type="info" showIcon title={t("ledger.notReady")} />;
}
