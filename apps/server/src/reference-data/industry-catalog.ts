import fs from "node:fs";
import { z } from "zod";

export type IndustryLevel = "section" | "division" | "group" | "class";

/** One node of GB/T 4754-2017 with the section letter it belongs to. */
export interface IndustryNode {
  code: string;
  name: string;
  parentCode: string | null;
  level: IndustryLevel;
  /** Section letter (A–T) of this node. */
  section: string;
}

const fileSchema = z.array(
  z.object({
    code: z.string().regex(/^([A-T]|\d{2,4})$/),
    name: z.string().min(1),
    parentCode: z.string().nullable(),
    level: z.enum(["section", "division", "group", "class"]),
  }),
);

// Read at run time rather than imported: the JSON stays plain data outside the TypeScript project.
const catalogFile = new URL("./industries-gbt4754-2017.json", import.meta.url);

/** Parses the shipped JSON once, deriving each node's section from its ancestors; a broken file fails at start. */
function buildCatalog(): IndustryNode[] {
  const rows = fileSchema.parse(JSON.parse(fs.readFileSync(catalogFile, "utf8")));
  const byCode = new Map<string, IndustryNode>();
  const nodes: IndustryNode[] = [];
  for (const raw of rows) {
    let section: string;
    if (raw.level === "section") {
      section = raw.code;
    } else {
      const parent = raw.parentCode === null ? undefined : byCode.get(raw.parentCode);
      if (!parent) throw new Error(`industries JSON: parent ${raw.parentCode} of ${raw.code} must come before it`);
      section = parent.section;
    }
    const node: IndustryNode = {
      code: raw.code,
      name: raw.name,
      parentCode: raw.parentCode,
      level: raw.level,
      section,
    };
    if (byCode.has(node.code)) throw new Error(`industries JSON: duplicate code ${node.code}`);
    byCode.set(node.code, node);
    nodes.push(node);
  }
  return nodes;
}

/** GB/T 4754-2017 国民经济行业分类 as shipped: 20 sections, 97 divisions, the groups of section C. */
export const industryCatalog: readonly IndustryNode[] = buildCatalog();

const catalogByCode = new Map(industryCatalog.map((node) => [node.code, node]));

/**
 * The industry node for a code as users type it ("C", "c", "38", "C38", "383", " 383 "), or
 * undefined when the code is not in the catalogue. A letter prefix on a numeric code must match
 * the code's section.
 */
export function findIndustry(code: string): IndustryNode | undefined {
  const normalized = code.trim().toUpperCase();
  const direct = catalogByCode.get(normalized);
  if (direct) return direct;
  const prefixed = /^([A-T])(\d{2,4})$/.exec(normalized);
  if (!prefixed) return undefined;
  const node = catalogByCode.get(prefixed[2] ?? "");
  return node && node.section === prefixed[1] ? node : undefined;
}
