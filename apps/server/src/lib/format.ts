/** Timestamps as Chinese offices read them: Beijing time, "YYYY-MM-DD HH:mm:ss". */
export function formatBeijingTime(value: Date): string {
  const shifted = new Date(value.getTime() + 8 * 3_600_000);
  return shifted.toISOString().replace("T", " ").slice(0, 19);
}

/** Today's date in Beijing as YYYY-MM-DD. */
export function todayInBeijing(now = new Date()): string {
  return formatBeijingTime(now).slice(0, 10);
}

/** A file name for Content-Disposition, UTF-8 encoded so Chinese names survive. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Writes a workbook to a stream; services return one after their checks so routes can stream it. */
export type SheetWriter = (output: NodeJS.WritableStream) => Promise<void>;
