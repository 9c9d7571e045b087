/**
 * The issue ledger as users meet it: a cadre records a visit with an issue on a phone; the dispatcher
 * routes it to 自然资源和规划局; the department accepts and answers; the enterprise opens 去评价 on its phone,
 * rates it 不满意 and it reopens; the department answers again; the enterprise rates 满意 and it closes; the
 * ledger export holds that issue's row with 企业评价 "不满意→满意". Each role's menu holds only its pages, the
 * inbox opens from the keyboard, and the phone pages never scroll sideways. Dates derive from the clock.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDialog, pickOption, pickSearched } from "./support/antd.js";
import {
  baseUrl,
  contentWidth,
  demoAccount,
  launchBrowser,
  newDesktopPage,
  newPhonePage,
  screenshot,
  signIn,
} from "./support/browser.js";
import { beijingDate } from "./support/period.js";

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

/** An API client signed in as someone (its own context, so no cookie leaks into a page). */
async function apiAs(login: Login): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const response = await context.request.post(`${baseUrl()}/api/auth/sign-in`, {
    data: { username: login.username, password: login.password },
  });
  if (!response.ok()) throw new Error(`sign-in of ${login.username} failed: ${await response.text()}`);
  return context;
}

/**
 * The enterprise user of one of cadre001's enterprises: qiye001 when the demo data makes it so,
 * otherwise a contact created for the first of cadre001's enterprises through the admin API.
 */
async function enterpriseContact(cadreEnterprises: { enterpriseId: string; enterpriseName: string }[]) {
  const qiye = demoAccount("qiye001");
  const context = await apiAs(qiye);
  const me = (await (await context.request.get(`${baseUrl()}/api/auth/me`)).json()) as { enterpriseId: string };
  await context.close();
  const mine = cadreEnterprises.find((e) => e.enterpriseId === me.enterpriseId);
  if (mine) return { login: qiye, enterpriseName: mine.enterpriseName };

  const target = cadreEnterprises[0];
  if (!target) throw new Error("cadre001 has no enterprises");
  const admin = await apiAs(demoAccount("admin_jk"));
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
    await signIn(cadre, demoAccount("cadre001"));
    const cadreEnterprises = (await (await cadre.request.get(`${baseUrl()}/api/assignments/mine`)).json()) as {
      enterpriseId: string;
      enterpriseName: string;
    }[];
    const contact = await enterpriseContact(cadreEnterprises);
    const enterpriseName = contact.enterpriseName;

    const leaderApi = await apiAs(demoAccount("leader01"));
    const colleague = (
      (await (await leaderApi.request.get(`${baseUrl()}/api/auth/me`)).json()) as { displayName: string }
    ).displayName;
    await leaderApi.close();

    await cadre.goto("/visits/new");
    await poll(() => cadre.getByRole("heading", { name: "记录走访" }).isVisible(), { timeout: 20_000 }).toBe(true);
    await pickSearched(cadre, cadre, "走访企业", enterpriseName);
    // the leader who came along, found by name (a cadre may look people up to name them on the visit)
    await pickSearched(cadre, cadre, "同行人员", colleague);
    await cadre.getByLabel("走访情况").fill(`了解企业扩建进展，企业反映用地指标问题（${stamp}）`);
    await cadre.getByRole("button", { name: /添加问题/ }).click();
    await pickOption(cadre, cadre.getByLabel("问题类别"), "要素保障");
    await cadre.getByLabel("问题标题").fill(issueTitle);
    await cadre.getByLabel("问题描述").fill(issueDescription);
    await cadre.getByLabel("问题描述").blur();
    await poll(() => cadre.locator(".ant-select-dropdown:visible").count()).toBe(0);
    expect(await contentWidth(cadre)).toBeLessThanOrEqual(390);
    await screenshot(cadre, "issues-visit-form-phone");
    await cadre.getByRole("button", { name: /保\s*存/ }).click();
    await cadre.waitForURL(/\/visits$/, { timeout: 20_000 });
    await poll(() => cadre.getByText(issueTitle, { exact: false }).first().isVisible()).toBe(true);
    const logged = cadre.locator(".ant-card-small", { hasText: issueTitle }).first();
    expect(await logged.innerText()).toContain(colleague);
    await screenshot(cadre, "issues-visit-log-phone");
    await cadre.context().close();

    const admin = await newDesktopPage(browser);
    await signIn(admin, demoAccount("admin_jk"));
    const found = (await (
      await admin.request.get(`${baseUrl()}/api/issues?q=${encodeURIComponent(issueTitle)}`)
    ).json()) as { data: { id: string; status: string; enterpriseName: string; source: string }[] };
    expect(found.data).toHaveLength(1);
    const issue = found.data[0];
    if (!issue) throw new Error("the visit's issue is not in the ledger");
    const { serialNo } = (await (await admin.request.get(`${baseUrl()}/api/issues/${issue.id}`)).json()) as {
      serialNo: string;
    };
    expect(issue).toMatchObject({ status: "received", enterpriseName, source: "visit" });

    // ── the dispatcher routes it to 自然资源和规划局 with a deadline ──
    await admin.goto(`/issues?q=${encodeURIComponent(issueTitle)}`);
    await poll(() => admin.getByRole("link", { name: issueTitle }).isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(admin, "issues-ledger-list");
    await admin.getByRole("link", { name: issueTitle }).click();
    await admin.waitForURL(new RegExp(`/issues/${issue.id}$`));
    const dueOn = beijingDate(10);
    let dialog = await openDialog(admin, /^交\s*办$/);
    await pickSearched(admin, dialog, "牵头单位", departmentName);
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
    await signIn(dept, demoAccount("dept_zrzy_jk"));
    await dept.waitForURL(/\/queue/);
    // a department's menu holds its work, not the register or the system pages; 消息 shows the unread count
    const menu = dept.getByRole("menu").first();
    await poll(() => menu.getByRole("menuitem", { name: /待办工作/ }).isVisible()).toBe(true);
    expect(await menu.getByRole("menuitem", { name: /企业库/ }).count()).toBe(0);
    expect(await menu.getByText(/系统管理|单位与园区|企业标签/).count()).toBe(0);
    await poll(async () => /\d/.test(await menu.getByRole("menuitem", { name: /消息/ }).innerText())).toBe(true);
    await poll(() => dept.getByRole("link", { name: issueTitle }).first().isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(dept, "issues-department-queue");
    await dept.getByRole("link", { name: issueTitle }).first().click();
    await dept.waitForURL(new RegExp(`/issues/${issue.id}$`));
    dialog = await openDialog(dept, /^签\s*收$/);
    await submit(dialog);
    await poll(async () => (await statusOf(dept.context(), issue.id)).status).toBe("in_progress");
    dialog = await openDialog(dept, /办结答复/);
    await dialog.getByLabel("办结答复").fill("已与企业对接，用地指标已列入下月供地计划。");
    await submit(dialog);
    await poll(async () => (await statusOf(dept.context(), issue.id)).status).toBe("answered");

    // ── the enterprise rates it 不满意 from 我的诉求's "去评价": it reopens (办理中) ──
    const firm = await newPhonePage(browser);
    await signIn(firm, contact.login);
    await firm.waitForURL(/\/my-issues/);
    const card = firm.locator(".ant-card", { has: firm.getByRole("link", { name: issueTitle }) });
    await poll(() => card.first().isVisible(), { timeout: 20_000 }).toBe(true);
    await firm.waitForLoadState("networkidle");
    expect(await contentWidth(firm)).toBeLessThanOrEqual(390);
    await screenshot(firm, "issues-my-issues-phone");
    await card.first().getByRole("link", { name: "去评价" }).click();
    await firm.waitForURL(new RegExp(`/issues/${issue.id}$`));
    dialog = firm.getByRole("dialog");
    await poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain(serialNo);
    await dialog.getByText("不满意", { exact: true }).click();
    await dialog.getByLabel("评价意见").fill("只列入计划，没有明确时间");
    expect(await contentWidth(firm)).toBeLessThanOrEqual(390);
    await screenshot(firm, "issues-rate-phone");
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
    dialog = await openDialog(dept, /办结答复/);
    const secondAnswer = `用地指标已批复，${dueOn}前完成供地（${stamp}）。`;
    await dialog.getByLabel("办结答复").fill(secondAnswer);
    await submit(dialog);
    await poll(async () => (await statusOf(dept.context(), issue.id)).status).toBe("answered");

    // ── the enterprise rates 满意: 已销号 ──
    await firm.reload();
    dialog = await openDialog(firm, /^评\s*价$/);
    await dialog.getByText("满意", { exact: true }).click();
    await submit(dialog);
    await poll(async () => (await statusOf(firm.context(), issue.id)).status).toBe("closed");
    await poll(() =>
      firm
        .locator(".ant-tag", { hasText: /^已销号$/ })
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await contentWidth(firm)).toBeLessThanOrEqual(390);
    await screenshot(firm, "issues-detail-closed-phone");

    // ── the enterprise's own pages fit the phone: the request form and its menu ──
    await firm.goto("/my-issues/new");
    await poll(() => firm.getByRole("heading", { name: "反映诉求" }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await contentWidth(firm)).toBeLessThanOrEqual(390);
    await screenshot(firm, "issues-my-issue-new-phone");
    await firm.getByRole("button", { name: "菜单" }).click();
    const firmMenu = firm.getByRole("menu").first();
    await poll(() => firmMenu.getByRole("menuitem", { name: /我的诉求/ }).isVisible()).toBe(true);
    for (const entry of [/反映诉求/, /消息/, /本企业信息/])
      expect(await firmMenu.getByRole("menuitem", { name: entry }).count()).toBe(1);
    expect(await firmMenu.getByText(/企业库|系统管理|问题台账/).count()).toBe(0);
    await poll(async () => (await firmMenu.boundingBox())?.x).toBe(0); // the drawer has finished sliding in
    await screenshot(firm, "issues-enterprise-menu-phone");
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
    const notice = dept.getByTestId("notification").filter({ hasText: issueTitle }).first();
    await poll(() => notice.isVisible()).toBe(true);
    await dept.waitForLoadState("networkidle");
    await screenshot(dept, "issues-inbox");
    // a notice opens from the keyboard: focus its button, press Enter
    await notice.getByRole("button").first().focus();
    await dept.keyboard.press("Enter");
    await dept.waitForURL(/\/issues\/[0-9a-f-]{36}$/);
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
    // the sheet's cells as text; date cells (办理时限) as YYYY-MM-DD
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text;
      });
      rows.push(cells);
    });
    const headerIndex = rows.findIndex((r) => r.includes("企业名称") && r.includes("问题描述"));
    expect(headerIndex).toBeGreaterThanOrEqual(0);
    const header = rows[headerIndex] ?? [];
    // the issue's own row, found by its serial number (编号), not by any cell that merely contains a word
    const matching = rows.slice(headerIndex + 1).filter((r) => r[header.indexOf("编号")] === serialNo);
    expect(matching).toHaveLength(1);
    const row = matching[0] ?? [];
    const cell = (name: string) => {
      expect(header, `the export has no column ${name}`).toContain(name);
      return row[header.indexOf(name)] ?? "";
    };
    expect(cell("企业名称")).toBe(enterpriseName);
    expect(cell("问题描述")).toBe(`${issueTitle}：${issueDescription}`);
    expect(cell("问题类别")).toBe("要素保障");
    expect(cell("责任单位")).toBe(`牵头：${departmentName}`);
    // the deadline in force (a reopen may have moved it from the one set at routing), as the issue's page says
    const current = (await (await admin.request.get(`${baseUrl()}/api/issues/${issue.id}`)).json()) as {
      dueOn: string | null;
    };
    expect(current.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cell("办理时限")).toBe(current.dueOn);
    // the ledger has no status column: 办结情况 says 已销号 with the answer that closed it
    expect(cell("办结情况")).toBe(`已销号：${secondAnswer}`);
    // every rating in order: the 不满意 that reopened it, then the 满意 that closed it
    expect(cell("企业评价")).toBe("不满意→满意");
    await admin.context().close();
  }, 300_000);
});
