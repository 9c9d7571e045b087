import type { Role } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import {
  allRoles,
  definePermissionCases,
  type RoleFixture,
  seedRoleFixture,
  signInRoles,
} from "../../../test/permission-matrix.js";
import { notify } from "./notifications.service.js";
import { notifications } from "./notifications.table.js";

let t: TestApp;
let cookies: Map<Role, string>;
let f: RoleFixture;
let othersNoticeId: string;

beforeAll(async () => {
  t = await createTestApp();
  f = await seedRoleFixture(t.database.db, "nt");
  cookies = await signInRoles(t, f);
  const db = t.database.db;
  await db.transaction(async (tx) => {
    await notify(tx, { userIds: [f.otherCadre.id] }, { kind: "issue_routed", title: "他人的消息" });
    const everyone = Object.values(f.users).map((u) => u.id);
    await notify(tx, { userIds: everyone }, { kind: "issue_overdue", title: "每人一条" });
  });
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.userId, f.otherCadre.id));
  if (!row) throw new Error("fixture notice missing");
  othersNoticeId = row.id;
});
afterAll(() => t.close());

describe("notifications permissions: every role has its own inbox, and only its own", () => {
  definePermissionCases(
    () => ({ t, cookies }),
    [
      { name: "GET /api/notifications", method: "GET", url: () => "/api/notifications", expect: allRoles(200) },
      {
        name: "GET /api/notifications?unread=true",
        method: "GET",
        url: () => "/api/notifications?unread=true",
        expect: allRoles(200),
      },
      {
        name: "GET /api/notifications/unread-count",
        method: "GET",
        url: () => "/api/notifications/unread-count",
        expect: allRoles(200),
      },
      {
        name: "POST /api/notifications/:id/read of another person's notice",
        method: "POST",
        url: () => `/api/notifications/${othersNoticeId}/read`,
        expect: allRoles(404),
      },
      {
        name: "POST /api/notifications/read-all",
        method: "POST",
        url: () => "/api/notifications/read-all",
        expect: allRoles(200),
      },
    ],
  );
});
