import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  assign,
  assignProject,
  createEnterprise,
  createOrgUnit,
  createProject,
  createTag,
  createUser,
} from "../../../test/factories.js";
import { multipartFile, xlsxOf } from "../../../test/upload.js";
import { isUniqueViolation } from "../../lib/errors.js";
import { liaisonAssignments } from "./assignments.table.js";

let t: TestApp;
let admin: string;
let f: Awaited<ReturnType<typeof seed>>;

async function seed(db: TestApp["database"]["db"]) {
  const city = await createOrgUnit(db, { name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(db, { parent: city, name: "经开区", kind: "zone" });
  const parkA = await createOrgUnit(db, { parent: zone, name: "A园", kind: "park" });
  const parkB = await createOrgUnit(db, { parent: zone, name: "B园", kind: "park" });
  const keyTag = await createTag(db, "重点企业A");
  const leader = await createUser(db, { role: "leader", orgUnit: zone, username: "a_leader", displayName: "赵领导" });
  const leader2 = await createUser(db, { role: "leader", orgUnit: zone, username: "a_leader2", displayName: "钱领导" });
  const cadre = await createUser(db, { role: "cadre", orgUnit: zone, username: "a_cadre", displayName: "孙干部" });
  const disabled = await createUser(db, { role: "cadre", orgUnit: zone, username: "a_disabled", isDisabled: true });
  const statistics = await createUser(db, { role: "statistics", orgUnit: zone, username: "a_stats" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "a_admin" });
  // A园: 4 enterprises (2 key), B园: 2 enterprises.
  const a = [] as Awaited<ReturnType<typeof createEnterprise>>[];
  for (let i = 0; i < 4; i++)
    a.push(
      await createEnterprise(db, { orgUnit: parkA, name: `A园企业${i}有限公司`, tagIds: i < 2 ? [keyTag.id] : [] }),
    );
  const b = [
    await createEnterprise(db, { orgUnit: parkB, name: "B园企业0有限公司" }),
    await createEnterprise(db, { orgUnit: parkB, name: "B园企业1有限公司", tagIds: [keyTag.id] }),
  ];
  return { zone, parkA, parkB, keyTag, leader, leader2, cadre, disabled, statistics, a, b };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await seed(t.database.db);
  admin = await t.signIn("a_admin");
});
afterAll(() => t.close());

const post = (url: string, payload: object) =>
  t.app.inject({ method: "POST", url, headers: { cookie: admin }, payload });
const get = (url: string, cookie = admin) => t.app.inject({ method: "GET", url, headers: { cookie } });
const first = <T>(list: T[]): T => {
  const item = list[0];
  if (item === undefined) throw new Error("empty fixture list");
  return item;
};

describe("liaison assignments", () => {
  it("assigns a leader as 分包领导 and refuses the same active assignment twice", async () => {
    const e = first(f.a);
    const created = await post("/api/assignments", {
      enterpriseId: e.id,
      userId: f.leader.id,
      role: "lead_leader",
      startsOn: "2026-01-01",
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      enterpriseName: "A园企业0有限公司",
      userDisplayName: "赵领导",
      role: "lead_leader",
      startsOn: "2026-01-01",
      endsOn: null,
      isActive: true,
    });
    const again = await post("/api/assignments", { enterpriseId: e.id, userId: f.leader.id, role: "lead_leader" });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe("赵领导已是该企业的分包领导");
  });

  it("refuses a cadre as 分包领导, a disabled account and a non-liaison role, naming the field", async () => {
    const e = first(f.a);
    const cadreLead = await post("/api/assignments", { enterpriseId: e.id, userId: f.cadre.id, role: "lead_leader" });
    expect(cadreLead.json()).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "role" }] } });
    const disabled = await post("/api/assignments", {
      enterpriseId: e.id,
      userId: f.disabled.id,
      role: "helper_cadre",
    });
    expect(disabled.json().details.issues[0]).toMatchObject({
      path: "userId",
      message: expect.stringContaining("停用"),
    });
    const stats = await post("/api/assignments", { enterpriseId: e.id, userId: f.statistics.id, role: "helper_cadre" });
    expect(stats.json().details.issues[0].message).toContain("不是包联领导或助企干部");
  });

  it("refuses assigning a person to an enterprise outside their own unit's subtree", async () => {
    const parkCadre = await createUser(t.database.db, {
      role: "cadre",
      orgUnit: f.parkB,
      username: "a_park_cadre",
      displayName: "园区干部",
    });
    const response = await post("/api/assignments", {
      enterpriseId: first(f.a).id,
      userId: parkCadre.id,
      role: "helper_cadre",
    });
    expect(response.json().details.issues[0]).toMatchObject({
      path: "userId",
      message: expect.stringContaining("无法查看"),
    });
    const bulk = await post("/api/assignments/bulk", {
      enterpriseIds: [first(f.a).id, first(f.b).id],
      userId: parkCadre.id,
      role: "helper_cadre",
    });
    expect(bulk.json().details.issues[0]).toMatchObject({
      path: "enterpriseIds",
      message: expect.stringContaining("A园企业0有限公司"),
    });
  });

  it("bulk-assigns, skipping enterprises already assigned in that role", async () => {
    const ids = [...f.a.map((e) => e.id), first(f.b).id];
    const response = await post("/api/assignments/bulk", {
      enterpriseIds: ids,
      userId: f.cadre.id,
      role: "helper_cadre",
    });
    expect(response.json()).toEqual({ created: 5, skipped: 0 });
    const again = await post("/api/assignments/bulk", { enterpriseIds: ids, userId: f.cadre.id, role: "helper_cadre" });
    expect(again.json()).toEqual({ created: 0, skipped: 5 });
  });

  it("shows a cadre exactly the enterprises assigned to them", async () => {
    const cookie = await t.signIn("a_cadre");
    const list = (await get("/api/enterprises?pageSize=100", cookie)).json();
    expect(list.data.map((e: { name: string }) => e.name).sort()).toEqual([
      "A园企业0有限公司",
      "A园企业1有限公司",
      "A园企业2有限公司",
      "A园企业3有限公司",
      "B园企业0有限公司",
    ]);
    expect((await get(`/api/enterprises/${f.b[1]?.id}`, cookie)).statusCode).toBe(404);
    const mine = (await get("/api/assignments/mine", cookie)).json();
    expect(mine).toHaveLength(5);
  });

  it("ends an assignment: history is kept and the enterprise leaves the person's list at once", async () => {
    const e = first(f.b);
    const [assignment] = (await get(`/api/assignments?enterpriseId=${e.id}&userId=${f.cadre.id}`)).json().data;
    const ended = await post(`/api/assignments/${assignment.id}/end`, { note: "人员调整" });
    expect(ended.json()).toMatchObject({ isActive: false, note: "人员调整" });
    expect((await post(`/api/assignments/${assignment.id}/end`, {})).json().message).toBe("该包联已结束");
    const history = (await get(`/api/enterprises/${e.id}/assignments`)).json();
    expect(history.map((h: { userDisplayName: string; isActive: boolean }) => [h.userDisplayName, h.isActive])).toEqual(
      [["孙干部", false]],
    );
    const cookie = await t.signIn("a_cadre");
    expect((await get(`/api/enterprises/${e.id}`, cookie)).statusCode).toBe(404);
    const early = await post("/api/assignments", {
      enterpriseId: e.id,
      userId: f.leader2.id,
      role: "lead_leader",
      startsOn: "2026-03-01",
    });
    const tooEarly = await post(`/api/assignments/${early.json().id}/end`, { endsOn: "2026-02-01" });
    expect(tooEarly.json().details.issues[0]).toMatchObject({
      path: "endsOn",
      message: expect.stringContaining("2026-03-01"),
    });
  });

  it("reports coverage per unit and tag, loads, and the uncovered enterprises", async () => {
    // Leaders now: A园企业0 (赵领导), B园企业0 (钱领导). Enterprises: A园 4, B园 2.
    const report = (await get("/api/assignments/coverage")).json();
    expect(report.total).toEqual({
      key: "total",
      label: "合计",
      enterprises: 6,
      withLeader: 2,
      withoutLeader: 4,
      coverageRate: 0.3333,
    });
    expect(
      report.byOrgUnit.map((r: { label: string; enterprises: number; withLeader: number; coverageRate: number }) => [
        r.label,
        r.enterprises,
        r.withLeader,
        r.coverageRate,
      ]),
    ).toEqual([
      ["A园", 4, 1, 0.25],
      ["B园", 2, 1, 0.5],
    ]);
    expect(report.byTag).toEqual([
      expect.objectContaining({ label: "重点企业A", enterprises: 3, withLeader: 1, coverageRate: 0.3333 }),
    ]);
    expect(report.uncovered.map((u: { name: string }) => u.name)).toEqual([
      "A园企业1有限公司",
      "A园企业2有限公司",
      "A园企业3有限公司",
      "B园企业1有限公司",
    ]);
    const cadreLoad = report.loads.find((l: { displayName: string }) => l.displayName === "孙干部");
    expect(cadreLoad).toMatchObject({ enterprises: 4, byRole: { helper_cadre: 4 } });
    const keyOnly = (await get(`/api/assignments/coverage?tagId=${f.keyTag.id}&orgUnitId=${f.parkB.id}`)).json();
    expect(keyOnly.total).toMatchObject({ enterprises: 1, withLeader: 0, coverageRate: 0 });
  });

  it("ends a leader's assignments when the account is disabled, so coverage does not count them", async () => {
    const leader = await createUser(t.database.db, {
      role: "leader",
      orgUnit: f.zone,
      username: "a_leaving",
      displayName: "离任领导",
    });
    const e = f.a[3];
    if (!e) throw new Error("fixture");
    await post("/api/assignments", { enterpriseId: e.id, userId: leader.id, role: "lead_leader" });
    const before = (await get("/api/assignments/coverage")).json().total.withLeader;
    const disabled = await t.app.inject({
      method: "PATCH",
      url: `/api/users/${leader.id}`,
      headers: { cookie: admin },
      payload: {
        displayName: "离任领导",
        role: "leader",
        orgUnitId: f.zone.id,
        isDisabled: true,
        version: leader.version,
      },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await get("/api/assignments/coverage")).json().total.withLeader).toBe(before - 1);
    const history = (await get(`/api/enterprises/${e.id}/assignments`)).json();
    expect(history.find((h: { userDisplayName: string }) => h.userDisplayName === "离任领导")).toMatchObject({
      isActive: false,
    });
    const audit = (await get(`/api/audit?action=assignment.end&pageSize=50`)).json().data;
    expect(
      audit.some((a: { summary: string }) => a.summary.includes("离任领导") && a.summary.includes("自动结束")),
    ).toBe(true);
  });

  it("answers a coverage rate of null, not NaN, for an empty set", async () => {
    const empty = await createOrgUnit(t.database.db, { parent: f.zone, name: "空园", kind: "park" });
    const report = (await get(`/api/assignments/coverage?orgUnitId=${empty.id}`)).json();
    expect(report.total).toMatchObject({ enterprises: 0, withLeader: 0, coverageRate: null });
  });

  it("imports a bulk assignment sheet all-or-nothing", async () => {
    const header = ["统一社会信用代码", "企业名称", "包联人员账号", "包联角色", "开始日期"];
    const upload = async (rows: (string | null)[][]) => {
      const { payload, headers } = multipartFile("包联.xlsx", await xlsxOf([header, ...rows]));
      return (
        await t.app.inject({
          method: "POST",
          url: "/api/assignments/imports",
          payload,
          headers: { ...headers, cookie: admin },
        })
      ).json();
    };
    const a1 = f.a[1];
    const a2 = f.a[2];
    if (!a1 || !a2) throw new Error("fixture");
    const bad = await upload([
      [a1.creditCode, null, "a_leader2", "分包领导", "2026/5/1"],
      [a2.creditCode, null, "a_cadre", "分包领导", null],
      [a2.creditCode, null, "nobody", "助企干部", null],
      [a2.creditCode, null, "a_leader", "组长", null],
    ]);
    expect(bad.counts).toMatchObject({ create: 1, refused: 3 });
    expect(bad.issues.map((i: { rowNumber: number; column: string }) => `${i.rowNumber}:${i.column}`)).toEqual([
      "3:包联角色",
      "4:包联人员账号",
      "5:包联角色",
    ]);
    expect((await post(`/api/assignments/imports/${bad.id}/confirm`, {})).statusCode).toBe(409);
    const good = await upload([
      [a1.creditCode, null, "a_leader2", "分包领导", "2026/5/1"],
      [a2.creditCode, null, "a_leader", "分包领导", null],
      [first(f.a).creditCode, null, "a_leader", "分包领导", null],
    ]);
    expect(good.counts).toMatchObject({ create: 2, unchanged: 1, refused: 0 });
    expect((await post(`/api/assignments/imports/${good.id}/confirm`, {})).json()).toMatchObject({
      created: 2,
      unchanged: 1,
    });
    const list = (await get(`/api/assignments?enterpriseId=${a1.id}&role=lead_leader`)).json().data;
    expect(list).toEqual([expect.objectContaining({ userDisplayName: "钱领导", startsOn: "2026-05-01" })]);
  });
  it("keeps the assignments inside a person's new unit when they move, whether or not that unit has projects", async () => {
    const db = t.database.db;
    const moveTo = async (user: { id: string; displayName: string; version: number }, orgUnitId: string) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/users/${user.id}`,
        headers: { cookie: admin },
        payload: { displayName: user.displayName, role: "cadre", orgUnitId, isDisabled: false, version: user.version },
      });
    const endsOfUser = async (userId: string) =>
      Object.fromEntries(
        (await db.select().from(liaisonAssignments).where(eq(liaisonAssignments.userId, userId))).map((a) => [
          a.enterpriseId ?? a.projectId,
          a.endsOn,
        ]),
      );
    // C园 holds an enterprise and no project, D园 a project and no enterprise.
    const parkC = await createOrgUnit(db, { parent: f.zone, name: "C园", kind: "park" });
    const parkD = await createOrgUnit(db, { parent: f.zone, name: "D园", kind: "park" });
    const eC = await createEnterprise(db, { orgUnit: parkC, name: "C园企业有限公司" });
    const pD = await createProject(db, {
      orgUnit: parkD,
      name: "D园项目",
      dates: { signed: { actual: "2026-01-05" } },
    });

    const toC = await createUser(db, { role: "cadre", orgUnit: f.zone, username: "a_to_c", displayName: "调C园干部" });
    await assign(db, { user: toC, enterprise: eC, role: "helper_cadre" });
    await assignProject(db, { user: toC, project: pD, role: "helper_cadre" });
    expect((await moveTo(toC, parkC.id)).statusCode).toBe(200);
    const c = await endsOfUser(toC.id);
    expect(c[eC.id]).toBeNull(); // still in his subtree
    expect(c[pD.id]).not.toBeNull(); // D园 is outside C园

    const toD = await createUser(db, { role: "cadre", orgUnit: f.zone, username: "a_to_d", displayName: "调D园干部" });
    await assign(db, { user: toD, enterprise: eC, role: "helper_cadre" });
    await assignProject(db, { user: toD, project: pD, role: "helper_cadre" });
    expect((await moveTo(toD, parkD.id)).statusCode).toBe(200);
    const d = await endsOfUser(toD.id);
    expect(d[pD.id]).toBeNull();
    expect(d[eC.id]).not.toBeNull();
  });

  it("keeps one active assignment per person, role and enterprise or project, even for requests sent at once", async () => {
    const db = t.database.db;
    const e = await createEnterprise(db, { orgUnit: f.parkA, name: "并发包联企业有限公司" });
    const p = await createProject(db, {
      orgUnit: f.parkA,
      name: "并发包联项目",
      dates: { signed: { actual: "2026-01-05" } },
    });
    for (const [subject, body, message] of [
      [
        { enterpriseId: e.id },
        { enterpriseId: e.id, userId: f.leader2.id, role: "lead_leader" },
        "钱领导已是该企业的分包领导",
      ],
      [
        { projectId: p.id },
        { projectId: p.id, userId: f.leader2.id, role: "lead_leader" },
        "钱领导已是该项目的分包领导",
      ],
    ] as const) {
      const answers = await Promise.all([1, 2, 3].map(() => post("/api/assignments", body)));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
      for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().message).toBe(message);
      const active = await db
        .select()
        .from(liaisonAssignments)
        .where(
          and(
            "enterpriseId" in subject
              ? eq(liaisonAssignments.enterpriseId, subject.enterpriseId)
              : eq(liaisonAssignments.projectId, subject.projectId),
            isNull(liaisonAssignments.endsOn),
          ),
        );
      expect(active).toHaveLength(1);
    }
    // The database itself refuses a twin, whatever writes it; an ended assignment does not count.
    await assign(db, { user: f.cadre, enterprise: e, role: "township", endsOn: "2026-02-01" });
    await assign(db, { user: f.cadre, enterprise: e, role: "township" });
    const twin = await assign(db, { user: f.cadre, enterprise: e, role: "township" }).catch((error: unknown) => error);
    expect(isUniqueViolation(twin)).toBe(true);
    // One not yet started counts as a duplicate for the check as well.
    const later = await createEnterprise(db, { orgUnit: f.parkA, name: "下月包联企业有限公司" });
    await db.insert(liaisonAssignments).values({
      orgUnitId: later.orgUnitId,
      enterpriseId: later.id,
      userId: f.leader2.id,
      role: "lead_leader",
      startsOn: "2099-01-01",
    });
    const again = await post("/api/assignments", { enterpriseId: later.id, userId: f.leader2.id, role: "lead_leader" });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe("钱领导已是该企业的分包领导");
  });
});
