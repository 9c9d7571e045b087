import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { writeAudit } from "../lib/audit.js";
import { todayInBeijing } from "../lib/format.js";
import { liaisonAssignments } from "../modules/assignments/assignments.table.js";
import { hashPassword, passwordProblems } from "../modules/auth/index.js";
import { departments } from "../modules/departments/departments.table.js";
import { enterprises, enterpriseTags } from "../modules/enterprises/enterprises.table.js";
import { investmentLeads, leadActivities, leadStageEvents } from "../modules/investment/investment.table.js";
import {
  issueCategories,
  issueDeadlineMisses,
  issueDepartments,
  issueEvents,
  issueRatings,
  issues,
} from "../modules/issues/issues.table.js";
import { reviewMeetingItems, reviewMeetings } from "../modules/meetings/meetings.table.js";
import { notifications } from "../modules/notifications/notifications.table.js";
import { orgUnits } from "../modules/org-units/org-units.table.js";
import {
  procedureTypes,
  projectAnnualPlans,
  projectEvents,
  projectInvestmentReportRevisions,
  projectInvestmentReports,
  projectProcedures,
  projectStageDates,
  projects,
} from "../modules/projects/projects.table.js";
import { tags } from "../modules/tags/tags.table.js";
import { users } from "../modules/users/users.table.js";
import { visitCadenceRules, visitParticipants, visits } from "../modules/visits/visits.table.js";
import { defaultTagNames, defaultTags } from "../reference-data/default-tags.js";
import { buildZoneEnterprises, type EnterprisePlan, type ZoneUnits } from "./build-enterprises.js";
import { buildAssignments, buildDepartments, buildUsers, type UserPlan } from "./build-people.js";
import { buildWorkPlan, type WorkPlan } from "./build-work.js";
import { type DemoCalendar, demoCalendar } from "./demo-calendar.js";
import { SeededRandom } from "./random.js";
import { city, province, zoneSpecs } from "./zones.js";

/** A demo account to print in the start banner. */
export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  displayName: string;
  note: string;
}

export interface DemoSummary {
  seed: number;
  /** The demo's "today": every date of the demo is reckoned from it. */
  today: string;
  accounts: DemoAccount[];
  counts: {
    orgUnits: number;
    departments: number;
    enterprises: number;
    enterpriseTags: number;
    users: number;
    assignments: number;
    projects: number;
    investmentReports: number;
    leads: number;
    visits: number;
    issues: number;
  };
}

/** The one password of every demo account; meets the password rules. */
export const demoPassword = "Zd@demo2026!";
export const defaultDemoSeed = 20261121;

const batchSize = 500;

type OrgUnitRow = typeof orgUnits.$inferInsert;

function orgUnit(parent: OrgUnitRow | null, values: Pick<OrgUnitRow, "name" | "kind" | "divisionCode">): OrgUnitRow {
  const id = crypto.randomUUID();
  return { ...values, id, parentId: parent?.id ?? null, path: `${parent?.path ?? "/"}${id}/` };
}

/** Everything the demo writes, built from the seed and the demo's today alone (ids aside). */
function buildDemoPlan(seed: number, calendar: DemoCalendar) {
  const rng = new SeededRandom(seed);
  const provinceRow = orgUnit(null, { name: province.name, kind: "province", divisionCode: province.divisionCode });
  const cityRow = orgUnit(provinceRow, { name: city.name, kind: "city", divisionCode: city.divisionCode });
  const units: OrgUnitRow[] = [provinceRow, cityRow];
  const zones: ZoneUnits[] = zoneSpecs.map((spec) => {
    const zoneRow = orgUnit(cityRow, { name: spec.name, kind: "zone", divisionCode: spec.divisionCode });
    const parkRows = spec.parks.map((name) =>
      orgUnit(zoneRow, { name, kind: "park", divisionCode: spec.divisionCode }),
    );
    units.push(zoneRow, ...parkRows);
    return { spec, zoneId: zoneRow.id ?? "", parkIds: parkRows.map((p) => p.id ?? "") };
  });

  const taken = new Set<string>();
  const enterprisePlans = zones.flatMap((zone) => buildZoneEnterprises(rng, zone, taken));
  const large = rng.shuffle(enterprisePlans.filter((e) => e.scale === "large"));
  for (const e of large.slice(0, 2)) e.tagNames.push(defaultTagNames.chinaTop500);
  for (const e of large.slice(2, 3)) e.tagNames.push(defaultTagNames.globalTop500);
  const archivable = enterprisePlans.filter((e) => !e.tagNames.includes(defaultTagNames.key));
  for (const e of rng.shuffle(archivable).slice(0, 12)) e.status = "archived";

  const departmentPlans = buildDepartments(zones);
  const userPlans = buildUsers(rng, cityRow.id ?? "", zones, departmentPlans, enterprisePlans);
  const assignmentPlans = buildAssignments(rng, zones, enterprisePlans, userPlans, calendar);
  return { units, zones, enterprisePlans, departmentPlans, userPlans, assignmentPlans };
}

async function insertInBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += batchSize) await insert(rows.slice(i, i + batchSize));
}

function accountsOf(userPlans: readonly UserPlan[], enterprisePlans: readonly EnterprisePlan[]): DemoAccount[] {
  const notes: [string, string][] = [
    ["admin", "市级管理员，可见全部开发区"],
    ["admin_jk", "经开区管理员：维护企业库、分配包联"],
    ["leader01", "经开区分包领导，包联30家企业"],
    ["cadre001", "经开区助企干部，包联8家企业"],
    ["dept_zrzy_jk", "经开区自然资源和规划局，办理交办问题"],
    ["jiwei01", "经开区纪工委，督办超期问题"],
    ["tongji01", "经开区统计员"],
    ["qiye001", "企业联系人"],
  ];
  return notes.flatMap(([username, note]) => {
    const user = userPlans.find((u) => u.username === username);
    if (!user) return [];
    const enterprise = user.enterpriseId ? enterprisePlans.find((e) => e.id === user.enterpriseId) : undefined;
    return [
      {
        username,
        password: demoPassword,
        role: user.role,
        displayName: user.displayName,
        note: enterprise ? `${note}：${enterprise.name}` : note,
      },
    ];
  });
}

/**
 * Loads the demo zone (河南省 → 许昌市 → two development zones and their parks) with about 800
 * enterprises, their tags, ~370 users and their 包联 assignments, and their work (projects, leads,
 * visits, issues, a meeting), in one transaction. Every date is reckoned from `today` (YYYY-MM-DD,
 * default: the Beijing date of the load), so the demo looks current whatever the day. The same seed
 * and today give the same names, codes, counts, assignments and figures. Every account has the
 * password {@link demoPassword}; it is hashed once.
 */
export async function loadDemoData(db: Db, options: { seed?: number; today?: string } = {}): Promise<DemoSummary> {
  const seed = options.seed ?? defaultDemoSeed;
  const calendar = demoCalendar(options.today ?? todayInBeijing());
  const problems = passwordProblems(demoPassword);
  if (problems.length > 0) throw new Error(`demo password breaks the rules: ${problems.join("；")}`);
  const plan = buildDemoPlan(seed, calendar);
  const passwordHash = await hashPassword(demoPassword);
  let enterpriseTagCount = 0;
  let work: WorkPlan | undefined;

  await db.transaction(async (tx) => {
    const tagRows = await tx
      .select({ id: tags.id, name: tags.name })
      .from(tags)
      .where(
        inArray(
          tags.name,
          defaultTags.map((t) => t.name),
        ),
      );
    const tagIdByName = new Map(tagRows.map((t) => [t.name, t.id]));

    // Parents before children, so every parent_id exists when its child is written.
    for (const kind of ["province", "city", "zone", "park"] as const) {
      await tx.insert(orgUnits).values(plan.units.filter((u) => u.kind === kind));
    }
    await tx
      .insert(departments)
      .values(plan.departmentPlans.map((d) => ({ id: d.id, orgUnitId: d.orgUnitId, name: d.name })));
    await insertInBatches(plan.enterprisePlans, (batch) =>
      tx.insert(enterprises).values(batch.map(({ zoneCode: _z, tagNames: _t, ...row }) => row)),
    );
    const tagLinks = plan.enterprisePlans.flatMap((e) =>
      e.tagNames.flatMap((name) => {
        const tagId = tagIdByName.get(name);
        return tagId ? [{ enterpriseId: e.id, tagId }] : [];
      }),
    );
    enterpriseTagCount = tagLinks.length;
    await insertInBatches(tagLinks, (batch) => tx.insert(enterpriseTags).values(batch));
    await insertInBatches(plan.userPlans, (batch) =>
      tx
        .insert(users)
        .values(batch.map(({ zoneCode: _z, ...u }) => ({ ...u, passwordHash, mustChangePassword: false }))),
    );
    const adminId = plan.userPlans.find((u) => u.username === "admin")?.id ?? null;
    await insertInBatches(plan.assignmentPlans, (batch) =>
      tx.insert(liaisonAssignments).values(
        batch.map((a) => ({
          ...a,
          createdBy: adminId,
          endedAt: a.endsOn ? new Date(`${a.endsOn}T18:00:00+08:00`) : null,
        })),
      ),
    );
    const catalogs = {
      categories: await tx
        .select({ id: issueCategories.id, name: issueCategories.name, deadlineDays: issueCategories.deadlineDays })
        .from(issueCategories)
        .where(eq(issueCategories.isArchived, false))
        .orderBy(asc(issueCategories.sortOrder)),
      procedureTypes: await tx
        .select({ id: procedureTypes.id, name: procedureTypes.name, sortOrder: procedureTypes.sortOrder })
        .from(procedureTypes)
        .where(eq(procedureTypes.isArchived, false))
        .orderBy(asc(procedureTypes.sortOrder)),
    };
    work = buildWorkPlan(
      new SeededRandom(seed + 1),
      {
        zones: plan.zones,
        enterprises: plan.enterprisePlans,
        users: plan.userPlans,
        departments: plan.departmentPlans,
        assignments: plan.assignmentPlans,
      },
      catalogs,
      // Last year's investment has a source of its own, so adding it left this year's figures as they were.
      { calendar, history: new SeededRandom(seed + 2) },
    );
    await insertWork(tx, work);
    await writeAudit(
      tx,
      { userId: null, displayName: "system", ip: null },
      {
        action: "demo.load",
        summary: `载入演示数据（seed ${seed}，演示日期 ${calendar.today}）：${plan.enterprisePlans.length} 家企业，${plan.userPlans.length} 个账号，${plan.assignmentPlans.length} 条包联`,
      },
    );
  });

  return {
    seed,
    today: calendar.today,
    accounts: accountsOf(plan.userPlans, plan.enterprisePlans),
    counts: {
      orgUnits: plan.units.length,
      departments: plan.departmentPlans.length,
      enterprises: plan.enterprisePlans.length,
      enterpriseTags: enterpriseTagCount,
      users: plan.userPlans.length,
      assignments: plan.assignmentPlans.length,
      projects: work?.projects.length ?? 0,
      investmentReports: work?.reports.length ?? 0,
      leads: work?.leads.length ?? 0,
      visits: work?.visits.length ?? 0,
      issues: work?.issues.length ?? 0,
    },
  };
}

/** Writes the demo's projects, leads, visits, issues and meeting, parents before children. */
async function insertWork(tx: Db, work: WorkPlan): Promise<void> {
  const steps: [rows: readonly object[], insert: (batch: never[]) => Promise<unknown>][] = [
    [work.projects, (b) => tx.insert(projects).values(b)],
    [work.stageDates, (b) => tx.insert(projectStageDates).values(b)],
    [work.projectEvents, (b) => tx.insert(projectEvents).values(b)],
    [work.plans, (b) => tx.insert(projectAnnualPlans).values(b)],
    [work.reports, (b) => tx.insert(projectInvestmentReports).values(b)],
    [work.revisions, (b) => tx.insert(projectInvestmentReportRevisions).values(b)],
    [work.procedures, (b) => tx.insert(projectProcedures).values(b)],
    [work.projectAssignments, (b) => tx.insert(liaisonAssignments).values(b)],
    [work.leads, (b) => tx.insert(investmentLeads).values(b)],
    [work.leadActivities, (b) => tx.insert(leadActivities).values(b)],
    [work.leadEvents, (b) => tx.insert(leadStageEvents).values(b)],
    [work.visits, (b) => tx.insert(visits).values(b)],
    [work.visitParticipants, (b) => tx.insert(visitParticipants).values(b)],
    [work.cadenceRules, (b) => tx.insert(visitCadenceRules).values(b)],
    [work.issues, (b) => tx.insert(issues).values(b)],
    [work.issueDepartments, (b) => tx.insert(issueDepartments).values(b)],
    [work.issueEvents, (b) => tx.insert(issueEvents).values(b)],
    [work.issueRatings, (b) => tx.insert(issueRatings).values(b)],
    [work.issueDeadlineMisses, (b) => tx.insert(issueDeadlineMisses).values(b)],
    [work.meetings, (b) => tx.insert(reviewMeetings).values(b)],
    [work.meetingItems, (b) => tx.insert(reviewMeetingItems).values(b)],
    [work.notifications, (b) => tx.insert(notifications).values(b)],
  ];
  for (const [rows, insert] of steps) await insertInBatches(rows as never[], insert);
}
