import {
  AlignmentType,
  BorderStyle,
  Document,
  HeightRule,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { isUnitOrAncestorOf, requirePermission, visibleIssues } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { AppError, notFound } from "../../lib/errors.js";
import { formatBeijingTime } from "../../lib/format.js";
import { enterprises } from "../enterprises/enterprises.table.js";
import { orgUnits } from "../org-units/org-units.table.js";
import { enterpriseShownNames } from "./issue-enterprise-view.js";
import { meetingRouter } from "./issue-meeting-decision.js";
import { findIssueDepartments, getIssueWithNames } from "./issues.queries.js";
import { issueEvents } from "./issues.table.js";

export const docxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** What the routing slip (交办单) shows. */
export interface RoutingSlip {
  zoneName: string;
  serialNo: string;
  routedOn: string;
  subject: string;
  contact: string;
  categoryName: string;
  title: string;
  description: string;
  leadDepartments: string;
  coDepartments: string;
  dueOn: string | null;
  dispatcherName: string;
}

/** "2026-11-30" → "2026年11月30日". */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/**
 * The data of the routing slip of an issue the actor may see (404 otherwise), once it has been routed
 * (交办, by the dispatcher or a meeting decision): an issue still waiting for routing, or bounced back to the
 * dispatcher, has no slip (409).
 */
export async function loadRoutingSlip(db: Db, actor: Actor, issueId: string): Promise<RoutingSlip> {
  requirePermission(actor, "issue.read");
  const row = await getIssueWithNames(db, issueId, visibleIssues(actor));
  if (!row) throw notFound("问题", { isAccessRefusal: true });
  const i = row.issue;
  if (i.routedAt === null || i.leadDepartmentId === null || i.status === "received" || i.status === "bounced") {
    throw new AppError("INVALID_STATE", "该问题尚未交办，还没有交办单");
  }
  const [departmentsOf, zone, routing, enterprise] = await Promise.all([
    findIssueDepartments(db, [i.id]),
    zoneOf(db, i.orgUnitId),
    db
      .select({ actorUserId: issueEvents.actorUserId, actorName: issueEvents.actorName, data: issueEvents.data })
      .from(issueEvents)
      .where(and(eq(issueEvents.issueId, i.id), inArray(issueEvents.action, ["routed", "rerouted"])))
      .orderBy(desc(issueEvents.createdAt))
      .limit(1),
    i.enterpriseId
      ? db
          .select({ contactName: enterprises.contactName, contactPhone: enterprises.contactPhone })
          .from(enterprises)
          .where(eq(enterprises.id, i.enterpriseId))
      : Promise.resolve([]),
  ]);
  const contactName = i.reporterName ?? enterprise[0]?.contactName ?? null;
  const contactPhone = i.reporterName ? i.reporterPhone : (enterprise[0]?.contactPhone ?? null);
  const subject = [row.enterpriseName, row.projectName ? `项目：${row.projectName}` : null].filter(Boolean).join("；");
  return {
    zoneName: zone ?? row.orgUnitName,
    serialNo: i.serialNo,
    routedOn: formatBeijingTime(i.routedAt).slice(0, 10),
    subject,
    contact: [contactName, contactPhone].filter(Boolean).join("  "),
    categoryName: row.categoryName,
    title: i.title,
    description: i.description,
    leadDepartments: departmentsOf
      .filter((d) => d.role === "lead")
      .map((d) => d.name)
      .join("、"),
    coDepartments: departmentsOf
      .filter((d) => d.role === "co")
      .map((d) => d.name)
      .join("、"),
    dueOn: i.dueOn,
    dispatcherName: await routedByName(db, actor, routing[0]),
  };
}

/**
 * 交办人: the dispatcher who routed the issue, or the meeting (and its chair) whose decision routed it. An
 * enterprise user sees no staff names, as in the issue detail: the dispatcher's department or 园区服务中心,
 * and the meeting without its chair.
 */
async function routedByName(
  db: Db,
  actor: Actor,
  routing: { actorUserId: string | null; actorName: string; data: unknown } | undefined,
): Promise<string> {
  if (!routing) return "";
  // issue_events.data is jsonb: a routing by a meeting decision carries { meeting: { title, chairName } }.
  const meeting = (routing.data as { meeting?: { title: string; chairName: string | null } } | null)?.meeting;
  const isEnterprise = actor.role === "enterprise";
  if (meeting) return meetingRouter({ title: meeting.title, chairName: isEnterprise ? null : meeting.chairName });
  if (!isEnterprise) return routing.actorName;
  const shownName = await enterpriseShownNames(db, [routing.actorUserId]);
  return shownName(routing.actorUserId, routing.actorName).name;
}

/** The zone (开发区/县) the unit belongs to: the nearest zone or county on its path, else the unit itself. */
async function zoneOf(db: Db, orgUnitId: string): Promise<string | null> {
  const rows = await db
    .select({ name: orgUnits.name, kind: orgUnits.kind, depth: sql<number>`length(${orgUnits.path})` })
    .from(orgUnits)
    .where(isUnitOrAncestorOf(orgUnitId));
  const zones = rows.filter((r) => r.kind === "zone" || r.kind === "county").sort((a, b) => b.depth - a.depth);
  return zones[0]?.name ?? null;
}

// ── The document ─────────────────────────────────────────────────────────────

const font = { ascii: "SimSun", hAnsi: "SimSun", eastAsia: "SimSun" };
const bodySize = 24; // 小四 (12 pt), in half-points
/** A4 with 2.5 cm side margins: 21 cm − 5 cm = 16 cm ≈ 9071 twips of text width. */
const labelWidth = 1900;
const valueWidth = 2635;
const fullValueWidth = labelWidth + valueWidth * 2;

const lineBorder = { style: BorderStyle.SINGLE, size: 6, color: "000000" };
const borders = { top: lineBorder, bottom: lineBorder, left: lineBorder, right: lineBorder };

const run = (text: string, options: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text, font, size: options.size ?? bodySize, bold: options.bold });

/** Paragraphs of a text, one per line, so line breaks entered by users survive. */
const paragraphs = (text: string, alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.LEFT) =>
  text.split(/\r?\n/).map((line) => new Paragraph({ alignment, spacing: { line: 360 }, children: [run(line)] }));

function labelCell(label: string): TableCell {
  return new TableCell({
    borders,
    width: { size: labelWidth, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(label, { bold: true })] })],
  });
}

function valueCell(content: Paragraph[], span = 1): TableCell {
  return new TableCell({
    borders,
    columnSpan: span,
    width: { size: span === 3 ? fullValueWidth : valueWidth, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 100, right: 100, top: 60, bottom: 60 },
    children: content,
  });
}

const row = (cells: TableCell[], minHeight = 560) =>
  new TableRow({ cantSplit: true, height: { value: minHeight, rule: HeightRule.ATLEAST }, children: cells });

/** The printable routing slip (交办单) as .docx: one A4 page with the signature boxes. */
export async function buildRoutingSlipDocx(slip: RoutingSlip): Promise<Buffer> {
  const deadline = slip.dueOn ? `请于${chineseDate(slip.dueOn)}前办结并反馈` : "";
  const table = new Table({
    width: { size: fullValueWidth + labelWidth, type: WidthType.DXA },
    columnWidths: [labelWidth, valueWidth, labelWidth, valueWidth],
    rows: [
      row([labelCell("企业名称/项目"), valueCell(paragraphs(slip.subject), 3)]),
      row([
        labelCell("联系人"),
        valueCell(paragraphs(slip.contact)),
        labelCell("问题类别"),
        valueCell(paragraphs(slip.categoryName)),
      ]),
      row(
        [
          labelCell("问题描述"),
          valueCell(
            [
              new Paragraph({ spacing: { line: 360 }, children: [run(slip.title, { bold: true })] }),
              ...paragraphs(slip.description),
            ],
            3,
          ),
        ],
        2600,
      ),
      row([
        labelCell("牵头单位"),
        valueCell(paragraphs(slip.leadDepartments)),
        labelCell("配合单位"),
        valueCell(paragraphs(slip.coDepartments || "无")),
      ]),
      row([labelCell("办理时限"), valueCell([new Paragraph({ children: [run(deadline, { bold: true })] })], 3)]),
      row([
        labelCell("交办人"),
        valueCell(paragraphs(slip.dispatcherName)),
        labelCell("交办日期"),
        valueCell(paragraphs(chineseDate(slip.routedOn))),
      ]),
      row(
        [
          labelCell("签收"),
          valueCell(
            [
              new Paragraph({ children: [] }),
              new Paragraph({
                spacing: { before: 240 },
                children: [run("签收单位（盖章）：                  签收人：              ")],
              }),
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                spacing: { before: 240 },
                children: [run("年      月      日")],
              }),
            ],
            3,
          ),
        ],
        1500,
      ),
      row(
        [
          labelCell("办理结果"),
          valueCell(
            [
              new Paragraph({ children: [run("（承办单位填写办理情况及结果）", { size: 21 })] }),
              ...Array.from({ length: 5 }, () => new Paragraph({ children: [] })),
              new Paragraph({
                spacing: { before: 240 },
                children: [run("承办单位（盖章）：                  负责人：              ")],
              }),
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                spacing: { before: 240 },
                children: [run("年      月      日")],
              }),
            ],
            3,
          ),
        ],
        4400,
      ),
    ],
  });
  const document = new Document({
    creator: "ZoneDesk 园区服务台",
    title: `${slip.zoneName}企业问题交办单 ${slip.serialNo}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1440, bottom: 1200, left: 1417, right: 1417 },
          },
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [run(`${slip.zoneName}企业问题交办单`, { bold: true, size: 40 })],
          }),
          new Paragraph({
            spacing: { after: 120 },
            children: [run(`编号：${slip.serialNo}`), run(`\t交办日期：${chineseDate(slip.routedOn)}`)],
            tabStops: [{ type: "right", position: fullValueWidth + labelWidth }],
          }),
          table,
          new Paragraph({
            spacing: { before: 200, line: 320 },
            children: [
              run(
                "注：请承办单位在办理时限内办结，并将办理结果反馈至企业服务中心；确需延期的，请在到期前提出延期申请；非本单位职责的，请及时退回并说明理由。",
                { size: 21 },
              ),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** GET /api/issues/:id/routing-slip.docx: the slip's bytes and file name, the download audited. */
export async function prepareRoutingSlip(
  db: Db,
  actor: Actor,
  issueId: string,
): Promise<{ fileName: string; body: Buffer }> {
  const slip = await loadRoutingSlip(db, actor, issueId);
  const body = await buildRoutingSlipDocx(slip);
  await writeAudit(db, actor, {
    action: "issue.routing_slip",
    entityType: "issue",
    entityId: issueId,
    summary: slip.serialNo,
  });
  return { fileName: `交办单-${slip.serialNo}.docx`, body };
}
