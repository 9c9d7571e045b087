import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind } from "../../../test/db.js";
import { createDepartment, createOrgUnit, createUser } from "../../../test/factories.js";
import { type Database, openPostgres } from "../../db/client.js";
import { drainOutbox } from "./notification-outbox.js";
import { notify } from "./notifications.service.js";
import { notificationOutbox, notifications } from "./notifications.table.js";
import { LoggingChannel, WecomWebhookChannel } from "./outbound-channel.js";

/** A stand-in for the WeCom webhook on 127.0.0.1: records each request, answers from a script. */
interface StubReply {
  status?: number;
  body?: string;
  /** Never answer (the channel's timeout must fire). */
  hang?: boolean;
}

let database: Database;
let server: http.Server;
let url: string;
let received: { path: string; body: { msgtype: string; markdown: { content: string } } }[] = [];
let script: StubReply[] = [];
const hanging: http.ServerResponse[] = [];
let recipient: { id: string };
let deptId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const zone = await createOrgUnit(database.db, { name: "经开区" });
  const dept = await createDepartment(database.db, { orgUnit: zone, name: "住建局" });
  deptId = dept.id;
  recipient = await createUser(database.db, { role: "department", orgUnit: zone, departmentId: dept.id });
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      received.push({ path: request.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      const reply = script.shift() ?? {};
      if (reply.hang) {
        hanging.push(response);
        return;
      }
      response.writeHead(reply.status ?? 200, { "content-type": "application/json" });
      response.end(reply.body ?? JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test-key`; // listen() on a port gives an AddressInfo
});
afterAll(async () => {
  for (const r of hanging) r.destroy();
  server.close();
  await database.close();
});
beforeEach(async () => {
  received = [];
  script = [];
  // Each case starts with an empty queue.
  await database.db.update(notificationOutbox).set({ deliveredAt: new Date() });
});

const channel = () => new WecomWebhookChannel({ url, timeoutMs: 1000 });

async function queue(title: string, kind: "issue_routed" | "issue_answered" = "issue_routed", dedupeKey?: string) {
  await database.db.transaction(async (tx) => {
    await notify(
      tx,
      { departmentIds: [deptId] },
      { kind, title, body: "企业：许昌瑞达电气有限公司\n请于7日内办结", dedupeKey },
    );
  });
}

async function outboxRow(title: string) {
  const [row] = await database.db.select().from(notificationOutbox).where(eq(notificationOutbox.title, title));
  return row;
}

describe("the outbox and the WeCom group robot", () => {
  it("queues an action notice with the inbox row and sends it as WeCom markdown once", async () => {
    await queue("新交办问题 WT-2026-000001");
    const inbox = await database.db.select().from(notifications).where(eq(notifications.userId, recipient.id));
    expect(inbox.map((n) => n.title)).toContain("新交办问题 WT-2026-000001");

    const first = await drainOutbox(database.db, channel());
    const second = await drainOutbox(database.db, channel());
    expect(first).toEqual({ delivered: 1, failed: 0, givenUp: 0 });
    expect(second.delivered).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe("/cgi-bin/webhook/send?key=test-key");
    expect(received[0]?.body).toEqual({
      msgtype: "markdown",
      markdown: { content: "**新交办问题 WT-2026-000001**\n> 企业：许昌瑞达电气有限公司\n> 请于7日内办结" },
    });
    const row = await outboxRow("新交办问题 WT-2026-000001");
    expect(row?.deliveredAt).not.toBeNull();
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toBeNull();
  });

  it("does not queue inbox-only kinds, and queues a keyed notice once", async () => {
    await queue("问题已办结", "issue_answered");
    await queue("即将到期 A", "issue_routed", "k:1");
    await queue("即将到期 A", "issue_routed", "k:1");
    await drainOutbox(database.db, channel());
    expect(received.map((r) => r.body.markdown.content.split("\n")[0])).toEqual(["**即将到期 A**"]);
  });

  it("retries a message answered with HTTP 500 or errcode≠0 later, with backoff, and sends it once it succeeds", async () => {
    await queue("逾期督办 WT-2026-000009");
    const t0 = new Date();
    script = [{ status: 500, body: "busy" }];
    expect(await drainOutbox(database.db, channel(), { now: t0 })).toEqual({ delivered: 0, failed: 1, givenUp: 0 });
    let row = await outboxRow("逾期督办 WT-2026-000009");
    expect(row?.deliveredAt).toBeNull();
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toBe("wecom: 企业微信返回 HTTP 500: busy");

    // Not due again yet: nothing is sent.
    expect(await drainOutbox(database.db, channel(), { now: new Date(t0.getTime() + 10_000) })).toEqual({
      delivered: 0,
      failed: 0,
      givenUp: 0,
    });
    expect(received).toHaveLength(1);

    script = [{ status: 200, body: JSON.stringify({ errcode: 45009, errmsg: "api freq out of limit" }) }];
    const t1 = new Date(t0.getTime() + 60_000);
    await drainOutbox(database.db, channel(), { now: t1 });
    row = await outboxRow("逾期督办 WT-2026-000009");
    expect(row?.lastError).toBe("wecom: 企业微信返回错误 errcode=45009 errmsg=api freq out of limit");
    expect(row?.attempts).toBe(2);
    expect(row?.nextAttemptAt.getTime()).toBe(t1.getTime() + 60_000);

    const t2 = new Date(t1.getTime() + 120_000);
    expect((await drainOutbox(database.db, channel(), { now: t2 })).delivered).toBe(1);
    expect((await drainOutbox(database.db, channel(), { now: new Date(t2.getTime() + 3_600_000) })).delivered).toBe(0);
    expect(received).toHaveLength(3);
    row = await outboxRow("逾期督办 WT-2026-000009");
    expect(row?.deliveredAt).not.toBeNull();
    expect(row?.attempts).toBe(3);
  });

  it("gives a webhook that does not answer up after the timeout and retries it", async () => {
    await queue("超时测试");
    script = [{ hang: true }];
    const result = await drainOutbox(database.db, channel());
    expect(result.failed).toBe(1);
    expect((await outboxRow("超时测试"))?.lastError).toMatch(/^wecom: .*(timeout|aborted)/i);
  });

  it("gives up after the last attempt and keeps the row with its error", async () => {
    await queue("放弃测试");
    script = [{ status: 502 }, { status: 502 }];
    const t0 = new Date();
    await drainOutbox(database.db, channel(), { now: t0, maxAttempts: 2 });
    const last = await drainOutbox(database.db, channel(), { now: new Date(t0.getTime() + 3_600_000), maxAttempts: 2 });
    expect(last).toEqual({ delivered: 0, failed: 1, givenUp: 1 });
    const row = await outboxRow("放弃测试");
    expect(row?.failedAt).not.toBeNull();
    expect((await drainOutbox(database.db, channel(), { now: new Date(t0.getTime() + 86_400_000) })).failed).toBe(0);
  });

  it("sends each message once when two drains run at the same time", async () => {
    const titles = Array.from({ length: 25 }, (_, i) => `并发消息${i}`);
    for (const title of titles) await queue(title);
    const runs = await Promise.all([
      drainOutbox(database.db, channel(), { batchSize: 4 }),
      drainOutbox(database.db, channel(), { batchSize: 4 }),
    ]);
    expect(runs[0].delivered + runs[1].delivered).toBe(25);
    const sent = received.map((r) => r.body.markdown.content.split("\n")[0]);
    expect(sent.sort()).toEqual(titles.map((t) => `**${t}**`).sort());
  });

  if (testDatabaseKind === "postgres") {
    it("sends each message once when two instances (two pools) drain at the same time", async () => {
      const poolUrl = database.pool?.options.connectionString;
      if (!poolUrl) throw new Error("no PostgreSQL pool");
      const other = await openPostgres(poolUrl, 5);
      try {
        const titles = Array.from({ length: 30 }, (_, i) => `两实例消息${i}`);
        for (const title of titles) await queue(title);
        const runs = await Promise.all([
          drainOutbox(database.db, channel(), { batchSize: 3 }),
          drainOutbox(other.db, channel(), { batchSize: 3 }),
          drainOutbox(other.db, channel(), { batchSize: 3 }),
        ]);
        expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(30);
        const sent = received.map((r) => r.body.markdown.content.split("\n")[0]);
        expect(sent.sort()).toEqual(titles.map((t) => `**${t}**`).sort());
        const rows = await database.db
          .select()
          .from(notificationOutbox)
          .where(inArray(notificationOutbox.title, titles));
        expect(rows.every((r) => r.attempts === 1 && r.deliveredAt !== null)).toBe(true);
      } finally {
        await other.close();
      }
    });
  }

  it("writes messages to the log when no webhook is configured", async () => {
    await queue("日志渠道消息");
    const lines: { obj: unknown; msg: string }[] = [];
    const log = { info: (obj: unknown, msg: string) => lines.push({ obj, msg }) } as unknown as ConstructorParameters<
      typeof LoggingChannel
    >[0]; // only info() is used
    expect((await drainOutbox(database.db, new LoggingChannel(log))).delivered).toBe(1);
    expect(lines[0]?.msg).toContain("**日志渠道消息**");
  });
});
