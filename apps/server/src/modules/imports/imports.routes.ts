import os from "node:os";
import path from "node:path";
import {
  idParamsSchema,
  importMappingSchema,
  importPreviewSchema,
  importResultSchema,
  okSchema,
} from "@zonedesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requirePermission } from "../../lib/access.js";
import { AppError } from "../../lib/errors.js";
import { saveUpload } from "../../lib/excel/index.js";
import { actorOf } from "../../lib/route-helpers.js";
import type { ImportDefinition } from "./import-definition.js";
import {
  confirmImport,
  createImport,
  discardImport,
  getImportPreview,
  updateImportMapping,
} from "./imports.service.js";

/** The five endpoints of an import (upload, preview, mapping, confirm, discard) for one definition. */
export function importRoutes<C, T>(definition: ImportDefinition<C, T>, label: string): FastifyPluginAsyncZod {
  return async (app) => {
    const db = app.database.db;
    const tags = ["imports"];
    app.post(
      "/",
      {
        schema: {
          tags,
          summary: `上传${label}表格（.xlsx），返回预览`,
          consumes: ["multipart/form-data"],
          response: { 200: importPreviewSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        requirePermission(actor, definition.permission);
        if (!request.isMultipart())
          throw new AppError("UNSUPPORTED_FILE", "请以表单方式上传 .xlsx 文件（字段名 file）");
        const file = await request.file();
        if (!file) throw new AppError("UNSUPPORTED_FILE", "请选择要上传的 .xlsx 文件");
        const upload = await saveUpload(file, path.join(os.tmpdir(), "zonedesk-uploads"));
        return createImport(db, actor, definition, upload, app.config);
      },
    );
    app.get(
      "/:id",
      { schema: { tags, summary: "导入预览", params: idParamsSchema, response: { 200: importPreviewSchema } } },
      (request) => getImportPreview(db, actorOf(request), definition, request.params.id),
    );
    app.put(
      "/:id/mapping",
      {
        schema: {
          tags,
          summary: "列对应（表头与字段）",
          params: idParamsSchema,
          body: importMappingSchema,
          response: { 200: importPreviewSchema },
        },
      },
      (request) => updateImportMapping(db, actorOf(request), definition, request.params.id, request.body.mapping),
    );
    app.post(
      "/:id/confirm",
      {
        schema: {
          tags,
          summary: "确认导入（全部成功或全部不执行）",
          params: idParamsSchema,
          response: { 200: importResultSchema },
        },
      },
      (request) => confirmImport(db, actorOf(request), definition, request.params.id),
    );
    app.delete(
      "/:id",
      { schema: { tags, summary: "放弃导入", params: idParamsSchema, response: { 200: okSchema } } },
      async (request) => {
        await discardImport(db, actorOf(request), definition, request.params.id);
        return { ok: true as const };
      },
    );
  };
}
