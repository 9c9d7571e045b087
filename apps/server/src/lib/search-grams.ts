/**
 * Search grams: every 1- and 2-character substring of the normalised text. A GIN index over them
 * answers the one- and two-character Chinese queries users type most (which pg_trgm cannot index);
 * longer queries match all their bigrams through the index and are rechecked with LIKE.
 */
export function normalizeSearchText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00A0]+/g, "")
    .toLowerCase();
}

export function searchGramsOf(...texts: (string | null | undefined)[]): string[] {
  const grams = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const chars = Array.from(normalizeSearchText(text));
    for (let i = 0; i < chars.length; i++) {
      const a = chars[i] ?? "";
      grams.add(a);
      const b = chars[i + 1];
      if (b !== undefined) grams.add(a + b);
    }
  }
  return [...grams];
}

/** The grams a query must all contain: the query itself when 1–2 characters, else its bigrams. */
export function queryGrams(query: string): string[] {
  const chars = Array.from(normalizeSearchText(query));
  if (chars.length <= 2) return chars.length === 0 ? [] : [chars.join("")];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}`);
  return [...grams];
}
