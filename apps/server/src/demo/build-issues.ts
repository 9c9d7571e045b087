import type { ZoneUnits } from "./build-enterprises.js";
import type { DepartmentPlan, UserPlan } from "./build-people.js";
import { at, type DemoCalendar, maxDate, minDate } from "./demo-calendar.js";
import { addDays, type SeededRandom } from "./random.js";
import type { WorkCatalogs, WorkContext, WorkPlan } from "./work-plan.js";

/*
 * The zone's issue ledger (问题台账) of the last ten and a half months with its history: older issues mostly
 * settled, recent ones still open, so there are issues overdue (and escalated by the nightly check) and issues
 * due in the coming days whatever the day the demo is loaded on.
 */

/** The nightly deadline check escalates yesterday's missed deadlines in the small hours. */
const escalationHour = 1;

/** WT-<year>-<6 digits>, numbered per year as the ledger numbers new issues. */
function nextSerialNo(serials: Map<string, number>, year: string): string {
  const n = (serials.get(year) ?? 0) + 1;
  serials.set(year, n);
  return `WT-${year}-${String(n).padStart(6, "0")}`;
}

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
    ["技改补贴资金未兑付", "企业上年度智能化改造项目已通过验收，省级技改补贴资金尚未兑付。"],
    ["研发费用加计扣除咨询", "企业对研发费用加计扣除政策适用范围不清楚，希望税务部门上门辅导。"],
  ],
  "交通运输/物流": [["大件运输通行证办理", "企业变压器产品需办理超限运输通行证，希望简化办理流程。"]],
  市场开拓: [["产品进入政府采购目录", "企业希望参加产销对接会，推动产品进入本地工程采购目录。"]],
  其他: [["厂区周边治安问题", "夜间厂区周边有不明车辆停留，希望加强巡逻。"]],
};
const dissatisfiedComments = [
  "答复只说了正在协调，没有明确办结时间，问题实际没有解决。",
  "答复与反映的问题不对应，请重新办理。",
  "费用问题仍未落实，企业不认可答复。",
];

const answers = [
  "已现场对接，明确办理路径，相关手续已于本周办结。",
  "已协调相关单位召开专题会，形成解决方案，已落实到位。",
  "经核实，已按政策规定办理完毕，并电话告知企业。",
  "已会同供电公司现场踏勘，增容方案已确定并实施。",
];

/**
 * The zone's issues: raised on a visit, by the enterprise, on the hotline, by a dispatcher or at a meeting;
 * routed to a lead department with a deadline, then accepted, answered and rated, or still open (and escalated
 * once past the deadline), bounced or not yet routed, by age.
 */
export function buildIssues(
  rng: SeededRandom,
  plan: WorkPlan,
  p: {
    zone: ZoneUnits;
    admin: UserPlan;
    departmentUsers: readonly UserPlan[];
    zoneDepartments: readonly DepartmentPlan[];
    ctx: WorkContext;
    catalogs: WorkCatalogs;
    projectIds: readonly string[];
    visitByEnterprise: Map<string, { id: string; on: string; by: string }>;
    /** The last serial number given per year (WT-<year>-<n>), shared by the zones. */
    serials: Map<string, number>;
  },
  calendar: DemoCalendar,
): void {
  if (p.catalogs.categories.length === 0 || p.zoneDepartments.length === 0) return;
  const { zone, admin } = p;
  const count = zone.spec.code === "jk" ? 112 : 70;
  const enterprises = p.ctx.enterprises.filter((e) => e.zoneCode === zone.spec.code && e.status === "active");
  const contact = p.ctx.users.find((u) => u.username === "qiye001");
  const zrzy = p.zoneDepartments.find((d) => d.code === "zrzy");
  const byName = new Map(p.catalogs.categories.map((c) => [c.name, c]));
  // Work on an issue is recorded up to yesterday; a step that would come later is taken yesterday.
  const upToYesterday = (date: string) => minDate(date, calendar.yesterday);
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
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
    // An issue of a project concerns its investing enterprise when that is in the register (as the ledger does).
    const investorId = projectId ? (plan.projects.find((x) => x.id === projectId)?.enterpriseId ?? null) : null;
    const visit = enterprise ? p.visitByEnterprise.get(enterprise.id) : undefined;
    const source =
      visit && rng.chance(0.6)
        ? "visit"
        : enterprise && rng.chance(0.2)
          ? "enterprise"
          : rng.pick(["hotline", "dispatcher", "meeting"] as const);
    const createdOn = source === "visit" && visit ? visit.on : rng.dateBetween(calendar.day(-319), calendar.yesterday);
    const age = (Date.parse(calendar.today) - Date.parse(createdOn)) / 86_400_000;
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
    const routedOn = upToYesterday(addDays(createdOn, rng.int(0, 2)));
    const dueOn = addDays(routedOn, category.deadlineDays + 2 * Math.floor(category.deadlineDays / 5));
    const events: WorkPlan["issueEvents"] = [];
    const event = (
      action: string,
      from: string | null,
      to: string | null,
      on: string,
      by: UserPlan | undefined,
      note?: string,
      data?: unknown,
      hour = 9 + events.length,
    ) =>
      events.push({
        issueId: id,
        action,
        fromStatus: from,
        toStatus: to,
        actorUserId: by?.id ?? null,
        actorName: by?.displayName ?? "系统",
        note: note ?? null,
        data: data ?? null,
        createdAt: at(on, hour),
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
    let deadlineMissedAt: Date | null = null;
    let currentDueOn = dueOn;
    let reopenCount = 0;
    // A missed deadline is recorded against the department holding the issue, with its history entry (as the check does).
    const missDeadline = (missedDue: string, missedAt: Date) => {
      plan.issueDeadlineMisses.push({ issueId: id, dueOn: missedDue, departmentId: lead.id, missedAt });
      events.push({
        issueId: id,
        action: "deadline_missed",
        fromStatus: status,
        toStatus: status,
        actorUserId: null,
        actorName: "系统",
        note: `超过办理时限（${missedDue}）仍未办结（牵头单位：${lead.name}）`,
        data: { dueOn: missedDue, departmentId: lead.id },
        createdAt: missedAt,
      });
    };
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
        event("bounced", "routed", "bounced", upToYesterday(addDays(routedOn, 1)), leadUser, bounceReason);
        status = "bounced";
      } else if (fate !== "routed") {
        event("accepted", "routed", "in_progress", upToYesterday(addDays(routedOn, 1)), leadUser);
        status = "in_progress";
        const progressOn = upToYesterday(addDays(routedOn, 3));
        event("progress", "in_progress", "in_progress", progressOn, leadUser, "已与企业对接，正在协调办理。");
        if (fate === "answered" || fate === "closed") {
          const late = rng.chance(0.15);
          const answeredOn = upToYesterday(maxDate(addDays(dueOn, late ? rng.int(1, 6) : -rng.int(0, 4)), progressOn));
          answer = rng.pick(answers);
          answeredAt = at(answeredOn, 16);
          if (answeredOn > dueOn) {
            deadlineMissedAt = at(addDays(dueOn, 1), escalationHour);
            missDeadline(dueOn, deadlineMissedAt);
          }
          event("answered", "in_progress", "answered", answeredOn, leadUser, answer);
          status = "answered";
          if (fate === "closed") {
            const rater = contact && enterprise?.id === contact.enterpriseId ? contact : admin;
            const byPhone = rater === admin;
            let ratedOn = upToYesterday(addDays(answeredOn, rng.int(1, 5)));
            // About one enterprise in eight is not satisfied with the first answer (不满意): the issue is done again.
            if (rng.chance(0.12) && addDays(ratedOn, 3) <= calendar.yesterday) {
              currentDueOn = addDays(ratedOn, category.deadlineDays);
              reopenCount = 1;
              event("reopened", "answered", "in_progress", ratedOn, rater, rng.pick(dissatisfiedComments), {
                rating: "dissatisfied",
                byPhone,
                dueOn: currentDueOn,
              });
              plan.issueRatings.push({
                issueId: id,
                rating: "dissatisfied",
                byPhone,
                ratedBy: rater.id,
                ratedAt: at(ratedOn, 9 + events.length - 1),
                leadDepartmentId: lead.id,
              });
              const againOn = upToYesterday(addDays(ratedOn, rng.int(1, 3)));
              answer = rng.pick(answers);
              answeredAt = at(againOn, 16);
              event("answered", "in_progress", "answered", againOn, leadUser, answer);
              ratedOn = upToYesterday(addDays(againOn, 1));
            }
            rating = rng.weighted({ satisfied: 8, basically_satisfied: 2 } as const);
            closedAt = at(ratedOn, 20);
            event(
              "rated",
              "answered",
              "closed",
              ratedOn,
              rater,
              rating === "satisfied" ? "满意" : "基本满意",
              { rating, byPhone },
              20,
            );
            plan.issueRatings.push({
              issueId: id,
              rating,
              byPhone,
              ratedBy: rater.id,
              ratedAt: closedAt,
              leadDepartmentId: lead.id,
            });
            status = "closed";
          }
        }
      }
      if ((status === "routed" || status === "in_progress") && dueOn < calendar.today) {
        escalationLevel = 1;
        autoEscalatedAt = at(addDays(dueOn, 1), escalationHour);
        deadlineMissedAt = autoEscalatedAt;
        missDeadline(dueOn, autoEscalatedAt);
        event(
          "auto_escalated",
          status,
          status,
          addDays(dueOn, 1),
          undefined,
          "超过办理时限，系统自动督办",
          { dueOn, escalationLevel: 1 },
          escalationHour,
        );
      }
    }
    plan.issues.push({
      id,
      serialNo: nextSerialNo(p.serials, createdOn.slice(0, 4)),
      orgUnitId: enterprise?.orgUnitId ?? zone.zoneId,
      enterpriseId: enterprise?.id ?? investorId,
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
      // A bounced issue is no longer held by a department.
      leadDepartmentId: routed && status !== "bounced" ? lead.id : null,
      dueOn: routed ? currentDueOn : null,
      originalDueOn: routed ? dueOn : null,
      reopenCount,
      routedAt: routed ? at(routedOn, 11) : null,
      answeredAt,
      answer,
      closedAt,
      rating,
      ratedAt: closedAt,
      escalationLevel,
      escalatedAt: autoEscalatedAt,
      autoEscalatedAt,
      autoEscalatedDueOn: autoEscalatedAt ? dueOn : null,
      deadlineMissedAt,
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
        createdAt: at(routedOn, 10),
      });
    }
  }
}
