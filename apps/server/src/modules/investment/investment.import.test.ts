import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createOrgUnit, createUser } from "../../../test/factories.js";
import { importEndpoint, rowsOf, xlsxOf } from "../../../test/upload.js";
import { investmentLeads, leadStageEvents } from "./investment.table.js";

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  const province = await createOrgUnit(t.database.db, { name: "河南省", kind: "province" });
  const city = await createOrgUnit(t.database.db, { parent: province, name: "许昌市", kind: "city" });
  const zone = await createOrgUnit(t.database.db, { parent: city, name: "经开区", kind: "zone" });
  await createOrgUnit(t.database.db, { parent: city, name: "高新区", kind: "zone" });
  await createUser(t.database.db, { role: "admin", orgUnit: zone, username: "li_admin" });
  await createUser(t.database.db, { role: "leader", orgUnit: zone, username: "li_leader", displayName: "孙领导" });
  admin = await t.signIn("li_admin");
});
afterAll(() => t.close());

const header = [
  "项目名称",
  "投资方",
  "所属园区",
  "来源",
  "来源地",
  "来源省份",
  "产业链",
  "行业代码",
  "拟投资（万元）",
  "标识",
  "负责人账号",
];

const leadImport = importEndpoint(() => t.app, "/api/leads/imports", "招商线索.xlsx");
async function upload(rows: (string | number | null)[][]) {
  const response = await leadImport.upload(admin, await xlsxOf([header, ...rows]));
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const confirm = (id: string) => leadImport.confirm(admin, id);
const leadCount = async () => (await t.database.db.select({ n: count() }).from(investmentLeads))[0]?.n ?? 0;

describe("lead import", () => {
  it("names every bad row and column and imports nothing while any row is refused", async () => {
    const preview = await upload([
      [
        "新能源电池项目",
        "宁德某新能源有限公司",
        "经开区",
        "产业链招商",
        "其他",
        "福建省",
        "新能源",
        "C3841",
        150000,
        "上市公司",
        "li_leader",
      ],
      ["坏金额项目", "某公司", "经开区", "以商招商", "长三角", "浙江省", null, null, "很多", null, null],
      ["外区项目", "某公司", "高新区", "云招商", null, null, null, null, 100, null, null],
      ["坏来源项目", "某公司", "经开区", "电话", null, null, null, null, 100, "独角兽", "nobody"],
    ]);
    expect(preview.counts).toMatchObject({ total: 4, create: 1, refused: 3 });
    const issues = preview.issues.map((i: { rowNumber: number; column: string }) => `${i.rowNumber}:${i.column}`);
    expect(issues).toEqual(
      expect.arrayContaining(["3:拟投资（万元）", "4:所属园区", "5:来源", "5:标识", "5:负责人账号"]),
    );
    expect((await confirm(preview.id)).json().code).toBe("IMPORT_HAS_ERRORS");
    expect(await leadCount()).toBe(0);
  });

  it("imports good rows as leads at 线索 with flags, owner, amount in 万元 and a first stage event", async () => {
    const preview = await upload([
      [
        "新能源电池项目",
        "宁德某新能源有限公司",
        "经开区",
        "产业链招商",
        "其他",
        "福建省",
        "新能源",
        "C3841",
        150000,
        "上市公司",
        "li_leader",
      ],
      [
        "智能装备项目",
        "苏州某装备有限公司",
        "经开区",
        "论坛/展会",
        "长三角",
        "江苏省",
        "装备制造",
        null,
        8000.5,
        "世界500强、央企",
        null,
      ],
    ]);
    expect(preview.counts).toMatchObject({ create: 2, refused: 0 });
    const applied = await confirm(preview.id);
    expect(applied.statusCode, applied.body).toBe(200);
    const list = (
      await t.app.inject({ method: "GET", url: "/api/leads?sort=projectName", headers: { cookie: admin } })
    ).json();
    expect(list.total).toBe(2);
    const battery = list.data.find((l: { projectName: string }) => l.projectName === "新能源电池项目");
    expect(battery).toMatchObject({
      stage: "lead",
      intendedInvestment: "1500000000.00",
      isOverBillion: true,
      isListed: true,
      isOutOfProvince: true,
      ownerName: "孙领导",
      source: "chain_research",
    });
    const equipment = list.data.find((l: { projectName: string }) => l.projectName === "智能装备项目");
    expect(equipment).toMatchObject({ intendedInvestment: "80005000.00", isFortune500: true, isCentralSoe: true });
    expect(await t.database.db.select().from(leadStageEvents)).toHaveLength(2);
    // The same sheet again: both rows are already registered.
    const again = await upload([
      ["新能源电池项目", "宁德某新能源有限公司", "经开区", "产业链招商", null, null, null, null, 150000, null, null],
    ]);
    expect(again.counts).toMatchObject({ refused: 1 });
    expect(again.issues[0].message).toContain("已登记");
  });
});

describe("lead import template", () => {
  it("serves an .xlsx whose header row is the lead import's columns", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/leads/import-template",
      headers: { cookie: admin },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(String(response.headers["content-type"])).toContain("spreadsheetml");
    expect(decodeURIComponent(String(response.headers["content-disposition"]))).toContain("招商线索导入模板.xlsx");
    const [first, sample] = await rowsOf(response.rawPayload);
    expect(first).toEqual([...header, "联系人", "联系电话", "项目简介"]);
    expect(sample?.slice(0, 4)).toEqual(["年产10万吨新材料项目", "浙江示例新材料股份有限公司", "经开区", "产业链招商"]);
  });
});
