import {
  type LeadDetail,
  leadPipelineStages,
  leadStageLabels,
  liaisonRoleLabels,
  type MoveLeadStage,
  type SignLead,
} from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { canDo, inOrgSubtree, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { insertAssignments } from "../assignments/index.js";
// The org-units module's index.ts has no subtree check of one unit under another; its table is read here.
import { orgUnits } from "../org-units/org-units.table.js";
import { asProjectWriteError, createProjectInTx } from "../projects/index.js";
import {
  insertStageEvents,
  type LeadRow,
  type LeadStageValue,
  type LeadValues,
  type StageEventValues,
  stageBeforeTermination,
  updateLeadStageRow,
} from "./investment.queries.js";
import { getLead, getVisibleLeadRow } from "./investment.service.js";
import { investmentLeads } from "./investment.table.js";

/*
 * Stage rules of a lead: 线索 → 接洽 → 考察 → 洽谈 → 签约, or 终止 from any open stage (with a reason).
 * Forward moves may skip stages, but one event is written per stage passed, so the conversion between
 * consecutive stages counts every lead that went through. Backward moves: admin only, with a note.
 * 签约 and 终止 are final; an admin may reopen a terminated lead at the stage it was terminated from.
 * Every change is guarded by `where stage = <expected>`, so of two concurrent moves only one applies.
 */

const stageIndex = (stage: LeadStageValue) => (leadPipelineStages as readonly string[]).indexOf(stage);

export function invalidState(message: string): AppError {
  return new AppError("INVALID_STATE", message);
}

function assertNotFuture(occurredOn: string, field: string): void {
  if (occurredOn > todayInBeijing()) throw fieldError(field, "日期不能晚于今天");
}

/** One event per stage from `from` (exclusive) to `to` (inclusive) along the pipeline. */
export function forwardEvents(
  lead: Pick<LeadRow, "id">,
  actor: Actor,
  from: LeadStageValue,
  to: LeadStageValue,
  occurredOn: string,
  note: string | null,
): StageEventValues[] {
  const events: StageEventValues[] = [];
  for (let i = stageIndex(from); i < stageIndex(to); i++) {
    const fromStage = leadPipelineStages[i];
    const toStage = leadPipelineStages[i + 1];
    if (fromStage === undefined || toStage === undefined) break;
    events.push({
      leadId: lead.id,
      fromStage,
      toStage,
      occurredOn,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      // The note belongs to the move the user made; skipped stages say they were passed through.
      note: toStage === to ? note : `跳过阶段，随“${leadStageLabels[to]}”一并记录`,
      data: toStage === to ? null : { skipped: true },
    });
  }
  return events;
}

/** Applies the guarded stage update; a lead moved meanwhile by someone else is a 409. */
export async function claimStage(
  tx: Db,
  lead: LeadRow,
  values: Partial<LeadValues> & { stage: LeadStageValue },
): Promise<LeadRow> {
  const [row] = await updateLeadStageRow(tx, lead.id, lead.stage, values);
  if (!row) throw invalidState("该线索的阶段已被他人变更，请刷新后重试");
  return row;
}

/** Moves a lead to another stage (not to 签约: signing registers the key project, see signLead). */
export async function moveLeadStage(db: Db, actor: Actor, id: string, input: MoveLeadStage): Promise<LeadDetail> {
  requirePermission(actor, "lead.write");
  assertNotFuture(input.occurredOn, "occurredOn");
  const note = input.note?.trim() || null;
  await db.transaction(async (tx) => {
    const lead = await getVisibleLeadRow(tx, actor, id);
    const from = lead.stage;
    const to = input.toStage;
    if (to === from) throw invalidState(`该线索已处于“${leadStageLabels[to]}”阶段`);
    if (to === "signed") {
      throw fieldError("toStage", "签约须通过“签约”操作办理，同时登记重点项目");
    }
    if (from === "signed") throw invalidState("已签约的线索不能再变更阶段");

    let values: Partial<LeadValues> & { stage: LeadStageValue };
    let events: StageEventValues[];
    let action: string;
    const base = { leadId: id, actorUserId: actor.userId, actorName: actor.displayName, occurredOn: input.occurredOn };
    if (from === "terminated") {
      if (!canDo(actor, "lead.move_back")) {
        throw new AppError("FORBIDDEN", "只有管理员可以重新启用已终止的线索", { isAccessRefusal: true });
      }
      const previous = (await stageBeforeTermination(tx, id)) ?? "lead";
      if (to !== previous) {
        throw fieldError("toStage", `已终止的线索只能恢复到终止前的阶段（${leadStageLabels[previous]}）`);
      }
      values = { stage: to, terminatedOn: null, terminationReason: null };
      events = [{ ...base, fromStage: from, toStage: to, note }];
      action = "lead.reopen";
    } else if (to === "terminated") {
      if (!note) throw fieldError("note", "终止线索须填写终止原因");
      values = { stage: to, terminatedOn: input.occurredOn, terminationReason: note };
      events = [{ ...base, fromStage: from, toStage: to, note }];
      action = "lead.terminate";
    } else if (stageIndex(to) > stageIndex(from)) {
      values = { stage: to };
      events = forwardEvents(lead, actor, from, to, input.occurredOn, note);
      action = "lead.advance";
    } else {
      if (!canDo(actor, "lead.move_back")) {
        throw new AppError("FORBIDDEN", "只有管理员可以将线索退回到之前的阶段", { isAccessRefusal: true });
      }
      if (!note) throw fieldError("note", "退回到之前的阶段须填写说明");
      values = { stage: to };
      events = [{ ...base, fromStage: from, toStage: to, note, data: { backward: true } }];
      action = "lead.move_back";
    }
    await claimStage(tx, lead, values);
    await insertStageEvents(tx, events);
    await writeAudit(tx, actor, {
      action,
      entityType: "investment_lead",
      entityId: id,
      orgUnitId: lead.orgUnitId,
      summary: `${lead.projectName}：${leadStageLabels[from]} → ${leadStageLabels[to]}`,
      before: { stage: from },
      after: { stage: to, occurredOn: input.occurredOn, note },
    });
  });
  return getLead(db, actor, id);
}

/** A field error of the nested project, renamed to its path in the sign request (project.totalInvestment). */
function asProjectFieldError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== "VALIDATION_FAILED") return error;
  const details = error.details as { issues?: { path: string; message: string }[] } | undefined;
  const issues = (details?.issues ?? []).map((i) => ({ ...i, path: i.path ? `project.${i.path}` : "project" }));
  const first = issues[0];
  const message = first ? `${first.path}：${first.message}` : error.message;
  return new AppError("VALIDATION_FAILED", message, { details: { issues } });
}

/**
 * A leader or cadre who signs a lead sees key projects only through an assignment: they are assigned to the
 * new project (分包领导 / 助企干部) from the signing date, so they keep sight of it. Admins see it anyway.
 */
async function assignSigner(tx: Db, actor: Actor, project: { id: string; orgUnitId: string }, signedOn: string) {
  const role = actor.role === "leader" ? "lead_leader" : actor.role === "cadre" ? "helper_cadre" : null;
  if (!role) return;
  const [row] = await insertAssignments(tx, [
    {
      orgUnitId: project.orgUnitId,
      projectId: project.id,
      userId: actor.userId,
      role,
      startsOn: signedOn,
      note: "签约招商线索时自动包联",
      createdBy: actor.userId,
    },
  ]);
  if (!row) throw new Error("insert assignment returned nothing");
  await writeAudit(tx, actor, {
    action: "assignment.create",
    entityType: "assignment",
    entityId: row.id,
    orgUnitId: row.orgUnitId,
    summary: `${actor.displayName}签约招商线索，自动包联新项目（${liaisonRoleLabels[role]}）`,
    after: row,
  });
}

/**
 * Signs a lead (签约): in ONE transaction the lead moves to 签约 (an event per stage passed), the key project
 * is created through the projects module with the lead as its origin, and the lead points at it. A bad
 * project field refuses the whole thing and nothing is written; a signed or terminated lead is refused. Two
 * signings at once create one project: the stage update is guarded by the stage read, and projects.lead_id and
 * investment_leads.project_id are unique; the loser gets 409 INVALID_STATE.
 */
export async function signLead(db: Db, actor: Actor, id: string, input: SignLead): Promise<LeadDetail> {
  requirePermission(actor, "lead.write");
  assertNotFuture(input.signedOn, "signedOn");
  const note = input.note?.trim() || null;
  await db
    .transaction(async (tx) => {
      const lead = await getVisibleLeadRow(tx, actor, id);
      if (lead.stage === "signed") throw invalidState("该线索已签约，不能重复签约");
      if (lead.stage === "terminated") throw invalidState("该线索已终止，不能签约；如需继续请先由管理员恢复");
      await claimStage(tx, lead, { stage: "signed", signedOn: input.signedOn });
      // The project stays where the lead is: its unit lies in the lead's unit subtree.
      const [unit] = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.id, input.project.orgUnitId), inOrgSubtree(orgUnits.id, lead.orgUnitId)));
      if (!unit) throw fieldError("project.orgUnitId", "项目所属单位须为该线索所属园区或其下级单位");
      let project: { id: string };
      try {
        project = await createProjectInTx(tx, actor, { ...input.project, signedOn: input.signedOn }, { leadId: id });
      } catch (error) {
        throw asProjectFieldError(error);
      }
      await tx.update(investmentLeads).set({ projectId: project.id }).where(eq(investmentLeads.id, id));
      await assignSigner(tx, actor, { id: project.id, orgUnitId: input.project.orgUnitId }, input.signedOn);
      await insertStageEvents(
        tx,
        forwardEvents(lead, actor, lead.stage, "signed", input.signedOn, note).map((e) =>
          e.toStage === "signed" ? { ...e, data: { projectId: project.id } } : e,
        ),
      );
      await writeAudit(tx, actor, {
        action: "lead.sign",
        entityType: "investment_lead",
        entityId: id,
        orgUnitId: lead.orgUnitId,
        summary: `${lead.projectName}：签约，转为重点项目`,
        before: { stage: lead.stage },
        after: { stage: "signed", signedOn: input.signedOn, projectId: project.id, note },
      });
    })
    .catch((error: unknown) => {
      // A concurrent signing of the same lead, or a namesake project, committed between our checks and our insert.
      const mapped = asProjectWriteError(error, input.project.name.trim());
      throw mapped === error ? error : asProjectFieldError(mapped);
    });
  return getLead(db, actor, id);
}
