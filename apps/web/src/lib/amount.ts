import { formatWanYuanNumber } from "./money";

/** Yuan string shown in 亿元 from one hundred million up, else in 万元: "9533720000.00" → "95.34 亿元". */
export function formatAmount(yuan: string | null | undefined, units = { wan: "万元", yi: "亿元" }): string {
  if (yuan === null || yuan === undefined || yuan === "") return "—";
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(yuan.trim());
  if (!match) return "—";
  const [, sign = "", whole = "0", frac = ""] = match;
  if (whole.replace(/^0+/, "").length < 9) {
    const wan = formatWanYuanNumber(yuan);
    return wan === null ? "—" : `${wan} ${units.wan}`;
  }
  // 亿元 = 万元 of the amount shifted four places: exact decimal arithmetic, no floating point
  const asWan = `${sign}${whole.slice(0, -4)}.${whole.slice(-4)}${frac}`;
  const yi = formatWanYuanNumber(asWan);
  return yi === null ? "—" : `${yi} ${units.yi}`;
}

/** Yuan string → 万元 number for a chart axis (display only; the figures themselves stay exact strings). */
export function yuanToWanNumber(yuan: string | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === "") return null;
  const n = Number(yuan);
  return Number.isFinite(n) ? Math.round(n / 100) / 100 : null;
}
