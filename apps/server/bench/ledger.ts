/**
 * Issue-ledger benchmark: one zone with N issues (3 history entries each, lead and co-departments),
 * 20 departments and 500 enterprises in a temp PGlite, then p50/p95 through the real API (app.inject,
 * signed in): the ledger's first page for an administrator (no filter, status, overdue, text search),
 * for a department user (only the issues routed to it), one issue's detail, the statistics of the year by
 * department and by org unit, and the full ledger export (time and RSS). Where a goal is missed, it prints
 * the statements of the request, slowest first, with the EXPLAIN ANALYZE of the slowest.
 * BENCH_TRY_INDEXES=1 then tries the proposed index and keyset read in this database only and times again.
 */
import fs from "node:fs";
import path from "node:path";
import { issueExportQuerySchema } from "@zonedesk/contracts";
import { and, sql } from "drizzle-orm";
import { type Db, openPglite } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { addDays } from "../src/demo/random.js";
import type { Actor } from "../src/lib/actor.js";
import { todayInBeijing } from "../src/lib/format.js";
import { searchGramsOf } from "../src/lib/search-grams.js";
import { departments } from "../src/modules/departments/departments.table.js";
import { enterprises } from "../src/modules/enterprises/enterprises.table.js";
import { prepareIssueLedgerExport } from "../src/modules/issues/issue-ledger-export.js";
import { issueListWhere } from "../src/modules/issues/issue-list.js";
import { findIssues } from "../src/modules/issues/issues.queries.js";
import {
  issueCategories,
  issueDepartments,
  issueEvents,
  issueRatings,
  issues,
} from "../src/modules/issues/issues.table.js";
import { seedReferenceData } from "../src/reference-data/seed-reference-data.js";
import { createOrgUnit, createUser } from "../test/factories.js";
import {
  type BenchRow,
  benchApp,
  latencyRow,
  mb,
  ms,
  printWhereTimeGoes,
  progress,
  Rng,
  rssSampler,
  syntheticEnterprise,
  tempDir,
  timed,
  timeGet,
} from "./common.js";

const listGoalMs = 300;
const statsGoalMs = 1000;
const exportGoalSeconds = 60;
/** An export still running after this long is stopped and reported as such. */
const exportStopSeconds = 5 * exportGoalSeconds;

const departmentNames = [
  "发展改革局",
  "自然资源和规划局",
  "生态环境分局",
  "住房和城乡建设局",
  "人力资源和社会保障局",
  "财政局",
  "税务局",
  "供电公司",
  "燃气公司",
  "交通运输局",
  "商务局",
  "科技和工业信息化局",
  "市场监督管理局",
  "应急管理局",
  "水利局",
  "城市管理局",
  "金融工作局",
  "公安分局",
  "教育局",
  "企业服务中心",
];

/** Titles and descriptions by category, as enterprises voice them; a few mention 用电 (the text search). */
const texts: Record<string, [string, string][]> = {
  前期手续办理: [
    ["施工许可证办理进度慢", "项目已完成施工图审查，施工许可证申请已提交20天仍未办结，影响开工节点。"],
    ["用地预审与选址意见书未出具", "项目选址地块涉及规划调整，需协调自然资源部门尽快出具用地预审与选址意见。"],
    ["环评批复需加快", "二期扩建项目环评报告已公示完毕，请协调生态环境部门加快审批。"],
    ["消防验收排期", "新建厂房已具备验收条件，希望尽快安排消防验收。"],
  ],
  要素保障: [
    ["厂区用电负荷不足", "新上生产线需增容至2000千伏安，现有变压器容量不足，请协调供电公司增容。"],
    ["天然气管道未接通", "新厂区燃气管道距厂区约800米未接通，影响冬季生产和员工供暖。"],
    ["用地指标紧张", "企业扩产需新增用地约30亩，周边地块未完成收储。"],
    ["工业用水压力不够", "厂区地势较高，高峰时段水压不足，影响冷却系统运行。"],
  ],
  基础设施配套: [
    ["厂区门前道路未硬化", "厂区门前道路约500米未硬化，雨天大货车无法通行，影响原料运输。"],
    ["污水管网未接入", "厂区生产废水预处理后需接入市政污水管网，目前管网未铺设到位。"],
    ["路灯不亮", "园区支路路灯损坏多处，夜班员工通勤存在安全隐患。"],
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
    ["峰谷电价政策咨询", "企业希望了解用电峰谷分时电价政策，合理安排生产班次。"],
  ],
  "交通运输/物流": [["大件运输通行证办理", "企业变压器产品需办理超限运输通行证，希望简化办理流程。"]],
  市场开拓: [["产品进入政府采购目录", "企业希望参加产销对接会，推动产品进入本地工程采购目录。"]],
  其他: [["厂区周边治安问题", "夜间厂区周边有不明车辆停留，希望加强巡逻。"]],
};
const categoryWeights = {
  前期手续办理: 6,
  要素保障: 5,
  基础设施配套: 3,
  融资: 3,
  用工: 3,
  政策兑现: 3,
  "交通运输/物流": 1,
  市场开拓: 1,
  其他: 1,
} as const;
const answers = [
  "已现场对接，明确办理路径，相关手续已于本周办结。",
  "已协调相关单位召开专题会，形成解决方案，已落实到位。",
  "经核实，已按政策规定办理完毕，并电话告知企业。",
  "已会同供电公司现场踏勘，增容方案已确定并实施。",
];
const progressNotes = [
  "已与企业对接，正在协调办理。",
  "已现场踏勘，方案报分管领导审定中。",
  "材料已收齐，正在走审批流程。",
];

const at = (date: string, hour: number, minute = 0) =>
  new Date(`${date}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+08:00`);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);

interface Seeded {
  issueCount: number;
  eventCount: number;
  routedCount: number;
  /** The department with the most issues routed to it, and how many. */
  busiestDepartment: { id: string; name: string; routed: number };
  sampleIssueId: string;
}

async function generate(
  db: Db,
  p: {
    total: number;
    today: string;
    units: { id: string }[];
    departmentIds: { id: string; name: string }[];
    reporterId: string;
  },
): Promise<Seeded> {
  const rng = new Rng(20261122);
  const categories = await db.select().from(issueCategories);
  const categoryByName = new Map(categories.map((c) => [c.name, c]));

  // 500 enterprises spread over the zone and its parks.
  const enterpriseRows = [];
  for (let n = 1; n <= 500; n++) {
    const e = syntheticEnterprise(rng, 900_000 + n);
    enterpriseRows.push({
      orgUnitId: rng.pick(p.units).id,
      name: e.name,
      creditCode: e.creditCode,
      legalRepresentative: e.legalRepresentative,
      industryCode: e.industryCode,
      industrySection: e.industryCode.slice(0, 1),
      scale: e.scale,
      contactName: e.contactName,
      contactPhone: e.contactPhone,
      searchGrams: searchGramsOf(e.name, e.creditCode),
    });
  }
  const ents = await db
    .insert(enterprises)
    .values(enterpriseRows)
    .returning({ id: enterprises.id, orgUnitId: enterprises.orgUnitId, contactName: enterprises.contactName });

  // Issues raised over the last ~23 months, numbered per year in order of receipt.
  const firstDay = addDays(p.today, -690);
  const lastDay = addDays(p.today, -1);
  const createdDays = Array.from({ length: p.total }, () => rng.dateBetween(firstDay, lastDay)).sort();
  const serialOfYear = new Map<string, number>();
  // Departments do not share the load evenly: the first ones (land, power…) get most issues.
  const pickDepartment = () =>
    p.departmentIds[Math.floor(rng.next() ** 1.6 * p.departmentIds.length)] ?? p.departmentIds[0];
  const routedTo = new Map<string, number>();
  let eventCount = 0;
  let routedCount = 0;
  let sampleIssueId = "";
  const batch = 1000;
  for (let start = 0; start < p.total; start += batch) {
    const issueRows: (typeof issues.$inferInsert)[] = [];
    const deptRows: (typeof issueDepartments.$inferInsert)[] = [];
    const eventRows: (typeof issueEvents.$inferInsert)[] = [];
    const ratingRows: (typeof issueRatings.$inferInsert)[] = [];
    for (let n = start; n < Math.min(p.total, start + batch); n++) {
      const id = crypto.randomUUID();
      const createdOn = createdDays[n] ?? lastDay;
      const year = createdOn.slice(0, 4);
      const serial = (serialOfYear.get(year) ?? 0) + 1;
      serialOfYear.set(year, serial);
      const categoryName = rng.weighted(categoryWeights);
      const category = categoryByName.get(categoryName) ?? categories[0];
      if (!category) throw new Error("no issue categories seeded");
      const [title, description] = rng.pick(texts[categoryName] ?? texts.其他 ?? []);
      const enterprise = rng.pick(ents);
      const source = rng.weighted({ visit: 5, enterprise: 2, hotline: 1, dispatcher: 1, meeting: 1 } as const);
      const age = daysBetween(createdOn, p.today);
      const fate =
        rng.next() < 0.02
          ? "declined"
          : age > 60
            ? rng.weighted({ closed: 7, answered: 1, in_progress: 1 } as const)
            : age > 20
              ? rng.weighted({ closed: 3, answered: 2, in_progress: 3, routed: 1, bounced: 1 } as const)
              : rng.weighted({ received: 2, routed: 3, in_progress: 3, answered: 1 } as const);
      const lead = pickDepartment();
      const co = rng.chance(0.3) ? pickDepartment() : undefined;
      const routedOn = minDate(addDays(createdOn, rng.int(0, 2)), lastDay);
      const dueOn = addDays(routedOn, category.deadlineDays + 2 * Math.floor(category.deadlineDays / 5));
      const created = at(createdOn, 9, rng.int(0, 59));
      const routed = fate !== "received" && fate !== "declined" && lead !== undefined;
      let status: (typeof issues.$inferInsert)["status"] = "received";
      let answeredAt: Date | null = null;
      let answer: string | null = null;
      let closedAt: Date | null = null;
      let rating: "satisfied" | "basically_satisfied" | null = null;
      let escalationLevel = 0;
      const event = (action: string, from: string | null, to: string | null, when: Date, note: string | null) =>
        eventRows.push({
          issueId: id,
          action,
          fromStatus: from,
          toStatus: to,
          actorUserId: p.reporterId,
          actorName: "基准测试",
          note,
          createdAt: when,
        });
      event("created", null, "received", created, null);
      if (fate === "declined") {
        status = "closed";
        closedAt = at(routedOn, 15);
        event("declined", "received", "closed", closedAt, "不属于受理范围，已向企业说明");
        event("comment", "closed", "closed", at(routedOn, 16), "已电话告知企业");
      } else if (!routed) {
        event("comment", "received", "received", at(createdOn, 11), "已电话联系企业核实情况");
        event("comment", "received", "received", at(createdOn, 15), "待分管领导确定承办单位");
      } else {
        event("routed", "received", "routed", at(routedOn, 11), `交办${lead.name}，请于${dueOn}前办结`);
        status = "routed";
        if (fate === "routed") {
          event("comment", "routed", "routed", at(addDays(routedOn, 1), 9), "已电话提醒承办单位签收");
        } else if (fate === "bounced") {
          status = "bounced";
          event("bounced", "routed", "bounced", at(addDays(routedOn, 1), 10), "该事项不属于本单位职责");
        } else if (fate === "in_progress") {
          status = "in_progress";
          event("progress", "in_progress", "in_progress", at(addDays(routedOn, 2), 10), rng.pick(progressNotes));
        } else if (fate === "answered" || fate === "closed") {
          const late = rng.chance(0.15);
          const answeredOn = maxDate(routedOn, minDate(addDays(dueOn, late ? rng.int(1, 6) : -rng.int(0, 4)), lastDay));
          answer = rng.pick(answers);
          answeredAt = at(answeredOn, 16);
          status = "answered";
          if (fate === "closed") {
            status = "closed";
            closedAt = at(minDate(addDays(answeredOn, rng.int(1, 5)), p.today), 11);
            const rated = rng.weighted({ satisfied: 8, basically_satisfied: 2, none: 1 } as const);
            rating = rated === "none" ? null : rated;
            if (rating !== null) ratingRows.push({ issueId: id, rating, ratedBy: p.reporterId, ratedAt: closedAt });
            event("rated", "answered", "closed", closedAt, rating === null ? "逾期未评价，销号" : "满意");
          } else {
            event("answered", "in_progress", "answered", answeredAt, answer);
          }
        }
        if ((status === "routed" || status === "in_progress") && dueOn < p.today) {
          escalationLevel = rng.chance(0.2) ? 2 : 1;
        }
      }
      if (routed && status !== "bounced") {
        routedCount++;
        deptRows.push({ issueId: id, departmentId: lead.id, role: "lead" });
        routedTo.set(lead.id, (routedTo.get(lead.id) ?? 0) + 1);
        if (co && co.id !== lead.id) {
          deptRows.push({ issueId: id, departmentId: co.id, role: "co" });
          routedTo.set(co.id, (routedTo.get(co.id) ?? 0) + 1);
        }
      }
      issueRows.push({
        id,
        serialNo: `WT-${year}-${String(serial).padStart(6, "0")}`,
        orgUnitId: enterprise.orgUnitId,
        enterpriseId: enterprise.id,
        categoryId: category.id,
        title,
        description: `${title}：${description}`,
        source,
        status,
        outcome: status === "closed" ? (fate === "declined" ? "declined" : "resolved") : null,
        reporterName: enterprise.contactName,
        reportedBy: p.reporterId,
        leadDepartmentId: routed && status !== "bounced" ? lead.id : null,
        dueOn: routed ? dueOn : null,
        originalDueOn: routed ? dueOn : null,
        routedAt: routed ? at(routedOn, 11) : null,
        answeredAt,
        answer,
        closedAt,
        rating,
        ratedAt: rating ? closedAt : null,
        escalationLevel,
        escalatedAt: escalationLevel > 0 ? at(addDays(dueOn, 1), 8) : null,
        // The sticky marker of a missed deadline: answered after it, or still held past it.
        deadlineMissedAt:
          routed && ((answeredAt !== null && answeredAt > at(dueOn, 23, 59)) || escalationLevel > 0)
            ? at(addDays(dueOn, 1), 8)
            : null,
        createdAt: created,
        updatedAt: closedAt ?? answeredAt ?? created,
      });
      if (n === Math.floor(p.total / 2)) sampleIssueId = id;
    }
    await db.insert(issues).values(issueRows);
    if (deptRows.length > 0) await db.insert(issueDepartments).values(deptRows);
    await db.insert(issueEvents).values(eventRows);
    if (ratingRows.length > 0) await db.insert(issueRatings).values(ratingRows);
    eventCount += eventRows.length;
    if ((start / batch) % 20 === 19) progress(`${(start + batch).toLocaleString("en")} issues inserted`);
  }
  const [busiestId, busiestCount] = [...routedTo.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  const busiest = p.departmentIds.find((d) => d.id === busiestId) ?? { id: "", name: "" };
  return {
    issueCount: p.total,
    eventCount,
    routedCount,
    busiestDepartment: { ...busiest, routed: busiestCount },
    sampleIssueId,
  };
}

/** Runs the ledger benchmark and returns its table rows. */
export async function ledgerBench(total: number, runs: number): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const { dir, remove } = tempDir("zonedesk-bench-ledger-");
  const database = await openPglite(dir);
  const pglite = database.pglite;
  if (!pglite) throw new Error("the ledger bench runs on PGlite");
  try {
    const { db } = database;
    await migrateDatabase(database);
    await seedReferenceData(db);
    const today = todayInBeijing();
    const year = today.slice(0, 4);
    const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
    const zone = await createOrgUnit(db, { parent: city, name: "示范区", kind: "zone", divisionCode: "411002" });
    const parks: Awaited<ReturnType<typeof createOrgUnit>>[] = [];
    for (const name of ["智能制造产业园", "电力装备产业园", "新材料产业园", "现代物流园"]) {
      parks.push(await createOrgUnit(db, { parent: zone, name, kind: "park" }));
    }
    const depts = await db
      .insert(departments)
      .values(departmentNames.map((name) => ({ orgUnitId: zone.id, name })))
      .returning({ id: departments.id, name: departments.name });
    const admin = await createUser(db, { role: "admin", orgUnit: zone, username: "bench_admin" });

    progress(`generating ${total.toLocaleString("en")} issues (3 history entries each) into PGlite at ${dir}`);
    const generated = await timed(() =>
      generate(db, {
        total,
        today,
        units: [zone, ...parks],
        departmentIds: depts,
        reporterId: admin.id,
      }),
    );
    const seeded = generated.value;
    const analyzed = await timed(() => db.execute(sql`analyze`));
    out.push({
      name: `generate ${total.toLocaleString("en")} issues (batches of 1,000)`,
      value: `${(generated.ms / 1000).toFixed(1)} s`,
      goal: "",
      met: null,
      detail: `${seeded.eventCount.toLocaleString("en")} history entries, ${seeded.routedCount.toLocaleString("en")} routed; 500 enterprises, 20 departments; ANALYZE ${ms(analyzed.ms)}`,
    });

    const busiest = seeded.busiestDepartment;
    const deptUser = await createUser(db, {
      role: "department",
      orgUnit: zone,
      username: "bench_department",
      departmentId: busiest.id,
    });
    const { app, signIn } = await benchApp(database, path.join(dir, "files"));
    try {
      const adminCookie = await signIn(admin.username);
      const deptCookie = await signIn(deptUser.username);

      type Case = { label: string; url: string; cookie: string; goal: number; detail?: (body: unknown) => string };
      const totalOf = (body: unknown) => `${((body as { total?: number }).total ?? 0).toLocaleString("en")} matching`;
      const rowsOf = (body: unknown) => `${(body as { rows?: unknown[] }).rows?.length ?? 0} rows + total`;
      const cases: Case[] = [
        {
          label: "ledger page 1, admin, no filter",
          url: "/api/issues?pageSize=20",
          cookie: adminCookie,
          goal: listGoalMs,
          detail: totalOf,
        },
        {
          label: "ledger page 1, admin, status 已交办+办理中",
          url: "/api/issues?pageSize=20&status=routed,in_progress",
          cookie: adminCookie,
          goal: listGoalMs,
          detail: totalOf,
        },
        {
          label: "ledger page 1, admin, overdue",
          url: "/api/issues?pageSize=20&overdue=true&sort=dueOn",
          cookie: adminCookie,
          goal: listGoalMs,
          detail: totalOf,
        },
        {
          label: `ledger page 1, admin, text "用电"`,
          url: `/api/issues?pageSize=20&q=${encodeURIComponent("用电")}`,
          cookie: adminCookie,
          goal: listGoalMs,
          detail: totalOf,
        },
        {
          label: `ledger page 1, department user (${busiest.name})`,
          url: "/api/issues?pageSize=20",
          cookie: deptCookie,
          goal: listGoalMs,
          detail: (body) => `${totalOf(body)} (routed to it: ${busiest.routed.toLocaleString("en")})`,
        },
        {
          label: "ledger page 1, department user, overdue",
          url: "/api/issues?pageSize=20&overdue=true&sort=dueOn",
          cookie: deptCookie,
          goal: listGoalMs,
          detail: totalOf,
        },
        {
          label: "issue detail (history, departments, actions)",
          url: `/api/issues/${seeded.sampleIssueId}`,
          cookie: adminCookie,
          goal: listGoalMs,
          detail: (body) => `${(body as { events?: unknown[] }).events?.length ?? 0} history entries`,
        },
        {
          label: `statistics ${year} by lead department`,
          url: `/api/issues/stats?groupBy=department&from=${year}-01-01&to=${year}-12-31&orgUnitId=${zone.id}`,
          cookie: adminCookie,
          goal: statsGoalMs,
          detail: rowsOf,
        },
        {
          label: `statistics ${year} by org unit`,
          url: `/api/issues/stats?groupBy=org_unit&from=${year}-01-01&to=${year}-12-31&orgUnitId=${zone.id}`,
          cookie: adminCookie,
          goal: statsGoalMs,
          detail: rowsOf,
        },
        {
          label: "statistics all years by lead department",
          url: `/api/issues/stats?groupBy=department&orgUnitId=${zone.id}`,
          cookie: adminCookie,
          goal: statsGoalMs,
          detail: rowsOf,
        },
      ];
      const missed: Case[] = [];
      for (const c of cases) {
        const timing = await timeGet(app, c.cookie, c.url, runs);
        const row = latencyRow(c.label, timing, c.goal, c.detail?.(timing.body));
        out.push(row);
        if (row.met === false) missed.push(c);
        progress(`${c.label}: ${row.value}`);
      }

      // The full export, through the service as the route calls it, written to a file.
      const actor: Actor = {
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
      const runExport = async (prefix: string): Promise<BenchRow> => {
        const file = path.join(dir, "企业问题受理台账.xlsx");
        const rssBefore = process.memoryUsage().rss;
        progress(
          `${prefix}exporting the whole ledger; RSS now ${mb(rssBefore)}, most of it PGlite's WebAssembly memory`,
        );
        const sampler = rssSampler();
        const cpu = process.cpuUsage();
        let stopped = false;
        const exported = await timed(async () => {
          const write = await prepareIssueLedgerExport(db, actor, issueExportQuerySchema.parse({}));
          const output = fs.createWriteStream(file);
          // A run far past the goal is stopped (the output closed, which aborts the export) rather than waited for.
          const limit = setTimeout(() => {
            stopped = true;
            output.destroy(new Error("stopped at the bench's time limit"));
          }, exportStopSeconds * 1000);
          try {
            await write(output);
            if (!output.writableFinished) await new Promise<void>((resolve) => output.on("finish", () => resolve()));
          } catch (error) {
            if (!stopped) throw error;
          } finally {
            clearTimeout(limit);
          }
        });
        const used = process.cpuUsage(cpu);
        const peak = sampler.stop();
        const seconds = exported.ms / 1000;
        progress(`${prefix}export: ${seconds.toFixed(1)} s${stopped ? " (stopped)" : ""}`);
        const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
        fs.rmSync(file, { force: true });
        return {
          name: `${prefix}export the whole ledger (${total.toLocaleString("en")} rows) to .xlsx`,
          value: stopped ? `> ${exportStopSeconds} s (stopped)` : `${seconds.toFixed(1)} s`,
          goal: `< ${exportGoalSeconds} s`,
          met: !stopped && seconds < exportGoalSeconds,
          detail: `${mb(size)} ${stopped ? "written when stopped" : "file"}; RSS ${mb(rssBefore)} before, peak ${mb(peak)} during (+${mb(Math.max(0, peak - rssBefore))}); CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`,
        };
      };
      const exportRow = await runExport("");
      out.push(exportRow);

      for (const c of missed) {
        await printWhereTimeGoes(pglite, c.label, () =>
          app.inject({ method: "GET", url: c.url, headers: { cookie: c.cookie } }),
        );
      }
      const listWhere = issueListWhere(actor, {}, { today, soonLimit: today });
      const lateOffset = Math.max(0, total - 500);
      if (exportRow.met === false) {
        process.stdout.write(
          "\n── the export pages with OFFSET in batches of 500 (and counts each time); one batch late in the ledger:\n",
        );
        await printWhereTimeGoes(
          pglite,
          `export, batch at offset ${lateOffset.toLocaleString("en")} (findIssues)`,
          () => findIssues(db, { where: listWhere, sort: "-createdAt", limit: 500, offset: lateOffset }),
        );
      }

      /*
       * BENCH_TRY_INDEXES=1: the proposals, tried in this database only. An index matching the ledger's
       * default order (created_at desc nulls last, serial_no desc) lets a page be read from the index
       * instead of joining and sorting every row; the export read by keyset (rows before the last one
       * seen) instead of OFFSET. Same requests, timed again.
       */
      if (process.env.BENCH_TRY_INDEXES === "1") {
        const prefix = "[+index] ";
        const created = await timed(async () => {
          await db.execute(
            sql`create index bench_issues_ledger_order_idx on issues (created_at desc nulls last, serial_no desc)`,
          );
          await db.execute(sql`analyze issues`);
        });
        progress(`created bench_issues_ledger_order_idx in ${ms(created.ms)}`);
        for (const c of cases) {
          const timing = await timeGet(app, c.cookie, c.url, runs);
          const row = latencyRow(`${prefix}${c.label}`, timing, c.goal, c.detail?.(timing.body));
          out.push(row);
          progress(`${prefix}${c.label}: ${row.value}`);
        }
        await printWhereTimeGoes(pglite, `${prefix}${cases[0]?.label}`, () =>
          app.inject({ method: "GET", url: cases[0]?.url ?? "", headers: { cookie: adminCookie } }),
        );
        await printWhereTimeGoes(pglite, `${prefix}export batch at offset ${lateOffset.toLocaleString("en")}`, () =>
          findIssues(db, { where: listWhere, sort: "-createdAt", limit: 500, offset: lateOffset }),
        );
        out.push(await runExport(prefix));

        // Reading every row as the export does, by OFFSET (now) and by keyset (proposed), database side only.
        const readAll = async (keyset: boolean) => {
          let rows = 0;
          let last: { createdAt: Date; serialNo: string } | null = null;
          for (let offset = 0; ; offset += 500) {
            const where =
              keyset && last
                ? and(
                    listWhere,
                    sql`(${issues.createdAt}, ${issues.serialNo}) < (${last.createdAt.toISOString()}::timestamptz, ${last.serialNo})`,
                  )
                : listWhere;
            const { rows: chunk } = await findIssues(db, {
              where,
              sort: "-createdAt",
              limit: 500,
              offset: keyset ? 0 : offset,
            });
            rows += chunk.length;
            const tail = chunk[chunk.length - 1];
            if (tail) last = { createdAt: tail.issue.createdAt, serialNo: tail.issue.serialNo };
            if (chunk.length < 500) return rows;
          }
        };
        for (const keyset of [false, true]) {
          const read = await timed(() => readAll(keyset));
          out.push({
            name: `${prefix}read all ${read.value.toLocaleString("en")} rows in batches of 500 by ${keyset ? "keyset" : "OFFSET"} (findIssues, DB only)`,
            value: `${(read.ms / 1000).toFixed(1)} s`,
            goal: "",
            met: null,
            detail: "each batch still runs findIssues' count(*)",
          });
          progress(`read all by ${keyset ? "keyset" : "offset"}: ${(read.ms / 1000).toFixed(1)} s`);
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
