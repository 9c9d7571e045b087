/**
 * Key-projects benchmark: N projects in one zone and its parks (stage dates, this and last year's
 * annual plans, 10 monthly investment reports each, a few 包联 assignments) in a temp PGlite, then
 * p50/p95 through the real API (app.inject, signed in): the figures of the zone for the year, the
 * warnings list, the project list (and the warnings the list fetches to colour its rows). Where a goal is
 * missed, it prints the statements of the request, slowest first, with the EXPLAIN ANALYZE of the slowest.
 * BENCH_TRY_INDEXES=1 then times the figures' reads against a proposed single statement, with and without a
 * covering index on the reports (created in this database only).
 */
import path from "node:path";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { type Db, openPglite } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { addDays } from "../src/demo/random.js";
import { inOrgSubtree, visibleProjects } from "../src/lib/access.js";
import type { Actor } from "../src/lib/actor.js";
import { todayInBeijing } from "../src/lib/format.js";
import { searchGramsOf } from "../src/lib/search-grams.js";
import { liaisonAssignments } from "../src/modules/assignments/assignments.table.js";
import { enterprises } from "../src/modules/enterprises/enterprises.table.js";
import {
  findFigureProjects,
  findStageDatesOf,
  sumReportsByMonth,
} from "../src/modules/projects/project-investment.queries.js";
import {
  projectAnnualPlans,
  projectInvestmentReports,
  projectStageDates,
  projectStages,
  projects,
} from "../src/modules/projects/projects.table.js";
import { seedReferenceData } from "../src/reference-data/seed-reference-data.js";
import { createOrgUnit, createUser } from "../test/factories.js";
import {
  type BenchRow,
  benchApp,
  latencyRow,
  ms,
  printWhereTimeGoes,
  progress,
  Rng,
  syntheticEnterprise,
  tempDir,
  timed,
  timeGet,
} from "./common.js";

const figuresGoalMs = 500;

const places = ["许昌", "禹州", "长葛", "鄢陵", "襄城", "示范区", ""];
const products = [
  "年产10万吨新型建材",
  "年产5000台智能电力装备",
  "年产2万吨高端铝型材",
  "超硬材料产业园",
  "新能源汽车零部件",
  "生物医药研发生产基地",
  "智能仓储物流中心",
  "年产30万套发制品",
  "数据中心",
  "光伏组件",
  "高压开关柜智能制造",
  "食品精深加工",
  "再生金属综合利用",
  "电子信息产业园",
];
const chains = ["电力装备", "新材料", "超硬材料", "生物医药", "汽车零部件", "现代物流", "数字经济", "发制品"];
const rounds = ["2025年第四期", "2026年第一期", "2026年第二期", "2026年第三期"];

/** Whole 万元 as a yuan string. */
const wan = (amount: number) => `${Math.round(amount)}0000.00`;

async function generate(
  db: Db,
  p: { total: number; today: string; year: number; units: { id: string }[]; leaderId: string; reporterId: string },
): Promise<{ plans: number; reports: number; assigned: number }> {
  const rng = new Rng(20261123);
  const enterpriseRows = [];
  for (let n = 1; n <= 500; n++) {
    const e = syntheticEnterprise(rng, 800_000 + n);
    enterpriseRows.push({
      orgUnitId: rng.pick(p.units).id,
      name: e.name,
      creditCode: e.creditCode,
      legalRepresentative: e.legalRepresentative,
      industryCode: e.industryCode,
      industrySection: e.industryCode.slice(0, 1),
      scale: e.scale,
      searchGrams: searchGramsOf(e.name, e.creditCode),
    });
  }
  const ents = await db.insert(enterprises).values(enterpriseRows).returning({ id: enterprises.id });

  const lastMonthReported = 10;
  let plans = 0;
  let reports = 0;
  let assigned = 0;
  const batch = 500;
  for (let start = 0; start < p.total; start += batch) {
    const projectRows: (typeof projects.$inferInsert)[] = [];
    const dateRows: (typeof projectStageDates.$inferInsert)[] = [];
    const planRows: (typeof projectAnnualPlans.$inferInsert)[] = [];
    const reportRows: (typeof projectInvestmentReports.$inferInsert)[] = [];
    const assignmentRows: (typeof liaisonAssignments.$inferInsert)[] = [];
    for (let n = start; n < Math.min(p.total, start + batch); n++) {
      const id = crypto.randomUUID();
      const orgUnitId = rng.pick(p.units).id;
      const totalWan = Math.round(5000 + rng.next() ** 2 * 495_000); // 0.5–50 亿
      const signedOn = rng.dateBetween(`${p.year - 2}-01-01`, addDays(p.today, -1));
      // Planned dates of the later stages; each reached stage's actual date is near its plan, some late.
      const offsets = [0, 60, 150, 420, 600];
      let stageIndex = 0;
      projectStages.forEach((stage, index) => {
        const plannedOn = addDays(signedOn, (offsets[index] ?? 0) + rng.int(-10, 20));
        const actualOn = addDays(plannedOn, rng.chance(0.25) ? rng.int(5, 90) : rng.int(-15, 3));
        const reached = index === 0 || (index === stageIndex + 1 && actualOn < p.today && rng.chance(0.85));
        if (reached) stageIndex = index;
        dateRows.push({
          projectId: id,
          stage,
          plannedOn,
          actualOn: index === 0 ? signedOn : reached ? actualOn : null,
        });
      });
      const stage = projectStages[stageIndex] ?? "signed";
      const enterpriseId = rng.chance(0.5) ? rng.pick(ents).id : null;
      projectRows.push({
        id,
        orgUnitId,
        name: `${rng.pick(places)}${rng.pick(products)}项目${n + 1}`,
        enterpriseId,
        investorName: enterpriseId ? null : `${rng.pick(["河南", "郑州", "深圳", "上海", "江苏"])}某某投资有限公司`,
        industryChain: rng.pick(chains),
        level: rng.weighted({ province: 1, city: 3, county: 6 } as const),
        batch: rng.weighted({ signing: 2, starting: 5, production: 3 } as const),
        campaignRound: rng.pick(rounds),
        projectType: rng.weighted({ new: 6, continuing: 4 } as const),
        totalInvestment: wan(totalWan),
        location: "示范区",
        stage,
        progressNarrative: "项目按计划推进，主体结构施工中。",
        status: rng.chance(0.05) ? "archived" : "active",
        createdAt: new Date(`${signedOn}T10:00:00+08:00`),
        updatedAt: new Date(`${addDays(signedOn, rng.int(0, 300))}T10:00:00+08:00`),
      });
      // This year's plan (monthly split for most) and last year's; 10 monthly reports of this year.
      const plannedWan = Math.max(100, Math.round(totalWan * (0.1 + rng.next() * 0.3)));
      const monthly = rng.chance(0.7)
        ? Array.from({ length: 12 }, (_, i) =>
            wan(i === 11 ? plannedWan - Math.floor(plannedWan / 12) * 11 : Math.floor(plannedWan / 12)),
          )
        : null;
      planRows.push({
        projectId: id,
        year: p.year,
        plannedInvestment: wan(plannedWan),
        monthlyPlan: monthly,
        updatedBy: p.reporterId,
      });
      planRows.push({
        projectId: id,
        year: p.year - 1,
        plannedInvestment: wan(plannedWan * 0.8),
        monthlyPlan: null,
        updatedBy: p.reporterId,
      });
      const pace = 0.4 + rng.next() * 0.9; // some behind time progress, some ahead
      for (let month = 1; month <= lastMonthReported; month++) {
        reportRows.push({
          projectId: id,
          year: p.year,
          month,
          completedInMonth: wan((plannedWan / 12) * pace * (0.7 + rng.next() * 0.6)),
          progressText: "按计划推进",
          reportedBy: p.reporterId,
        });
      }
      if (n % 100 === 0) {
        assignmentRows.push({
          orgUnitId,
          projectId: id,
          userId: p.leaderId,
          role: "lead_leader",
          startsOn: `${p.year}-01-01`,
        });
      }
    }
    await db.insert(projects).values(projectRows);
    await db.insert(projectStageDates).values(dateRows);
    await db.insert(projectAnnualPlans).values(planRows);
    for (let i = 0; i < reportRows.length; i += 2000) {
      await db.insert(projectInvestmentReports).values(reportRows.slice(i, i + 2000));
    }
    if (assignmentRows.length > 0) await db.insert(liaisonAssignments).values(assignmentRows);
    plans += planRows.length;
    reports += reportRows.length;
    assigned += assignmentRows.length;
    if ((start / batch) % 4 === 3) progress(`${(start + batch).toLocaleString("en")} projects inserted`);
  }
  return { plans, reports, assigned };
}

/** Runs the key-projects benchmark and returns its table rows. */
export async function projectsBench(total: number, runs: number): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const { dir, remove } = tempDir("zonedesk-bench-projects-");
  const database = await openPglite(dir);
  const pglite = database.pglite;
  if (!pglite) throw new Error("the projects bench runs on PGlite");
  try {
    const { db } = database;
    await migrateDatabase(database);
    await seedReferenceData(db);
    const today = todayInBeijing();
    const year = Number(today.slice(0, 4));
    const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
    const zone = await createOrgUnit(db, { parent: city, name: "示范区", kind: "zone", divisionCode: "411002" });
    const parks: Awaited<ReturnType<typeof createOrgUnit>>[] = [];
    for (const name of ["智能制造产业园", "电力装备产业园", "新材料产业园", "现代物流园"]) {
      parks.push(await createOrgUnit(db, { parent: zone, name, kind: "park" }));
    }
    const admin = await createUser(db, { role: "admin", orgUnit: zone, username: "bench_admin" });
    const leader = await createUser(db, { role: "leader", orgUnit: zone, username: "bench_leader" });

    progress(`generating ${total.toLocaleString("en")} projects into PGlite at ${dir}`);
    const generated = await timed(() =>
      generate(db, { total, today, year, units: [zone, ...parks], leaderId: leader.id, reporterId: admin.id }),
    );
    const analyzed = await timed(() => db.execute(sql`analyze`));
    const g = generated.value;
    out.push({
      name: `generate ${total.toLocaleString("en")} projects (batches of 500)`,
      value: `${(generated.ms / 1000).toFixed(1)} s`,
      goal: "",
      met: null,
      detail: `${g.plans.toLocaleString("en")} annual plans, ${g.reports.toLocaleString("en")} monthly reports, ${g.assigned} assigned to a leader; ANALYZE ${ms(analyzed.ms)}`,
    });

    const { app, signIn } = await benchApp(database, path.join(dir, "files"));
    try {
      const adminCookie = await signIn(admin.username);
      const leaderCookie = await signIn(leader.username);
      const list = await timeGet(app, adminCookie, "/api/projects?pageSize=20", 0, 1);
      const pageIds = ((list.body as { data?: { id: string }[] }).data ?? []).map((r) => r.id);

      type Case = {
        label: string;
        url: string;
        cookie: string;
        goal: number | null;
        detail?: (body: unknown) => string;
      };
      const figuresDetail = (body: unknown) => {
        const f = body as {
          projectCount?: number;
          completionRate?: number | null;
          warnings?: { red: number; yellow: number };
        };
        return `${(f.projectCount ?? 0).toLocaleString("en")} projects, completion ${((f.completionRate ?? 0) * 100).toFixed(1)}%, ${f.warnings?.red ?? 0} red / ${f.warnings?.yellow ?? 0} yellow`;
      };
      const totalOf = (body: unknown) => `${((body as { total?: number }).total ?? 0).toLocaleString("en")} matching`;
      const cases: Case[] = [
        {
          label: `figures of the zone, ${year}`,
          url: `/api/projects/figures?orgUnitId=${zone.id}&year=${year}`,
          cookie: adminCookie,
          goal: figuresGoalMs,
          detail: figuresDetail,
        },
        {
          label: "figures, default period (last complete month)",
          url: "/api/projects/figures",
          cookie: adminCookie,
          goal: figuresGoalMs,
          detail: figuresDetail,
        },
        {
          label: `figures of one park, ${year}`,
          url: `/api/projects/figures?orgUnitId=${parks[0]?.id}&year=${year}`,
          cookie: adminCookie,
          goal: figuresGoalMs,
          detail: figuresDetail,
        },
        {
          label: `figures as a leader (assigned projects), ${year}`,
          url: `/api/projects/figures?year=${year}`,
          cookie: leaderCookie,
          goal: figuresGoalMs,
          detail: figuresDetail,
        },
        {
          label: `warnings list page 1, zone, ${year}`,
          url: `/api/projects/warnings?orgUnitId=${zone.id}&year=${year}&pageSize=20`,
          cookie: adminCookie,
          goal: null,
          detail: totalOf,
        },
        {
          label: "warnings of one list page (row colours)",
          url: `/api/projects/warnings?projectIds=${pageIds.join(",")}`,
          cookie: adminCookie,
          goal: null,
          detail: totalOf,
        },
        {
          label: "project list page 1",
          url: "/api/projects?pageSize=20",
          cookie: adminCookie,
          goal: null,
          detail: totalOf,
        },
        {
          label: `project list page 1, year ${year}`,
          url: `/api/projects?pageSize=20&year=${year}`,
          cookie: adminCookie,
          goal: null,
          detail: totalOf,
        },
        {
          label: `project list page 1, text "电力装备"`,
          url: `/api/projects?pageSize=20&q=${encodeURIComponent("电力装备")}`,
          cookie: adminCookie,
          goal: null,
          detail: totalOf,
        },
      ];
      const slow: Case[] = [];
      for (const c of cases) {
        const timing = await timeGet(app, c.cookie, c.url, runs);
        const row = latencyRow(c.label, timing, c.goal, c.detail?.(timing.body));
        out.push(row);
        if (row.met === false || (c === cases[0] && process.env.BENCH_EXPLAIN === "1")) slow.push(c);
        progress(`${c.label}: ${row.value}`);
      }
      for (const c of slow) {
        await printWhereTimeGoes(pglite, c.label, () =>
          app.inject({ method: "GET", url: c.url, headers: { cookie: c.cookie } }),
        );
      }

      /*
       * BENCH_TRY_INDEXES=1: the figures' database reads as the service makes them (projects with two
       * correlated report subqueries each, every stage-date row, month sums: three passes), against one
       * proposed statement that aggregates the year's reports once per project and pivots the stage dates
       * in SQL; then both again with a covering index on the reports. Database side only, this database only.
       */
      if (process.env.BENCH_TRY_INDEXES === "1") {
        const adminActor: Actor = {
          userId: admin.id,
          username: admin.username,
          displayName: admin.displayName,
          role: "admin",
          orgUnitId: zone.id,
          orgUnitPath: zone.path,
          departmentId: null,
          enterpriseId: null,
          ip: null,
        };
        const month = 10;
        const where = and(
          visibleProjects(adminActor),
          eq(projects.status, "active"),
          inOrgSubtree(projects.orgUnitId, zone.id),
        ) as SQL;
        const current = async () => {
          await findFigureProjects(db, { where, year, month, reportMonth: { year, month } });
          await findStageDatesOf(db, where);
          await sumReportsByMonth(db, { where, year });
        };
        const stageColumns = sql.join(
          projectStages.map(
            (stage) =>
              sql`max(sd.planned_on) filter (where sd.stage = ${stage}) as ${sql.identifier(`${stage}_planned`)}, max(sd.actual_on) filter (where sd.stage = ${stage}) as ${sql.identifier(`${stage}_actual`)}`,
          ),
          sql`, `,
        );
        const proposed = async () => {
          await db.execute(sql`
            with p as (
              select ${projects.id} as id, ${projects.name} as name, ${projects.orgUnitId} as org_unit_id,
                ${projects.stage} as stage, ${projects.totalInvestment} as total_investment
              from ${projects} where ${where}
            ), r as (
              select r.project_id, sum(r.completed_in_month) filter (where r.month <= ${month}) as completed,
                bool_or(r.month = ${month}) as reported
              from project_investment_reports r join p on p.id = r.project_id
              where r.year = ${year} group by r.project_id
            ), d as (
              select sd.project_id, ${stageColumns}
              from project_stage_dates sd join p on p.id = sd.project_id group by sd.project_id
            )
            select p.*, u.name as org_unit_name, ap.planned_investment, ap.monthly_plan,
              coalesce(r.completed, 0)::text as completed, coalesce(r.reported, false) as reported, d.*
            from p join org_units u on u.id = p.org_unit_id
              left join project_annual_plans ap on ap.project_id = p.id and ap.year = ${year}
              left join r on r.project_id = p.id left join d on d.project_id = p.id
            order by p.name, p.id`);
          await sumReportsByMonth(db, { where, year });
        };
        const timeIt = async (fn: () => Promise<void>) => {
          const samples: number[] = [];
          const cpuSamples: number[] = [];
          for (let i = 0; i < Math.min(runs, 10) + 1; i++) {
            const cpu = process.cpuUsage();
            const t = await timed(fn);
            const used = process.cpuUsage(cpu);
            if (i > 0) {
              samples.push(t.ms);
              cpuSamples.push((used.user + used.system) / 1000);
            }
          }
          return { samples, cpuSamples };
        };
        const label = `figures' reads, zone, ${year}-${month}`;
        out.push(latencyRow(`[try] ${label}: current 3 statements`, await timeIt(current), null));
        out.push(latencyRow(`[try] ${label}: proposed 1 statement + month sums`, await timeIt(proposed), null));
        await db.execute(
          sql`create index bench_reports_covering_idx on project_investment_reports (project_id, year, month) include (completed_in_month)`,
        );
        await db.execute(sql`vacuum analyze project_investment_reports`);
        out.push(latencyRow(`[try +index] ${label}: current 3 statements`, await timeIt(current), null));
        out.push(latencyRow(`[try +index] ${label}: proposed 1 statement + month sums`, await timeIt(proposed), null));
        const figures = cases[0];
        if (figures) {
          const timing = await timeGet(app, adminCookie, figures.url, runs);
          out.push(latencyRow(`[+index] ${figures.label}`, timing, figures.goal, figures.detail?.(timing.body)));
        }
      }
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    remove();
  }
  return out;
}
