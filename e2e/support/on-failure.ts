/** After a failed end-to-end test, what its open pages showed: screenshots, and the dialogs and messages in the log. */
import { afterEach } from "vitest";
import { reportOpenPages } from "./browser.js";

afterEach(async (context) => {
  if (context.task.result?.state !== "fail") return;
  const report = await reportOpenPages(context.task.name.slice(0, 60));
  if (report) process.stderr.write(`\n── open pages when "${context.task.name}" failed ──\n${report}\n`);
});
