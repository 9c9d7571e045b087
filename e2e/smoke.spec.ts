/** Proves the harness: the server answers, the sign-in page renders in Chromium with its Chinese title. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseUrl,
  demoAccounts,
  launchBrowser,
  newDesktopPage,
  newPhonePage,
  screenshot,
  signInViaApi,
} from "./support/browser.js";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("smoke", () => {
  it("serves the API docs", async () => {
    const response = await fetch(`${baseUrl()}/api/docs`);
    expect(response.status).toBe(200);
  });

  it("shows the sign-in page with a Chinese title on desktop and phone", async () => {
    for (const [name, open] of [
      ["smoke-sign-in-desktop", newDesktopPage],
      ["smoke-sign-in-phone", newPhonePage],
    ] as const) {
      const page = await open(browser);
      await page.goto("/");
      await page.waitForLoadState("networkidle");
      expect(await page.title()).toMatch(/[\u4e00-\u9fff]/);
      await expect.poll(() => page.getByText("园区服务台").first().isVisible(), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => page.locator("input[type=password]").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await screenshot(page, name);
      await page.context().close();
    }
  });

  it("signs a demo account in through the API into the browser context", async () => {
    const [account] = demoAccounts();
    expect(account, "the server printed no demo accounts").toBeDefined();
    if (!account) return;
    const page = await newDesktopPage(browser);
    await signInViaApi(page.context(), baseUrl(), account.username, account.password);
    const me = await page.context().request.get(`${baseUrl()}/api/auth/me`);
    expect(me.status()).toBe(200);
    await page.context().close();
  });
});
