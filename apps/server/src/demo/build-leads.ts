import type { ZoneUnits } from "./build-enterprises.js";
import type { UserPlan } from "./build-people.js";
import { industryChains, projectProducts } from "./build-projects.js";
import { at, type DemoCalendar, maxDate, minDate } from "./demo-calendar.js";
import { addDays, type SeededRandom } from "./random.js";
import { type WorkPlan, wan } from "./work-plan.js";

/*
 * The zone's investment leads (招商线索), raised from fourteen months to seven weeks ago, each with its pipeline
 * history up to yesterday; the newest new projects were signed from leads, which were raised before they signed.
 */

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

/** The zone's leads with their stage history and activities; the first ones became the zone's newest projects. */
export function buildLeads(
  rng: SeededRandom,
  plan: WorkPlan,
  p: { zone: ZoneUnits; admin: UserPlan; leaders: readonly UserPlan[]; projectIds: readonly string[] },
  calendar: DemoCalendar,
) {
  const { zone, admin, leaders, projectIds } = p;
  const count = zone.spec.code === "jk" ? 45 : 30;
  // The newest signed projects of the zone were signed from leads.
  const signable = plan.projects
    .filter((x) => projectIds.includes(x.id as string) && x.projectType === "new") // every project has its id
    .slice(0, 10);
  // Work is recorded up to yesterday: a later step of a young lead waits (it happens on yesterday at the latest).
  const upToYesterday = (date: string) => minDate(date, calendar.yesterday);
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
    const signedOn = project
      ? (plan.stageDates.find((d) => d.projectId === project.id && d.stage === "signed")?.actualOn ?? null)
      : null;
    const raisedOn = rng.dateBetween(calendar.day(-415), calendar.day(-51));
    // A signed lead was raised early enough for its three steps (at most 40 days each) to come before the signing.
    const created = signedOn ? minDate(raisedOn, addDays(signedOn, -121)) : raisedOn;
    let cursor = created;
    const leadRow: WorkPlan["leads"][number] = {
      id,
      orgUnitId: zone.zoneId,
      projectName: project?.name ?? `${rng.pick(projectProducts)[0]}项目`,
      investorName:
        project?.investorName ??
        `${province.replace(/省|市$/, "")}${rng.pick(["星河", "华瑞", "宏图", "天成", "中联"])}${rng.pick(["集团有限公司", "科技股份有限公司"])}`,
      originRegion: region,
      originProvince: province,
      isOutOfProvince: province !== "河南省",
      industryChain: rng.pick(industryChains),
      intendedInvestment: wan(amountWan),
      isFortune500: rng.chance(0.04),
      isCentralSoe: rng.chance(0.08),
      isListed: rng.chance(0.25),
      source: rng.weighted({ chain_research: 4, business_referral: 3, forum: 2, online_fair: 1, agency: 1 } as const),
      stage: terminated ? "terminated" : leadStages[reached],
      ownerUserId: owner.id,
      contactName: "联系人",
      description: "对接企业有在中原地区布局生产基地的意向。",
      signedOn,
      terminatedOn: terminated ? addDays(created, rng.int(30, 90)) : null,
      terminationReason: terminated ? "企业投资计划调整，暂缓布局" : null,
      projectId: project?.id ?? null,
      createdBy: owner.id,
      createdAt: at(created),
    };
    plan.leads.push(leadRow);
    if (project) project.leadId = id;
    plan.leadEvents.push({
      leadId: id,
      toStage: "lead",
      occurredOn: created,
      actorUserId: owner.id,
      actorName: owner.displayName,
      createdAt: at(created),
    });
    for (let s = 1; s <= reached; s++) {
      cursor =
        s === 4 && signedOn ? maxDate(signedOn, addDays(cursor, 1)) : upToYesterday(addDays(cursor, rng.int(7, 40)));
      plan.leadEvents.push({
        leadId: id,
        fromStage: leadStages[s - 1],
        toStage: leadStages[s] as string, // s ≤ 4
        occurredOn: cursor,
        actorUserId: owner.id,
        actorName: owner.displayName,
        createdAt: at(cursor, 10 + s),
      });
      if (s === 2 || s === 3) {
        const rounds = s === 3 ? rng.int(1, 3) : 1;
        for (let r = 0; r < rounds; r++) {
          const on = upToYesterday(addDays(cursor, r * 7));
          plan.leadActivities.push({
            leadId: id,
            kind: s === 2 ? "site_visit" : "negotiation",
            occurredOn: on,
            participants: `${owner.displayName}、投资方代表`,
            summary: s === 2 ? "投资方来区实地考察园区和拟选地块" : `第${r + 1}轮洽谈，商议供地方式和配套条件`,
            createdBy: owner.id,
            createdAt: at(on, 17),
          });
        }
      }
    }
    if (terminated && leadRow.terminatedOn) {
      // Terminated after its last step, and recorded so on the lead and in its history alike.
      const terminatedOn = upToYesterday(maxDate(leadRow.terminatedOn, addDays(cursor, 20)));
      leadRow.terminatedOn = terminatedOn;
      plan.leadEvents.push({
        leadId: id,
        fromStage: leadStages[reached],
        toStage: "terminated",
        occurredOn: terminatedOn,
        actorUserId: owner.id,
        actorName: owner.displayName,
        note: "企业投资计划调整，暂缓布局",
        createdAt: at(terminatedOn, 16),
      });
    }
  }
}
