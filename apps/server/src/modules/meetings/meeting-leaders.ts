import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { inOrgScope } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { fieldError } from "../../lib/errors.js";
import { issues } from "../issues/issues.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";

/*
 * The responsible leader (责任领导) a meeting names for an issue must be an active leader whose own scope (his
 * unit and its subtree) holds the issue's unit: he is made to answer for the issue and sees it from then on,
 * so a leader of another zone, or of a park beside the issue's, cannot be given it. Checked when the item is
 * set and again when the meeting is concluded (the leader may have been moved or disabled in between).
 */

export interface LeaderCheck {
  /** What the problem is reported under (the item's id). */
  key: string;
  leaderId: string;
  issueId: string;
  serialNo: string;
}

/** The problems of each check, by key: a Chinese message naming the issue and the leader; none when all hold. */
export async function responsibleLeaderProblems(db: Db, checks: LeaderCheck[]): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  if (checks.length === 0) return problems;
  const [leaders, issueUnits] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.displayName,
        role: users.role,
        isDisabled: users.isDisabled,
        path: orgUnits.path,
        unitName: orgUnits.name,
      })
      .from(users)
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .where(inArray(users.id, [...new Set(checks.map((c) => c.leaderId))])),
    db
      .select({ id: issues.id, path: orgUnits.path, unitName: orgUnits.name })
      .from(issues)
      .innerJoin(orgUnits, eq(orgUnits.id, issues.orgUnitId))
      .where(inArray(issues.id, [...new Set(checks.map((c) => c.issueId))])),
  ]);
  const leaderById = new Map(leaders.map((l) => [l.id, l]));
  const unitOf = new Map(issueUnits.map((i) => [i.id, i]));
  for (const c of checks) {
    const leader = leaderById.get(c.leaderId);
    const unit = unitOf.get(c.issueId);
    if (!leader || leader.isDisabled) problems.set(c.key, `问题 ${c.serialNo} 的责任领导不存在或已停用`);
    else if (leader.role !== "leader") problems.set(c.key, `问题 ${c.serialNo} 的责任领导${leader.name}不是包联领导`);
    else if (!unit?.path.startsWith(leader.path))
      problems.set(
        c.key,
        `问题 ${c.serialNo} 的责任领导${leader.name}（${leader.unitName}）的管理范围不包括该问题所在单位（${unit?.unitName ?? ""}），请选择该单位或其上级单位的领导`,
      );
  }
  return problems;
}

/**
 * Refuses (field error on responsibleLeaderId) a responsible leader outside the actor's scope, not an active
 * leader, or whose own scope does not hold the issue's unit.
 */
export async function assertResponsibleLeader(db: Db, actor: Actor, check: Omit<LeaderCheck, "key">): Promise<void> {
  const [inScope] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, check.leaderId), inOrgScope(actor, users.orgUnitId)));
  if (!inScope) throw fieldError("responsibleLeaderId", "责任领导不存在、已停用或不在您的管理范围内");
  const problem = (await responsibleLeaderProblems(db, [{ ...check, key: "" }])).get("");
  if (problem) throw fieldError("responsibleLeaderId", problem);
}
