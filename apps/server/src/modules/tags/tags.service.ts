import type { CreateTag, Tag, UpdateTag } from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { requirePermission, requireSharedListMaintainer, visibleEnterprises } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { changedFields, writeAudit } from "../../lib/audit.js";
import { AppError, isUniqueViolation, notFound } from "../../lib/errors.js";
import { assertUpdated, assertVersion } from "../../lib/versioning.js";
import { findTags, insertTag, type TagRow, updateTagRow } from "./tags.queries.js";

function toTag(row: { tag: TagRow; enterpriseCount: number }): Tag {
  const t = row.tag;
  return {
    id: t.id,
    name: t.name,
    category: t.category,
    sortOrder: t.sortOrder,
    isArchived: t.isArchived,
    enterpriseCount: row.enterpriseCount,
    version: t.version,
  };
}

const nameTaken = (name: string) =>
  new AppError("CONFLICT", `标签“${name}”已存在`, {
    details: { issues: [{ path: "name", message: "标签名称已存在" }] },
  });

/** The managed tag list, shared by the deployment. */
export async function listTags(db: Db, actor: Actor): Promise<Tag[]> {
  requirePermission(actor, "tag.read");
  return (await findTags(db, visibleEnterprises(actor))).map(toTag);
}

export async function createTag(db: Db, actor: Actor, input: CreateTag): Promise<Tag> {
  requireSharedListMaintainer(actor, "tag.write");
  try {
    return await db.transaction(async (tx) => {
      const row = await insertTag(tx, {
        name: input.name,
        category: input.category ?? null,
        sortOrder: input.sortOrder ?? 0,
      });
      await writeAudit(tx, actor, {
        action: "tag.create",
        entityType: "tag",
        entityId: row.id,
        orgUnitId: actor.orgUnitId,
        summary: row.name,
        after: row,
      });
      return toTag({ tag: row, enterpriseCount: 0 });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** Renames, recategorises or archives a tag (archived tags stay on enterprises but are no longer offered). */
export async function updateTag(db: Db, actor: Actor, id: string, input: UpdateTag): Promise<Tag> {
  requireSharedListMaintainer(actor, "tag.write");
  try {
    return await db.transaction(async (tx) => {
      const [current] = await findTags(tx, visibleEnterprises(actor), id);
      if (!current) throw notFound("标签");
      assertVersion(current.tag.version, input.version, "该标签");
      const values = {
        name: input.name,
        category: input.category ?? null,
        sortOrder: input.sortOrder ?? current.tag.sortOrder,
        isArchived: input.isArchived ?? current.tag.isArchived,
      };
      const row = assertUpdated(await updateTagRow(tx, id, input.version, values), "该标签");
      const { name, category, sortOrder, isArchived } = current.tag;
      await writeAudit(tx, actor, {
        action: "tag.update",
        entityType: "tag",
        entityId: id,
        orgUnitId: actor.orgUnitId,
        summary: row.name,
        ...changedFields({ name, category, sortOrder, isArchived }, values),
      });
      return toTag({ tag: row, enterpriseCount: current.enterpriseCount });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}
