import { z } from "zod";

export const roles = ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"] as const;
export const roleSchema = z.enum(roles).describe("角色");
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  admin: "管理员",
  leader: "包联领导",
  cadre: "助企干部",
  department: "委局/单位",
  oversight: "纪委/督查",
  statistics: "统计员",
  enterprise: "企业联系人",
};
