import dayjs, { type Dayjs } from "dayjs";

/** Dates are shown and sent as YYYY-MM-DD. */
export const dateFormat = "YYYY-MM-DD";

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  const d = dayjs(value);
  return d.isValid() ? d.format(dateFormat) : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  const d = dayjs(value);
  return d.isValid() ? d.format("YYYY-MM-DD HH:mm") : value;
}

export function toDateString(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format(dateFormat) : undefined;
}

export function fromDateString(value: string | null | undefined): Dayjs | undefined {
  return value ? dayjs(value) : undefined;
}
