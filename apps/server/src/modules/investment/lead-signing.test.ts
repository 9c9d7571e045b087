import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { assignProject, createOrgUnit, createUser } from "../../../test/factories.js";
import { isUniqueViolation } from "../../lib/errors.js";
import { projects } from "../projects/projects.table.js";
import { investmentLeads } from "./investment.table.js";

/*
 * 10亿元以上 has one rule: the lead's amount is its signed project's total investment once signed, else its
 * intended investment; the flag, the list filter and the pipeline figures agree, at the 1,000,000,000.00 boundary
 * too. Two signings of one lead at once create exactly one project. The signed amount is the project's: a leader
 * who reads the lead but does not see its project (not assigned to it) gets null, while the figures count it.
 */

let t: TestApp;
let admin: string;
let zone: Awaited<ReturnType<typeof createOrgUnit>>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const province = await createOrgUnit(db, { name: "河南省", kind: "province" });
  const city = await createOrgUnit(db, { parent: province, name: "许昌市", kind: "city" });
  zone = await createOrgUnit(db, { parent: city, name: "经开区", kind: "zone" });
  await createUser(db, { role: "admin", orgUnit: zone, username: "ls_admin" });
  admin = await t.signIn("ls_admin");
});
afterAll(() => t.close());

const send = (method: "POST" | "PATCH", url: string, payload: object) =>
  t.app.inject({ method, url, headers: { cookie: admin }, payload });
const get = (url: string) => t.app.inject({ method: "GET", url, headers: { cookie: admin } });

async function newLead(projectName: string, intendedInvestment: string) {
  const response = await send("POST", "/api/leads", {
    orgUnitId: zone.id,
    projectName,
    investorName: `${projectName}投资方`,
    intendedInvestment,
    source: "forum",
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { id: string };
}
const signBody = (name: string, totalInvestment: string) => ({
  signedOn: "2026-06-01",
  project: {
    orgUnitId: zone.id,
    name,
    investorName: "某投资方",
    level: "county",
    batch: "signing",
    projectType: "new",
    totalInvestment,
  },
});

describe("10亿元以上", () => {
  it("follows the signed project's total investment, at the boundary, in the flag, the list filter and the figures", async () => {
    const justBelow = await newLead("拟投999项目", "999999999.99");
    const exactly = await newLead("拟投10亿项目", "1000000000.00");
    // Intended 12亿, signed at 9亿: not over a billion any more.
    const shrunk = await newLead("缩水项目", "1200000000.00");
    expect((await send("POST", `/api/leads/${shrunk.id}/sign`, signBody("缩水项目", "900000000.00"))).statusCode).toBe(
      200,
    );
    // Intended 5亿, signed at exactly 10亿: over a billion.
    const grown = await newLead("增资项目", "500000000.00");
    expect((await send("POST", `/api/leads/${grown.id}/sign`, signBody("增资项目", "1000000000.00"))).statusCode).toBe(
      200,
    );

    const lead = async (id: string) => (await get(`/api/leads/${id}`)).json();
    expect(await lead(justBelow.id)).toMatchObject({ isOverBillion: false, signedInvestment: null });
    expect(await lead(exactly.id)).toMatchObject({ isOverBillion: true, signedInvestment: null });
    expect(await lead(shrunk.id)).toMatchObject({
      isOverBillion: false,
      intendedInvestment: "1200000000.00",
      signedInvestment: "900000000.00",
    });
    expect(await lead(grown.id)).toMatchObject({ isOverBillion: true, signedInvestment: "1000000000.00" });

    const flagged = (await get("/api/leads?flags=overBillion&pageSize=200")).json();
    expect(flagged.data.map((l: { projectName: string }) => l.projectName).sort()).toEqual([
      "增资项目",
      "拟投10亿项目",
    ]);
    const figures = (await get(`/api/leads/figures?from=2026-01-01&to=2026-12-31&orgUnitId=${zone.id}`)).json();
    expect(figures).toMatchObject({ signed: { count: 2, amount: "1900000000.00" }, overBillionSigned: 1 });

    // The project's total investment is edited below the boundary: the lead follows it everywhere.
    const projectId = (await lead(grown.id)).projectId;
    const project = (await get(`/api/projects/${projectId}`)).json();
    const edited = await send("PATCH", `/api/projects/${projectId}`, {
      totalInvestment: "999999999.99",
      version: project.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await lead(grown.id)).toMatchObject({ isOverBillion: false, signedInvestment: "999999999.99" });
    expect((await get("/api/leads?flags=overBillion&pageSize=200")).json().total).toBe(1);
    const after = (await get(`/api/leads/figures?from=2026-01-01&to=2026-12-31&orgUnitId=${zone.id}`)).json();
    expect(after.overBillionSigned).toBe(0);
  });
});

describe("signing a lead", () => {
  it("creates exactly one project when the same lead is signed twice at once", async () => {
    const lead = await newLead("并发签约项目", "300000000.00");
    const answers = await Promise.all([
      send("POST", `/api/leads/${lead.id}/sign`, signBody("并发签约项目", "300000000.00")),
      send("POST", `/api/leads/${lead.id}/sign`, signBody("并发签约项目", "300000000.00")),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.statusCode === 409);
    expect(loser?.json().code).toBe("INVALID_STATE");
    const [made] = await t.database.db.select({ n: count() }).from(projects).where(eq(projects.leadId, lead.id));
    expect(made?.n).toBe(1);
    const [row] = await t.database.db.select().from(investmentLeads).where(eq(investmentLeads.id, lead.id));
    expect(row?.stage).toBe("signed");
  });

  it("refuses a second project for a lead at the database too (projects.lead_id is unique)", async () => {
    const lead = await newLead("唯一线索项目", "300000000.00");
    const signed = await send("POST", `/api/leads/${lead.id}/sign`, signBody("唯一线索项目", "300000000.00"));
    expect(signed.statusCode).toBe(200);
    const [first] = await t.database.db.select().from(projects).where(eq(projects.leadId, lead.id));
    if (!first) throw new Error("no project");
    const error = await t.database.db
      .insert(projects)
      .values({ ...first, id: crypto.randomUUID(), name: "另一个名字" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(error, "projects_lead_uq")).toBe(true);
  });
});

describe("the signed amount", () => {
  it("shows only to readers who see the key project, and the pipeline figures count it for everyone", async () => {
    const db = t.database.db;
    const park = await createOrgUnit(db, { parent: zone, name: "经开区二园" });
    await createUser(db, { role: "leader", orgUnit: park, username: "ls_leader" });
    const assigned = await createUser(db, { role: "leader", orgUnit: park, username: "ls_assigned" });
    const lead = (
      await send("POST", "/api/leads", {
        orgUnitId: park.id,
        projectName: "二园签约项目",
        investorName: "二园投资方",
        intendedInvestment: "300000000.00",
        source: "forum",
      })
    ).json() as { id: string };
    const signed = await send("POST", `/api/leads/${lead.id}/sign`, {
      ...signBody("二园签约项目", "1200000000.00"),
      project: { ...signBody("二园签约项目", "1200000000.00").project, orgUnitId: park.id },
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const projectId: string = signed.json().projectId;
    await assignProject(db, { user: assigned, project: { id: projectId, orgUnitId: park.id } });

    const seenBy = async (cookie: string) => {
      const read = (url: string) => t.app.inject({ method: "GET", url, headers: { cookie } }).then((r) => r.json());
      const detail = await read(`/api/leads/${lead.id}`);
      const listed = (await read(`/api/leads?orgUnitId=${park.id}`)).data[0];
      const board = (await read(`/api/leads/board?orgUnitId=${park.id}`)).columns.find(
        (c: { stage: string }) => c.stage === "signed",
      ).leads[0];
      const figures = await read(`/api/leads/figures?from=2026-01-01&to=2026-12-31&orgUnitId=${park.id}`);
      const project = await t.app.inject({ method: "GET", url: `/api/projects/${projectId}`, headers: { cookie } });
      return {
        amounts: [detail.signedInvestment, listed.signedInvestment, board.signedInvestment],
        isOverBillion: detail.isOverBillion,
        figures: { signed: figures.signed, overBillionSigned: figures.overBillionSigned },
        project: project.statusCode,
      };
    };
    const counted = { signed: { count: 1, amount: "1200000000.00" }, overBillionSigned: 1 };
    const shown = ["1200000000.00", "1200000000.00", "1200000000.00"];
    expect(await seenBy(admin)).toEqual({ amounts: shown, isOverBillion: true, figures: counted, project: 200 });
    expect(await seenBy(await t.signIn("ls_assigned"))).toEqual({
      amounts: shown,
      isOverBillion: true,
      figures: counted,
      project: 200,
    });
    // Not assigned to the project: the lead and its 10亿元以上 flag, not the project's amount.
    expect(await seenBy(await t.signIn("ls_leader"))).toEqual({
      amounts: [null, null, null],
      isOverBillion: true,
      figures: counted,
      project: 404,
    });
  });
});
