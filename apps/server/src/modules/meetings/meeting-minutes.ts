import type { MeetingDetail } from "@zonedesk/contracts";
import { meetingStatusLabels } from "@zonedesk/contracts";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { formatBeijingTime } from "../../lib/format.js";
import { getMeeting } from "./meetings.service.js";

/*
 * 会议纪要 of a 联审联批会议 as a Word document: the header (title, date, place, chair, attendees) and the
 * table of decisions, A4 landscape so the eight columns stay readable when printed.
 */

const font = { ascii: "SimSun", hAnsi: "SimSun", eastAsia: "SimSun", cs: "SimSun" };
const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const borders = { top: border, bottom: border, left: border, right: border };

/** Column headers and widths (twips) of the decisions table; the widths sum to the printable width. */
const columns: [string, number][] = [
  ["序号", 700],
  ["问题编号", 1900],
  ["企业/项目", 2000],
  ["问题描述", 3000],
  ["会议决定", 3100],
  ["责任领导", 1100],
  ["责任单位", 1400],
  ["完成时限", 1400],
];

function text(value: string, options: { bold?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text: value, font, bold: options.bold, size: options.size ?? 21 });
}

function cell(value: string, width: number, options: { bold?: boolean; center?: boolean } = {}): TableCell {
  return new TableCell({
    borders,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
    children: value.split("\n").map(
      (line) =>
        new Paragraph({
          alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [text(line, { bold: options.bold })],
        }),
    ),
  });
}

function field(label: string, value: string | null): Paragraph {
  return new Paragraph({
    spacing: { after: 80 },
    children: [text(`${label}：`, { bold: true, size: 24 }), text(value?.trim() || "—", { size: 24 })],
  });
}

/** The minutes as a .docx buffer. */
export async function buildMinutesDocx(meeting: MeetingDetail): Promise<Buffer> {
  const header = new TableRow({
    tableHeader: true,
    children: columns.map(([label, width]) => cell(label, width, { bold: true, center: true })),
  });
  const centered = new Set([0, 5, 6, 7]);
  const rows = meeting.items.map((item, index) => {
    // An issue the reader may not see is listed by its number only (see findMeetingItems).
    const values = !item.isVisible
      ? [String(index + 1), item.serialNo, "—", "（无权查看）", "—", "—", "—", "—"]
      : [
          String(index + 1),
          item.serialNo,
          [item.enterpriseName, item.projectName].filter(Boolean).join("\n") || "—",
          `${item.issueTitle ?? ""}\n${item.issueDescription ?? ""}`,
          item.decision ?? "（未填写）",
          item.responsibleLeaderName ?? "—",
          item.responsibleDepartmentName ?? item.leadDepartmentName ?? "—",
          item.newDueOn ?? item.dueOn ?? "—",
        ];
    return new TableRow({
      cantSplit: true,
      children: columns.map(([, width], i) => cell(values[i] ?? "", width, { center: centered.has(i) })),
    });
  });
  const decisions =
    rows.length > 0
      ? new Table({
          width: { size: 14600, type: WidthType.DXA },
          columnWidths: columns.map(([, width]) => width),
          rows: [header, ...rows],
        })
      : new Paragraph({ children: [text("本次会议未研究具体问题。", { size: 24 })] });
  const doc = new Document({
    creator: "ZoneDesk 园区服务台",
    title: `${meeting.title} 会议纪要`,
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE, width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1070, right: 1070 },
          },
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 120 },
            children: [text("会议纪要", { bold: true, size: 40 })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [text(meeting.title, { bold: true, size: 30 })],
          }),
          field("会议时间", meeting.heldOn),
          field("会议地点", meeting.location),
          field("主持人", meeting.chairName),
          field("参会人员", meeting.attendees),
          field("召开单位", meeting.orgUnitName),
          ...(meeting.notes ? [field("会议情况", meeting.notes)] : []),
          new Paragraph({
            spacing: { before: 200, after: 120 },
            children: [text(`一、会议决定事项（共 ${meeting.items.length} 项）`, { bold: true, size: 26 })],
          }),
          decisions,
          new Paragraph({
            spacing: { before: 240 },
            alignment: AlignmentType.RIGHT,
            children: [
              text(
                `${meeting.status === "concluded" ? "" : `（${meetingStatusLabels[meeting.status]}，决定尚未生效）`}${meeting.orgUnitName}  ${meeting.concludedAt ? formatBeijingTime(new Date(meeting.concludedAt)).slice(0, 10) : meeting.heldOn}`,
                { size: 24 },
              ),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Loads the meeting (scope and permission checked), audits the download and builds the minutes. */
export async function exportMinutes(db: Db, actor: Actor, id: string): Promise<{ fileName: string; body: Buffer }> {
  const meeting = await getMeeting(db, actor, id);
  await writeAudit(db, actor, {
    action: "meeting.minutes_export",
    entityType: "review_meeting",
    entityId: id,
    orgUnitId: meeting.orgUnitId,
    summary: meeting.title,
  });
  return { fileName: `${meeting.title}-会议纪要.docx`, body: await buildMinutesDocx(meeting) };
}
