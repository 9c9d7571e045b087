import type { Assignment } from "@zonedesk/contracts";
import { Button, Card, Empty, Flex, Table, Tag, Typography } from "antd";
import { useLabels, useT } from "../../../i18n";
import { formatDate } from "../../../lib/dates";

interface AssignmentHistoryProps {
  assignments: Assignment[];
  loading: boolean;
  isMobile: boolean;
  onEnd?: (assignment: Assignment) => void;
}

/** All liaison assignments of one enterprise, current and ended. */
export function AssignmentHistory({ assignments, loading, isMobile, onEnd }: AssignmentHistoryProps) {
  const t = useT();
  const labels = useLabels();
  const status = (a: Assignment) =>
    a.isActive ? <Tag color="green">{t("assignment.active")}</Tag> : <Tag>{t("assignment.ended")}</Tag>;

  if (isMobile) {
    if (assignments.length === 0) return <Empty description={t("common.noData")} />;
    return (
      <Flex vertical gap={8}>
        {assignments.map((a) => (
          <Card key={a.id} size="small">
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{a.userDisplayName}</Typography.Text>
              {status(a)}
            </Flex>
            <Typography.Text type="secondary">
              {labels.liaisonRole[a.role]} · {formatDate(a.startsOn)} ~ {a.endsOn ? formatDate(a.endsOn) : ""}
            </Typography.Text>
            {a.note && <div>{a.note}</div>}
            {onEnd && a.isActive && (
              <div style={{ marginTop: 8 }}>
                <Button size="small" danger onClick={() => onEnd(a)}>
                  {t("assignment.end")}
                </Button>
              </div>
            )}
          </Card>
        ))}
      </Flex>
    );
  }

  return (
    <Table<Assignment>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={assignments}
      pagination={false}
      columns={[
        { title: t("assignment.person"), dataIndex: "userDisplayName" },
        { title: t("assignment.role"), dataIndex: "role", render: (r: Assignment["role"]) => labels.liaisonRole[r] },
        { title: t("assignment.startsOn"), dataIndex: "startsOn", render: (v: string) => formatDate(v) },
        { title: t("assignment.endsOn"), dataIndex: "endsOn", render: (v: string | null) => formatDate(v) },
        { title: t("common.status"), key: "status", render: (_, a) => status(a) },
        { title: t("assignment.note"), dataIndex: "note", render: (v: string | null) => v ?? "—" },
        ...(onEnd
          ? [
              {
                title: t("common.actions"),
                key: "actions",
                render: (_: unknown, a: Assignment) =>
                  a.isActive ? (
                    <Button size="small" danger onClick={() => onEnd(a)}>
                      {t("assignment.end")}
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}
