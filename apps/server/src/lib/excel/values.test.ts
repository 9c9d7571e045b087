import { describe, expect, it } from "vitest";
import {
  cleanText,
  escapeFormulaText,
  formatWanYuan,
  numberToPlainString,
  parseDate,
  parseEnumLabel,
  parseWanYuan,
  splitList,
} from "./values.js";

const ok = <T>(value: T) => ({ ok: true, value });

describe("cleanText", () => {
  it("trims, strips zero-width characters and NBSP, and returns null for empty cells", () => {
    expect(cleanText("  \u200B企业\u00A0名称\uFEFF ")).toBe("企业 名称");
    expect(cleanText("   ")).toBeNull();
    expect(cleanText("\u200B")).toBeNull();
    expect(cleanText(null)).toBeNull();
    expect(cleanText(undefined)).toBeNull();
  });

  it("turns numbers, booleans, dates and rich text into text", () => {
    expect(cleanText(0.1 + 0.2)).toBe("0.3");
    expect(cleanText(12345)).toBe("12345");
    expect(cleanText(true)).toBe("TRUE");
    expect(cleanText(new Date(Date.UTC(2024, 2, 5)))).toBe("2024-03-05");
    expect(cleanText({ richText: [{ text: "高新" }, { text: "企业" }] })).toBe("高新企业");
    expect(cleanText({ formula: "A1", result: 7 })).toBe("7");
    expect(cleanText({ error: "#N/A" })).toBeNull();
  });

  it("converts full-width characters and removes spaces in codes only when asked", () => {
    const code = " ９１３２０１００ＭＡ１ＸＹ　２３４５６ ";
    expect(cleanText(code)).toBe("９１３２０１００ＭＡ１ＸＹ　２３４５６");
    expect(cleanText(code, { toHalfWidth: true })).toBe("91320100MA1XY 23456");
    expect(cleanText(code, { toHalfWidth: true, removeSpaces: true })).toBe("91320100MA1XY23456");
  });

  it("removes exactly the apostrophe our exports put before formula characters", () => {
    for (const original of ["=1+1", "+86 139 0000 0000", "-5", "@SUM(A1)", "'=x", "''+y"]) {
      expect(cleanText(escapeFormulaText(original))).toBe(original);
    }
    expect(cleanText("'abc")).toBe("'abc");
    expect(escapeFormulaText("普通文字")).toBe("普通文字");
  });
});

describe("parseDate", () => {
  it.each([
    ["2024-03-05"],
    ["2024/3/5"],
    ["2024.3.5"],
    ["2024年3月5日"],
    ["20240305"],
    [" 2024 年 3 月 5 日 "],
    ["２０２４－０３－０５"],
    ["２０２４年３月５日"],
    ["2024-03-05 00:00:00"],
  ])("reads %j as 2024-03-05", (text) => {
    expect(parseDate(text)).toEqual(ok("2024-03-05"));
  });

  it("reads Excel serial numbers in the 1900 date system, including its leap-year bug", () => {
    expect(parseDate(45356)).toEqual(ok("2024-03-05"));
    expect(parseDate(45356.75)).toEqual(ok("2024-03-05"));
    expect(parseDate(1)).toEqual(ok("1900-01-01"));
    expect(parseDate(59)).toEqual(ok("1900-02-28"));
    expect(parseDate(61)).toEqual(ok("1900-03-01"));
    const bug = parseDate(60);
    expect(bug.ok).toBe(false);
  });

  it("reads Date objects in UTC, as ExcelJS returns date cells", () => {
    expect(parseDate(new Date(Date.UTC(2024, 2, 5)))).toEqual(ok("2024-03-05"));
  });

  it("refuses dates that do not exist, naming them", () => {
    const result = parseDate("2024-02-30");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain("2024-02-30");
    expect(parseDate("2023-02-29").ok).toBe(false);
    expect(parseDate("2024-02-29")).toEqual(ok("2024-02-29"));
  });

  it("refuses garbage, empty cells and years outside 1900–2100", () => {
    const garbage = parseDate("下个月");
    expect(garbage).toMatchObject({ ok: false });
    if (!garbage.ok) expect(garbage.reason).toContain("下个月");
    expect(parseDate("").ok).toBe(false);
    expect(parseDate("1899-12-31").ok).toBe(false);
    expect(parseDate("2101-01-01").ok).toBe(false);
    expect(parseDate(3_000_000).ok).toBe(false);
    expect(parseDate(-1).ok).toBe(false);
    expect(parseDate(new Date(Number.NaN)).ok).toBe(false);
    expect(parseDate(true).ok).toBe(false);
  });
});

describe("parseWanYuan", () => {
  it.each([
    ["0.01", "100.00"],
    ["1234.5", "12345000.00"],
    ["1,234.5", "12345000.00"],
    ["１２３４．５", "12345000.00"],
    ["1234.5万元", "12345000.00"],
    ["1234.5万", "12345000.00"],
    [" 500 ", "5000000.00"],
    ["0", "0.00"],
    ["0.000001", "0.01"],
    ["123456789.123456", "1234567891234.56"],
    [".5", "5000.00"],
  ])("reads %j 万元 as %s yuan", (text, yuan) => {
    expect(parseWanYuan(text)).toEqual(ok(yuan));
  });

  it("reads numbers from Excel exactly, without floating-point noise", () => {
    expect(parseWanYuan(1234.5678)).toEqual(ok("12345678.00"));
    expect(parseWanYuan(0.1 + 0.2)).toEqual(ok("3000.00"));
    expect(parseWanYuan(0.01)).toEqual(ok("100.00"));
    expect(parseWanYuan(1.005)).toEqual(ok("10050.00"));
    expect(parseWanYuan(500)).toEqual(ok("5000000.00"));
  });

  it.each([
    ["-5"],
    [-5],
    ["abc"],
    ["1.2.3"],
    ["12,34"],
    ["1.0000001"],
    ["100元"],
    ["3亿"],
    [""],
    [Number.NaN],
    ["9999999999999"],
  ])("refuses %j with a reason", (value) => {
    const result = parseWanYuan(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });

  it("names the refused value", () => {
    const result = parseWanYuan("五百");
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toContain("五百");
  });

  it("formats stored yuan back to 万元 so export then import is lossless", () => {
    expect(formatWanYuan("12345000.00")).toBe("1234.5");
    expect(formatWanYuan("100.00")).toBe("0.01");
    expect(formatWanYuan("0.01")).toBe("0.000001");
    expect(formatWanYuan("0")).toBe("0");
    expect(formatWanYuan("1234567891234.56")).toBe("123456789.123456");
    for (const yuan of ["12345678.00", "0.01", "5000000.00", "987654321.99"]) {
      expect(parseWanYuan(formatWanYuan(yuan))).toEqual(ok(yuan));
    }
    expect(() => formatWanYuan("abc")).toThrow();
  });
});

describe("numberToPlainString", () => {
  it("writes numbers without exponents or binary noise", () => {
    expect(numberToPlainString(1e21)).toBe("1000000000000000000000");
    expect(numberToPlainString(1e-7)).toBe("0.0000001");
    expect(numberToPlainString(-2.5)).toBe("-2.5");
  });
});

describe("parseEnumLabel", () => {
  const scales = { large: "大型", medium: "中型", small: "小型", micro: "微型" };

  it("maps a label or a key to the key", () => {
    expect(parseEnumLabel("中型", scales)).toEqual(ok("medium"));
    expect(parseEnumLabel(" 中 型 ", scales)).toEqual(ok("medium"));
    expect(parseEnumLabel("MEDIUM", scales)).toEqual(ok("medium"));
  });

  it("refuses other values and lists the allowed labels", () => {
    const result = parseEnumLabel("特大型", scales);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe("“特大型”不是可选的值，可选：大型、中型、小型、微型");
  });
});

describe("splitList", () => {
  it("splits on Chinese and ASCII separators and newlines", () => {
    expect(splitList("高新技术企业、重点企业, 规上工业企业；专精特新 / 瞪羚企业\n独角兽，高新技术企业")).toEqual([
      "高新技术企业",
      "重点企业",
      "规上工业企业",
      "专精特新",
      "瞪羚企业",
      "独角兽",
    ]);
    expect(splitList("、、")).toEqual([]);
    expect(splitList(null)).toEqual([]);
  });
});
