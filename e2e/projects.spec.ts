/**
 * Driving projects as users meet it: an admin registers an investment lead, moves it along the pipeline
 * on the board and the lead page, signs it (the key project is created and opens), sets the year's plan,
 * reports two months on a phone (correcting one), and the figures on the project list change accordingly.
 */
import type { Browser, Page } from "playwright-core";
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
const stamp = Date.now().toString(36).slice(-5);
const leadName = `端到端${stamp}智能装备产业园项目`;
const investor = `端到端${stamp}控股集团有限公司`;
const unitName = `端到端片区${stamp}`;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function password(username: string): string {
  const found = demoAccounts().find((a) => a.username === username);
  if (!found) throw new Error(`demo account ${username} not printed by the server`);
  return found.password;
}

/** Options of the dropdown that is open (antd keeps closed ones in the page, hidden). */
function openOptions(page: Page, text: string) {
  return page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: text });
}

/**
 * Picks an option of a select and waits for its dropdown to close; clicks again when a click landed while the
 * dropdown was still animating open (seen on a loaded CI machine: the list stayed open over the dialog's buttons).
 */
async function pickOption(page: Page, field: ReturnType<Page["getByLabel"]>, text: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await page.locator(".ant-select-dropdown:visible").count()) === 0) await field.click();
    await openOptions(page, text).first().click();
    try {
      await expect.poll(() => page.locator(".ant-select-dropdown:visible").count(), { timeout: 3_000 }).toBe(0);
      return;
    } catch {
      // still open: try again
    }
  }
  throw new Error(`the option ${text} could not be picked`);
}

/** Picks a node of the open tree-select dropdown by its title. */
async function pickTreeNode(page: Page, field: ReturnType<Page["getByLabel"]>, title: string): Promise<void> {
  await field.click();
  await field.fill(title);
  await page.locator(".ant-select-dropdown:visible .ant-select-tree-title", { hasText: title }).first().click();
  await expect.poll(() => page.locator(".ant-select-dropdown:visible").count()).toBe(0);
}

/** The figures' completion rate as shown on the project list filtered to the fresh unit. */
async function completionRateShown(page: Page, orgUnitId: string): Promise<string> {
  await page.goto(`/projects?orgUnitId=${orgUnitId}&year=2026&month=10`);
  const rate = page.getByTestId("completion-rate");
  await expect.poll(() => rate.count(), { timeout: 20_000 }).toBe(1);
  return (await rate.textContent())?.trim() ?? "";
}

describe("key projects and the investment pipeline end to end", () => {
  it("advances a lead to signed, the project gets a plan and two monthly reports, and the figures follow", {
    timeout: 300_000,
  }, async () => {
    const admin = await newDesktopPage(browser);
    await signInViaApi(admin.context(), baseUrl(), "admin_jk", password("admin_jk"));

    // A fresh park of the zone, so the figures filtered to it hold only this test's project.
    const me = (await (await admin.request.get(`${baseUrl()}/api/auth/me`)).json()) as { orgUnitId: string };
    const created = await admin.request.post(`${baseUrl()}/api/org-units`, {
      data: { parentId: me.orgUnitId, name: unitName, kind: "park" },
    });
    expect(created.ok()).toBe(true);
    const unitId = ((await created.json()) as { id: string }).id;

    // Before: no project in the unit, so no plan: the rate is "—", never NaN.
    expect(await completionRateShown(admin, unitId)).toBe("—");

    // 新建线索
    await admin.goto("/leads/new");
    await admin.getByLabel("项目名称").fill(leadName);
    await admin.getByLabel("投资方").fill(investor);
    await pickTreeNode(admin, admin.getByLabel("所属单位"), unitName);
    await admin.getByLabel("线索来源").click();
    await openOptions(admin, "以商招商").first().click();
    await admin.getByLabel("来源地").click();
    await openOptions(admin, "长三角").first().click();
    await admin.getByLabel("来源省份").fill("浙江省");
    await admin.getByLabel("拟投资额（万元）").fill("50000");
    await admin.getByRole("button", { name: /保\s*存/ }).click();
    await admin.waitForURL(/\/leads\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const leadId = admin.url().split("/").pop() ?? "";

    // 线索 → 接洽 on the board, with the card's action button.
    await admin.goto(`/leads?q=${encodeURIComponent(leadName)}`);
    const card = admin.locator(`[data-lead-id="${leadId}"]`);
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    await screenshot(admin, "projects-lead-board");
    await card.getByRole("button", { name: "推进到接洽" }).click();
    let dialog = admin.getByRole("dialog");
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect
      .poll(() => admin.locator('section[data-stage="contact"]').locator(`[data-lead-id="${leadId}"]`).count(), {
        timeout: 15_000,
      })
      .toBe(1);

    // 接洽 → 考察 → 洽谈 on the lead page, with an investor site visit in the activity log.
    await admin.goto(`/leads/${leadId}`);
    await admin.getByRole("button", { name: "记录活动" }).click();
    dialog = admin.getByRole("dialog");
    await dialog.getByLabel("参与人员").fill("郑胜海、投资方考察团");
    await dialog.getByLabel("活动情况").fill("投资方实地考察园区标准厂房和配套");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => admin.getByText("投资方实地考察园区标准厂房和配套").isVisible()).toBe(true);
    for (const stage of ["考察", "洽谈"]) {
      await admin.getByRole("button", { name: `推进到${stage}` }).click();
      dialog = admin.getByRole("dialog");
      await dialog.getByRole("button", { name: /确\s*定/ }).click();
      await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    }

    // 签约: the project's fields, prefilled from the lead; the project page opens.
    await admin
      .getByRole("button", { name: /签\s*约/ })
      .first()
      .click();
    dialog = admin.getByRole("dialog");
    await expect.poll(() => dialog.getByLabel("项目名称").inputValue()).toBe(leadName);
    await dialog.getByLabel("总投资（万元）").fill("60000");
    await dialog.getByRole("button", { name: "签约并建立项目" }).click();
    await admin.waitForURL(/\/projects\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const projectId = admin.url().split("/").pop() ?? "";
    await expect.poll(() => admin.getByRole("heading", { name: leadName }).isVisible(), { timeout: 20_000 }).toBe(true);
    const lead = (await (await admin.request.get(`${baseUrl()}/api/leads/${leadId}`)).json()) as {
      stage: string;
      projectId: string;
    };
    expect(lead).toMatchObject({ stage: "signed", projectId });

    // 2026 plan: 2,000 万元.
    await admin.getByRole("button", { name: "设置年度计划" }).click();
    dialog = admin.getByRole("dialog");
    await dialog.getByLabel("年度计划投资（万元）").fill("2000");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => admin.getByText("2,000.00 万元").first().isVisible(), { timeout: 15_000 }).toBe(true);

    // With the plan and nothing reported: 0 of 2,000 万元.
    expect(await completionRateShown(admin, unitId)).toBe("0.0%");

    // Monthly reports on a phone: September 300 万元; October first 400, then corrected to 500 with a reason.
    const phone = await newPhonePage(browser);
    await signInViaApi(phone.context(), baseUrl(), "admin_jk", password("admin_jk"));
    const report = async (month: number, amount: string, reason?: string) => {
      await phone.goto(`/projects/report?projectId=${projectId}&year=2026&month=${month}`);
      const field = phone.getByLabel("当月完成投资（万元）");
      await expect.poll(() => field.isVisible(), { timeout: 20_000 }).toBe(true);
      if (reason) {
        await expect.poll(() => phone.getByText("该月已填报，本次为更正").isVisible()).toBe(true);
        await expect.poll(() => phone.getByText(/当前：当月 400\.00 万元/).isVisible()).toBe(true);
        await phone.getByLabel("更正原因").fill(reason);
      }
      await field.fill(amount);
      await phone.getByLabel("进展情况").fill(`${month}月主体结构施工`);
      if (!reason && month === 10) await screenshot(phone, "projects-monthly-report-phone");
      await phone.getByRole("button", { name: reason ? "提交更正" : "提交填报" }).click();
      await expect
        .poll(() => phone.getByText(`已填报：${leadName} 2026年${month}月`).isVisible(), { timeout: 15_000 })
        .toBe(true);
    };
    await report(9, "300");
    await report(10, "400");
    await report(10, "500", "统计口径调整，按监理确认数更正");
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(phone, "projects-monthly-report-corrected-phone");
    await phone.context().close();

    // The project page: 当月 bars and 累计 line, 800 万元 done, one correction kept.
    await admin.goto(`/projects/${projectId}`);
    await expect.poll(() => admin.getByText("800.00 万元").first().isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => admin.getByText("40.0%").first().isVisible()).toBe(true);
    await expect.poll(() => admin.getByRole("button", { name: "更正记录（1）" }).isVisible()).toBe(true);
    await admin.waitForTimeout(800); // let the chart finish its entry animation before the picture
    await screenshot(admin, "projects-project-page");

    // After: (300 + 500) ÷ 2,000 = 40.0%; time progress to October is 10 ÷ 12 = 83.3%: 43.3 points behind.
    expect(await completionRateShown(admin, unitId)).toBe("40.0%");
    await expect.poll(() => admin.getByText("落后时序进度43.3个百分点").isVisible()).toBe(true);
    await expect.poll(() => admin.getByRole("link", { name: leadName }).isVisible()).toBe(true);
    await screenshot(admin, "projects-list-with-figures");
    await admin.goto(`/projects?orgUnitId=${unitId}&year=2026&month=10&view=board`);
    await expect
      .poll(() => admin.getByRole("img", { name: "月度计划与完成（累计）" }).isVisible(), { timeout: 20_000 })
      .toBe(true);
    await admin.waitForTimeout(800);
    await screenshot(admin, "projects-dashboard");
    await admin.context().close();
  });

  it("creates a project through the form, advances it over a skipped stage, records a procedure, progress and a liaison the cadre then sees", {
    timeout: 300_000,
  }, async () => {
    const admin = await newDesktopPage(browser);
    await signInViaApi(admin.context(), baseUrl(), "admin_jk", password("admin_jk"));
    const me = (await (await admin.request.get(`${baseUrl()}/api/auth/me`)).json()) as { orgUnitId: string };
    const unit = `端到端乙片区${stamp}`;
    const created = await admin.request.post(`${baseUrl()}/api/org-units`, {
      data: { parentId: me.orgUnitId, name: unit, kind: "park" },
    });
    expect(created.ok()).toBe(true);
    const projectName = `端到端${stamp}新能源电池续建项目`;

    await admin.goto("/projects/new");
    await admin.getByLabel("项目名称").fill(projectName);
    await admin.getByText("新投资方（未登记）").click();
    await admin.getByLabel("投资主体", { exact: true }).fill(`端到端${stamp}新能源有限公司`);
    await pickTreeNode(admin, admin.getByLabel("所属单位"), unit);
    await admin.getByLabel("总投资（万元）").fill("12000");
    await admin.getByRole("button", { name: /保\s*存/ }).click();
    await admin.waitForURL(/\/projects\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await expect
      .poll(() => admin.getByRole("heading", { name: projectName }).isVisible(), { timeout: 20_000 })
      .toBe(true);

    // 签约 → 开工 skips 落地: its actual date is required.
    await admin.getByRole("button", { name: "推进阶段" }).click();
    let dialog = admin.getByRole("dialog");
    await dialog.getByLabel("推进到").click();
    await openOptions(admin, "开工").first().click();
    await expect.poll(() => dialog.getByLabel("落地实际日期").isVisible()).toBe(true);
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.getByText("请填写落地实际日期（跳过的阶段）").isVisible()).toBe(true);
    // A project registered today was signed today, so 落地 happened today too.
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
    await dialog.getByLabel("落地实际日期").fill(today);
    await dialog.getByLabel("落地实际日期").press("Enter");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    const projectId = admin.url().split("/").pop() ?? "";
    const detail = (await (await admin.request.get(`${baseUrl()}/api/projects/${projectId}`)).json()) as {
      id: string;
      stage: string;
      stageDates: { stage: string; actualOn: string | null }[];
    };
    expect(detail.stageDates.find((d) => d.stage === "landed")?.actualOn).toBe(today);
    expect(detail.stage).toBe("started");

    // 前期手续: 立项备案 done by the agency service.
    await admin
      .getByRole("row", { name: /立项备案/ })
      .getByRole("button", { name: /编\s*辑/ })
      .click();
    dialog = admin.getByRole("dialog");
    await dialog.getByLabel("办理状态").click();
    await openOptions(admin, "已办结").first().click();
    await dialog.getByRole("switch").click();
    await dialog.getByLabel("办结日期").fill("2026-11-05");
    await dialog.getByLabel("办结日期").press("Enter");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect
      .poll(() => admin.getByRole("row", { name: /立项备案/ }).innerText(), { timeout: 15_000 })
      .toMatch(/已办结[\s\S]*代办[\s\S]*2026-11-05/);

    // 进展情况
    await admin.getByRole("button", { name: "更新进展" }).click();
    dialog = admin.getByRole("dialog");
    await dialog.getByLabel("进展情况").fill("厂房主体封顶，设备进场调试");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => admin.getByText("厂房主体封顶，设备进场调试").first().isVisible()).toBe(true);

    // 包联: the cadre is assigned to the project.
    const cadre = demoAccounts().find((a) => a.username === "cadre001");
    if (!cadre) throw new Error("cadre001 not printed by the server");
    await admin.getByRole("button", { name: "安排包联" }).click();
    dialog = admin.getByRole("dialog");
    await dialog.getByLabel("包联人员").click();
    await dialog.getByLabel("包联人员").fill(cadre.displayName);
    await openOptions(admin, cadre.displayName).first().click();
    await expect.poll(() => admin.locator(".ant-select-dropdown:visible").count()).toBe(0);
    await pickOption(admin, dialog.getByLabel("包联角色"), "助企干部");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect
      .poll(() => admin.getByText(`${cadre.displayName} · 助企干部`).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await screenshot(admin, "projects-project-page-procedures");
    await admin.context().close();

    // The cadre, on a phone, finds the project among theirs and may report for it.
    const phone = await newPhonePage(browser);
    await signInViaApi(phone.context(), baseUrl(), "cadre001", cadre.password);
    await phone.goto(`/projects?q=${encodeURIComponent(projectName)}`);
    await expect.poll(() => phone.getByRole("link", { name: projectName }).isVisible(), { timeout: 20_000 }).toBe(true);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(phone, "projects-cadre-list-phone");
    await phone.goto(`/projects/report?projectId=${detail.id}&year=2026&month=10`);
    await expect.poll(() => phone.getByLabel("当月完成投资（万元）").isVisible(), { timeout: 20_000 }).toBe(true);
    await phone.context().close();
  });
});
