import { z } from "zod";
import { roleSchema } from "./roles.js";

export const signInSchema = z.object({
  username: z.string().trim().min(1, "请输入用户名").max(64),
  password: z.string().min(1, "请输入密码").max(256),
});
export type SignIn = z.infer<typeof signInSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "请输入当前密码").max(256),
  newPassword: z.string().min(1, "请输入新密码").max(256),
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;

export const currentUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  departmentId: z.uuid().nullable(),
  enterpriseId: z.uuid().nullable(),
  mustChangePassword: z.boolean(),
  passwordExpired: z.boolean(),
  permissions: z.array(z.string()),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

/** Password rules (等保三级): 8+ characters, 3 of 4 classes, not a common password. */
export const passwordRules = {
  minLength: 8,
  minClasses: 3,
};
