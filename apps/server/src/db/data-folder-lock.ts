import fs from "node:fs";
import path from "node:path";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One process per PGlite folder: two writers corrupt it. The lock file holds the owner's pid;
 * a lock left by a dead process is taken over.
 */
export function lockDataFolder(dataDir: string, purpose: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "zonedesk.lock");
  const body = JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, body, { flag: "wx" });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid?: number };
          if (current.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner: { pid?: number; purpose?: string; since?: string } = {};
      try {
        owner = JSON.parse(fs.readFileSync(lockPath, "utf8")) as typeof owner;
      } catch {
        // unreadable lock: treat as stale
      }
      if (typeof owner.pid === "number" && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new Error(
          `数据目录 ${dataDir} 正被另一个进程使用（pid ${owner.pid}，${owner.purpose ?? ""}，自 ${owner.since ?? "?"}）。` +
            `两个进程同时写入会损坏嵌入式数据库，请先停止它。\n` +
            `The data folder ${dataDir} is in use by process ${owner.pid} (${owner.purpose ?? "?"}); two writers corrupt the embedded database — stop it first.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`无法锁定数据目录 / cannot lock the data folder ${dataDir}`);
}
