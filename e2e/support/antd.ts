/**
 * Driving Ant Design's form controls as a user does: open a select and pick an option, pick a tree node, type a
 * date; each waits for the dropdown to close, so the next step never lands on a list still open over the form.
 */
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

const openDropdowns = (page: Page) => page.locator(".ant-select-dropdown:visible");

/** Options of the dropdown that is open (antd keeps closed ones in the page, hidden). */
export function openOptions(page: Page, text: string | RegExp): Locator {
  return page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: text });
}

/**
 * Picks an option of a select and waits for its dropdown to close; clicks again when a click landed while the
 * dropdown was still animating open (seen on a loaded CI machine: the list stayed open over the dialog's buttons).
 */
export async function pickOption(page: Page, field: Locator, text: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await openDropdowns(page).count()) === 0) await field.click();
    await openOptions(page, text).first().click();
    try {
      await expect.poll(() => openDropdowns(page).count(), { timeout: 3_000 }).toBe(0);
      return;
    } catch {
      // still open: try again
    }
  }
  throw new Error(`the option ${text} could not be picked`);
}

/** A form label as Ant Design prints it: the text, with "（可选）" after it on forms that mark optional fields. */
const formLabel = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s*（可选）)?$`);

/**
 * Picks `text` in a searchable select labelled `label` inside `scope`: types it, clicks the option (retrying while
 * the options re-render) until the select shows it, then closes its dropdown.
 */
export async function pickSearched(page: Page, scope: Page | Locator, label: string, text: string): Promise<void> {
  const field = scope.getByLabel(formLabel(label));
  const select = field.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-select ')][1]");
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await openDropdowns(page).count())) await field.click();
    await field.fill(text);
    const option = openOptions(page, text).first();
    await option.waitFor({ state: "visible" });
    await option.click();
    if ((await select.innerText()).includes(text)) break;
  }
  await expect.poll(async () => (await select.innerText()).includes(text), { timeout: 15_000 }).toBe(true);
  // a multiple select stays open after a pick: Escape closes it, as a user would; a click on the label as well
  if (await openDropdowns(page).count()) await field.press("Escape");
  if (await openDropdowns(page).count()) await scope.getByText(formLabel(label)).first().click();
  await expect.poll(() => openDropdowns(page).count(), { timeout: 15_000 }).toBe(0);
}

/** Picks a node of a tree select by its title, typed into the field. */
export async function pickTreeNode(page: Page, field: Locator, title: string): Promise<void> {
  await field.click();
  await field.fill(title);
  await page.locator(".ant-select-dropdown:visible .ant-select-tree-title", { hasText: title }).first().click();
  await expect.poll(() => openDropdowns(page).count()).toBe(0);
}

/** Clicks the (first) button named `button` and returns the dialog it opens, once that dialog shows. */
export async function openDialog(page: Page, button: RegExp): Promise<Locator> {
  await page.getByRole("button", { name: button }).first().click();
  const dialog = page.getByRole("dialog").last();
  await expect.poll(() => dialog.isVisible()).toBe(true);
  return dialog;
}

/** Types a date into a date picker and commits it. */
export async function fillDate(field: Locator, date: string): Promise<void> {
  await field.fill(date);
  await field.press("Enter");
}
