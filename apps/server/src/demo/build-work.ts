import type {
  investmentLeads,
  issueDepartments,
  issueEvents,
  issues,
  leadActivities,
  leadStageEvents,
  liaisonAssignments,
  notifications,
  projectAnnualPlans,
  projectEvents,
  projectInvestmentReportRevisions,
  projectInvestmentReports,
  projectProcedures,
  projectStageDates,
  projects,
  reviewMeetingItems,
  reviewMeetings,
  visitCadenceRules,
  visitParticipants,
  visits,
} from "../db/schema.js";
import type { EnterprisePlan, ZoneUnits } from "./build-enterprises.js";
import type { AssignmentPlan, DepartmentPlan, UserPlan } from "./build-people.js";
import { addDays, type SeededRandom } from "./random.js";

/*
 * The demo's daily work: key projects with plans and monthly investment, investment leads, visits, the issue
 * ledger with its history, a joint review meeting and some unread notices. Dates are of the demo year 2026,
 * "today" being DEMO_TODAY, so the figures look like a November bulletin's.
 */

export const DEMO_TODAY = "2026-11-20";
const YEAR = 2026;
/** The last month with investment reported (October, reported by mid-November). */
const LAST_REPORTED_MONTH = 10;

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];

export interface WorkCatalogs {
  categories: { id: string; name: string; deadlineDays: number }[];
  procedureTypes: { id: string; name: string; sortOrder: number }[];
}

export interface WorkPlan {
  projects: Insert<typeof projects>[];
  stageDates: Insert<typeof projectStageDates>[];
  projectEvents: Insert<typeof projectEvents>[];
  plans: Insert<typeof projectAnnualPlans>[];
  reports: Insert<typeof projectInvestmentReports>[];
  revisions: Insert<typeof projectInvestmentReportRevisions>[];
  procedures: Insert<typeof projectProcedures>[];
  projectAssignments: Insert<typeof liaisonAssignments>[];
  leads: Insert<typeof investmentLeads>[];
  leadActivities: Insert<typeof leadActivities>[];
  leadEvents: Insert<typeof leadStageEvents>[];
  visits: Insert<typeof visits>[];
  visitParticipants: Insert<typeof visitParticipants>[];
  cadenceRules: Insert<typeof visitCadenceRules>[];
  issues: Insert<typeof issues>[];
  issueDepartments: Insert<typeof issueDepartments>[];
  issueEvents: Insert<typeof issueEvents>[];
  meetings: Insert<typeof reviewMeetings>[];
  meetingItems: Insert<typeof reviewMeetingItems>[];
  notifications: Insert<typeof notifications>[];
}

const stages = ["signed", "landed", "started", "in_production", "reached_output"] as const;
type Stage = (typeof stages)[number];

const projectProducts: readonly [string, string][] = [
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
const chains = [
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
const rounds = ["2026年第一期", "2026年第二期", "2026年第三期", "2025年第四期"];

const issueTexts: Readonly<Record<string, readonly [string, string][]>> = {
  前期手续办理: [
    ["施工许可证办理进度慢", "项目已完成施工图审查，施工许可证申请已提交20天仍未办结，影响开工节点。"],
    ["用地预审与选址意见书未出具", "项目选址地块涉及规划调整，需协调自然资源部门尽快出具用地预审与选址意见。"],
    ["环评批复需加快", "二期扩建项目环评报告已公示完毕，请协调生态环境部门加快审批。"],
  ],
  要素保障: [
    ["厂区用电负荷不足", "新上生产线需增容至2000千伏安，现有变压器容量不足，请协调供电公司增容。"],
    ["天然气管道未接通", "新厂区燃气管道距厂区约800米未接通，影响冬季生产和员工供暖。"],
    ["用地指标紧张", "企业扩产需新增用地约30亩，周边地块未完成收储。"],
  ],
  基础设施配套: [
    ["厂区门前道路未硬化", "厂区门前道路约500米未硬化，雨天大货车无法通行，影响原料运输。"],
    ["污水管网未接入", "厂区生产废水预处理后需接入市政污水管网，目前管网未铺设到位。"],
  ],
  融资: [
    ["流动资金贷款需求", "企业订单增长较快，需流动资金贷款约2000万元，请协调银行对接。"],
    ["设备融资租赁对接", "新购智能化生产线约3500万元，希望对接融资租赁机构。"],
  ],
  用工: [
    ["技术工人招聘难", "企业急需数控操作工和电工约60人，希望协助组织专场招聘会。"],
    ["员工子女入学", "引进的技术骨干子女入学需协调就近学校。"],
  ],
  政策兑现: [
    ["技改补贴资金未兑付", "企业2025年智能化改造项目已通过验收，省级技改补贴资金尚未兑付。"],
    ["研发费用加计扣除咨询", "企业对研发费用加计扣除政策适用范围不清楚，希望税务部门上门辅导。"],
  ],
  "交通运输/物流": [["大件运输通行证办理", "企业变压器产品需办理超限运输通行证，希望简化办理流程。"]],
  市场开拓: [["产品进入政府采购目录", "企业希望参加产销对接会，推动产品进入本地工程采购目录。"]],
  其他: [["厂区周边治安问题", "夜间厂区周边有不明车辆停留，希望加强巡逻。"]],
};
const answers = [
  "已现场对接，明确办理路径，相关手续已于本周办结。",
  "已协调相关单位召开专题会，形成解决方案，已落实到位。",
  "经核实，已按政策规定办理完毕，并电话告知企业。",
  "已会同供电公司现场踏勘，增容方案已确定并实施。",
];

interface Context {
  zones: readonly ZoneUnits[];
  enterprises: readonly EnterprisePlan[];
  users: readonly UserPlan[];
  departments: readonly DepartmentPlan[];
  assignments: readonly AssignmentPlan[];
}

const wan = (amount: number) => `${Math.round(amount) * 10000}.00`; // whole 万元 → yuan string
const monthEnd = (month: number) => addDays(`${YEAR}-${String(month + 1).padStart(2, "0")}-01`, -1);
const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, "0")}:00:00+08:00`);
const minDate = (a: string, b: string) => (a < b ? a : b);

export function buildWorkPlan(rng: SeededRandom, ctx: Context, catalogs: WorkCatalogs): WorkPlan {
  const plan: WorkPlan = {
    projects: [],
    stageDates: [],
    projectEvents: [],
    plans: [],
    reports: [],
    revisions: [],
    procedures: [],
    projectAssignments: [],
    leads: [],
    leadActivities: [],
    leadEvents: [],
    visits: [],
    visitParticipants: [],
    cadenceRules: [],
    issues: [],
    issueDepartments: [],
    issueEvents: [],
    meetings: [],
    meetingItems: [],
    notifications: [],
  };
  let serial = 0;
  for (const zone of ctx.zones) {
    const zoneUsers = ctx.users.filter((u) => u.zoneCode === zone.spec.code);
    const admin = zoneUsers.find((u) => u.role === "admin");
    if (!admin) continue;
    const leaders = zoneUsers.filter((u) => u.role === "leader");
    const cadres = zoneUsers.filter((u) => u.role === "cadre");
    const departmentUsers = zoneUsers.filter((u) => u.role === "department");
    const zoneDepartments = ctx.departments.filter((d) => d.zoneCode === zone.spec.code);
    const projectIds = buildProjects(rng, plan, zone, admin, leaders, cadres, ctx, catalogs);
    buildLeads(rng, plan, zone, admin, leaders, projectIds);
    plan.cadenceRules.push(
      {
        orgUnitId: zone.zoneId,
        name: "一周一企（包联领导每周至少走访一家企业）",
        appliesToRole: "leader",
        target: "any",
        period: "week",
        minVisits: 1,
      },
      {
        orgUnitId: zone.zoneId,
        name: "包联企业每季度至少走访一次",
        appliesToRole: "cadre",
        target: "each_assigned",
        period: "quarter",
        minVisits: 1,
      },
    );
    const visitByEnterprise = buildVisits(rng, plan, zone, ctx);
    serial = buildIssues(rng, plan, {
      zone,
      admin,
      departmentUsers,
      zoneDepartments,
      ctx,
      catalogs,
      projectIds,
      visitByEnterprise,
      serial,
    });
    buildMeeting(plan, zone, admin, leaders, zoneDepartments);
  }
  return plan;
}

function buildProjects(
  rng: SeededRandom,
  plan: WorkPlan,
  zone: ZoneUnits,
  admin: UserPlan,
  leaders: readonly UserPlan[],
  cadres: readonly UserPlan[],
  ctx: Context,
  catalogs: WorkCatalogs,
): string[] {
  const count = zone.spec.code === "jk" ? 60 : 49;
  const zoneEnterprises = ctx.enterprises.filter((e) => e.zoneCode === zone.spec.code && e.status === "active");
  const leader01 = leaders.find((u) => u.username === "leader01");
  const cadre001 = cadres.find((u) => u.username === "cadre001");
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
    ids.push(id);
    const [product, industryCode] = rng.pick(projectProducts);
    const enterprise = rng.chance(0.55) ? rng.pick(zoneEnterprises) : undefined;
    const investor = enterprise
      ? enterprise.name
      : `${rng.pick(["深圳", "上海", "杭州", "苏州", "郑州", "北京", "宁波"])}${rng.pick(["华创", "中科", "远景", "鼎盛", "恒通", "瑞丰"])}${rng.pick(["集团有限公司", "科技股份有限公司", "实业有限公司"])}`;
    const batch = rng.weighted({ signing: 3, starting: 4, production: 3 } as const);
    const stageIndex = batch === "signing" ? rng.int(0, 1) : batch === "starting" ? rng.int(1, 2) : rng.int(2, 4);
    const stage = stages[stageIndex] as Stage;
    const projectType = stageIndex >= 2 && rng.chance(0.5) ? "continuing" : "new";
    const totalWan = rng.int(5, 300) * 1000; // 5000万 – 30亿
    const signedOn =
      projectType === "continuing"
        ? rng.dateBetween("2024-06-01", "2025-06-30")
        : rng.dateBetween("2025-09-01", "2026-06-30");
    const actual: Partial<Record<Stage, string>> = { signed: signedOn };
    const planned: Partial<Record<Stage, string>> = {};
    let cursor = signedOn;
    const gaps: Record<Stage, [number, number]> = {
      signed: [0, 0],
      landed: [20, 80],
      started: [30, 120],
      in_production: [180, 360],
      reached_output: [90, 240],
    };
    for (let s = 0; s < stages.length; s++) {
      const name = stages[s] as Stage;
      if (s > 0) {
        const [lo, hi] = gaps[name];
        const plannedOn = addDays(cursor, rng.int(lo, hi));
        planned[name] = plannedOn;
        if (s <= stageIndex) {
          const actualOn = minDate(addDays(plannedOn, rng.int(-15, 30)), addDays(DEMO_TODAY, -3 * (stageIndex - s)));
          actual[name] = actualOn > cursor ? actualOn : addDays(cursor, 1);
          cursor = actual[name] as string;
        } else {
          // Most stages still ahead are planned in the coming months; about one project in six is late on its next stage.
          const next = s === stageIndex + 1;
          const late = next && rng.chance(0.17);
          const ahead = plannedOn <= DEMO_TODAY && !late ? addDays(DEMO_TODAY, rng.int(10, 150)) : plannedOn;
          const due = s > stageIndex + 1 && ahead <= cursor ? addDays(cursor, rng.int(lo, hi)) : ahead;
          planned[name] = due;
          cursor = due;
        }
      } else {
        planned.signed = signedOn;
      }
    }
    const leader = leader01 && zone.spec.code === "jk" && i < 8 ? leader01 : rng.pick(leaders);
    plan.projects.push({
      id,
      orgUnitId: rng.chance(0.6) ? rng.pick(zone.parkIds) : zone.zoneId,
      name: `${investor.replace(/(集团|科技|实业)?(股份)?有限公司$/, "")}${product}项目`,
      enterpriseId: enterprise?.id ?? null,
      investorName: enterprise ? null : investor,
      industryCode,
      industryChain: rng.pick(chains),
      level: rng.weighted({ province: 1, city: 3, county: 6 } as const),
      batch,
      campaignRound: rng.pick(rounds),
      projectType,
      totalInvestment: wan(totalWan),
      location: `${zone.spec.addressPrefix}${rng.pick(zone.spec.roads)}与${rng.pick(zone.spec.roads)}交叉口`,
      landParcel: `${zone.spec.code.toUpperCase()}-${YEAR}-${String(rng.int(1, 60)).padStart(2, "0")}号地块`,
      landAreaMu: `${rng.int(20, 400)}.00`,
      constructionContent: `新建生产厂房、研发中心及配套设施，购置智能化生产设备，建成${product}生产线。`,
      stage,
      progressNarrative: progressText(stage),
      progressUpdatedAt: at(addDays(DEMO_TODAY, -rng.int(1, 20))),
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
      const on = actual[stages[s] as Stage] as string;
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
    const startsOn = signedOn < "2025-01-01" ? "2025-01-02" : signedOn;
    plan.projectAssignments.push(
      { orgUnitId: zone.zoneId, projectId: id, userId: leader.id, role: "lead_leader", startsOn, createdBy: admin.id },
      { orgUnitId: zone.zoneId, projectId: id, userId: cadre.id, role: "helper_cadre", startsOn, createdBy: admin.id },
    );

    // The year's plan and monthly reports: projects that started (or start this year) invest.
    if ((stageIndex >= 1 && stageIndex < 4) || rng.chance(0.3)) {
      const startedOn = actual.landed; // land purchase and site works count as investment from landing on
      const firstMonth = startedOn && startedOn < `${YEAR}-01-01` ? 1 : startedOn ? Number(startedOn.slice(5, 7)) : 13;
      // A project landing during the year plans only for the months it is on site.
      const activeMonths = Math.max(1, 13 - Math.min(firstMonth, 12));
      const planWan = Math.max(500, Math.round((totalWan * (0.2 + rng.next() * 0.3) * activeMonths) / 12 / 100) * 100);
      plan.plans.push({ projectId: id, year: YEAR, plannedInvestment: wan(planWan), updatedBy: admin.id });
      const pace = rng.chance(0.2) ? 0.5 + rng.next() * 0.3 : 0.9 + rng.next() * 0.4; // a fifth lag behind
      for (let m = firstMonth; m <= LAST_REPORTED_MONTH; m++) {
        if (m === LAST_REPORTED_MONTH && rng.chance(0.08)) continue; // some have not reported October yet
        const reportId = crypto.randomUUID();
        const amount = Math.round((planWan / activeMonths) * pace * (0.7 + rng.next() * 0.6));
        const reportedOn = addDays(monthEnd(m), rng.int(2, 8));
        plan.reports.push({
          id: reportId,
          projectId: id,
          year: YEAR,
          month: m,
          completedInMonth: wan(amount),
          progressText: progressText(stage),
          reportedBy: cadre.id,
          createdAt: at(reportedOn),
          updatedAt: at(reportedOn),
        });
        if (rng.chance(0.03)) {
          plan.revisions.push({
            reportId,
            completedInMonth: wan(amount + rng.int(50, 300)),
            progressText: "初报数据",
            reportedBy: cadre.id,
            reportedAt: at(reportedOn),
            correctedBy: admin.id,
            correctedAt: at(reportedOn, 15),
            reason: "统计口径核对后更正",
          });
        }
      }
    }
    for (const type of catalogs.procedureTypes) {
      const order = type.sortOrder;
      const done = stageIndex >= 2 ? order <= 7 : stageIndex === 1 ? order <= 3 : order <= 1;
      const doing = !done && order <= (stageIndex >= 2 ? 8 : stageIndex === 1 ? 5 : 3);
      const completedOn = done ? minDate(addDays(signedOn, 10 + order * 12), addDays(DEMO_TODAY, -1)) : null;
      plan.procedures.push({
        projectId: id,
        procedureTypeId: type.id,
        status: done ? "done" : doing ? "in_progress" : "not_started",
        plannedOn: addDays(signedOn, 15 + order * 15),
        startedOn: done || doing ? addDays(signedOn, order * 8) : null,
        completedOn,
        agencyService: rng.chance(0.6),
        handler: done || doing ? "企业服务中心代办员" : null,
      });
    }
  }
  return ids;
}

function progressText(stage: Stage): string {
  switch (stage) {
    case "signed":
      return "已签订投资协议，正在办理企业注册和用地手续。";
    case "landed":
      return "企业已注册，土地已摘牌，正在办理规划许可和施工许可。";
    case "started":
      return "主体厂房钢结构施工中，设备采购合同已签订。";
    case "in_production":
      return "一期生产线已投产，二期设备正在安装调试。";
    case "reached_output":
      return "项目已全面达产，产能利用率稳定在90%以上。";
  }
}

function buildLeads(
  rng: SeededRandom,
  plan: WorkPlan,
  zone: ZoneUnits,
  admin: UserPlan,
  leaders: readonly UserPlan[],
  projectIds: readonly string[],
) {
  const leadStages = ["lead", "contact", "site_visit", "negotiation", "signed"] as const;
  const regions: readonly [string, string][] = [
    ["长三角", "浙江省"],
    ["长三角", "江苏省"],
    ["长三角", "上海市"],
    ["珠三角", "广东省"],
    ["京津冀", "北京市"],
    ["省内", "河南省"],
    ["成渝", "四川省"],
  ];
  const count = zone.spec.code === "jk" ? 45 : 30;
  // The newest signed projects of the zone were signed from leads.
  const signable = plan.projects
    .filter((p) => projectIds.includes(p.id as string) && p.projectType === "new")
    .slice(0, 10);
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
    const project = i < signable.length ? signable[i] : undefined;
    const reached = project ? 4 : Number(rng.weighted({ 0: 4, 1: 4, 2: 3, 3: 2 } as const));
    const terminated = !project && rng.chance(0.12);
    const [region, province] = rng.pick(regions);
    const owner = rng.chance(0.5) ? admin : rng.pick(leaders);
    const amountWan = project
      ? Number(project.totalInvestment?.toString().replace(/\.00$/, "")) / 10000
      : rng.int(3, 250) * 1000;
    const created = rng.dateBetween("2025-10-01", "2026-09-30");
    let cursor = created;
    const signedOn = project
      ? (plan.stageDates.find((d) => d.projectId === project.id && d.stage === "signed")?.actualOn ?? null)
      : null;
    plan.leads.push({
      id,
      orgUnitId: zone.zoneId,
      projectName: project?.name ?? `${rng.pick(projectProducts)[0]}项目`,
      investorName:
        project?.investorName ??
        `${province.replace(/省|市$/, "")}${rng.pick(["星河", "华瑞", "宏图", "天成", "中联"])}${rng.pick(["集团有限公司", "科技股份有限公司"])}`,
      originRegion: region,
      originProvince: province,
      isOutOfProvince: province !== "河南省",
      industryChain: rng.pick(chains),
      intendedInvestment: wan(amountWan),
      isFortune500: rng.chance(0.04),
      isCentralSoe: rng.chance(0.08),
      isListed: rng.chance(0.25),
      source: rng.weighted({ chain_research: 4, business_referral: 3, forum: 2, online_fair: 1, agency: 1 } as const),
      stage: terminated ? "terminated" : leadStages[reached],
      ownerUserId: owner.id,
      contactName: "联系人",
      description: "对接企业有在中原地区布局生产基地的意向。",
      signedOn: signedOn && signedOn < created ? created : signedOn,
      terminatedOn: terminated ? addDays(created, rng.int(30, 90)) : null,
      terminationReason: terminated ? "企业投资计划调整，暂缓布局" : null,
      projectId: project?.id ?? null,
      createdBy: owner.id,
      createdAt: at(created),
    });
    if (project) project.leadId = id;
    plan.leadEvents.push({
      leadId: id,
      toStage: "lead",
      occurredOn: created,
      actorUserId: owner.id,
      actorName: owner.displayName,
    });
    for (let s = 1; s <= reached; s++) {
      cursor =
        s === 4 && signedOn ? (signedOn > cursor ? signedOn : addDays(cursor, 1)) : addDays(cursor, rng.int(7, 40));
      plan.leadEvents.push({
        leadId: id,
        fromStage: leadStages[s - 1],
        toStage: leadStages[s] as string,
        occurredOn: cursor,
        actorUserId: owner.id,
        actorName: owner.displayName,
      });
      if (s === 2 || s === 3) {
        const rounds = s === 3 ? rng.int(1, 3) : 1;
        for (let r = 0; r < rounds; r++) {
          plan.leadActivities.push({
            leadId: id,
            kind: s === 2 ? "site_visit" : "negotiation",
            occurredOn: addDays(cursor, r * 7),
            participants: `${owner.displayName}、投资方代表`,
            summary: s === 2 ? "投资方来区实地考察园区和拟选地块" : `第${r + 1}轮洽谈，商议供地方式和配套条件`,
            createdBy: owner.id,
          });
        }
      }
    }
    if (terminated) {
      plan.leadEvents.push({
        leadId: id,
        fromStage: leadStages[reached],
        toStage: "terminated",
        occurredOn: addDays(cursor, 20),
        actorUserId: owner.id,
        actorName: owner.displayName,
        note: "企业投资计划调整，暂缓布局",
      });
    }
  }
}

/** Visits of the last four months; returns, per enterprise, its latest visit (issues raised then point to it). */
function buildVisits(
  rng: SeededRandom,
  plan: WorkPlan,
  zone: ZoneUnits,
  ctx: Context,
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
      const on = rng.dateBetween("2026-07-20", addDays(DEMO_TODAY, -1));
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

function buildIssues(
  rng: SeededRandom,
  plan: WorkPlan,
  p: {
    zone: ZoneUnits;
    admin: UserPlan;
    departmentUsers: readonly UserPlan[];
    zoneDepartments: readonly DepartmentPlan[];
    ctx: Context;
    catalogs: WorkCatalogs;
    projectIds: readonly string[];
    visitByEnterprise: Map<string, { id: string; on: string; by: string }>;
    serial: number;
  },
): number {
  let serial = p.serial;
  if (p.catalogs.categories.length === 0 || p.zoneDepartments.length === 0) return serial;
  const { zone, admin } = p;
  const count = zone.spec.code === "jk" ? 112 : 70;
  const enterprises = p.ctx.enterprises.filter((e) => e.zoneCode === zone.spec.code && e.status === "active");
  const contact = p.ctx.users.find((u) => u.username === "qiye001");
  const zrzy = p.zoneDepartments.find((d) => d.code === "zrzy");
  const byName = new Map(p.catalogs.categories.map((c) => [c.name, c]));
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
    serial++;
    const categoryName = rng.weighted({
      前期手续办理: 6,
      要素保障: 5,
      基础设施配套: 3,
      融资: 3,
      用工: 3,
      政策兑现: 3,
      "交通运输/物流": 1,
      市场开拓: 1,
      其他: 1,
    } as const);
    const category = byName.get(categoryName) ?? (p.catalogs.categories[0] as WorkCatalogs["categories"][number]);
    const [title, description] = rng.pick(issueTexts[categoryName] ?? issueTexts.其他 ?? [["其他问题", "其他问题"]]);
    const forProject = rng.chance(0.2);
    const projectId = forProject ? rng.pick(p.projectIds) : null;
    const enterprise =
      i === 0 && zone.spec.code === "jk" && contact?.enterpriseId
        ? enterprises.find((e) => e.id === contact.enterpriseId)
        : forProject
          ? undefined
          : rng.pick(enterprises);
    const visit = enterprise ? p.visitByEnterprise.get(enterprise.id) : undefined;
    const source =
      visit && rng.chance(0.6)
        ? "visit"
        : enterprise && rng.chance(0.2)
          ? "enterprise"
          : rng.pick(["hotline", "dispatcher", "meeting"] as const);
    const createdOn = source === "visit" && visit ? visit.on : rng.dateBetween("2026-01-05", addDays(DEMO_TODAY, -1));
    const age = (Date.parse(DEMO_TODAY) - Date.parse(createdOn)) / 86_400_000;
    // Older issues are mostly settled; recent ones still open.
    const fate =
      age > 60
        ? rng.weighted({ closed: 7, answered: 1, in_progress: 1 } as const)
        : age > 20
          ? rng.weighted({ closed: 3, answered: 2, in_progress: 3, routed: 1, bounced: 1 } as const)
          : rng.weighted({ received: 2, routed: 3, in_progress: 3, answered: 1 } as const);
    const lead = category.name === "前期手续办理" && zrzy && rng.chance(0.6) ? zrzy : rng.pick(p.zoneDepartments);
    const co = rng.chance(0.3) ? rng.pick(p.zoneDepartments.filter((d) => d !== lead)) : undefined;
    const leadUser = p.departmentUsers.find((u) => u.departmentId === lead.id);
    const reporter =
      source === "visit" && visit
        ? p.ctx.users.find((u) => u.id === visit.by)
        : source === "enterprise"
          ? contact
          : admin;
    const routedOn = addDays(createdOn, rng.int(0, 2));
    const dueOn = addDays(routedOn, category.deadlineDays + 2 * Math.floor(category.deadlineDays / 5));
    const events: Insert<typeof issueEvents>[] = [];
    const event = (
      action: string,
      from: string | null,
      to: string | null,
      on: string,
      by: UserPlan | undefined,
      note?: string,
    ) =>
      events.push({
        issueId: id,
        action,
        fromStatus: from,
        toStatus: to,
        actorUserId: by?.id ?? null,
        actorName: by?.displayName ?? "系统",
        note: note ?? null,
        createdAt: at(on, 9 + events.length),
      });
    event("created", null, "received", createdOn, reporter ?? admin);
    let status: (typeof plan.issues)[number]["status"] = "received";
    let answeredAt: Date | null = null;
    let closedAt: Date | null = null;
    let rating: "satisfied" | "basically_satisfied" | "dissatisfied" | null = null;
    let answer: string | null = null;
    let routed = false;
    let escalationLevel = 0;
    let autoEscalatedAt: Date | null = null;
    let bounceReason: string | null = null;
    if (fate !== "received") {
      routed = true;
      event(
        "routed",
        "received",
        "routed",
        routedOn,
        admin,
        `交办${lead.name}${co ? `，${co.name}配合` : ""}，请于${dueOn}前办结`,
      );
      status = "routed";
      if (fate === "bounced") {
        bounceReason = "该事项不属于本单位职责，建议交办相关部门";
        event("bounced", "routed", "bounced", addDays(routedOn, 1), leadUser, bounceReason);
        status = "bounced";
      } else if (fate !== "routed") {
        event("accepted", "routed", "in_progress", addDays(routedOn, 1), leadUser);
        status = "in_progress";
        event("progress", "in_progress", "in_progress", addDays(routedOn, 3), leadUser, "已与企业对接，正在协调办理。");
        if (fate === "answered" || fate === "closed") {
          const late = rng.chance(0.15);
          const answeredOn = minDate(addDays(dueOn, late ? rng.int(1, 6) : -rng.int(0, 4)), addDays(DEMO_TODAY, -1));
          answer = rng.pick(answers);
          answeredAt = at(answeredOn, 16);
          event("answered", "in_progress", "answered", answeredOn, leadUser, answer);
          status = "answered";
          if (fate === "closed") {
            rating = rng.weighted({ satisfied: 8, basically_satisfied: 2 } as const);
            const ratedOn = minDate(addDays(answeredOn, rng.int(1, 5)), DEMO_TODAY);
            closedAt = at(ratedOn, 11);
            event(
              "rated",
              "answered",
              "closed",
              ratedOn,
              contact && enterprise?.id === contact.enterpriseId ? contact : admin,
              rating === "satisfied" ? "满意" : "基本满意",
            );
            status = "closed";
          }
        }
      }
      if ((status === "routed" || status === "in_progress") && dueOn < DEMO_TODAY) {
        escalationLevel = 1;
        autoEscalatedAt = at(addDays(dueOn, 1), 8);
        event("auto_escalated", status, status, addDays(dueOn, 1), undefined, "超过办理时限，系统自动督办");
      }
    }
    plan.issues.push({
      id,
      serialNo: `WT-${YEAR}-${String(serial).padStart(6, "0")}`,
      orgUnitId: enterprise?.orgUnitId ?? zone.zoneId,
      enterpriseId: enterprise?.id ?? null,
      projectId,
      visitId: source === "visit" ? (visit?.id ?? null) : null,
      categoryId: category.id,
      title,
      description,
      source,
      status,
      outcome: status === "closed" ? "resolved" : null,
      reporterName: enterprise?.contactName ?? null,
      reporterPhone: null,
      reportedBy: (reporter ?? admin).id,
      leadDepartmentId: routed ? lead.id : null,
      dueOn: routed ? dueOn : null,
      originalDueOn: routed ? dueOn : null,
      routedAt: routed ? at(routedOn, 11) : null,
      answeredAt,
      answer,
      closedAt,
      rating,
      ratedAt: closedAt,
      escalationLevel,
      escalatedAt: autoEscalatedAt,
      autoEscalatedAt,
      bounceReason,
      createdAt: at(createdOn, 9),
      updatedAt: at(createdOn, 9),
    });
    if (routed && status !== "bounced") {
      plan.issueDepartments.push({ issueId: id, departmentId: lead.id, role: "lead" });
      if (co) plan.issueDepartments.push({ issueId: id, departmentId: co.id, role: "co" });
    }
    plan.issueEvents.push(...events);
    if (status === "routed" && leadUser) {
      plan.notifications.push({
        userId: leadUser.id,
        kind: "issue_routed",
        title: `新交办问题：${title}`,
        body: `请于${dueOn}前办结`,
        issueId: id,
        link: `/issues/${id}`,
      });
    }
  }
  return serial;
}

function buildMeeting(
  plan: WorkPlan,
  zone: ZoneUnits,
  admin: UserPlan,
  leaders: readonly UserPlan[],
  departments: readonly DepartmentPlan[],
) {
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
  plan.meetings.push({
    id: meetingId,
    orgUnitId: zone.zoneId,
    title: `${zone.spec.shortName}2026年第11次重点项目联审联批会议`,
    heldOn: "2026-11-25",
    location: "管委会三楼会议室",
    chairUserId: chair?.id ?? null,
    attendees: "管委会主任、分管副主任，自然资源、住建、生态环境、供电等单位负责人",
    status: "draft",
    createdBy: admin.id,
  });
  open.slice(0, 4).forEach((issue, index) => {
    plan.meetingItems.push({
      meetingId,
      issueId: issue.id as string,
      sortOrder: index,
      decision: index < 2 ? "由分管领导牵头，相关单位现场办公，限期解决。" : null,
      responsibleLeaderId: chair?.id ?? null,
      responsibleDepartmentId: issue.leadDepartmentId ?? departments[0]?.id ?? null,
      newDueOn: index < 2 ? "2026-12-10" : null,
    });
  });
}
