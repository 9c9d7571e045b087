import { z } from "zod";
import { pageOf, paginationQuerySchema } from "./common.js";

/** What a notice is about; each person's inbox (我的消息) shows them with these labels. */
export const notificationKinds = [
  "issue_routed",
  "issue_due_soon",
  "issue_overdue",
  "issue_answered",
  "issue_rated",
  "issue_reopened",
  "issue_escalated",
  "issue_bounced",
  "extension_requested",
  "extension_decided",
  "meeting_decision",
] as const;
export const notificationKindSchema = z.enum(notificationKinds).describe("消息类型");
export type NotificationKind = z.infer<typeof notificationKindSchema>;
export const notificationKindLabels: Record<NotificationKind, string> = {
  issue_routed: "新交办问题",
  issue_due_soon: "即将到期",
  issue_overdue: "已逾期",
  issue_answered: "已办结",
  issue_rated: "企业评价",
  issue_reopened: "不满意重办",
  issue_escalated: "督办",
  issue_bounced: "退回",
  extension_requested: "延期申请",
  extension_decided: "延期审批结果",
  meeting_decision: "联审联批会议决定",
};

/**
 * Notices that also go out through the outbound channel (企业微信群机器人, or the server log when no
 * webhook is configured): the ones somebody must act on.
 */
export const outboundNotificationKinds: readonly NotificationKind[] = [
  "issue_routed",
  "issue_due_soon",
  "issue_overdue",
  "issue_escalated",
  "issue_bounced",
];

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string().nullable(),
  issueId: z.uuid().nullable(),
  link: z.string().nullable().describe("点击消息打开的页面路径，如 /issues/<id>"),
  readAt: z.string().nullable().describe("已读时间；未读为 null"),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = paginationQuerySchema.extend({
  unread: z.stringbool({ message: "unread 应为 true 或 false" }).optional().describe("只看未读"),
  kind: notificationKindSchema.optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationPageSchema = pageOf(notificationSchema);
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const unreadCountSchema = z.object({
  total: z.number().int().describe("未读消息总数"),
  byKind: z.partialRecord(notificationKindSchema, z.number().int()).describe("各类型的未读数（无未读的类型不列出）"),
});
export type UnreadCount = z.infer<typeof unreadCountSchema>;

export const readAllResultSchema = z.object({ updated: z.number().int().describe("本次标为已读的条数") });
export type ReadAllResult = z.infer<typeof readAllResultSchema>;
