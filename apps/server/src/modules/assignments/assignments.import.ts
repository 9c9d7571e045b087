import { assignmentColumns, checkCreditCode, type LiaisonRole, liaisonRoleLabels } from "@zonedesk/contracts";
import { and, eq, inArray, sql } from "drizzle-orm";
import { visibleEnterprises } from "../../lib/access.js";
import { writeAuditMany } from "../../lib/audit.js";
import { cleanText, parseDate, parseEnumLabel } from "../../lib/excel/index.js";
import { todayInBeijing } from "../../lib/format.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { type ImportDefinition, importFieldsOf, type RowIssue, type RowOutcome } from "../imports/index.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { users } from "../users/users.table.js";
import { blocksDuplicate, insertAssignments } from "./assignments.queries.js";
import { liaisonAssignments } from "./assignments.table.js";

type UserRow = typeof users.$inferSelect;

interface Context {
  usersByName: Map<string, UserRow>;
  /** Paths of the units in scope: a person is assigned only within their own subtree. */
  unitPaths: Map<string, string>;
  seen: Map<string, number>;
}

export interface AssignmentImportValue {
  orgUnitId: string;
  enterpriseId: string;
  enterpriseName: string;
  userId: string;
  userName: string;
  role: LiaisonRole;
  startsOn: string;
}

/** Bulk liaison assignment from a sheet: credit code + account + role per row; active duplicates are left as they are. */
export const assignmentImport: ImportDefinition<Context, AssignmentImportValue> = {
  kind: "assignments",
  auditAction: "assignment.import",
  permission: "assignment.write",
  fields: importFieldsOf(assignmentColumns, {
    creditCode: ["信用代码", "统一代码"],
    username: ["账号", "用户名", "包联人账号"],
    role: ["角色", "包联职务"],
    startsOn: ["起始日期", "包联开始日期"],
  }),
  maxRows: 20_000,

  async loadContext(db, actor) {
    const rows = await db
      .select()
      .from(users)
      .where(
        and(
          sql`${users.orgUnitId} in (select id from org_units where path like ${`${actor.orgUnitPath}%`})`,
          eq(users.isDisabled, false),
        ),
      );
    const units = await db
      .select({ id: orgUnits.id, path: orgUnits.path })
      .from(orgUnits)
      .where(sql`${orgUnits.path} like ${`${actor.orgUnitPath}%`}`);
    return {
      usersByName: new Map(rows.map((u) => [u.username.toLowerCase(), u])),
      unitPaths: new Map(units.map((u) => [u.id, u.path])),
      seen: new Map(),
    };
  },

  async checkRows(db, actor, context, rows) {
    const codes = rows
      .map((r) => checkCreditCode(cleanText(r.values.creditCode ?? null) ?? ""))
      .filter((c) => c.ok)
      .map((c) => c.code);
    const found =
      codes.length === 0
        ? []
        : await db
            .select()
            .from(enterprises)
            .where(and(inArray(enterprises.creditCode, codes), visibleEnterprises(actor)));
    const byCode = new Map(found.map((e) => [e.creditCode, e]));
    const active =
      found.length === 0
        ? []
        : await db
            .select({
              enterpriseId: liaisonAssignments.enterpriseId,
              userId: liaisonAssignments.userId,
              role: liaisonAssignments.role,
            })
            .from(liaisonAssignments)
            .where(
              and(
                inArray(
                  liaisonAssignments.enterpriseId,
                  found.map((e) => e.id),
                ),
                blocksDuplicate,
              ),
            );
    const activeKeys = new Set(active.map((a) => `${a.enterpriseId}|${a.userId}|${a.role}`));

    return rows.map((r): RowOutcome<AssignmentImportValue> => {
      const issues: RowIssue[] = [];
      const code = checkCreditCode(cleanText(r.values.creditCode ?? null) ?? "");
      const enterprise = code.ok ? byCode.get(code.code) : undefined;
      if (!code.ok) issues.push({ field: "creditCode", message: code.reason });
      else if (!enterprise)
        issues.push({ field: "creditCode", message: `未找到信用代码为“${code.code}”的企业（或不在您的管理范围内）` });
      else if (enterprise.status !== "active") issues.push({ field: "creditCode", message: "该企业已归档" });
      const username = cleanText(r.values.username ?? null);
      const user = username ? context.usersByName.get(username.toLowerCase()) : undefined;
      if (!username) issues.push({ field: "username", message: "包联人员账号不能为空" });
      else if (!user)
        issues.push({ field: "username", message: `账号“${username}”不存在、已停用或不在您的管理范围内` });
      else if (user.role !== "leader" && user.role !== "cadre")
        issues.push({ field: "username", message: `${user.displayName}不是包联领导或助企干部` });
      const roleParsed = parseEnumLabel(r.values.role ?? null, liaisonRoleLabels);
      const role = roleParsed.ok ? (roleParsed.value as LiaisonRole) : null; // a key of liaisonRoleLabels
      if (!roleParsed.ok) issues.push({ field: "role", message: roleParsed.reason });
      const userPath = user ? (context.unitPaths.get(user.orgUnitId) ?? "") : "";
      if (user && enterprise && !(context.unitPaths.get(enterprise.orgUnitId) ?? "").startsWith(userPath)) {
        issues.push({
          field: "username",
          message: `${enterprise.name}不在${user.displayName}所属单位的范围内，包联后其无法查看`,
        });
      }
      if (role === "lead_leader" && user && user.role !== "leader")
        issues.push({ field: "role", message: `分包领导须由包联领导担任，${user.displayName}是助企干部` });
      let startsOn = todayInBeijing();
      if (cleanText(r.values.startsOn ?? null) !== null) {
        const parsed = parseDate(r.values.startsOn ?? null);
        if (parsed.ok) startsOn = parsed.value;
        else issues.push({ field: "startsOn", message: parsed.reason });
      }
      const key = code.ok ? code.code : String(cleanText(r.values.creditCode ?? null) ?? "");
      const label = `${enterprise?.name ?? ""} ← ${user?.displayName ?? username ?? ""}${role ? `（${liaisonRoleLabels[role]}）` : ""}`;
      if (issues.length > 0 || !enterprise || !user || !role)
        return { rowNumber: r.rowNumber, action: "refused", key, label, changes: [], issues };
      const identity = `${enterprise.id}|${user.id}|${role}`;
      const first = context.seen.get(identity);
      if (first !== undefined) {
        return {
          rowNumber: r.rowNumber,
          action: "refused",
          key,
          label,
          changes: [],
          issues: [{ field: "username", message: `与第${first}行重复` }],
        };
      }
      context.seen.set(identity, r.rowNumber);
      const value = {
        orgUnitId: enterprise.orgUnitId,
        enterpriseId: enterprise.id,
        enterpriseName: enterprise.name,
        userId: user.id,
        userName: user.displayName,
        role,
        startsOn,
      };
      return {
        rowNumber: r.rowNumber,
        action: activeKeys.has(identity) ? "unchanged" : "create",
        key,
        label,
        changes: [],
        issues: [],
        value,
      };
    });
  },

  async applyRows(db, actor, rows) {
    const values = rows.map((r) => r.value).filter((v): v is AssignmentImportValue => v !== undefined);
    const created = await insertAssignments(
      db,
      values.map((v) => ({
        orgUnitId: v.orgUnitId,
        enterpriseId: v.enterpriseId,
        userId: v.userId,
        role: v.role,
        startsOn: v.startsOn,
        createdBy: actor.userId,
      })),
    );
    await writeAuditMany(
      db,
      actor,
      created.map((row, i) => ({
        action: "assignment.create",
        entityType: "assignment",
        entityId: row.id,
        orgUnitId: row.orgUnitId,
        summary: `${values[i]?.enterpriseName ?? ""} ← ${values[i]?.userName ?? ""}（${liaisonRoleLabels[row.role]}，导入）`,
        after: row,
      })),
    );
  },
};
