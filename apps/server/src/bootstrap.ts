import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { appSettings } from "./db/app-settings.table.js";
import type { Db } from "./db/client.js";
import { loadDemoData } from "./demo/generate.js";
import { writeAudit } from "./lib/audit.js";
import { hashPassword } from "./modules/auth/index.js";
import { orgUnits } from "./modules/org-units/org-units.table.js";
import { users } from "./modules/users/users.table.js";
import { seedReferenceData } from "./reference-data/seed-reference-data.js";

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  displayName: string;
  note: string;
}

export type FirstStart =
  | { kind: "existing"; demoAccounts: DemoAccount[] }
  | { kind: "demo"; demoAccounts: DemoAccount[] }
  | { kind: "empty"; adminUsername: string; oneTimePassword: string };

/**
 * Reference data at every start; on the first start (no org units yet) either the demo zone or,
 * with DEMO=0, one root unit and one administrator whose one-time password must be changed.
 */
export async function bootstrapDatabase(db: Db, options: { demo: boolean }): Promise<FirstStart> {
  await seedReferenceData(db);
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(orgUnits);
  if (count > 0) {
    const [marker] = await db.select().from(appSettings).where(eq(appSettings.key, "demo_accounts"));
    return { kind: "existing", demoAccounts: (marker?.value as DemoAccount[] | undefined) ?? [] }; // written below as DemoAccount[]
  }
  if (options.demo) {
    const summary = await loadDemoData(db, { seed: 20261121 });
    await db.insert(appSettings).values({ key: "demo_accounts", value: summary.accounts });
    return { kind: "demo", demoAccounts: summary.accounts };
  }
  const oneTimePassword = `Zd-${randomBytes(9).toString("base64url")}7a`;
  const passwordHash = await hashPassword(oneTimePassword);
  await db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    await tx.insert(orgUnits).values({ id, name: "本级单位（请修改名称）", kind: "zone", path: `/${id}/` });
    const [admin] = await tx
      .insert(users)
      .values({
        username: "admin",
        displayName: "系统管理员",
        role: "admin",
        orgUnitId: id,
        passwordHash,
        mustChangePassword: true,
      })
      .returning();
    await writeAudit(
      tx,
      { userId: null, displayName: "system", ip: null },
      {
        action: "user.create",
        entityType: "user",
        entityId: admin?.id,
        orgUnitId: id,
        summary: "首次启动创建管理员",
      },
    );
  });
  return { kind: "empty", adminUsername: "admin", oneTimePassword };
}
