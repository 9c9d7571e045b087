import type { DepartmentPlan } from "./build-people.js";
import { at, type DemoCalendar } from "./demo-calendar.js";
import type { WorkPlan, ZoneStaff } from "./work-plan.js";

/**
 * The zone's next joint review meeting (联审联批会议), in draft, held five days after today, with the hardest open
 * issues on its agenda and new deadlines two weeks after it for the first two.
 */
export function buildMeeting(
  plan: WorkPlan,
  staff: ZoneStaff,
  departments: readonly DepartmentPlan[],
  calendar: DemoCalendar,
) {
  const { zone, admin, leaders } = staff;
  const chair = leaders[0];
  const inZone = (orgUnitId: string | undefined) =>
    orgUnitId === zone.zoneId || (orgUnitId !== undefined && zone.parkIds.includes(orgUnitId));
  // The hard open issues: those of key projects and the escalated ones first.
  const open = plan.issues
    .filter((i) => (i.status === "in_progress" || i.status === "routed") && inZone(i.orgUnitId))
    .sort(
      (a, b) =>
        Number(Boolean(b.projectId)) - Number(Boolean(a.projectId)) ||
        (b.escalationLevel ?? 0) - (a.escalationLevel ?? 0),
    );
  const meetingId = crypto.randomUUID();
  const heldOn = calendar.day(5);
  plan.meetings.push({
    id: meetingId,
    orgUnitId: zone.zoneId,
    // The month's meeting: the 11th of the year is held in November.
    title: `${zone.spec.shortName}${heldOn.slice(0, 4)}年第${Number(heldOn.slice(5, 7))}次重点项目联审联批会议`,
    heldOn,
    location: "管委会三楼会议室",
    chairUserId: chair?.id ?? null,
    attendees: "管委会主任、分管副主任，自然资源、住建、生态环境、供电等单位负责人",
    status: "draft",
    createdBy: admin.id,
    createdAt: at(calendar.yesterday, 15),
    updatedAt: at(calendar.yesterday, 15),
  });
  open.slice(0, 4).forEach((issue, index) => {
    plan.meetingItems.push({
      meetingId,
      issueId: issue.id as string,
      sortOrder: index,
      decision: index < 2 ? "由分管领导牵头，相关单位现场办公，限期解决。" : null,
      responsibleLeaderId: chair?.id ?? null,
      responsibleDepartmentId: issue.leadDepartmentId ?? departments[0]?.id ?? null,
      newDueOn: index < 2 ? calendar.day(20) : null,
    });
  });
}
