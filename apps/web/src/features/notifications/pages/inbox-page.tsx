import { CheckOutlined } from "@ant-design/icons";
import type { Notification, NotificationKind } from "@zonedesk/contracts";
import { Alert, App, Badge, Button, Card, Empty, Flex, Pagination, Segmented, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { formatDateTime } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useMarkAllRead, useMarkRead, useNotificationList, useUnreadCount } from "../api/notifications-api";

const kindColors: Partial<Record<NotificationKind, string>> = {
  issue_routed: "blue",
  issue_due_soon: "orange",
  issue_overdue: "red",
  issue_escalated: "magenta",
  issue_bounced: "volcano",
  issue_reopened: "red",
  issue_answered: "green",
  issue_rated: "cyan",
  extension_requested: "gold",
  extension_decided: "gold",
  meeting_decision: "purple",
};

const pageSize = 20;

/** 消息: my notices, newest first; unread filter; opening one marks it read and opens its issue. */
export function InboxPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useNotificationList({ unread: unreadOnly ? true : undefined, page, pageSize });
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const unread = useUnreadCount(true);
  const unreadCount = unread.data?.total ?? 0;
  const rows = list.data?.data ?? [];
  const total = list.data?.total ?? 0;

  const open = async (n: Notification) => {
    if (!n.readAt) await markRead.mutateAsync(n.id).catch((e: unknown) => handleError(e));
    const link = n.link ?? (n.issueId ? `/issues/${n.issueId}` : null);
    if (link) navigate(link);
  };

  const onReadAll = async () => {
    try {
      await markAllRead.mutateAsync();
      message.success(t("inbox.allRead"));
    } catch (e) {
      handleError(e);
    }
  };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 860, margin: "0 auto", width: "100%" }}>
      <style href="zd-inbox-styles" precedence="default">{`
.zd-notice { position: relative; }
.zd-notice-open { all: unset; cursor: pointer; color: inherit; }
.zd-notice-open::after { content: ""; position: absolute; inset: 0; border-radius: 8px; }
.zd-notice-open:focus-visible::after { outline: 2px solid #1677ff; outline-offset: -2px; }
.zd-notice-action { position: relative; z-index: 1; }
`}</style>
      <PageHeader
        title={t("inbox.title")}
        extra={
          <Button icon={<CheckOutlined />} onClick={onReadAll} loading={markAllRead.isPending}>
            {t("inbox.markAllRead")}
          </Button>
        }
      />
      <Segmented<"all" | "unread">
        value={unreadOnly ? "unread" : "all"}
        onChange={(v) => {
          setUnreadOnly(v === "unread");
          setPage(1);
        }}
        options={[
          { value: "all", label: t("common.all") },
          {
            value: "unread",
            label: unreadCount > 0 ? t("inbox.unreadOnlyCount", { count: unreadCount }) : t("inbox.unreadOnly"),
          },
        ]}
        style={{ alignSelf: "flex-start" }}
      />
      {list.isError && <Alert type="error" showIcon title={list.error.message} />}
      <Spin spinning={list.isFetching}>
        <Flex vertical gap={8}>
          {rows.length === 0 && !list.isFetching && <Empty description={t("inbox.empty")} />}
          {rows.map((n) => (
            <Card
              key={n.id}
              size="small"
              hoverable
              className="zd-notice"
              style={{ background: n.readAt ? undefined : "#f0f7ff" }}
              data-testid="notification"
            >
              <Flex justify="space-between" gap={8} align="flex-start">
                <Flex vertical gap={4} style={{ minWidth: 0 }}>
                  <Flex wrap gap={6} align="center">
                    {!n.readAt && <Badge status="processing" text={null} aria-label={t("inbox.unread")} />}
                    <Tag color={kindColors[n.kind]}>{t(`inbox.kind.${n.kind}`)}</Tag>
                    {/* A real button (focus, Enter and Space for free); its ::after covers the card for a tap. */}
                    <button
                      type="button"
                      className="zd-notice-open zd-break"
                      style={{ fontWeight: n.readAt ? 400 : 600 }}
                      onClick={() => void open(n)}
                    >
                      {n.title}
                    </button>
                  </Flex>
                  {n.body && (
                    <Typography.Text type="secondary" className="zd-break">
                      {n.body}
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(n.createdAt)}
                  </Typography.Text>
                </Flex>
                {!n.readAt && (
                  <Button
                    size="small"
                    type="link"
                    className="zd-notice-action"
                    onClick={() => markRead.mutate(n.id, { onError: (err) => handleError(err) })}
                  >
                    {t("inbox.markRead")}
                  </Button>
                )}
              </Flex>
            </Card>
          ))}
          {total > pageSize && (
            <Pagination
              simple
              current={page}
              pageSize={pageSize}
              total={total}
              onChange={setPage}
              style={{ alignSelf: "center" }}
            />
          )}
        </Flex>
      </Spin>
    </Flex>
  );
}
