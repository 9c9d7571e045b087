import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { MultipartFile } from "@fastify/multipart";
import type { IssueAttachment } from "@zonedesk/contracts";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { canDo, requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, notFound } from "../../lib/errors.js";
import { todayInBeijing } from "../../lib/format.js";
import { recordIssueEvent } from "./issue-common.js";
import { lockIssueRow } from "./issues.queries.js";
import { issueAttachments, issues } from "./issues.table.js";

/*
 * Files attached to an issue. The bytes live under `<dataDir>/attachments/<yyyy>/<uuid>` (never a web root),
 * named by a random id; the original name, type, size and SHA-256 are in issue_attachments. A file is accepted
 * only if its extension is allowed AND its first bytes are those of that type. A file whose transaction fails
 * is removed again.
 */

interface FileKind {
  contentType: string;
  /** Checks the first bytes of the file. */
  matches: (head: Buffer) => boolean;
}

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);
const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .doc / .xls (Compound File)
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // .docx / .xlsx (Office Open XML)

/** Plain text: no NUL byte and valid UTF-8 (a multi-byte character cut at the end of the sample is fine). */
function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const text = head.toString("utf8");
  const bad = text.indexOf("\uFFFD");
  return bad === -1 || bad >= text.length - 2;
}

export const attachmentKinds: Record<string, FileKind> = {
  ".pdf": { contentType: "application/pdf", matches: (h) => startsWith(h, PDF) },
  ".jpg": { contentType: "image/jpeg", matches: (h) => startsWith(h, JPEG) },
  ".jpeg": { contentType: "image/jpeg", matches: (h) => startsWith(h, JPEG) },
  ".png": { contentType: "image/png", matches: (h) => startsWith(h, PNG) },
  ".doc": { contentType: "application/msword", matches: (h) => startsWith(h, OLE) },
  ".docx": {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    matches: (h) => startsWith(h, ZIP),
  },
  ".xls": { contentType: "application/vnd.ms-excel", matches: (h) => startsWith(h, OLE) },
  ".xlsx": {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    matches: (h) => startsWith(h, ZIP),
  },
  ".txt": { contentType: "text/plain; charset=utf-8", matches: looksLikeText },
};

const allowedList = "PDF、JPG、PNG、Word（doc/docx）、Excel（xls/xlsx）、TXT";

const closedRefusal = () => new AppError("INVALID_STATE", "该问题已销号，不能再上传附件");

export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, "attachments");
}

function toAttachment(row: typeof issueAttachments.$inferSelect, uploadedByName: string): IssueAttachment {
  return {
    id: row.id,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    uploadedByName,
    createdAt: row.createdAt.toISOString(),
  };
}

async function readHead(filePath: string, length = 4096): Promise<Buffer> {
  const handle = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * POST /api/issues/:id/attachments: stores the uploaded file and records it on the issue (history entry and
 * audit row in one transaction). Refuses a type not allowed (415), content not matching its extension (415),
 * an empty or oversized file (422 / 413), a user who is not a party to the issue (403/404) and a closed issue.
 */
export async function addIssueAttachment(
  db: Db,
  actor: Actor,
  issueId: string,
  file: MultipartFile,
  dataDir: string,
): Promise<IssueAttachment> {
  requirePermission(actor, "issue.read");
  const [issue] = await db
    .select({ id: issues.id, status: issues.status, orgUnitId: issues.orgUnitId, serialNo: issues.serialNo })
    .from(issues)
    .where(and(eq(issues.id, issueId), visibleIssues(actor)));
  if (!issue) {
    file.file.resume();
    throw notFound("问题", { isAccessRefusal: true });
  }
  if (!canDo(actor, "issue.attach")) {
    file.file.resume();
    throw new AppError("FORBIDDEN", "只有问题的反映人、企业、承办单位、受理窗口和包联人员可以上传附件", {
      isAccessRefusal: true,
    });
  }
  if (issue.status === "closed") {
    file.file.resume();
    throw closedRefusal();
  }

  const fileName = path.basename(file.filename.replace(/\\/g, "/")).trim();
  const extension = path.extname(fileName).toLowerCase();
  const kind = attachmentKinds[extension];
  if (!kind) {
    file.file.resume();
    throw new AppError(
      "UNSUPPORTED_FILE",
      `不支持的附件类型“${extension || fileName || "无扩展名"}”，只能上传 ${allowedList}`,
      {
        details: { issues: [{ path: "file", message: `只能上传 ${allowedList}` }] },
      },
    );
  }

  const year = todayInBeijing().slice(0, 4);
  const storageKey = `${year}/${randomUUID()}`;
  const target = path.join(attachmentsDir(dataDir), storageKey);
  await mkdir(path.dirname(target), { recursive: true });
  const hash = createHash("sha256");
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(file.file, counter, createWriteStream(target, { flags: "wx" }));
    if (file.file.truncated) {
      throw new AppError("UPLOAD_TOO_LARGE", `附件超过大小上限 ${Math.round(file.file.bytesRead / 1024 / 1024)} MB`);
    }
    if (size === 0) {
      throw new AppError("IMPORT_INVALID_FILE", "附件是空文件", {
        details: { issues: [{ path: "file", message: "附件是空文件" }] },
      });
    }
    if (!kind.matches(await readHead(target))) {
      throw new AppError(
        "UNSUPPORTED_FILE",
        `文件“${fileName}”的内容与扩展名 ${extension} 不符，请上传真实的 ${allowedList} 文件`,
        {
          details: { issues: [{ path: "file", message: "文件内容与扩展名不符" }] },
        },
      );
    }
    const sha256 = hash.digest("hex");
    return await db.transaction(async (tx) => {
      // The upload took time: lock the issue and check again that the user still sees it and it is not closed,
      // so the row cannot be added beside a concurrent 销号 or reroute.
      const locked = await lockIssueRow(tx, issueId, visibleIssues(actor));
      if (!locked) throw notFound("问题", { isAccessRefusal: true });
      if (locked.status === "closed") throw closedRefusal();
      const eventId = await recordIssueEvent(tx, {
        issueId,
        action: "attachment_added",
        fromStatus: locked.status,
        toStatus: locked.status,
        actor,
        note: fileName,
        data: { sizeBytes: size, sha256 },
      });
      const [row] = await tx
        .insert(issueAttachments)
        .values({
          issueId,
          eventId,
          fileName,
          contentType: kind.contentType,
          sizeBytes: size,
          sha256,
          storageKey,
          uploadedBy: actor.userId,
        })
        .returning();
      if (!row) throw new Error("insert issue_attachments returned no row");
      await writeAudit(tx, actor, {
        action: "issue.attachment_add",
        entityType: "issue",
        entityId: issueId,
        orgUnitId: issue.orgUnitId,
        summary: `${issue.serialNo} ${fileName}`,
        after: { attachmentId: row.id, fileName, sizeBytes: size, sha256 },
      });
      return toAttachment(row, actor.displayName);
    });
  } catch (error) {
    await rm(target, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** GET /api/issues/:id/attachments/:attachmentId: the stored file, to anyone who may see the issue. */
export async function getIssueAttachmentFile(
  db: Db,
  actor: Actor,
  issueId: string,
  attachmentId: string,
  dataDir: string,
): Promise<{ path: string; fileName: string; contentType: string; sizeBytes: number }> {
  requirePermission(actor, "issue.read");
  const [row] = await db
    .select({ attachment: issueAttachments })
    .from(issueAttachments)
    .innerJoin(issues, eq(issues.id, issueAttachments.issueId))
    .where(and(eq(issueAttachments.id, attachmentId), eq(issues.id, issueId), visibleIssues(actor)));
  if (!row) throw notFound("附件", { isAccessRefusal: true });
  const a = row.attachment;
  return {
    path: path.join(attachmentsDir(dataDir), a.storageKey),
    fileName: a.fileName,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
  };
}
