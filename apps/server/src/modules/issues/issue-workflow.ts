import {
  type IssueAction,
  type IssueStatus,
  issueActionLabels,
  issueStatusLabels,
  type Permission,
  roleCan,
} from "@zonedesk/contracts";
import type { Actor } from "../../lib/actor.js";
import { AppError } from "../../lib/errors.js";

/*
 * The issue workflow (domain.md §2), as one table: which permission (hence which roles) an action needs,
 * which party of the issue the user must be, the statuses it leaves and the status it enters.
 * The same table refuses a transition and computes `allowedActions` for the web.
 */

/** Who, among the users holding the permission, may act on this particular issue. */
export type IssueParty =
  /** Anyone in scope holding the permission (admin: the dispatcher of the scope; leader/oversight: 督办). */
  | "any"
  /** The lead department (牵头单位) the issue is routed to. */
  | "lead_department"
  /** The lead or a co-department (配合单位). */
  | "routed_department"
  /** The enterprise concerned (its users), or the dispatcher recording a rating given by phone. */
  | "enterprise_or_dispatcher";

export interface IssueTransition {
  permission: Permission;
  party: IssueParty;
  from: readonly IssueStatus[];
  /** The status entered; "same" keeps it; "by_rating" depends on the rating (closed or in_progress). */
  to: IssueStatus | "same" | "by_rating";
  /** Extra condition on the issue; returns the refusal message, or null when allowed. */
  guard?: (issue: WorkflowIssue) => string | null;
}

const OPEN: readonly IssueStatus[] = ["received", "routed", "in_progress", "answered", "bounced"];

export const issueWorkflow: Record<IssueAction, IssueTransition> = {
  route: { permission: "issue.dispatch", party: "any", from: ["received", "bounced"], to: "routed" },
  reroute: { permission: "issue.dispatch", party: "any", from: ["routed", "in_progress"], to: "routed" },
  decline: { permission: "issue.dispatch", party: "any", from: ["received", "bounced"], to: "closed" },
  accept: { permission: "issue.handle", party: "lead_department", from: ["routed"], to: "in_progress" },
  progress: { permission: "issue.handle", party: "routed_department", from: ["routed", "in_progress"], to: "same" },
  answer: { permission: "issue.handle", party: "lead_department", from: ["in_progress"], to: "answered" },
  bounce: { permission: "issue.handle", party: "lead_department", from: ["routed", "in_progress"], to: "bounced" },
  request_extension: {
    permission: "issue.handle",
    party: "lead_department",
    from: ["routed", "in_progress"],
    to: "same",
    guard: (i) => (i.hasPendingExtension ? "该问题已有一项待审批的延期申请，请等待审批结果" : null),
  },
  approve_extension: {
    permission: "issue.dispatch",
    party: "any",
    from: ["routed", "in_progress"],
    to: "same",
    guard: (i) => (i.hasPendingExtension ? null : "该问题没有待审批的延期申请"),
  },
  refuse_extension: {
    permission: "issue.dispatch",
    party: "any",
    from: ["routed", "in_progress"],
    to: "same",
    guard: (i) => (i.hasPendingExtension ? null : "该问题没有待审批的延期申请"),
  },
  rate: { permission: "issue.rate", party: "enterprise_or_dispatcher", from: ["answered"], to: "by_rating" },
  close: { permission: "issue.dispatch", party: "any", from: ["answered"], to: "closed" },
  escalate: {
    permission: "issue.escalate",
    party: "any",
    from: OPEN,
    to: "same",
    guard: (i) => (i.escalationLevel >= 2 ? "该问题已挂牌督办，不能再提高督办级别" : null),
  },
};

/** What the workflow needs to know of an issue. */
export interface WorkflowIssue {
  status: IssueStatus;
  enterpriseId: string | null;
  /** Departments the issue is routed to, with their role. */
  departments: readonly { departmentId: string; role: "lead" | "co" }[];
  hasPendingExtension: boolean;
  escalationLevel: number;
}

function isParty(actor: Actor, party: IssueParty, issue: WorkflowIssue): boolean {
  switch (party) {
    case "any":
      return true;
    case "lead_department":
      return issue.departments.some((d) => d.role === "lead" && d.departmentId === actor.departmentId);
    case "routed_department":
      return issue.departments.some((d) => d.departmentId === actor.departmentId);
    case "enterprise_or_dispatcher":
      return actor.role === "admin" || (actor.enterpriseId !== null && actor.enterpriseId === issue.enterpriseId);
  }
}

const partyRefusal: Record<IssueParty, string> = {
  any: "您无权进行此操作",
  lead_department: "只有该问题的牵头单位可以进行此操作",
  routed_department: "只有该问题的承办单位（牵头或配合）可以进行此操作",
  enterprise_or_dispatcher: "只有反映问题的企业或受理窗口可以评价",
};

/**
 * Checks that `actor` may take `action` on `issue` now; throws 403 (role or party) or 409 INVALID_STATE
 * (state, or the action's extra condition) with a message naming the current state.
 */
export function assertTransitionAllowed(actor: Actor, action: IssueAction, issue: WorkflowIssue): IssueTransition {
  const transition = issueWorkflow[action];
  const label = issueActionLabels[action];
  if (!roleCan(actor.role, transition.permission)) {
    throw new AppError("FORBIDDEN", `您的角色无权进行“${label}”操作`, {
      isAccessRefusal: true,
      details: { action, permission: transition.permission },
    });
  }
  if (!isParty(actor, transition.party, issue)) {
    throw new AppError("FORBIDDEN", `${partyRefusal[transition.party]}（${label}）`, {
      isAccessRefusal: true,
      details: { action },
    });
  }
  if (!transition.from.includes(issue.status)) throw invalidState(action, issue.status);
  const refusal = transition.guard?.(issue);
  if (refusal) throw new AppError("INVALID_STATE", refusal, { details: { action, status: issue.status } });
  return transition;
}

/** 409: the issue is not in a status the action leaves. */
export function invalidState(action: IssueAction, status: IssueStatus): AppError {
  const allowed = issueWorkflow[action].from.map((s) => issueStatusLabels[s]).join("、");
  return new AppError(
    "INVALID_STATE",
    `该问题当前状态为“${issueStatusLabels[status]}”，不能进行“${issueActionLabels[action]}”操作（仅限${allowed}状态）`,
    { details: { action, status } },
  );
}

/** The actions `actor` may take on `issue` now, in the table's order. */
export function allowedActionsOf(actor: Actor, issue: WorkflowIssue): IssueAction[] {
  return (Object.keys(issueWorkflow) as IssueAction[]).filter((action) => {
    const t = issueWorkflow[action];
    return (
      roleCan(actor.role, t.permission) &&
      isParty(actor, t.party, issue) &&
      t.from.includes(issue.status) &&
      !t.guard?.(issue)
    );
  });
}
