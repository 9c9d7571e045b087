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
  /**
   * Find people by name to name one on a record: a visit's participants, a meeting's chair and responsible leaders,
   * a lead's owner, a liaison. Name, role and unit only, of the actor's scope.
   */
  "user.pick": ["admin", "leader", "cadre"],
  "user.write": ["admin"],
  "department.read": ["admin", "leader", "cadre", "department", "oversight", "statistics"],
  "department.write": ["admin"],
  "org_unit.read": ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"],
  "org_unit.write": ["admin"],
  "tag.read": ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"],
  "tag.write": ["admin"],
  "audit.read": ["admin", "oversight"],

  // The issue ledger (问题台账). The dispatcher is the admin (企业服务中心).
  "issue.read": ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"],
  /** Record a new issue: the dispatcher (hotline, meetings), leaders and cadres (visits), the enterprise itself. */
  "issue.create": ["admin", "leader", "cadre", "enterprise"],
  /** Route, re-route, decline, decide extension requests. */
  "issue.dispatch": ["admin"],
  /** Accept, progress notes, answer, bounce, request an extension: the routed department. */
  "issue.handle": ["department"],
  /** Rate an answer: the enterprise, or the dispatcher recording a rating given by phone (回访). */
  "issue.rate": ["admin", "enterprise"],
  /** 督办 / 挂牌督办: a leader or oversight (纪委/督查室); overdue issues are also escalated by the scheduled check. */
  "issue.escalate": ["leader", "oversight"],
  /** Add files to an issue in sight: those who take part in handling it (oversight and statistics only read). */
  "issue.attach": ["admin", "leader", "cadre", "department", "enterprise"],
  "issue.export": ["admin", "leader", "oversight", "statistics"],
  "issue.stats": ["admin", "leader", "oversight", "statistics"],
  "issue_category.write": ["admin"],
  "notification.read": ["admin", "leader", "cadre", "department", "oversight", "statistics", "enterprise"],

  "visit.read": ["admin", "leader", "cadre", "oversight", "statistics"],
  "visit.write": ["admin", "leader", "cadre"],
  "cadence.read": ["admin", "leader", "oversight", "statistics"],
  "cadence.write": ["admin"],
  "meeting.read": ["admin", "leader", "oversight"],
  "meeting.write": ["admin", "leader"],

  // Key projects (重点项目) and the investment-attraction pipeline (招商引资).
  "project.read": ["admin", "leader", "cadre", "oversight", "statistics"],
  "project.write": ["admin"],
  /** Stage changes, narrative, procedures and monthly investment reports (cadres: assigned projects). */
  "project.progress": ["admin", "leader", "cadre"],
  /**
   * The year's planned investment (年度计划投资), the denominator of the completion rate: set by the zone's project
   * office, never by the cadres whose completion it measures.
   */
  "project.plan": ["admin"],
  "project.import": ["admin"],
  "project.export": ["admin", "leader", "oversight", "statistics"],
  "procedure_type.write": ["admin"],
  "lead.read": ["admin", "leader", "oversight", "statistics"],
  "lead.write": ["admin", "leader"],
  /**
   * Corrections of a lead's course, with a reason: back to an earlier stage, or a terminated lead reopened at the
   * stage it stopped at. The zone's investment office only.
   */
  "lead.move_back": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function roleCan(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissions) as Permission[]).filter((p) => roleCan(role, p));
}
