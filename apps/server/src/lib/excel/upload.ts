import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { MultipartFile } from "@fastify/multipart";
import { AppError } from "../errors.js";
import { formatByteLimit } from "./bounds.js";

export interface SavedUpload {
  /** The temp file; the caller removes it (removeQuietly) when done. */
  path: string;
  /** The name the user's file had, for display only. */
  fileName: string;
  size: number;
}

/**
 * Streams an uploaded .xlsx part to a temp file under `dir` (created if missing). Refuses other
 * extensions (UNSUPPORTED_FILE) and parts cut off by the multipart file-size limit (UPLOAD_TOO_LARGE);
 * on any failure the temp file is removed.
 */
export async function saveUpload(file: MultipartFile, dir: string): Promise<SavedUpload> {
  const fileName = path.basename(file.filename.replace(/\\/g, "/")).trim();
  const extension = path.extname(fileName).toLowerCase();
  if (extension !== ".xlsx") {
    file.file.resume(); // let the request finish instead of stalling on an unread part
    throw new AppError(
      "UNSUPPORTED_FILE",
      extension === ".xls"
        ? "不支持旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再上传"
        : `只能上传 .xlsx 文件（Excel 2007 及以上格式），收到的是“${fileName || "无文件名"}”`,
    );
  }
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, `${randomUUID()}.xlsx`);
  try {
    await pipeline(file.file, createWriteStream(target, { flags: "wx" }));
    if (file.file.truncated) {
      // busboy stops at the limit, so the bytes read are the limit itself.
      throw new AppError("UPLOAD_TOO_LARGE", `文件超过 ${formatByteLimit(file.file.bytesRead)}，请拆分后再上传`);
    }
    const { size } = await stat(target);
    return { path: target, fileName, size };
  } catch (error) {
    await removeQuietly(target);
    throw error;
  }
}

/** Deletes a file if it is there; never throws (cleanup must not hide the error being handled). */
export async function removeQuietly(filePath: string): Promise<void> {
  await rm(filePath, { force: true }).catch(() => undefined);
}
