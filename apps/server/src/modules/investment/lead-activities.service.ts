import type { LeadActivity, LeadActivityInput, UpdateLeadActivity } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, fieldError, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import {
  deleteActivityRow,
  findActivities,
  getActivity,
  insertActivity,
  type LeadActivityRow,
  updateActivityRow,
} from "./investment.queries.js";
import { getVisibleLeadRow } from "./investment.service.js";
import { investmentLeads } from "./investment.table.js";

/*
 * The activity log of a lead (接洽, investor site visits 考察, negotiation rounds 洽谈, 外出拜访): the
 * figures count site visits and negotiations from it. Whoever recorded an activity may correct or
 * remove it; every change is audited.
 */

type ActivityWithName = LeadActivityRow & { createdByName: string | null };

function toActivity(r: ActivityWithName): LeadActivity {
  return {
    id: r.id,
    leadId: r.leadId,
    kind: r.kind,
    occurredOn: r.occurredOn,
    participants: r.participants,
    summary: r.summary,
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
  };
}

function assertNotFuture(occurredOn: string | undefined): void {
  if (occurredOn !== undefined && occurredOn > todayInBeijing()) throw fieldError("occurredOn", "活动日期不能晚于今天");
}

/** A lead's activities, newest first. */
export async function listLeadActivities(db: Db, actor: Actor, leadId: string): Promise<LeadActivity[]> {
  requirePermission(actor, "lead.read");
  await getVisibleLeadRow(db, actor, leadId);
  return (await findActivities(db, leadId)).map(toActivity);
}

/** Touches the lead so lists sorted by update show recent work first. */
async function touchLead(tx: Db, leadId: string): Promise<void> {
  await tx.update(investmentLeads).set({ updatedAt: new Date() }).where(eq(investmentLeads.id, leadId));
}

export async function addLeadActivity(
  db: Db,
  actor: Actor,
  leadId: string,
  input: LeadActivityInput,
): Promise<LeadActivity> {
  requirePermission(actor, "lead.write");
  assertNotFuture(input.occurredOn);
  const id = await db.transaction(async (tx) => {
    const lead = await getVisibleLeadRow(tx, actor, leadId);
    const values = {
      leadId,
      kind: input.kind,
      occurredOn: input.occurredOn,
      participants: input.participants || null,
      summary: input.summary,
    };
    const row = await insertActivity(tx, { ...values, createdBy: actor.userId });
    await touchLead(tx, leadId);
    await writeAudit(tx, actor, {
      action: "lead.activity_add",
      entityType: "lead_activity",
      entityId: row.id,
      orgUnitId: lead.orgUnitId,
      summary: `${lead.projectName}：${input.summary.slice(0, 50)}`,
      after: values,
    });
    return row.id;
  });
  return getOwnActivityView(db, leadId, id);
}

async function getOwnActivityView(db: Db, leadId: string, id: string): Promise<LeadActivity> {
  const row = await getActivity(db, leadId, id);
  if (!row) throw notFound("活动记录");
  return toActivity(row);
}

/** The activity, if the lead is visible; only its author may change it. */
async function loadOwnActivity(tx: Db, actor: Actor, leadId: string, activityId: string) {
  const lead = await getVisibleLeadRow(tx, actor, leadId);
  const activity = await getActivity(tx, leadId, activityId);
  if (!activity) throw notFound("活动记录");
  if (activity.createdBy !== actor.userId) {
    throw new AppError("FORBIDDEN", "只能修改或删除本人登记的活动记录", { isAccessRefusal: true });
  }
  return { lead, activity };
}

export async function updateLeadActivity(
  db: Db,
  actor: Actor,
  leadId: string,
  activityId: string,
  input: UpdateLeadActivity,
): Promise<LeadActivity> {
  requirePermission(actor, "lead.write");
  assertNotFuture(input.occurredOn);
  await db.transaction(async (tx) => {
    const { lead, activity } = await loadOwnActivity(tx, actor, leadId, activityId);
    const before = {
      kind: activity.kind,
      occurredOn: activity.occurredOn,
      participants: activity.participants,
      summary: activity.summary,
    };
    const after = {
      kind: input.kind ?? before.kind,
      occurredOn: input.occurredOn ?? before.occurredOn,
      participants: input.participants === undefined ? before.participants : input.participants || null,
      summary: input.summary ?? before.summary,
    };
    await updateActivityRow(tx, activityId, after);
    await writeAudit(tx, actor, {
      action: "lead.activity_update",
      entityType: "lead_activity",
      entityId: activityId,
      orgUnitId: lead.orgUnitId,
      summary: lead.projectName,
      ...changedFields(before, after),
    });
  });
  return getOwnActivityView(db, leadId, activityId);
}

export async function deleteLeadActivity(db: Db, actor: Actor, leadId: string, activityId: string): Promise<void> {
  requirePermission(actor, "lead.write");
  await db.transaction(async (tx) => {
    const { lead, activity } = await loadOwnActivity(tx, actor, leadId, activityId);
    await deleteActivityRow(tx, activityId);
    await writeAudit(tx, actor, {
      action: "lead.activity_delete",
      entityType: "lead_activity",
      entityId: activityId,
      orgUnitId: lead.orgUnitId,
      summary: lead.projectName,
      before: {
        kind: activity.kind,
        occurredOn: activity.occurredOn,
        participants: activity.participants,
        summary: activity.summary,
      },
    });
  });
}
