import type { ZoneUnits } from "./build-enterprises.js";
import { at, type DemoCalendar } from "./demo-calendar.js";
import type { SeededRandom } from "./random.js";
import type { WorkContext, WorkPlan } from "./work-plan.js";

/** Visits of the last four months; returns, per enterprise, its latest visit (issues raised then point to it). */
export function buildVisits(
  rng: SeededRandom,
  plan: WorkPlan,
  zone: ZoneUnits,
  ctx: WorkContext,
  calendar: DemoCalendar,
): Map<string, { id: string; on: string; by: string }> {
  const latest = new Map<string, { id: string; on: string; by: string }>();
  const enterpriseOf = new Map(ctx.enterprises.map((e) => [e.id, e]));
  const active = ctx.assignments.filter(
    (a) =>
      a.endsOn === null &&
      (a.role === "helper_cadre" || a.role === "lead_leader") &&
      enterpriseOf.get(a.enterpriseId)?.zoneCode === zone.spec.code,
  );
  const summaries = [
    "了解企业生产经营情况，订单饱满，一季度产值同比增长。",
    "宣讲惠企政策，企业对研发费用加计扣除政策有兴趣。",
    "企业反映用工紧张，已记录并跟进。",
    "查看新生产线建设进度，设备正在安装调试。",
    "了解企业融资需求，拟对接银行。",
  ];
  for (const a of active) {
    const visitsCount = rng.weighted({ 0: 2, 1: 5, 2: 3 } as const);
    for (let v = 0; v < Number(visitsCount); v++) {
      const id = crypto.randomUUID();
      const on = rng.dateBetween(calendar.day(-123), calendar.yesterday);
      const enterprise = enterpriseOf.get(a.enterpriseId);
      plan.visits.push({
        id,
        orgUnitId: enterprise?.orgUnitId ?? zone.zoneId,
        enterpriseId: a.enterpriseId,
        status: "done",
        visitedOn: on,
        recordedBy: a.userId,
        otherParticipants: enterprise ? `${enterprise.contactName}（企业）` : null,
        method: rng.weighted({ on_site: 8, phone: 1, online: 1 } as const),
        summary: rng.pick(summaries),
        createdAt: at(on, 17),
        updatedAt: at(on, 17),
      });
      plan.visitParticipants.push({ visitId: id, userId: a.userId });
      const previous = latest.get(a.enterpriseId);
      if (!previous || previous.on < on) latest.set(a.enterpriseId, { id, on, by: a.userId });
    }
  }
  return latest;
}
