/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
 * 31-symbol alphabet, the last one a check character over the first 17.
 */
export const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Full-width letters/digits to half-width, spaces removed, upper case: how users paste codes. */
export function normalizeCreditCode(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00A0\u200B]+/g, "")
    .toUpperCase();
}

/** The check character for the first 17 characters, or null if one of them is not in the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = creditCodeAlphabet.indexOf(first17.charAt(i));
    const weight = weights[i];
    if (value < 0 || weight === undefined) return null;
    sum += value * weight;
  }
  const check = (31 - (sum % 31)) % 31;
  return creditCodeAlphabet.charAt(check);
}

export type CreditCodeResult = { ok: true; code: string } | { ok: false; code: string; reason: string };

/** Validates a code after normalising it; the reason names what is wrong, in Chinese. */
export function checkCreditCode(raw: string): CreditCodeResult {
  const code = normalizeCreditCode(raw);
  if (code.length === 0) return { ok: false, code, reason: "统一社会信用代码不能为空" };
  if (code.length !== 18) {
    return { ok: false, code, reason: `统一社会信用代码应为18位，“${code}”为${code.length}位` };
  }
  for (let i = 0; i < 18; i++) {
    const ch = code.charAt(i);
    if (!creditCodeAlphabet.includes(ch)) {
      return {
        ok: false,
        code,
        reason: `统一社会信用代码“${code}”第${i + 1}位“${ch}”不是有效字符（不使用 I、O、Z、S、V）`,
      };
    }
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code.charAt(17)) {
    return {
      ok: false,
      code,
      reason: `统一社会信用代码“${code}”校验位错误：第18位应为“${expected}”，实为“${code.charAt(17)}”`,
    };
  }
  return { ok: true, code };
}
