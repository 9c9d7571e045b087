/** Reading the figures a page shows (labelled groups and lists), as text, for expect.poll. */
import type { Page } from "playwright-core";

/** The value of a figure the page shows under its name (a labelled group: name, then value). */
export async function figure(page: Page, name: string): Promise<string> {
  const group = page.getByRole("group", { name, exact: true });
  const count = await group.count();
  if (count !== 1) return `(${count} figures named ${name})`;
  return (await group.innerText()).replace(name, "").trim();
}

/** The count shown for a stage in 各阶段项目, e.g. "签约 1". */
export async function stageCount(page: Page, stage: string): Promise<string> {
  const item = page.getByRole("list", { name: "各阶段项目" }).getByRole("listitem").filter({ hasText: stage });
  return (await item.count()) === 1 ? (await item.innerText()).trim() : `(no stage ${stage})`;
}
