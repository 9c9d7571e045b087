// `npm start`: builds the web app when stale, then runs the server (TypeScript through tsx) in a
// child process, forwarding SIGINT/SIGTERM and exiting with its code. Plain Node ESM, no dependencies.
import { spawn } from "node:child_process";
import path from "node:path";
import { buildWebIfStale, root, tsxImport } from "./lib.mjs";

const build = await buildWebIfStale();
if (!build.ok) {
  process.stderr.write(
    `\n前端构建失败，页面暂不可用，仅启动接口 / the web build failed, so the pages are unavailable; starting the API only.\n` +
      `  原因 / reason: ${build.reason}\n` +
      `  修复后重新运行 npm start / fix it and run npm start again.\n\n`,
  );
}

const loader = tsxImport();
if (loader === "tsx") {
  process.stderr.write("找不到 tsx，请先运行 npm install / tsx is not installed: run npm install first.\n");
}
const child = spawn(process.execPath, ["--import", loader, path.join(root, "apps/server/src/main.ts")], {
  cwd: process.cwd(),
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV || "production" },
});

let forwarded = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    // Ctrl+C in a terminal reaches the child too (same process group); forwarding again is harmless.
    forwarded = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on("error", (error) => {
  process.stderr.write(`无法启动服务 / cannot start the server: ${error.message}\n`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (code !== null) process.exit(code);
  // Killed by a signal: exit 0 when we asked it to stop, else the conventional 128+n.
  process.exit(forwarded ? 0 : signal === "SIGKILL" ? 137 : 1);
});
