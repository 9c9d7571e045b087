import { Alert, Flex, Typography } from "antd";
import { useT } from "../../../i18n";
import { formatDate } from "../../../lib/dates";
import { useRecentVisits } from "../api/visits-api";

/** 无事不扰: who else visited this enterprise or project around the date, and what they recorded. */
export function RecentVisitsAlert({
  enterpriseId,
  projectId,
  date,
}: {
  enterpriseId?: string;
  projectId?: string;
  date?: string;
}) {
  const t = useT();
  const recent = useRecentVisits({ enterpriseId, projectId }, date);
  const visits = recent.data?.visits ?? [];
  if (!(enterpriseId || projectId) || visits.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      title={t(projectId ? "visit.recentAlertProject" : "visit.recentAlert")}
      description={
        <Flex vertical gap={4}>
          {visits.map((v) => (
            <Typography.Text key={v.id} className="zd-break">
              {t("visit.recentItem", {
                date: formatDate(v.visitedOn),
                who: [v.recordedByName, ...v.participantNames.filter((n) => n !== v.recordedByName)].join("、"),
                unit: v.unitName,
                summary: v.summary || "—",
              })}
              {v.issues.length > 0 && (
                <Typography.Text type="secondary"> （{v.issues.map((i) => i.title).join("；")}）</Typography.Text>
              )}
            </Typography.Text>
          ))}
        </Flex>
      }
    />
  );
}
