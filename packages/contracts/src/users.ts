import { z } from "zod";
import { listParam, paginationQuerySchema } from "./common.js";
import { roleSchema } from "./roles.js";

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  role: roleSchema,
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  isDisabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type User = z.infer<typeof userSchema>;

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, "用户名为3-32位字母、数字、下划线、点或短横线");
const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, "请输入正确的手机号或座机号")
  .nullable()
  .optional();

export const createUserSchema = z.object({
  username,
  displayName: z.string().trim().min(1, "请输入姓名").max(50, "姓名不超过50个字"),
  phone,
  role: roleSchema,
  orgUnitId: z.uuid({ message: "请选择所属单位" }),
  departmentId: z.uuid().nullable().optional(),
  enterpriseId: z.uuid().nullable().optional(),
  password: z.string().min(1, "请输入初始密码").max(256),
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  displayName: z.string().trim().min(1, "请输入姓名").max(50, "姓名不超过50个字"),
  phone,
  role: roleSchema,
  orgUnitId: z.uuid({ message: "请选择所属单位" }),
  departmentId: z.uuid().nullable().optional(),
  enterpriseId: z.uuid().nullable().optional(),
  isDisabled: z.boolean(),
  version: z.number().int(),
});
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({
  newPassword: z.string().min(1, "请输入新密码").max(256),
});
export type ResetPassword = z.infer<typeof resetPasswordSchema>;

export const userListQuerySchema = paginationQuerySchema.extend({
  q: z.string().trim().max(50).optional(),
  role: listParam,
  orgUnitId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  isDisabled: z.enum(["true", "false"]).optional(),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;
