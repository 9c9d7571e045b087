import { versionConflict } from "./errors.js";

/**
 * Optimistic concurrency: the client sends back the version it edited. A stale one is refused
 * before writing; the write itself is also guarded by `where version = …` against races.
 */
export function assertVersion(current: number, submitted: number, what: string): void {
  if (current !== submitted) throw versionConflict(what);
}

export function assertUpdated<T>(rows: T[], what: string): T {
  const [row] = rows;
  if (!row) throw versionConflict(what);
  return row;
}
