import {
  type AdvanceStage,
  type PlannedStageDates,
  type ProjectDetail,
  type ProjectStage,
  projectStageIndex,
  projectStageLabels,
  projectStages,
} from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { canDo, requirePermission } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, fieldError } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { assertProjectActive, getVisibleProjectRow } from "./project-access.js";
import { getProject } from "./project-view.js";
import { insertProjectEvent, stageDatesOf, updateProjectStage, upsertStageDates } from "./projects.queries.js";

/*
 * Stages go 签约 → 落地 → 开工 → 投产 → 达效. Forward by one stage with its actual date; by more only when the
 * actual date of every skipped stage is given, in order and none in the future. Backward is a correction:
 * administrators only, with a note, and the actual dates of the stages undone are cleared (kept in history).
 */

const label = (stage: ProjectStage) => projectStageLabels[stage];

/**
 * The actual dates a forward move records, checked: every skipped stage has one, each is on or after the
 * previous stage's date, and none is after today (Beijing).
 */
export function forwardStageDates(
  from: ProjectStage,
  fromActualOn: string | null,
  input: Pick<AdvanceStage, "toStage" | "actualOn" | "skippedStageDates">,
  today = todayInBeijing(),
): { stage: ProjectStage; actualOn: string }[] {
  const fromIndex = projectStageIndex(from);
  const toIndex = projectStageIndex(input.toStage);
  const skipped = projectStages.slice(fromIndex + 1, toIndex);
  const missing = skipped.filter((stage) => !input.skippedStageDates?.[stage]);
  if (missing.length > 0) {
    throw new AppError(
      "VALIDATION_FAILED",
      `从“${label(from)}”直接推进到“${label(input.toStage)}”须填写跳过阶段（${missing.map(label).join("、")}）的实际日期`,
      {
        details: {
          issues: missing.map((stage) => ({
            path: `skippedStageDates.${stage}`,
            message: `请填写${label(stage)}的实际日期`,
          })),
        },
      },
    );
  }
  const dates = [
    ...skipped.map((stage) => ({ stage, actualOn: input.skippedStageDates?.[stage] ?? "" })),
    { stage: input.toStage, actualOn: input.actualOn },
  ];
  let previous = { stage: from, actualOn: fromActualOn };
  for (const d of dates) {
    const path = d.stage === input.toStage ? "actualOn" : `skippedStageDates.${d.stage}`;
    if (d.actualOn > today) throw fieldError(path, `${label(d.stage)}的实际日期不能晚于今天（${today}）`);
    if (previous.actualOn && d.actualOn < previous.actualOn) {
      throw fieldError(
        path,
        `${label(d.stage)}的实际日期（${d.actualOn}）不能早于${label(previous.stage)}的日期（${previous.actualOn}）`,
      );
    }
    previous = d;
  }
  return dates;
}

/**
 * Planned dates follow the stage order, like the actual ones. A stage whose planned date is null or missing
 * is empty and skipped. Used on creation (`plannedDates.<stage>`) and by PUT /stage-dates (`<stage>.plannedOn`).
 */
export function assertPlannedDatesInOrder(
  planned: Partial<Record<ProjectStage, string | null | undefined>>,
  pathOf: (stage: ProjectStage) => string,
): void {
  let previous: { stage: ProjectStage; plannedOn: string } | null = null;
  for (const stage of projectStages) {
    const plannedOn = planned[stage];
    if (!plannedOn) continue;
    if (previous && plannedOn < previous.plannedOn) {
      throw fieldError(
        pathOf(stage),
        `${label(stage)}的计划日期（${plannedOn}）不能早于${label(previous.stage)}的计划日期（${previous.plannedOn}）`,
      );
    }
    previous = { stage, plannedOn };
  }
}

/** Moves a project to another stage (POST /api/projects/:id/stage). */
export async function changeProjectStage(
  db: Db,
  actor: Actor,
  id: string,
  input: AdvanceStage,
): Promise<ProjectDetail> {
  requirePermission(actor, "project.progress");
  await db.transaction(async (tx) => {
    const project = await getVisibleProjectRow(tx, actor, id);
    assertProjectActive(project, "变更阶段");
    const from = project.stage;
    const fromIndex = projectStageIndex(from);
    const toIndex = projectStageIndex(input.toStage);
    if (toIndex === fromIndex) throw new AppError("INVALID_STATE", `该项目已处于“${label(from)}”阶段`);
    const dates = (await stageDatesOf(tx, [id])).get(id) ?? [];
    const actualOf = (stage: ProjectStage) => dates.find((d) => d.stage === stage)?.actualOn ?? null;
    const isBackward = toIndex < fromIndex;
    let recorded: { stage: ProjectStage; actualOn: string | null }[];
    if (isBackward) {
      if (!canDo(actor, "project.write")) {
        throw new AppError("FORBIDDEN", "阶段只能向前推进；退回到之前的阶段（更正）须由管理员操作", {
          isAccessRefusal: true,
        });
      }
      if (!input.note?.trim()) throw fieldError("note", "退回阶段（更正）须填写说明");
      if (input.actualOn > todayInBeijing()) throw fieldError("actualOn", "实际日期不能晚于今天");
      const earlier = projectStages[toIndex - 1];
      const earlierOn = earlier ? actualOf(earlier) : null;
      if (earlier && earlierOn && input.actualOn < earlierOn) {
        throw fieldError(
          "actualOn",
          `${label(input.toStage)}的实际日期（${input.actualOn}）不能早于${label(earlier)}的日期（${earlierOn}）`,
        );
      }
      const undone = projectStages.slice(toIndex + 1, fromIndex + 1);
      recorded = [
        { stage: input.toStage, actualOn: input.actualOn },
        ...undone.map((stage) => ({ stage, actualOn: null })),
      ];
    } else {
      recorded = forwardStageDates(from, actualOf(from), input);
    }
    // Guarded by the stage read and the active status: of two concurrent changes from the same stage, or a
    // change and an archiving, only one passes.
    const [updated] = await updateProjectStage(tx, id, from, input.toStage);
    if (!updated) {
      throw new AppError("INVALID_STATE", "该项目的阶段或状态刚被他人更改，请刷新后重试（您的操作未保存）");
    }
    await upsertStageDates(tx, id, recorded);
    const before = Object.fromEntries(recorded.map((r) => [r.stage, actualOf(r.stage)]));
    const after = Object.fromEntries(recorded.map((r) => [r.stage, r.actualOn]));
    await insertProjectEvent(tx, {
      projectId: id,
      action: isBackward ? "stage_corrected" : "stage_advanced",
      fromStage: from,
      toStage: input.toStage,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: input.note?.trim() || null,
      data: { actualDates: after, previousActualDates: before },
    });
    await writeAudit(tx, actor, {
      action: isBackward ? "project.stage_correct" : "project.stage_advance",
      entityType: "project",
      entityId: id,
      orgUnitId: project.orgUnitId,
      summary: `${project.name}：${label(from)} → ${label(input.toStage)}`,
      before: { stage: from, actualDates: before },
      after: { stage: input.toStage, actualDates: after },
    });
  });
  return getProject(db, actor, id);
}

/** Sets planned dates of stages (PUT /api/projects/:id/stage-dates); a null clears one. */
export async function setPlannedStageDates(
  db: Db,
  actor: Actor,
  id: string,
  input: PlannedStageDates,
): Promise<ProjectDetail> {
  requirePermission(actor, "project.write");
  const entries = projectStages.flatMap((stage) => {
    const value = input[stage];
    return value ? [{ stage, plannedOn: value.plannedOn }] : [];
  });
  if (entries.length === 0) throw fieldError("signed", "请至少填写一个阶段的计划日期");
  await db.transaction(async (tx) => {
    const project = await getVisibleProjectRow(tx, actor, id, true);
    assertProjectActive(project, "修改计划日期");
    const dates = (await stageDatesOf(tx, [id])).get(id) ?? [];
    // A stage sent takes the value sent, an explicit null clearing it; a stage not sent keeps its date.
    const merged = Object.fromEntries(
      projectStages.map((stage) => {
        const sent = entries.find((e) => e.stage === stage);
        return [stage, sent ? sent.plannedOn : (dates.find((d) => d.stage === stage)?.plannedOn ?? null)];
      }),
    );
    assertPlannedDatesInOrder(merged, (stage) => `${stage}.plannedOn`);
    await upsertStageDates(tx, id, entries);
    const before = Object.fromEntries(
      entries.map((e) => [e.stage, dates.find((d) => d.stage === e.stage)?.plannedOn ?? null]),
    );
    const after = Object.fromEntries(entries.map((e) => [e.stage, e.plannedOn]));
    await insertProjectEvent(tx, {
      projectId: id,
      action: "stage_dates_planned",
      actorUserId: actor.userId,
      actorName: actor.displayName,
      data: { before, after },
    });
    await writeAudit(tx, actor, {
      action: "project.stage_dates",
      entityType: "project",
      entityId: id,
      orgUnitId: project.orgUnitId,
      summary: `${project.name}：计划日期`,
      before,
      after,
    });
  });
  return getProject(db, actor, id);
}
