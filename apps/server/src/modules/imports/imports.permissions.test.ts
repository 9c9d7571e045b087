import { type Role, roles } from "@zonedesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createProject } from "../../../test/factories.js";
import {
  definePermissionCases,
  type PermissionCase,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";
import { multipartFile, xlsxOf } from "../../../test/upload.js";

/*
 * The five endpoints every import mounts (imports.routes.ts: upload, GET preview, PUT mapping, POST confirm,
 * DELETE) for each import of the projects and the pipeline, against every role. The import's permission decides
 * (403 otherwise); a job belongs to the user who uploaded it, so another user holding the permission gets 404.
 * The admin of zone A uploads the jobs; the upload itself is checked role by role (the harness sends no files).
 */

interface ImportUnderTest {
  base: string;
  /** Roles holding the import's permission. */
  allowed: Role[];
  rows: (string | number | null)[][];
}

const imports: Record<string, ImportUnderTest> = {
  projects: {
    base: "/api/projects/imports",
    allowed: ["admin"],
    rows: [
      ["项目名称", "投资主体", "所属单位", "项目级别", "批次", "类型", "总投资（万元）"],
      ["矩阵导入项目", "某投资方", "经开区", "县重点", "签约一批", "新建", 1000],
    ],
  },
  reports: {
    base: "/api/projects/reports/imports",
    allowed: ["admin", "leader", "cadre"],
    rows: [
      ["项目名称", "年份", "月份", "当月完成投资（万元）"],
      ["矩阵投资项目", 2026, 1, 10],
    ],
  },
  plans: {
    base: "/api/projects/plans/imports",
    allowed: ["admin"],
    rows: [
      ["项目名称", "年份", "年度计划投资（万元）"],
      ["矩阵投资项目", 2026, 1000],
    ],
  },
  leads: {
    base: "/api/leads/imports",
    allowed: ["admin", "leader"],
    rows: [
      ["项目名称", "投资方", "所属园区", "来源"],
      ["矩阵导入线索项目", "矩阵导入投资方", "经开区", "产业链招商"],
    ],
  },
};

let t: TestApp;
let fixture: RoleFixture;
let cookies: Map<Role, string>;
/** Per import: a job to read and map, one to confirm, one to discard; all the admin's. */
const jobs = new Map<
  string,
  { preview: string; confirm: string; discard: string; mapping: Record<string, string | null> }
>();

async function uploadAs(cookie: string, item: ImportUnderTest) {
  const body = multipartFile("导入.xlsx", await xlsxOf(item.rows));
  return t.app.inject({
    method: "POST",
    url: item.base,
    headers: { ...(cookie ? { cookie } : {}), ...body.headers },
    payload: body.payload,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  fixture = await seedRoleFixture(t.database.db, "im");
  await createProject(t.database.db, {
    orgUnit: fixture.zoneA,
    name: "矩阵投资项目",
    dates: { signed: { actual: "2026-01-05" } },
  });
  cookies = await signInRoles(t, fixture);
  const admin = cookies.get("admin") ?? "";
  for (const [key, item] of Object.entries(imports)) {
    const ids: string[] = [];
    let mapping: Record<string, string | null> = {};
    for (let i = 0; i < 3; i++) {
      const response = await uploadAs(admin, item);
      expect(response.statusCode, response.body).toBe(200);
      const preview = response.json();
      expect(preview.counts.refused, `${key}: ${JSON.stringify(preview.issues)}`).toBe(0);
      ids.push(preview.id);
      mapping = preview.mapping;
    }
    jobs.set(key, { preview: ids[0] ?? "", confirm: ids[1] ?? "", discard: ids[2] ?? "", mapping });
  }
});
afterAll(() => t.close());

const job = (key: string) => {
  const found = jobs.get(key);
  if (!found) throw new Error(`no jobs for ${key}`);
  return found;
};

/** The admin (the uploader) 200; the other holders of the permission 404; everyone else 403 (the default). */
const expected = (item: ImportUnderTest): PermissionCase["expect"] =>
  Object.fromEntries(item.allowed.map((role) => [role, role === "admin" ? 200 : 404]));

describe("import endpoints × roles", () => {
  for (const [key, item] of Object.entries(imports)) {
    it(`POST ${item.base}: ${roles.map((r) => `${r} ${item.allowed.includes(r) ? 200 : 403}`).join(", ")}; no session 401`, async () => {
      expect((await uploadAs("", item)).statusCode, "without a session").toBe(401);
      for (const role of roles) {
        const response = await uploadAs(cookies.get(role) ?? "", item);
        expect(response.statusCode, `${key} ${role}: ${response.body.slice(0, 200)}`).toBe(
          item.allowed.includes(role) ? 200 : 403,
        );
      }
    });
  }

  definePermissionCases(
    () => ({ t, cookies }),
    Object.entries(imports).flatMap(([key, item]): PermissionCase[] => [
      {
        name: `GET ${item.base}/:id`,
        method: "GET",
        url: () => `${item.base}/${job(key).preview}`,
        expect: expected(item),
      },
      {
        name: `PUT ${item.base}/:id/mapping`,
        method: "PUT",
        url: () => `${item.base}/${job(key).preview}/mapping`,
        payload: () => ({ mapping: job(key).mapping }),
        expect: expected(item),
      },
      {
        name: `POST ${item.base}/:id/confirm`,
        method: "POST",
        url: () => `${item.base}/${job(key).confirm}/confirm`,
        expect: expected(item),
      },
      {
        name: `DELETE ${item.base}/:id`,
        method: "DELETE",
        url: () => `${item.base}/${job(key).discard}`,
        expect: expected(item),
      },
    ]),
  );
});
