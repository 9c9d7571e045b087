/**
 * A LIKE / ILIKE pattern matching `text` anywhere, the wildcards a user typed (% _ \) searched for literally
 * (backslash is PostgreSQL's default LIKE escape).
 */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
