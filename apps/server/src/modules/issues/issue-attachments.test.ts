import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { MultipartFile } from "@fastify/multipart";
import type { IssueAttachment, IssueDetail, Role } from "@zonedesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.js";
import { ensureIssueCategory } from "../../../test/factories.js";
import { type RoleFixture, seedRoleFixture, signInRoles } from "../../../test/permission-matrix.js";
import type { Actor } from "../../lib/actor.js";
import { addIssueAttachment } from "./issue-attachments.js";
import { issueAttachments, issues } from "./issues.table.js";

let t: TestApp;
let f: RoleFixture;
let cookies: Map<Role, string>;
let dataDir: string;
let issueId: string;
let otherIssueId: string;

/** A multipart body with one file, of any content type. */
function multipart(fileName: string, content: Buffer) {
  const boundary = `----zdtest${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

const upload = (role: Role, id: string, fileName: string, content: Buffer) => {
  const body = multipart(fileName, content);
  return t.app.inject({
    method: "POST",
    url: `/api/issues/${id}/attachments`,
    payload: body.payload,
    headers: { ...body.headers, cookie: cookies.get(role) ?? "" },
  });
};
const storedFiles = () =>
  readdirSync(path.join(dataDir, "attachments"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .length;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "zd-attachments-"));
  t = await createTestApp({ DATA_DIR: dataDir, UPLOAD_MAX_MB: "1" });
  f = await seedRoleFixture(t.database.db, "at");
  cookies = await signInRoles(t, f);
  const category = await ensureIssueCategory(t.database.db, "要素保障");
  const create = async (enterpriseId: string) => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/issues",
      headers: { cookie: cookies.get("admin") ?? "" },
      payload: { enterpriseId, categoryId: category.id, title: "用地指标", description: "项目二期用地指标尚未落实" },
    });
    return (r.json() as { id: string }).id;
  };
  issueId = await create(f.e1.id);
  otherIssueId = await create(f.e2.id);
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("issue attachments", () => {
  it("stores a PDF under the data folder with its SHA-256 and gives it back byte for byte", async () => {
    const r = await upload("enterprise", issueId, "用地红线图.pdf", PDF);
    expect(r.statusCode, r.body).toBe(200);
    const a = r.json() as IssueAttachment;
    expect(a).toMatchObject({ fileName: "用地红线图.pdf", contentType: "application/pdf", sizeBytes: PDF.length });
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    const year = new Date().getUTCFullYear();
    expect(readdirSync(path.join(dataDir, "attachments")).some((d) => Number(d) >= year - 1)).toBe(true);

    const download = await t.app.inject({
      method: "GET",
      url: `/api/issues/${issueId}/attachments/${a.id}`,
      headers: { cookie: cookies.get("cadre") ?? "" },
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(String(download.headers["content-disposition"])).toContain(encodeURIComponent("用地红线图.pdf"));

    const d = (
      await t.app.inject({
        method: "GET",
        url: `/api/issues/${issueId}`,
        headers: { cookie: cookies.get("admin") ?? "" },
      })
    ).json() as IssueDetail;
    expect(d.attachments.map((x) => x.fileName)).toEqual(["用地红线图.pdf"]);
    expect(d.events.map((e) => e.action)).toContain("attachment_added");
  });

  it("accepts a PNG from the admin", async () => {
    const r = await upload("admin", issueId, "现场照片.PNG", PNG);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().contentType).toBe("image/png");
  });

  it("refuses a type not allowed (415) and names the allowed ones", async () => {
    const before = storedFiles();
    const r = await upload("enterprise", issueId, "脚本.exe", Buffer.from("MZ\x90\x00"));
    expect(r.statusCode).toBe(415);
    expect(r.json()).toMatchObject({ code: "UNSUPPORTED_FILE" });
    expect(r.json().message).toContain("PDF");
    expect(storedFiles()).toBe(before);
  });

  it("refuses content that does not match its extension (415) and keeps no file", async () => {
    const before = storedFiles();
    const r = await upload("enterprise", issueId, "伪装.pdf", PNG);
    expect(r.statusCode).toBe(415);
    expect(r.json().message).toContain("内容与扩展名");
    const html = await upload("enterprise", issueId, "说明.jpg", Buffer.from("<html><script>alert(1)</script></html>"));
    expect(html.statusCode).toBe(415);
    expect(storedFiles()).toBe(before);
  });

  it("refuses a file above UPLOAD_MAX_MB (413) and keeps no file", async () => {
    const before = storedFiles();
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const r = await upload("enterprise", issueId, "大文件.pdf", big);
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe("UPLOAD_TOO_LARGE");
    expect(storedFiles()).toBe(before);
  });

  it("gives no access out of scope: another enterprise's issue, a department it is not routed to", async () => {
    expect((await upload("enterprise", otherIssueId, "a.pdf", PDF)).statusCode).toBe(404);
    expect((await upload("department", issueId, "a.pdf", PDF)).statusCode).toBe(404);
    expect((await upload("cadre", otherIssueId, "a.pdf", PDF)).statusCode).toBe(404);
    // Oversight sees the issue but is not a party to it.
    expect((await upload("oversight", issueId, "a.pdf", PDF)).statusCode).toBe(403);
    const own = (await upload("cadre", issueId, "走访记录.txt", Buffer.from("走访记录：企业反映用地问题"))).json();
    const probe = await t.app.inject({
      method: "GET",
      url: `/api/issues/${issueId}/attachments/${own.id}`,
      headers: { cookie: cookies.get("department") ?? "" },
    });
    expect(probe.statusCode).toBe(404);
    const wrongIssue = await t.app.inject({
      method: "GET",
      url: `/api/issues/${otherIssueId}/attachments/${own.id}`,
      headers: { cookie: cookies.get("admin") ?? "" },
    });
    expect(wrongIssue.statusCode).toBe(404);
  });

  it("re-checks the issue inside the transaction: an issue closed while the file was uploading gets no attachment", async () => {
    const db = t.database.db;
    const racing = await (async () => {
      const category = await ensureIssueCategory(db, "要素保障");
      const r = await t.app.inject({
        method: "POST",
        url: "/api/issues",
        headers: { cookie: cookies.get("admin") ?? "" },
        payload: {
          enterpriseId: f.e1.id,
          categoryId: category.id,
          title: "并发销号",
          description: "上传期间被销号的问题",
        },
      });
      return (r.json() as { id: string }).id;
    })();
    const admin = f.users.admin;
    const actor: Actor = {
      userId: admin.id,
      username: admin.username,
      displayName: admin.displayName,
      role: "admin",
      orgUnitId: f.zoneA.id,
      orgUnitPath: f.zoneA.path,
      departmentId: null,
      enterpriseId: null,
      ip: null,
    };
    // The stream closes the issue (as a concurrent 销号 would) between its first and last chunk.
    async function* slowUpload() {
      yield PDF.subarray(0, 8);
      await db.update(issues).set({ status: "closed", outcome: "resolved" }).where(eq(issues.id, racing));
      yield PDF.subarray(8);
    }
    const stream = Object.assign(Readable.from(slowUpload()), { truncated: false, bytesRead: PDF.length });
    const file = { filename: "迟到的附件.pdf", file: stream } as unknown as MultipartFile;
    const before = storedFiles();
    await expect(addIssueAttachment(db, actor, racing, file, dataDir)).rejects.toMatchObject({
      code: "INVALID_STATE",
      message: "该问题已销号，不能再上传附件",
    });
    expect(await db.select().from(issueAttachments).where(eq(issueAttachments.issueId, racing))).toEqual([]);
    expect(storedFiles()).toBe(before);
  });
});
