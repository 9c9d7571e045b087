import { Alert, Drawer, Empty, Flex, Spin, Tag, Timeline, Typography } from "antd";
import { useT } from "../../../i18n";
import { formatDateTime } from "../../../lib/dates";
import { formatWanYuan } from "../../../lib/money";
import { usePlanRevisions } from "../api/investment-api";

/** The history of a year's plan (年度计划投资): each setting or change, before → after, by whom, from where. */
export function PlanRevisionsDrawer({
  projectId,
  year,
  open,
  onClose,
}: {
  projectId: string;
  year: number;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const wan = t("money.wanYuan");
  const revisions = usePlanRevisions(projectId, year, open);
  const items = revisions.data ?? [];
  return (
    <Drawer open={open} onClose={onClose} title={t("plan.revisionsTitle", { year })}>
      <Spin spinning={revisions.isFetching}>
        {revisions.isError && <Alert type="error" showIcon title={revisions.error.message} />}
        {items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("plan.noRevisions")} />
        ) : (
          <Timeline
            items={items.map((r) => ({
              key: r.id,
              content: (
                <Flex vertical>
                  <Typography.Text>
                    {r.previousPlannedInvestment === null
                      ? t("plan.revisionSet", { value: formatWanYuan(r.plannedInvestment, wan) })
                      : t("plan.revisionChanged", {
                          from: formatWanYuan(r.previousPlannedInvestment, wan),
                          to: formatWanYuan(r.plannedInvestment, wan),
                        })}
                    {JSON.stringify(r.previousMonthlyPlan) !== JSON.stringify(r.monthlyPlan) && (
                      <Typography.Text type="secondary">
                        {" "}
                        {r.monthlyPlan ? t("plan.monthlyChanged") : t("plan.monthlyCleared")}
                      </Typography.Text>
                    )}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <Tag>{r.source === "import" ? t("plan.sourceImport") : t("plan.sourceManual")}</Tag>
                    {r.changedByName ?? "—"} · {formatDateTime(r.changedAt)}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        )}
      </Spin>
    </Drawer>
  );
}
