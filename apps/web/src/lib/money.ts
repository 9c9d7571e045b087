/**
 * Money travels as yuan in decimal strings ("12345678.00"). It is shown in 万元 and typed
 * in 万元; every conversion here is exact decimal arithmetic on BigInt, never floating point.
 */

const decimalPattern = /^(-?)(\d+)(?:\.(\d*))?$/;

/** A decimal string as an integer count of 10^-scale units, or null if it is not a plain decimal. */
function toScaled(text: string, scale: number): { value: bigint; exact: boolean } | null {
  const match = decimalPattern.exec(text.trim());
  if (!match) return null;
  const [, sign = "", whole = "0", frac = ""] = match;
  const kept = frac.slice(0, scale).padEnd(scale, "0");
  const dropped = frac.slice(scale);
  let value = BigInt(whole + kept);
  // round half away from zero on the dropped digits
  if (dropped.length > 0 && Number(dropped.charAt(0)) >= 5) value += 1n;
  return { value: sign === "-" ? -value : value, exact: /^0*$/.test(dropped) };
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** An integer of 10^-decimals units as "1,234.57". */
function formatScaled(value: bigint, decimals: number, group = true): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  const text = `${group ? groupThousands(whole) : whole}${decimals > 0 ? `.${frac}` : ""}`;
  return negative ? `-${text}` : text;
}

/** Yuan string → number of 万元 with two decimals and separators: "12345678.00" → "1,234.57". */
export function formatWanYuanNumber(yuan: string): string | null {
  // 0.01 万元 is 100 yuan: scale the yuan to hundredths of 万元 by rounding yuan/100.
  const cents = toScaled(yuan, 2);
  if (!cents) return null;
  const negative = cents.value < 0n;
  const abs = negative ? -cents.value : cents.value;
  const hundredths = (abs + 5_000n) / 10_000n;
  return formatScaled(negative ? -hundredths : hundredths, 2);
}

/** Yuan string → "1,234.57 万元"; null or unparsable → "—". */
export function formatWanYuan(yuan: string | null | undefined, unit = "万元"): string {
  if (yuan === null || yuan === undefined || yuan === "") return "—";
  const text = formatWanYuanNumber(yuan);
  return text === null ? "—" : `${text} ${unit}`;
}

/** What the 万元 input accepts: up to 6 decimals, since 0.000001 万元 is one fen. */
export const wanYuanInputPattern = /^-?\d{1,12}(\.\d{1,6})?$/;

/** 万元 as typed → yuan string with two decimals: "1234.5678" → "12345678.00". Null if not a valid amount. */
export function wanYuanToYuan(input: string): string | null {
  const text = input.trim().replaceAll(",", "").replaceAll("，", "");
  if (!wanYuanInputPattern.test(text)) return null;
  // 万元 with 6 decimals is exactly yuan with 2 decimals (×10^4).
  const scaled = toScaled(text, 6);
  if (!scaled) return null;
  return formatScaled(scaled.value, 2, false);
}

/** Yuan string → 万元 for an input box, exact and without trailing zeros: "12345678.00" → "1234.5678". */
export function yuanToWanYuanInput(yuan: string | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === "") return "";
  const cents = toScaled(yuan, 2);
  if (!cents) return "";
  const text = formatScaled(cents.value, 6, false);
  return text.replace(/\.?0+$/, "");
}

/** Yuan string with separators and two decimals: "12345678" → "12,345,678.00". */
export function formatYuan(yuan: string): string | null {
  const cents = toScaled(yuan, 2);
  return cents ? formatScaled(cents.value, 2) : null;
}

/** A rate in 0..1 as "86.7%"; null → "—". */
export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return "—";
  return `${(rate * 100).toFixed(digits)}%`;
}
