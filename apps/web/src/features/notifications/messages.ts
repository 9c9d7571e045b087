/**
 * Messages of the inbox (消息) and its notice kinds.
 * zh-CN is the reference; en-US must have the same keys. i18n/ assembles every feature's messages.
 */
export const notificationsZh = {
  "nav.inbox": "消息",

  "inbox.kind.issue_routed": "新交办问题",
  "inbox.kind.issue_due_soon": "即将到期",
  "inbox.kind.issue_overdue": "已逾期",
  "inbox.kind.issue_answered": "已办结",
  "inbox.kind.issue_rated": "企业评价",
  "inbox.kind.issue_reopened": "不满意重办",
  "inbox.kind.issue_escalated": "督办",
  "inbox.kind.issue_bounced": "退回",
  "inbox.kind.extension_requested": "延期申请",
  "inbox.kind.extension_decided": "延期审批结果",
  "inbox.kind.meeting_decision": "会议决定",
  "inbox.title": "消息",
  "inbox.unreadOnly": "只看未读",
  "inbox.unreadOnlyCount": "只看未读（{count}）",
  "inbox.markRead": "标为已读",
  "inbox.markAllRead": "全部标为已读",
  "inbox.empty": "没有消息",
  "inbox.unread": "未读",
  "inbox.allRead": "已全部标为已读",
  "inbox.bell": "消息（{count} 条未读）",
} satisfies Record<string, string>;

export const notificationsEn: Record<keyof typeof notificationsZh, string> = {
  "nav.inbox": "Inbox",

  "inbox.kind.issue_routed": "Routed to you",
  "inbox.kind.issue_due_soon": "Due soon",
  "inbox.kind.issue_overdue": "Overdue",
  "inbox.kind.issue_answered": "Answered",
  "inbox.kind.issue_rated": "Rated",
  "inbox.kind.issue_reopened": "Reopened",
  "inbox.kind.issue_escalated": "Escalated",
  "inbox.kind.issue_bounced": "Bounced",
  "inbox.kind.extension_requested": "Extension request",
  "inbox.kind.extension_decided": "Extension decision",
  "inbox.kind.meeting_decision": "Meeting decision",
  "inbox.title": "Inbox",
  "inbox.unreadOnly": "Unread only",
  "inbox.unreadOnlyCount": "Unread only ({count})",
  "inbox.markRead": "Mark read",
  "inbox.markAllRead": "Mark all read",
  "inbox.empty": "No messages",
  "inbox.unread": "Unread",
  "inbox.allRead": "All marked read",
  "inbox.bell": "Inbox ({count} unread)",
};
