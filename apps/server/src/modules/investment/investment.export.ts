import {
  type LeadFilter,
  leadExportColumns,
  leadFlagLabels,
  leadSourceLabels,
  leadStageLabels,
} from "@zonedesk/contracts";
import type { Db } from "../../db/client.js";
import { requirePermission, visibleProjects } from "../../lib/access.js";
import type { Actor } from "../../lib/actor.js";
import { writeAudit } from "../../lib/audit.js";
import { formatWanYuan, writeSheet } from "../../lib/excel/index.js";
import { formatBeijingTime, type SheetWriter } from "../../lib/format.js";
import { findLeads } from "./investment.queries.js";
import { leadListWhere, toLead } from "./investment.service.js";

const widths = [6, 30, 30, 10, 14, 14, 24, 12, 8, 10, 12, 20];
const exportLimit = 100_000;

/** Checks access and audits, then returns the writer of the filtered leads (招商线索台账). */
export async function prepareLeadExport(
  db: Db,
  actor: Actor,
  query: LeadFilter & { sort: string },
): Promise<SheetWriter> {
  requirePermission(actor, "lead.read");
  const where = leadListWhere(actor, query);
  await writeAudit(db, actor, {
    action: "lead.export",
    entityType: "investment_lead",
    orgUnitId: actor.orgUnitId,
    summary: JSON.stringify(query),
  });
  async function* rows() {
    const batch = 1000;
    let n = 0;
    for (let offset = 0; offset < exportLimit; offset += batch) {
      const { rows: chunk } = await findLeads(db, {
        where,
        visibleProject: visibleProjects(actor),
        sort: query.sort,
        limit: batch,
        offset,
      });
      for (const lead of chunk.map(toLead)) {
        const flags = [
          lead.isFortune500 ? leadFlagLabels.fortune500 : null,
          lead.isCentralSoe ? leadFlagLabels.centralSoe : null,
          lead.isListed ? leadFlagLabels.listed : null,
          lead.isOverBillion ? leadFlagLabels.overBillion : null,
        ].filter((f): f is string => f !== null);
        const origin = [lead.originRegion, lead.originProvince].filter(Boolean).join(" ");
        yield [
          ++n,
          lead.projectName,
          lead.investorName,
          origin || null,
          lead.industryChain,
          lead.intendedInvestment === null ? null : formatWanYuan(lead.intendedInvestment),
          flags.join("、") || null,
          leadSourceLabels[lead.source],
          leadStageLabels[lead.stage],
          lead.ownerName,
          lead.lastActivityOn,
          formatBeijingTime(new Date(lead.updatedAt)),
        ];
      }
      if (chunk.length < batch) return;
    }
  }
  return (output) =>
    writeSheet(output, {
      sheetName: "招商线索",
      title: "招商引资线索台账",
      columns: leadExportColumns.map((header, i) => ({
        header,
        width: widths[i] ?? 14,
        kind: header === "拟投资（万元）" || header === "序号" ? ("number" as const) : ("text" as const),
      })),
      rows: rows(),
    });
}
