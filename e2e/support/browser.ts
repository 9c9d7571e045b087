/** Playwright helpers for the end-to-end specs: Debian's Chromium, phone and desktop pages, API sign-in. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const screenshotDir = path.join(root, "test-results/e2e");

/** The server started by global-setup.ts. */
export function baseUrl(): string {
  return inject("baseUrl") ?? process.env.E2E_BASE_URL ?? "";
}

/** Demo accounts printed by the server at start (all share the demo password). */
export function demoAccounts() {
  return inject("demoAccounts") ?? [];
}

/** One demo account by its username (with its password); throws when the server did not print it. */
export function demoAccount(username: string) {
  const found = demoAccounts().find((a) => a.username === username);
  if (!found) throw new Error(`demo account ${username} not printed by the server`);
  return found;
}

/** Headless Debian Chromium; the flags keep it off this machine's closed network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** The pages the specs opened and have not closed, for the report of a failed test (on-failure.ts). */
const openPages = new Set<Page>();

function tracked(page: Page): Page {
  openPages.add(page);
  page.on("close", () => openPages.delete(page));
  return page;
}

/**
 * What each open page showed when a test failed: a screenshot under test-results/e2e, and in the log its address,
 * its open dialogs, toasts and field errors (the CI log is often all there is to go on).
 */
export async function reportOpenPages(testName: string): Promise<string> {
  const lines: string[] = [];
  let n = 0;
  for (const page of openPages) {
    n += 1;
    const file = await screenshot(page, `failed-${testName}-${n}`).catch(() => "(no screenshot)");
    const texts = async (selector: string) =>
      (
        await page
          .locator(selector)
          .allInnerTexts()
          .catch(() => [])
      ).map((t) => t.replace(/\s+/g, " ").slice(0, 400));
    lines.push(
      `page ${n}: ${page.url()} (screenshot ${file})`,
      ...(await texts("[role=dialog]")).map((t) => `  dialog: ${t}`),
      ...(await texts(".ant-message-notice")).map((t) => `  message: ${t}`),
      ...(await texts(".ant-form-item-explain-error")).map((t) => `  field error: ${t}`),
      ...(await texts(".ant-alert")).map((t) => `  alert: ${t}`),
    );
  }
  return lines.join("\n");
}

/** A phone-sized page (390×844, touch) in a new context with the zh-CN locale. */
export async function newPhonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    baseURL: baseUrl(),
  });
  return tracked(await context.newPage());
}

/** A desktop page (1366×900) in a new context with the zh-CN locale. */
export async function newDesktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    baseURL: baseUrl(),
  });
  return tracked(await context.newPage());
}

/**
 * Signs in through POST /api/auth/sign-in with the context's own request client, so the session
 * cookie lands in the browser context; throws with the server's answer when refused.
 */
export async function signInViaApi(
  context: BrowserContext,
  url: string,
  username: string,
  password: string,
): Promise<void> {
  const response = await context.request.post(`${url}/api/auth/sign-in`, { data: { username, password } });
  if (!response.ok()) {
    throw new Error(`sign-in of ${username} failed: ${response.status()} ${await response.text()}`);
  }
}

/** Signs in through the login page as a user does, and waits to leave it. */
export async function signIn(page: Page, login: { username: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(login.username);
  await page.getByLabel("密码").fill(login.password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 20_000 });
}

/** Saves a full-page screenshot to test-results/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name.replace(/[^\w\u4e00-\u9fff.-]+/g, "-")}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * How wide the page's content is, in CSS pixels: the larger of the document's and the body's scroll width
 * (the body hides horizontal overflow, so a too-wide element is clipped rather than scrolled: both are wrong).
 */
export function contentWidth(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}
