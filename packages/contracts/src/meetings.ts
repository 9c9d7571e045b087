import { z } from "zod";
import { dateSchema, pageOf, paginationQuerySchema } from "./common.js";
import { issueStatusSchema } from "./issues.js";

// 联审联批会议: a meeting takes the hard open issues and records a decision for each.

export const meetingStatuses = ["draft", "concluded"] as const;
export const meetingStatusSchema = z.enum(meetingStatuses, { message: "会议状态无效" });
export type MeetingStatus = z.infer<typeof meetingStatusSchema>;
export const meetingStatusLabels: Record<MeetingStatus, string> = { draft: "准备中", concluded: "已结束" };

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label}不超过${max}个字`).nullable().optional();

export const createMeetingSchema = z.object({
  orgUnitId: z.uuid({ message: "单位编号无效" }).optional().describe("召开单位，默认本单位"),
  title: z.string().trim().min(2, "会议名称至少2个字").max(100, "会议名称不超过100个字"),
  heldOn: dateSchema.describe("会议日期"),
  location: optionalText(100, "会议地点"),
  chairUserId: z.uuid({ message: "主持人编号无效" }).nullable().optional().describe("主持人（系统用户）"),
  attendees: optionalText(1000, "参会人员"),
  notes: optionalText(5000, "会议备注"),
});
export type CreateMeeting = z.infer<typeof createMeetingSchema>;

export const updateMeetingSchema = createMeetingSchema.omit({ orgUnitId: true }).extend({
  version: z.number({ message: "缺少版本号" }).int(),
});
export type UpdateMeeting = z.infer<typeof updateMeetingSchema>;

export const meetingVersionSchema = z.object({ version: z.number({ message: "缺少版本号" }).int() });

/**
 * An agenda item. An item whose issue the viewer may not see (e.g. a leader's meeting taking up an issue of an
 * enterprise not assigned to him) is redacted: `isVisible: false`, only the serial number and status are
 * given, every other issue or decision field is null; the viewer cannot edit or remove it nor conclude the meeting.
 */
export const meetingItemSchema = z.object({
  id: z.uuid(),
  issueId: z.uuid(),
  isVisible: z.boolean().describe("查看者能否查看该问题；否则只给出问题编号和状态"),
  serialNo: z.string(),
  issueTitle: z.string().nullable(),
  issueDescription: z.string().nullable(),
  issueStatus: issueStatusSchema,
  enterpriseName: z.string().nullable(),
  projectName: z.string().nullable(),
  leadDepartmentName: z.string().nullable(),
  dueOn: z.string().nullable().describe("问题当前的办理时限"),
  isOverdue: z.boolean(),
  escalationLevel: z.number().int().nullable(),
  sortOrder: z.number().int(),
  decision: z.string().nullable().describe("会议决定"),
  responsibleLeaderId: z.uuid().nullable(),
  responsibleLeaderName: z.string().nullable(),
  responsibleDepartmentId: z.uuid().nullable(),
  responsibleDepartmentName: z.string().nullable(),
  newDueOn: z.string().nullable().describe("新的完成时限"),
  appliedAt: z.string().nullable(),
});
export type MeetingItem = z.infer<typeof meetingItemSchema>;

export const meetingSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  title: z.string(),
  heldOn: z.string(),
  location: z.string().nullable(),
  chairUserId: z.uuid().nullable(),
  chairName: z.string().nullable(),
  attendees: z.string().nullable(),
  notes: z.string().nullable(),
  status: meetingStatusSchema,
  concludedAt: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  itemCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Meeting = z.infer<typeof meetingSchema>;

export const meetingDetailSchema = meetingSchema.extend({ items: z.array(meetingItemSchema) });
export type MeetingDetail = z.infer<typeof meetingDetailSchema>;

export const meetingPageSchema = pageOf(meetingSchema);
export type MeetingPage = z.infer<typeof meetingPageSchema>;

export const meetingListQuerySchema = paginationQuerySchema.extend({
  status: meetingStatusSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});
export type MeetingListQuery = z.infer<typeof meetingListQuerySchema>;

export const meetingCandidateKinds = ["overdue", "escalated", "key_projects", "all"] as const;
export const meetingCandidateKindLabels: Record<(typeof meetingCandidateKinds)[number], string> = {
  overdue: "已逾期",
  escalated: "已督办",
  key_projects: "重点项目问题",
  all: "全部（逾期、督办或重点项目）",
};

export const meetingCandidatesQuerySchema = z.object({
  kind: z.enum(meetingCandidateKinds, { message: "候选范围无效" }).default("all"),
  meetingId: z.uuid({ message: "会议编号无效" }).optional().describe("排除已在该会议中的问题"),
});
export type MeetingCandidatesQuery = z.infer<typeof meetingCandidatesQuerySchema>;

export const meetingCandidateSchema = z.object({
  issueId: z.uuid(),
  serialNo: z.string(),
  title: z.string(),
  status: issueStatusSchema,
  enterpriseName: z.string().nullable(),
  projectName: z.string().nullable(),
  leadDepartmentName: z.string().nullable(),
  dueOn: z.string().nullable(),
  isOverdue: z.boolean(),
  escalationLevel: z.number().int(),
});
export type MeetingCandidate = z.infer<typeof meetingCandidateSchema>;

export const addMeetingItemsSchema = z.object({
  issueIds: z
    .array(z.uuid({ message: "问题编号无效" }))
    .min(1, "请至少选择一个问题")
    .max(200, "一次最多加入200个问题"),
});
export type AddMeetingItems = z.infer<typeof addMeetingItemsSchema>;

export const meetingItemParamsSchema = z.object({ id: z.uuid(), itemId: z.uuid() });

export const updateMeetingItemSchema = z.object({
  decision: optionalText(2000, "会议决定"),
  responsibleLeaderId: z.uuid({ message: "责任领导编号无效" }).nullable().optional(),
  responsibleDepartmentId: z.uuid({ message: "责任单位编号无效" }).nullable().optional(),
  newDueOn: dateSchema.nullable().optional().describe("新的完成时限，不早于今天，不晚于会议日期一年后"),
});
export type UpdateMeetingItem = z.infer<typeof updateMeetingItemSchema>;
