import type { MeetingItem } from "@zonedesk/contracts";
import { isApiError } from "../../../lib/api";

/** The fields of an agenda item's decision, as the server names them in its field issues. */
export const itemFields = ["decision", "responsibleLeaderId", "responsibleDepartmentId", "newDueOn"] as const;
export type ItemField = (typeof itemFields)[number];

/**
 * Whether the meeting must name the item's responsible unit: an issue nobody holds yet (待受理) or sent back
 * (已退回) gets its unit from the meeting, and the server refuses to conclude without it.
 */
export function needsResponsibleUnit(item: MeetingItem): boolean {
  return item.issueStatus === "received" || item.issueStatus === "bounced";
}

/** What the server refused about each agenda item, by item id and field. */
export type ItemErrors = Record<string, Partial<Record<ItemField, string>>>;

/**
 * The field issues of a refused conclusion ("items.2.responsibleDepartmentId": the third item of the agenda,
 * in the order the meeting lists them) by item id, so each shows next to its item and in its form.
 */
export function itemErrorsOf(error: unknown, items: MeetingItem[]): ItemErrors {
  const errors: ItemErrors = {};
  if (!isApiError(error)) return errors;
  for (const issue of error.issues) {
    const match = /^(?:body\.)?items\.(\d+)\.(\w+)$/.exec(issue.path);
    const item = match ? items[Number(match[1])] : undefined;
    const field = itemFields.find((f) => f === match?.[2]);
    if (!item || !field) continue;
    errors[item.id] = { ...errors[item.id], [field]: issue.message };
  }
  return errors;
}
