import { z } from "zod";
import { dateSchema, paginationQuerySchema } from "./common.js";

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  orgUnitId: z.uuid().nullable(),
  summary: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListQuerySchema = paginationQuerySchema.extend({
  action: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

/** Labels for audit actions, as an auditor reads them. */
export const auditActionLabels: Record<string, string> = {
  "auth.sign_in": "登录",
  "auth.sign_in_failed": "登录失败",
  "auth.sign_out": "退出",
  "auth.locked": "账号锁定",
  "auth.password_changed": "修改密码",
  "access.denied": "越权访问被拒绝",
  "user.create": "新建用户",
  "user.update": "修改用户",
  "user.reset_password": "重置密码",
  "org_unit.create": "新建单位",
  "org_unit.update": "修改单位",
  "department.create": "新建部门",
  "department.update": "修改部门",
  "tag.create": "新建标签",
  "tag.update": "修改标签",
  "enterprise.create": "新建企业",
  "enterprise.update": "修改企业",
  "enterprise.archive": "归档企业",
  "enterprise.restore": "恢复企业",
  "enterprise.import": "导入企业",
  "enterprise.export": "导出企业",
  "assignment.create": "新建包联",
  "assignment.end": "结束包联",
  "assignment.import": "导入包联",
  "audit.export": "导出审计日志",
};
