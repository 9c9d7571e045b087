import { checkCreditCode, creditCodeCheckChar, normalizeCreditCode } from "@zonedesk/contracts";
import { describe, expect, it } from "vitest";

describe("unified social credit code (GB 32100-2015)", () => {
  it("accepts the real code 91350100M000100Y43", () => {
    expect(checkCreditCode("91350100M000100Y43")).toEqual({ ok: true, code: "91350100M000100Y43" });
  });

  it.each(["91411002MA9GXXXX", "12410000415800", "93411082MA45LPQR", "51411000MJY0000"])(
    "accepts a code completed with its own check character from %s",
    (prefix) => {
      const first17 = prefix.padEnd(17, "1");
      const code = first17 + (creditCodeCheckChar(first17) ?? "");
      expect(checkCreditCode(code)).toEqual({ ok: true, code });
    },
  );

  it("computes the check character, with 31 mapping to 0", () => {
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
    // Σ value×weight ≡ 0 (mod 31) gives 31 − 0 = 31, which maps to "0".
    expect(creditCodeCheckChar("00000000000000000")).toBe("0");
  });

  it("normalises full-width characters, spaces and lower case before checking", () => {
    expect(normalizeCreditCode(" ９１３５０１００ｍ０００１００ｙ４３ ")).toBe("91350100M000100Y43");
    expect(checkCreditCode("9135 0100 m000 100y43")).toEqual({ ok: true, code: "91350100M000100Y43" });
  });

  it.each([
    ["", "不能为空"],
    ["91350100M000100Y4", "应为18位，“91350100M000100Y4”为17位"],
    ["91350100M000100Y44", "校验位错误：第18位应为“3”，实为“4”"],
    ["91350100M00010OY43", "第15位“O”不是有效字符"],
    ["91350100I000100Y43", "第9位“I”不是有效字符"],
    ["91350100M000100Y4S", "第18位“S”不是有效字符"],
  ])("refuses %j, saying %s", (code, reason) => {
    const result = checkCreditCode(code);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
