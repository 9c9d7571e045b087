import type { Role } from "./roles.js";

/**
 * What each role may do, by action. The server enforces these (plus record scope);
 * the web uses them to show only the menus and buttons a role may use.
 */
export const permissions = {
  "enterprise.read": ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"],
  "enterprise.write": ["admin"],
  "enterprise.import": ["admin"],
  "enterprise.export": ["admin", "leader", "oversight", "statistics"],
  "assignment.read": ["admin", "leader", "cadre", "oversight", "statistics"],
  "assignment.write": ["admin"],
  "coverage.read": ["admin", "oversight", "statistics"],
  "user.read": ["admin"],
  "user.write": ["admin"],
  "department.read": ["admin", "leader", "cadre", "department", "oversight", "statistics"],
  "department.write": ["admin"],
  "org_unit.read": ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"],
  "org_unit.write": ["admin"],
  "tag.read": ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"],
  "tag.write": ["admin"],
  "audit.read": ["admin", "oversight"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function roleCan(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissions) as Permission[]).filter((p) => roleCan(role, p));
}
