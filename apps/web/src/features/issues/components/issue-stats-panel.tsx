import { Alert } from "antd";
import { useT } from "../../../i18n";

/** Statistics per department and per org unit (wired when /api/issues/stats lands). */
export function IssueStatsPanel() {
  const t = useT();
  return <Alert type="info" showIcon title={t("ledger.notReady")} />;
}
