import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import type { LeadActivity, LeadDetail } from "@zonedesk/contracts";
import { Alert, App, Button, Card, Empty, Flex, Tag, Timeline, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n";
import { useCurrentUser } from "../../../lib/current-user";
import { formatDate, formatDateTime } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useDeleteLeadActivity, useLeadActivities } from "../api/leads-api";
import { ActivityModal } from "./activity-modal";

/** What the modal is doing: nothing, recording a new activity, or correcting one. */
type Editing = { mode: "closed" } | { mode: "add" } | { mode: "edit"; activity: LeadActivity };

/**
 * The lead's activity log (the figures count its site visits and negotiations). Whoever recorded an
 * activity may correct or delete it (after a confirmation), as the server allows.
 */
export function LeadActivitiesCard({ lead, canWrite }: { lead: LeadDetail; canWrite: boolean }) {
  const t = useT();
  const { modal, message } = App.useApp();
  const handleError = useErrorHandler();
  const me = useCurrentUser().data;
  const activities = useLeadActivities(lead.id);
  const remove = useDeleteLeadActivity(lead.id);
  const [editing, setEditing] = useState<Editing>({ mode: "closed" });

  const confirmDelete = (a: LeadActivity) =>
    modal.confirm({
      title: t("lead.deleteActivityConfirm", { date: formatDate(a.occurredOn), kind: t(`leadActivity.${a.kind}`) }),
      content: a.summary,
      okText: t("common.delete"),
      okButtonProps: { danger: true },
      cancelText: t("common.cancel"),
      onOk: async () => {
        try {
          await remove.mutateAsync(a.id);
          message.success(t("lead.activityDeleted"));
        } catch (e) {
          handleError(e);
        }
      },
    });

  const items = activities.data ?? [];
  return (
    <Card
      size="small"
      title={t("lead.activities")}
      extra={
        canWrite && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: "add" })}>
            {t("lead.addActivity")}
          </Button>
        )
      }
    >
      {activities.isError && <Alert type="error" showIcon title={activities.error.message} />}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("lead.noActivities")} />
      ) : (
        <Timeline
          items={items.map((a) => ({
            key: a.id,
            content: (
              <Flex vertical data-activity-id={a.id}>
                <Typography.Text>
                  <Tag>{t(`leadActivity.${a.kind}`)}</Tag>
                  {formatDate(a.occurredOn)}
                  {a.participants ? ` · ${a.participants}` : ""}
                </Typography.Text>
                <Typography.Text style={{ whiteSpace: "pre-wrap" }} className="zd-break">
                  {a.summary}
                </Typography.Text>
                <Flex gap={4} wrap align="center">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {a.createdByName ?? "—"} · {formatDateTime(a.createdAt)}
                  </Typography.Text>
                  {canWrite && me?.id === a.createdBy && (
                    <>
                      <Button
                        size="small"
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setEditing({ mode: "edit", activity: a })}
                      >
                        {t("common.edit")}
                      </Button>
                      <Button
                        size="small"
                        type="link"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => confirmDelete(a)}
                      >
                        {t("common.delete")}
                      </Button>
                    </>
                  )}
                </Flex>
              </Flex>
            ),
          }))}
        />
      )}
      {canWrite && (
        <ActivityModal
          leadId={lead.id}
          open={editing.mode !== "closed"}
          activity={editing.mode === "edit" ? editing.activity : undefined}
          onClose={() => setEditing({ mode: "closed" })}
        />
      )}
    </Card>
  );
}
