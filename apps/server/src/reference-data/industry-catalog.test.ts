import { describe, expect, it } from "vitest";
import { findIndustry, industryCatalog } from "./industry-catalog.js";

describe("industryCatalog", () => {
  it("holds the 20 sections A–T and the 97 divisions 01–97", () => {
    const sections = industryCatalog.filter((n) => n.level === "section").map((n) => n.code);
    expect(sections).toEqual([..."ABCDEFGHIJKLMNOPQRST"]);
    const divisions = industryCatalog.filter((n) => n.level === "division").map((n) => n.code);
    expect(divisions).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, "0")));
  });

  it("puts every manufacturing group under a division of section C", () => {
    const groups = industryCatalog.filter((n) => n.level === "group");
    expect(groups.length).toBeGreaterThan(150);
    for (const g of groups) {
      expect(g.section).toBe("C");
      expect(g.parentCode).toBe(g.code.slice(0, 2));
    }
  });
});

describe("findIndustry", () => {
  it("finds codes as users type them and derives the section", () => {
    expect(findIndustry("38")).toMatchObject({ name: "电气机械和器材制造业", section: "C", level: "division" });
    expect(findIndustry(" c38 ")).toMatchObject({ code: "38", section: "C" });
    expect(findIndustry("383")).toMatchObject({ parentCode: "38", section: "C", level: "group" });
    expect(findIndustry("i65")).toMatchObject({ name: "软件和信息技术服务业", section: "I" });
    expect(findIndustry("c")).toMatchObject({ name: "制造业", level: "section" });
  });

  it("rejects unknown codes and a letter that does not match the code's section", () => {
    expect(findIndustry("98")).toBeUndefined();
    expect(findIndustry("F38")).toBeUndefined();
    expect(findIndustry("")).toBeUndefined();
    expect(findIndustry("U")).toBeUndefined();
  });
});
