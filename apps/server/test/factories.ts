import { creditCodeAlphabet, creditCodeCheckChar, type Role } from "@zonedesk/contracts";
import type { Db } from "../src/db/client.js";
import { searchGramsOf } from "../src/lib/search-grams.js";
import { liaisonAssignments } from "../src/modules/assignments/assignments.table.js";
import { hashPassword } from "../src/modules/auth/index.js";
import { departments } from "../src/modules/departments/departments.table.js";
import { enterprises, enterpriseTags } from "../src/modules/enterprises/enterprises.table.js";
import { orgUnits } from "../src/modules/org-units/org-units.table.js";
import { tags } from "../src/modules/tags/tags.table.js";
import { users } from "../src/modules/users/users.table.js";

export const testPassword = "Test@pass2026";
let passwordHash: Promise<string> | null = null;
let counter = 0;
const next = () => ++counter;

/** A valid credit code with the given division code, distinct per call. */
// A random base per process plus a counter: codes never repeat within a test file.
const creditCodeBase = Math.floor(Math.random() * 1e9);

export function makeCreditCode(divisionCode = "411002", n = creditCodeBase + next()): string {
  let org = "";
  let rest = n;
  for (let i = 0; i < 9; i++) {
    org = creditCodeAlphabet.charAt(rest % 31) + org;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91${divisionCode}${org}`;
  return first17 + (creditCodeCheckChar(first17) ?? "0");
}

type OrgUnitRow = typeof orgUnits.$inferSelect;

export async function createOrgUnit(
  db: Db,
  p: { parent?: OrgUnitRow; name?: string; kind?: OrgUnitRow["kind"]; divisionCode?: string | null } = {},
): Promise<OrgUnitRow> {
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(orgUnits)
    .values({
      id,
      parentId: p.parent?.id ?? null,
      name: p.name ?? `测试园区${next()}`,
      kind: p.kind ?? (p.parent ? "zone" : "city"),
      divisionCode: p.divisionCode ?? null,
      path: `${p.parent?.path ?? "/"}${id}/`,
    })
    .returning();
  if (!row) throw new Error("insert org unit returned nothing");
  return row;
}

export async function createDepartment(db: Db, p: { orgUnit: OrgUnitRow; name?: string }) {
  const [row] = await db
    .insert(departments)
    .values({ orgUnitId: p.orgUnit.id, name: p.name ?? `测试局${next()}` })
    .returning();
  if (!row) throw new Error("insert department returned nothing");
  return row;
}

export async function createUser(
  db: Db,
  p: {
    role: Role;
    orgUnit: OrgUnitRow;
    username?: string;
    displayName?: string;
    departmentId?: string;
    enterpriseId?: string;
    mustChangePassword?: boolean;
    isDisabled?: boolean;
  },
) {
  passwordHash ??= hashPassword(testPassword);
  const n = next();
  const [row] = await db
    .insert(users)
    .values({
      username: p.username ?? `${p.role}_${n}`,
      displayName: p.displayName ?? `${p.role}用户${n}`,
      role: p.role,
      orgUnitId: p.orgUnit.id,
      departmentId: p.departmentId ?? null,
      enterpriseId: p.enterpriseId ?? null,
      passwordHash: await passwordHash,
      mustChangePassword: p.mustChangePassword ?? false,
      isDisabled: p.isDisabled ?? false,
    })
    .returning();
  if (!row) throw new Error("insert user returned nothing");
  return row;
}

export async function createTag(db: Db, name = `测试标签${next()}`) {
  const [row] = await db.insert(tags).values({ name }).returning();
  if (!row) throw new Error("insert tag returned nothing");
  return row;
}

export async function createEnterprise(
  db: Db,
  p: {
    orgUnit: OrgUnitRow;
    name?: string;
    creditCode?: string;
    industryCode?: string;
    tagIds?: string[];
    registeredCapital?: string;
  },
) {
  const name = p.name ?? `许昌测试${next()}制造有限公司`;
  const creditCode = p.creditCode ?? makeCreditCode();
  const industryCode = p.industryCode ?? null;
  const [row] = await db
    .insert(enterprises)
    .values({
      orgUnitId: p.orgUnit.id,
      name,
      creditCode,
      industryCode,
      industrySection: industryCode ? null : null,
      registeredCapital: p.registeredCapital ?? "5000000.00",
      searchGrams: searchGramsOf(name, creditCode),
    })
    .returning();
  if (!row) throw new Error("insert enterprise returned nothing");
  if (p.tagIds && p.tagIds.length > 0) {
    await db.insert(enterpriseTags).values(p.tagIds.map((tagId) => ({ enterpriseId: row.id, tagId })));
  }
  return row;
}

export async function assign(
  db: Db,
  p: {
    user: { id: string };
    enterprise: { id: string; orgUnitId: string };
    role?: (typeof liaisonAssignments.$inferInsert)["role"];
    endsOn?: string;
  },
) {
  const [row] = await db
    .insert(liaisonAssignments)
    .values({
      orgUnitId: p.enterprise.orgUnitId,
      enterpriseId: p.enterprise.id,
      userId: p.user.id,
      role: p.role ?? "lead_leader",
      startsOn: "2026-01-01",
      endsOn: p.endsOn ?? null,
    })
    .returning();
  if (!row) throw new Error("insert assignment returned nothing");
  return row;
}
