import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { createDepartment, createOrgUnit, createUser } from "../../../test/factories.js";
import type { Db } from "../../db/client.js";
import { notify } from "./notifications.service.js";

let t: TestApp;
let cookie: string;
let otherCookie: string;
let users: { me: { id: string }; other: { id: string } };

async function send(db: Db, userId: string, kind: "issue_routed" | "issue_overdue" | "issue_rated", title: string) {
  await db.transaction((tx) => notify(tx, { userIds: [userId] }, { kind, title, link: "/issues/x" }));
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const zone = await createOrgUnit(db, { name: "经开区" });
  const dept = await createDepartment(db, { orgUnit: zone, name: "人社局" });
  users = {
    me: await createUser(db, { role: "department", orgUnit: zone, departmentId: dept.id, username: "n_me" }),
    other: await createUser(db, { role: "cadre", orgUnit: zone, username: "n_other" }),
  };
  await send(db, users.me.id, "issue_routed", "新交办问题 1");
  await send(db, users.me.id, "issue_routed", "新交办问题 2");
  await send(db, users.me.id, "issue_overdue", "问题已逾期");
  await send(db, users.other.id, "issue_rated", "别人的消息");
  cookie = await t.signIn("n_me");
  otherCookie = await t.signIn("n_other");
});
afterAll(() => t.close());

const get = (url: string, c = cookie) => t.app.inject({ method: "GET", url, headers: { cookie: c } });
const post = (url: string, c = cookie) => t.app.inject({ method: "POST", url, headers: { cookie: c } });

describe("the inbox (我的消息)", () => {
  it("lists only the user's own notices, newest first, paged", async () => {
    const response = await get("/api/notifications?pageSize=2");
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.data.map((n: { title: string }) => n.title)).toEqual(["问题已逾期", "新交办问题 2"]);
    expect(page.data[0]).toMatchObject({ kind: "issue_overdue", readAt: null, link: "/issues/x", body: null });
    const second = (await get("/api/notifications?pageSize=2&page=2")).json();
    expect(second.data.map((n: { title: string }) => n.title)).toEqual(["新交办问题 1"]);
  });

  it("counts unread notices in all and by kind", async () => {
    expect((await get("/api/notifications/unread-count")).json()).toEqual({
      total: 3,
      byKind: { issue_routed: 2, issue_overdue: 1 },
    });
    expect((await get("/api/notifications/unread-count", otherCookie)).json()).toEqual({
      total: 1,
      byKind: { issue_rated: 1 },
    });
  });

  it("marks one notice read, keeps the first read time, and filters unread", async () => {
    const [latest] = (await get("/api/notifications")).json().data;
    const read = await post(`/api/notifications/${latest.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const again = await post(`/api/notifications/${latest.id}/read`);
    expect(again.json().readAt).toBe(read.json().readAt);
    const unread = (await get("/api/notifications?unread=true")).json();
    expect(unread.total).toBe(2);
    expect(unread.data.every((n: { readAt: string | null }) => n.readAt === null)).toBe(true);
    expect((await get("/api/notifications/unread-count")).json()).toEqual({ total: 2, byKind: { issue_routed: 2 } });
    const byKind = (await get("/api/notifications?kind=issue_overdue")).json();
    expect(byKind.data.map((n: { title: string }) => n.title)).toEqual(["问题已逾期"]);
  });

  it("answers 404 for another person's notice and leaves it unread", async () => {
    const [theirs] = (await get("/api/notifications", otherCookie)).json().data;
    const response = await post(`/api/notifications/${theirs.id}/read`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: "NOT_FOUND", message: "消息不存在或无权访问" });
    expect((await get("/api/notifications/unread-count", otherCookie)).json().total).toBe(1);
  });

  it("marks all read and reports how many", async () => {
    expect((await post("/api/notifications/read-all")).json()).toEqual({ updated: 2 });
    expect((await post("/api/notifications/read-all")).json()).toEqual({ updated: 0 });
    expect((await get("/api/notifications/unread-count")).json()).toEqual({ total: 0, byKind: {} });
    expect((await get("/api/notifications/unread-count", otherCookie)).json().total).toBe(1);
  });

  it("refuses a bad id and a bad filter with a message naming the field", async () => {
    expect((await post("/api/notifications/abc/read")).statusCode).toBe(400);
    const bad = await get("/api/notifications?unread=maybe");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("VALIDATION_FAILED");
  });
});
