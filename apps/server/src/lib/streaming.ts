import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import { attachmentHeader, type SheetWriter, xlsxContentType } from "./format.js";

/** Streams a workbook as a download; a failure mid-stream aborts the response instead of sending a truncated file. */
export function sendWorkbook(reply: FastifyReply, fileName: string, write: SheetWriter) {
  const body = new PassThrough();
  write(body).catch((error: unknown) => {
    reply.log.error(error, "workbook export failed");
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  reply.header("Content-Type", xlsxContentType);
  reply.header("Content-Disposition", attachmentHeader(fileName));
  return reply.send(body);
}
