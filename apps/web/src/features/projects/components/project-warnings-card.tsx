import { Alert, Card, Flex, Typography } from "antd";
import { useT } from "../../../i18n";
import { useProjectWarnings } from "../api/investment-api";
import { WarningRules, warningBackground } from "./warning-rules";

/**
 * 预警 of one project: which rules fired, from GET /projects/warnings filtered to the project, for the
 * period of the list's figures (the last complete month, stage dates compared with today).
 */
export function ProjectWarningsCard({ projectId }: { projectId: string }) {
  const t = useT();
  const warnings = useProjectWarnings({ projectIds: [projectId], pageSize: 1 });
  const data = warnings.data;
  const row = data?.data.find((w) => w.projectId === projectId);
  if (warnings.isError) return <Alert type="error" showIcon title={warnings.error.message} />;
  if (!data) return null;
  return (
    <Card
      size="small"
      title={t("project.warningTitle")}
      style={row?.color ? { background: warningBackground[row.color] } : undefined}
    >
      <Flex vertical gap={8}>
        {row?.color ? (
          <WarningRules row={row} />
        ) : (
          <Typography.Text>{row ? t("project.noWarnings") : t("project.notInFigures")}</Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("project.warningPeriod", { year: data.year, month: data.month, date: data.warningsAsOf })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
