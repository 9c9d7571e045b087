import type { EnterprisePlan } from "./build-enterprises.js";
import { buildInvestmentYear, progressText, type Stage, stages, wasOnSiteIn } from "./build-investment.js";
import type { UserPlan } from "./build-people.js";
import { at, maxDate, minDate } from "./demo-calendar.js";
import { addDays, type SeededRandom } from "./random.js";
import { type WorkCatalogs, type WorkContext, type WorkPlan, type WorkTime, wan, type ZoneStaff } from "./work-plan.js";

/*
 * The zone's key projects (重点项目): signed from about two and a half years to five months ago and a few in the
 * last three months; their stage dates (the reached ones before today, the next ones ahead, about one in six
 * late), history, procedures, 包联 and investment.
 */

export const projectProducts: readonly [string, string][] = [
  ["年产10万台智能电力装备", "C38"],
  ["新能源储能电池及系统集成", "C38"],
  ["特高压输变电设备扩能", "C38"],
  ["高端智能制造产业园", "C34"],
  ["精密数控机床及零部件", "C34"],
  ["年产5万吨超硬材料及制品", "C30"],
  ["新型环保建材", "C30"],
  ["高端发制品智能工厂", "C41"],
  ["假发及美发用品跨境电商产业园", "C41"],
  ["中央厨房及预制菜加工", "C14"],
  ["年产20万吨绿色食品精深加工", "C13"],
  ["生物医药产业园", "C27"],
  ["医疗器械研发生产基地", "C35"],
  ["汽车零部件智能制造", "C36"],
  ["新能源汽车电机电控", "C36"],
  ["冷链物流园", "G59"],
  ["数字经济产业园", "I65"],
  ["再生资源循环利用", "C42"],
  ["光伏组件及支架", "C38"],
  ["5G通信设备生产线", "C39"],
];
export const industryChains = [
  "电力装备",
  "新能源",
  "智能制造",
  "超硬材料",
  "发制品",
  "食品加工",
  "生物医药",
  "汽车零部件",
  "现代物流",
  "数字经济",
];

const gaps: Record<Stage, [number, number]> = {
  signed: [0, 0],
  landed: [20, 80],
  started: [30, 120],
  in_production: [180, 360],
  reached_output: [90, 240],
};

/** The zone's projects with everything hanging off them; returns the ids of all but the latest signings. */
export function buildProjects(
  rng: SeededRandom,
  plan: WorkPlan,
  staff: ZoneStaff,
  ctx: WorkContext,
  catalogs: WorkCatalogs,
  time: WorkTime,
): string[] {
  const { zone, leaders, cadres } = staff;
  const count = zone.spec.code === "jk" ? 60 : 49;
  // Project names are unique among a unit's active projects: a second project of the same investor and product is 二期.
  const namesTaken = new Set<string>();
  const uniqueProjectName = (base: string, orgUnitId: string) => {
    const phases = ["", "二期", "三期", "四期", "五期"];
    let name = `${base}项目`;
    for (let n = 1; namesTaken.has(`${orgUnitId}|${name}`); n++) name = `${base}${phases[n] ?? `${n + 1}期`}项目`;
    namesTaken.add(`${orgUnitId}|${name}`);
    return name;
  };
  const zoneProjects: ZoneProjects = {
    plan,
    staff,
    catalogs,
    time,
    zoneEnterprises: ctx.enterprises.filter((e) => e.zoneCode === zone.spec.code && e.status === "active"),
    leader01: leaders.find((u) => u.username === "leader01"),
    cadre001: cadres.find((u) => u.username === "cadre001"),
    uniqueProjectName,
  };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(buildProject(rng, zoneProjects, i, false));
  // The latest signings, so that early in the year its signing and landing figures have projects too. They draw
  // from the second source and the issues do not pick them, so the rest of the demo stays as it was before them.
  for (let i = 0; i < recentSignings; i++) buildProject(time.history, zoneProjects, count + i, true);
  return ids;
}

/** Projects signed within the last three months, per zone. */
const recentSignings = 5;

interface ZoneProjects {
  plan: WorkPlan;
  staff: ZoneStaff;
  catalogs: WorkCatalogs;
  time: WorkTime;
  zoneEnterprises: readonly EnterprisePlan[];
  leader01: UserPlan | undefined;
  cadre001: UserPlan | undefined;
  uniqueProjectName: (base: string, orgUnitId: string) => string;
}

/** One project, the `i`th of its zone, with its stage dates, history, 包联, investment and procedures. */
function buildProject(rng: SeededRandom, p: ZoneProjects, i: number, recent: boolean): string {
  const { plan, catalogs, time, zoneEnterprises, leader01, cadre001, uniqueProjectName } = p;
  const { zone, admin, leaders, cadres } = p.staff;
  const { calendar } = time;
  const id = crypto.randomUUID();
  const [product, industryCode] = rng.pick(projectProducts);
  const enterprise = rng.chance(0.55) ? rng.pick(zoneEnterprises) : undefined;
  const investor = enterprise
    ? enterprise.name
    : `${rng.pick(["深圳", "上海", "杭州", "苏州", "郑州", "北京", "宁波"])}${rng.pick(["华创", "中科", "远景", "鼎盛", "恒通", "瑞丰"])}${rng.pick(["集团有限公司", "科技股份有限公司", "实业有限公司"])}`;
  const recentStage = recent ? rng.int(0, 2) : 0; // a latest signing may have landed, or even started
  const batch = recent
    ? recentStage === 2
      ? "starting"
      : "signing"
    : rng.weighted({ signing: 3, starting: 4, production: 3 } as const);
  const stageIndex = recent
    ? recentStage
    : batch === "signing"
      ? rng.int(0, 1)
      : batch === "starting"
        ? rng.int(1, 2)
        : rng.int(2, 4);
  const stage = stages[stageIndex] as Stage; // stageIndex is drawn within 0..4
  const projectType = !recent && stageIndex >= 2 && rng.chance(0.5) ? "continuing" : "new";
  const totalWan = rng.int(5, 300) * 1000; // 5000万 – 30亿
  // 续建 projects were signed one and a half to two and a half years ago, new ones five to fifteen months ago,
  // and the latest signings within the last three months.
  const signedOn = recent
    ? rng.dateBetween(calendar.day(-100), calendar.day(-7))
    : projectType === "continuing"
      ? rng.dateBetween(calendar.day(-902), calendar.day(-508))
      : rng.dateBetween(calendar.day(-445), calendar.day(-143));
  const actual: Partial<Record<Stage, string>> = { signed: signedOn };
  const planned: Partial<Record<Stage, string>> = {};
  let cursor = signedOn;
  for (let s = 0; s < stages.length; s++) {
    const name = stages[s] as Stage; // s < stages.length
    if (s > 0) {
      const [lo, hi] = gaps[name];
      const plannedOn = addDays(cursor, rng.int(lo, hi));
      planned[name] = plannedOn;
      if (s <= stageIndex) {
        // Reached stages lie before today, a few days apart at the least.
        const actualOn = minDate(addDays(plannedOn, rng.int(-15, 30)), calendar.day(-1 - 3 * (stageIndex - s)));
        actual[name] = actualOn > cursor ? actualOn : addDays(cursor, 1);
        cursor = actual[name] as string; // just set
      } else {
        // Most stages still ahead are planned in the coming months; about one project in six is late on its next stage.
        const next = s === stageIndex + 1;
        const late = next && rng.chance(0.17);
        const ahead = plannedOn <= calendar.today && !late ? addDays(calendar.today, rng.int(10, 150)) : plannedOn;
        const due = s > stageIndex + 1 && ahead <= cursor ? addDays(cursor, rng.int(lo, hi)) : ahead;
        planned[name] = due;
        cursor = due;
      }
    } else {
      planned.signed = signedOn;
    }
  }
  const leader = leader01 && zone.spec.code === "jk" && i < 8 ? leader01 : rng.pick(leaders);
  const orgUnitId = rng.chance(0.6) ? rng.pick(zone.parkIds) : zone.zoneId;
  plan.projects.push({
    id,
    orgUnitId,
    name: uniqueProjectName(`${investor.replace(/(集团|科技|实业)?(股份)?有限公司$/, "")}${product}`, orgUnitId),
    enterpriseId: enterprise?.id ?? null,
    investorName: enterprise ? null : investor,
    industryCode,
    industryChain: rng.pick(industryChains),
    level: rng.weighted({ province: 1, city: 3, county: 6 } as const),
    batch,
    campaignRound: rng.pick(calendar.campaignRounds),
    projectType,
    totalInvestment: wan(totalWan),
    location: `${zone.spec.addressPrefix}${rng.pick(zone.spec.roads)}与${rng.pick(zone.spec.roads)}交叉口`,
    landParcel: `${zone.spec.code.toUpperCase()}-${signedOn.slice(0, 4)}-${String(rng.int(1, 60)).padStart(2, "0")}号地块`,
    landAreaMu: `${rng.int(20, 400)}.00`,
    constructionContent: `新建生产厂房、研发中心及配套设施，购置智能化生产设备，建成${product}生产线。`,
    stage,
    progressNarrative: progressText(stage),
    progressUpdatedAt: at(maxDate(calendar.day(-rng.int(1, 20)), signedOn)),
    status: "active",
    createdAt: at(signedOn),
  });
  for (const s of stages) {
    plan.stageDates.push({ projectId: id, stage: s, plannedOn: planned[s] ?? null, actualOn: actual[s] ?? null });
  }
  plan.projectEvents.push({
    projectId: id,
    action: "created",
    toStage: "signed",
    actorUserId: admin.id,
    actorName: admin.displayName,
    note: "项目签约入库",
    createdAt: at(signedOn),
  });
  for (let s = 1; s <= stageIndex; s++) {
    const on = actual[stages[s] as Stage] as string; // every stage up to stageIndex has its actual date
    plan.projectEvents.push({
      projectId: id,
      action: "stage_advanced",
      fromStage: stages[s - 1],
      toStage: stages[s],
      actorUserId: admin.id,
      actorName: admin.displayName,
      data: { actualDates: { [stages[s] as Stage]: on } },
      createdAt: at(on, 16),
    });
  }
  const cadre = cadre001 && zone.spec.code === "jk" && i < 3 ? cadre001 : rng.pick(cadres);
  // 包联 of projects signed before the platform went live are recorded from that day.
  const startsOn = signedOn < calendar.goLive ? calendar.goLive : signedOn;
  plan.projectAssignments.push(
    { orgUnitId: zone.zoneId, projectId: id, userId: leader.id, role: "lead_leader", startsOn, createdBy: admin.id },
    { orgUnitId: zone.zoneId, projectId: id, userId: cadre.id, role: "helper_cadre", startsOn, createdBy: admin.id },
  );

  const investing = { id, totalWan, signedOn, actual, cadre, admin };
  // This year's plan and reports: projects that started (or start this year) invest.
  if ((stageIndex >= 1 && stageIndex < 4) || rng.chance(0.3)) {
    buildInvestmentYear(rng, plan, calendar, investing, {
      year: calendar.year,
      lastMonth: calendar.lastCompleteMonth,
      pace: () => (rng.chance(0.2) ? 0.5 + rng.next() * 0.3 : 0.9 + rng.next() * 0.4), // a fifth lag behind
      mayMissLastMonth: true,
    });
  }
  // Last year's, complete, for the projects on site then (drawn from their own source: this year's stay put).
  const history = time.history;
  if (wasOnSiteIn(actual, calendar.year - 1)) {
    buildInvestmentYear(history, plan, calendar, investing, {
      year: calendar.year - 1,
      lastMonth: 12,
      pace: () => (history.chance(0.1) ? 0.6 + history.next() * 0.25 : 0.92 + history.next() * 0.2),
      mayMissLastMonth: false,
    });
  }
  // The checklist's position (1 = 立项备案 … 8 = 竣工验收): the catalog comes in checklist order.
  for (const [index, type] of catalogs.procedureTypes.entries()) {
    const order = index + 1;
    const done = stageIndex >= 2 ? order <= 7 : stageIndex === 1 ? order <= 3 : order <= 1;
    const doing = !done && order <= (stageIndex >= 2 ? 8 : stageIndex === 1 ? 5 : 3);
    const completedOn = done ? minDate(addDays(signedOn, 10 + order * 12), calendar.yesterday) : null;
    plan.procedures.push({
      projectId: id,
      procedureTypeId: type.id,
      status: done ? "done" : doing ? "in_progress" : "not_started",
      plannedOn: addDays(signedOn, 15 + order * 15),
      startedOn: done || doing ? minDate(addDays(signedOn, order * 8), calendar.yesterday) : null,
      completedOn,
      agencyService: rng.chance(0.6),
      handler: done || doing ? "企业服务中心代办员" : null,
    });
  }
  return id;
}
