/**
 * The issue ledger as users meet it: a cadre records a visit with an issue on a phone; the dispatcher
 * routes it to 自然资源和规划局; the department accepts and answers; the enterprise rates it 不满意 and it
 * reopens; the department answers again; the enterprise rates 满意 and it closes; the ledger export
 * holds that issue's row.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, demoAccounts, launchBrowser, newDesktopPage, newPhonePage, screenshot } from "./support/browser.js";

let browser: Browser;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "zonedesk-e2e-issues-"));
const stamp = Date.now().toString(36).slice(-5);
const issueTitle = `端到端用地指标${stamp}`;
const issueDescription = `企业扩建厂房需新增用地约20亩，用地指标迟迟未落实（${stamp}）`;
const departmentName = "自然资源和规划局";

/** expect.poll with room for a lazy page to load and a mutation to land. */
function poll<T>(fn: () => T | Promise<T>, options: { timeout: number } = { timeout: 15_000 }) {
  return expect.poll(fn, options);
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

interface Login {
  username: string;
  password: string;
}

function account(username: string): Login {
  const found = demoAccounts().find((a) => a.username === username);
  if (!found) throw new Error(`demo account ${username} not printed by the server`);
  return found;
}

async function signIn(page: Page, login: Login): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(login.username);
  await page.getByLabel("密码").fill(login.password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 20_000 });
}

/** An API client signed in as someone (its own context, so no cookie leaks into a page). */
async function apiAs(login: Login): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const response = await context.request.post(`${baseUrl()}/api/auth/sign-in`, {
    data: { username: login.username, password: login.password },
  });
  if (!response.ok()) throw new Error(`sign-in of ${login.username} failed: ${await response.text()}`);
  return context;
}

/** Options of the dropdown that is open (antd keeps closed ones in the page, hidden). */
function openOptions(page: Page, text: string | RegExp) {
  return page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: text });
}

/** Picks `text` in a searchable antd Select (retrying while its options re-render) and closes its dropdown. */
async function pick(page: Page, scope: Page | Locator, label: string, text: string) {
  const field = scope.getByLabel(label, { exact: true });
  const select = field.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-select ')][1]");
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await page.locator(".ant-select-dropdown:visible").count())) await field.click();
    await field.fill(text);
    const option = openOptions(page, text).first();
    await option.waitFor({ state: "visible" });
    await option.click();
    if ((await select.innerText()).includes(text)) break;
  }
  await poll(async () => (await select.innerText()).includes(text)).toBe(true);
  if (await page.locator(".ant-select-dropdown:visible").count())
    await scope.getByText(label, { exact: true }).first().click();
  await poll(() => page.locator(".ant-select-dropdown:visible").count()).toBe(0);
}

/** The YYYY-MM-DD date `days` from today in Beijing. */
function beijingDate(days: number): string {
  const date = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/**
 * The enterprise user of one of cadre001's enterprises: qiye001 when the demo data makes it so,
 * otherwise a contact created for the first of cadre001's enterprises through the admin API.
 */
async function enterpriseContact(cadreEnterprises: { enterpriseId: string; enterpriseName: string }[]) {
  const qiye = account("qiye001");
  const context = await apiAs(qiye);
  const me = (await (await context.request.get(`${baseUrl()}/api/auth/me`)).json()) as { enterpriseId: string };
  await context.close();
  const mine = cadreEnterprises.find((e) => e.enterpriseId === me.enterpriseId);
  if (mine) return { login: qiye, enterpriseName: mine.enterpriseName };

  const target = cadreEnterprises[0];
  if (!target) throw new Error("cadre001 has no enterprises");
  const admin = await apiAs(account("admin_jk"));
  const enterprise = (await (
    await admin.request.get(`${baseUrl()}/api/enterprises/${target.enterpriseId}`)
  ).json()) as {
    orgUnitId: string;
  };
  const login = { username: `qiye_e2e_${stamp}`, password: "Qy@e2e2026!x" };
  const created = await admin.request.post(`${baseUrl()}/api/users`, {
    data: {
      username: login.username,
      displayName: `企业联系人${stamp}`,
      role: "enterprise",
      orgUnitId: enterprise.orgUnitId,
      enterpriseId: target.enterpriseId,
      password: "Qy@e2e2026!tmp",
    },
  });
  if (!created.ok()) throw new Error(`creating the enterprise user failed: ${await created.text()}`);
  await admin.close();
  const first = await apiAs({ username: login.username, password: "Qy@e2e2026!tmp" });
  await first.request.post(`${baseUrl()}/api/auth/change-password`, {
    data: { currentPassword: "Qy@e2e2026!tmp", newPassword: login.password },
  });
  await first.close();
  return { login, enterpriseName: target.enterpriseName };
}

async function clickAction(page: Page, name: RegExp): Promise<Locator> {
  await page.getByRole("button", { name }).first().click();
  const dialog = page.getByRole("dialog");
  await poll(() => dialog.isVisible()).toBe(true);
  return dialog;
}

async function submit(dialog: Locator): Promise<void> {
  await dialog.getByRole("button", { name: /提\s*交/ }).click();
  await poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
}

async function statusOf(context: BrowserContext, id: string): Promise<{ status: string; rating: string | null }> {
  return (await (await context.request.get(`${baseUrl()}/api/issues/${id}`)).json()) as {
    status: string;
    rating: string | null;
  };
}

describe("issue ledger end to end", () => {
  it("visit → route → answer → 不满意 reopens → answer → 满意 closes → export holds the row", async () => {
    // ── the cadre records a visit with one issue, on a phone ──
    const cadre = await newPhonePage(browser);
    await signIn(cadre, account("cadre001"));
    const cadreEnterprises = (await (await cadre.request.get(`${baseUrl()}/api/assignments/mine`)).json()) as {
      enterpriseId: string;
      enterpriseName: string;
    }[];
    const contact = await enterpriseContact(cadreEnterprises);
    const enterpriseName = contact.enterpriseName;

    await cadre.goto("/visits/new");
    await poll(() => cadre.getByRole("heading", { name: "记录走访" }).isVisible(), { timeout: 20_000 }).toBe(true);
    await pick(cadre, cadre, "走访企业", enterpriseName);
    await cadre.getByLabel("走访情况").fill(`了解企业扩建进展，企业反映用地指标问题（${stamp}）`);
    await cadre.getByRole("button", { name: /添加问题/ }).click();
    await cadre.getByLabel("问题类别").click();
    await openOptions(cadre, "要素保障").first().click();
    await cadre.getByLabel("问题标题").fill(issueTitle);
    await cadre.getByLabel("问题描述").fill(issueDescription);
    const width = await cadre.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(cadre, "issues-visit-form-phone");
    await cadre.getByRole("button", { name: /保\s*存/ }).click();
    await cadre.waitForURL(/\/visits$/, { timeout: 20_000 });
    await poll(() => cadre.getByText(issueTitle, { exact: false }).first().isVisible()).toBe(true);
    await screenshot(cadre, "issues-visit-log-phone");
    await cadre.context().close();

    const admin = await newDesktopPage(browser);
    await signIn(admin, account("admin_jk"));
    const found = (await (
      await admin.request.get(`${baseUrl()}/api/issues?q=${encodeURIComponent(issueTitle)}`)
    ).json()) as { data: { id: string; status: string; enterpriseName: string; source: string }[] };
    expect(found.data).toHaveLength(1);
    const issue = found.data[0];
    if (!issue) throw new Error("the visit's issue is not in the ledger");
    expect(issue).toMatchObject({ status: "received", enterpriseName, source: "visit" });

    // ── the dispatcher routes it to 自然资源和规划局 with a deadline ──
    await admin.goto(`/issues?q=${encodeURIComponent(issueTitle)}`);
    await poll(() => admin.getByRole("link", { name: issueTitle }).isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(admin, "issues-ledger-list");
    await admin.getByRole("link", { name: issueTitle }).click();
    await admin.waitForURL(new RegExp(`/issues/${issue.id}$`));
    const dueOn = beijingDate(10);
    let dialog = await clickAction(admin, /^交\s*办$/);
    await pick(admin, dialog, "牵头单位", departmentName);
    const due = dialog.getByLabel("办理时限");
    await due.click();
    await due.fill(dueOn);
    await due.press("Enter");
    await dialog.getByLabel("说明").fill("请于时限内办结并答复企业");
    await submit(dialog);
    await poll(async () => (await statusOf(admin.context(), issue.id)).status).toBe("routed");
    await poll(() => admin.getByText(dueOn).first().isVisible()).toBe(true);

    // ── the department accepts and answers (its landing page is the queue) ──
    const dept = await newDesktopPage(browser);
    await signIn(dept, account("dept_zrzy_jk"));
    await dept.waitForURL(/\/queue/);
    await poll(() => dept.getByRole("link", { name: issueTitle }).first().isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(dept, "issues-department-queue");
    await dept.getByRole("link", { name: issueTitle }).first().click();
    await dept.waitForURL(new RegExp(`/issues/${issue.id}$`));
    dialog = await clickAction(dept, /^签\s*收$/);
    await submit(dialog);
    await poll(async () => (await statusOf(dept.context(), issue.id)).status).toBe("in_progress");
    dialog = await clickAction(dept, /办结答复/);
    await dialog.getByLabel("办结答复").fill("已与企业对接，用地指标已列入下月供地计划。");
    await submit(dialog);
    await poll(async () => (await statusOf(dept.context(), issue.id)).status).toBe("answered");

    // ── the enterprise rates it 不满意: it reopens (办理中) ──
    const firm = await newPhonePage(browser);
    await signIn(firm, contact.login);
    await firm.waitForURL(/\/my-issues/);
    await poll(() => firm.getByText(issueTitle).first().isVisible(), { timeout: 20_000 }).toBe(true);
    await firm.getByText(issueTitle).first().click();
    await firm.waitForURL(new RegExp(`/issues/${issue.id}$`));
    dialog = await clickAction(firm, /^评\s*价$/);
    await dialog.getByText("不满意", { exact: true }).click();
    await dialog.getByLabel("评价意见").fill("只列入计划，没有明确时间");
    await submit(dialog);
    await poll(async () => (await statusOf(firm.context(), issue.id)).status).toBe("in_progress");
    await poll(() =>
      firm
        .locator(".ant-tag", { hasText: /^办理中$/ })
        .first()
        .isVisible(),
    ).toBe(true);

    // ── the department answers again ──
    await dept.reload();
    dialog = await clickAction(dept, /办结答复/);
    await dialog.getByLabel("办结答复").fill(`用地指标已批复，12月5日前完成供地（${stamp}）。`);
    await submit(dialog);
    await poll(async () => (await statusOf(dept.context(), issue.id)).status).toBe("answered");

    // ── the enterprise rates 满意: 已销号 ──
    await firm.reload();
    dialog = await clickAction(firm, /^评\s*价$/);
    await dialog.getByText("满意", { exact: true }).click();
    await submit(dialog);
    await poll(async () => (await statusOf(firm.context(), issue.id)).status).toBe("closed");
    await poll(() =>
      firm
        .locator(".ant-tag", { hasText: /^已销号$/ })
        .first()
        .isVisible(),
    ).toBe(true);
    const firmWidth = await firm.evaluate(() => document.documentElement.scrollWidth);
    expect(firmWidth).toBeLessThanOrEqual(390);
    await screenshot(firm, "issues-detail-closed-phone");
    await firm.context().close();

    // ── the timeline shows every step; the department's inbox had the notices ──
    await admin.reload();
    await poll(() => admin.getByTestId("issue-event").count()).toBeGreaterThanOrEqual(7);
    for (const step of ["登记", "交办", "签收", "办结答复", "不满意重办", "企业评价"]) {
      expect(await admin.getByTestId("issue-event").filter({ hasText: step }).count()).toBeGreaterThan(0);
    }
    await screenshot(admin, "issues-detail-timeline");
    await dept.goto("/inbox");
    await poll(() => dept.getByTestId("notification").first().isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await dept.getByTestId("notification").filter({ hasText: issueTitle }).count()).toBeGreaterThan(0);
    await screenshot(dept, "issues-inbox");
    await dept.context().close();

    // ── the ledger export opens and holds that issue's row ──
    await admin.goto(`/issues?q=${encodeURIComponent(issueTitle)}`);
    await poll(() => admin.getByRole("link", { name: issueTitle }).isVisible(), { timeout: 20_000 }).toBe(true);
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("button", { name: /导\s*出/ }).click(),
    ]);
    const file = path.join(work, "ledger.xlsx");
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("the export has no sheet");
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cell.text;
      });
      rows.push(cells);
    });
    const headerIndex = rows.findIndex((r) => r.includes("企业名称") && r.includes("问题描述"));
    expect(headerIndex).toBeGreaterThanOrEqual(0);
    const header = rows[headerIndex] ?? [];
    const row = rows.slice(headerIndex + 1).find((r) => r.some((c) => c?.includes(issueDescription)));
    if (!row) throw new Error(`the export has no row for ${issueDescription}`);
    const cell = (name: string) => row[header.indexOf(name)] ?? "";
    expect(cell("企业名称")).toBe(enterpriseName);
    expect(cell("问题描述")).toContain(issueDescription);
    expect(cell("责任单位")).toContain(departmentName);
    expect(cell("企业评价")).toContain("满意");
    expect(cell("企业评价")).not.toContain("不满意");
    await admin.context().close();
  }, 300_000);
});
