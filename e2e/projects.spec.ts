/**
 * Driving projects as users meet it: an admin registers an investment lead, moves it along the pipeline
 * on the board and the lead page, signs it (the key project is created and opens), sets the year's plan,
 * reports two months on a phone (correcting one), and the figures on the project list and the pipeline
 * figures change accordingly. The period is the last complete month of today's Beijing date, and every
 * expected figure is computed here from the amounts entered, so the spec holds on any date.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillDate, pickOption, pickSearched, pickTreeNode } from "./support/antd.js";
import {
  baseUrl,
  demoAccount,
  launchBrowser,
  newDesktopPage,
  newPhonePage,
  screenshot,
  signInViaApi,
} from "./support/browser.js";
import { figure, stageCount } from "./support/figures.js";
import {
  beijingDate,
  gapPoints,
  gapText,
  investmentRule,
  percent,
  type TestPeriod,
  testPeriod,
} from "./support/period.js";

let browser: Browser;
const stamp = Date.now().toString(36).slice(-5);
const leadName = `端到端${stamp}智能装备产业园项目`;
const investor = `端到端${stamp}控股集团有限公司`;
const unitName = `端到端片区${stamp}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "zonedesk-e2e-projects-"));

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

interface ShownFigures {
  projects: string;
  signed: string;
  planned: string;
  completed: string;
  rate: string;
  landing: string;
  /** The 超/落后时序进度 text, or null when there is no plan (then none is shown). */
  gap: string | null;
}

/** Opens the project list of the unit for the period and checks every headline figure as shown. */
async function expectProjectFigures(page: Page, unitId: string, p: TestPeriod, want: ShownFigures) {
  await page.goto(`/projects?orgUnitId=${unitId}&year=${p.year}&month=${p.month}`);
  const rateName = `${p.year}年投资完成率（截至${p.month}月）`;
  await expect.poll(() => figure(page, rateName), { timeout: 20_000 }).toBe(want.rate);
  await expect.poll(() => figure(page, "项目数")).toBe(want.projects);
  await expect.poll(() => stageCount(page, "签约")).toBe(`签约 ${want.signed}`);
  await expect.poll(() => figure(page, "年度计划投资")).toBe(want.planned);
  await expect.poll(() => figure(page, "本年完成投资")).toBe(want.completed);
  await expect.poll(() => figure(page, "签约项目落地率")).toBe(want.landing);
  await expect.poll(() => page.getByText(`时序进度 ${percent(p.month / 12)}`).isVisible()).toBe(true);
  const gaps = page.getByText(/超时序进度|落后时序进度|与时序进度持平/);
  if (want.gap === null) await expect.poll(() => gaps.count()).toBe(0);
  else await expect.poll(() => page.getByText(want.gap ?? "", { exact: true }).isVisible()).toBe(true);
}

/** Opens the pipeline figures of the unit for the period and checks the signing figures as shown. */
async function expectLeadFigures(page: Page, unitId: string, p: TestPeriod, want: string[]) {
  await page.goto(`/leads/figures?orgUnitId=${unitId}&from=${p.year}-01-01&to=${p.to}`);
  const names = ["客商考察（次）", "签约项目（个）", "签约金额", "省外签约（个）", "省外签约金额"];
  for (const [i, name] of names.entries()) {
    await expect.poll(() => figure(page, name), { timeout: 20_000 }).toBe(want[i]);
  }
}

describe("key projects and the investment pipeline end to end", () => {
  it("advances a lead to signed, the project gets a plan and two monthly reports, and the figures follow", {
    timeout: 400_000,
  }, async () => {
    const p = testPeriod();
    const [firstMonth, secondMonth] = p.reportMonths;
    const admin = await newDesktopPage(browser);
    await signInViaApi(admin.context(), baseUrl(), "admin_jk", demoAccount("admin_jk").password);

    // The server runs on the same clock as this test (faketime included): its default period is ours.
    const defaults = (await (await admin.request.get(`${baseUrl()}/api/projects/figures`)).json()) as {
      year: number;
      month: number;
    };
    expect(defaults).toMatchObject({ year: p.last.year, month: p.last.month });

    // A fresh park of the zone, so the figures filtered to it hold only this test's project.
    const me = (await (await admin.request.get(`${baseUrl()}/api/auth/me`)).json()) as { orgUnitId: string };
    const created = await admin.request.post(`${baseUrl()}/api/org-units`, {
      data: { parentId: me.orgUnitId, name: unitName, kind: "park" },
    });
    expect(created.ok()).toBe(true);
    const unitId = ((await created.json()) as { id: string }).id;

    // Before: no project, so no plan: rates are "—" (zero denominators), never NaN or 0%.
    const empty = { projects: "0", signed: "0", planned: "0.00 万元", completed: "0.00 万元" };
    await expectProjectFigures(admin, unitId, p, { ...empty, rate: "—", landing: "—", gap: null });
    await expectLeadFigures(admin, unitId, p, ["0", "0", "0.00 万元", "0", "0.00 万元"]);

    // 新建线索
    await admin.goto("/leads/new");
    await admin.getByLabel("项目名称").fill(leadName);
    await admin.getByLabel("投资方").fill(investor);
    await pickTreeNode(admin, admin.getByLabel("所属单位"), unitName);
    await pickOption(admin, admin.getByLabel("线索来源"), "以商招商");
    await pickOption(admin, admin.getByLabel("来源地"), "长三角");
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

    // The lead page: an investor site visit in the period, corrected; a contact recorded by mistake, deleted.
    await admin.goto(`/leads/${leadId}`);
    const activity = (text: string) => admin.getByRole("listitem").filter({ hasText: text });
    for (const [kind, summary] of [
      ["考察", "投资方实地考察园区标准厂房和配套"],
      ["接洽", "误记：电话接洽"],
    ] as const) {
      await admin.getByRole("button", { name: "记录活动" }).click();
      dialog = admin.getByRole("dialog");
      await pickOption(admin, dialog.getByLabel("活动类型"), kind);
      await fillDate(dialog.getByLabel("日期"), p.signedOn);
      await dialog.getByLabel("参与人员").fill("郑胜海、投资方考察团");
      await dialog.getByLabel("活动情况").fill(summary);
      await dialog.getByRole("button", { name: /保\s*存/ }).click();
      await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
      await expect.poll(() => activity(summary).isVisible()).toBe(true);
    }
    await activity("投资方实地考察园区标准厂房和配套")
      .getByRole("button", { name: /编\s*辑/ })
      .click();
    dialog = admin.getByRole("dialog", { name: "修改活动" });
    await expect.poll(() => dialog.getByLabel("活动情况").inputValue()).toBe("投资方实地考察园区标准厂房和配套");
    await dialog.getByLabel("活动情况").fill("投资方实地考察标准厂房三栋和配套");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => activity("投资方实地考察标准厂房三栋和配套").isVisible(), { timeout: 15_000 }).toBe(true);
    await activity("误记：电话接洽")
      .getByRole("button", { name: /删\s*除/ })
      .click();
    dialog = admin.getByRole("dialog").filter({ hasText: "删除后不再计入招商统计" });
    await dialog.getByRole("button", { name: /删\s*除/ }).click();
    await expect.poll(() => activity("误记：电话接洽").count(), { timeout: 15_000 }).toBe(0);

    // 接洽 → 考察 → 洽谈, with a note typed into the dialog.
    for (const stage of ["考察", "洽谈"]) {
      await admin.getByRole("button", { name: `推进到${stage}` }).click();
      dialog = admin.getByRole("dialog");
      await dialog.getByLabel("说明").fill(`${stage}阶段`);
      await dialog.getByRole("button", { name: /确\s*定/ }).click();
      await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    }

    // 签约 on the first day of the first report month: the project's fields, prefilled from the lead.
    await admin
      .getByRole("button", { name: /签\s*约/ })
      .first()
      .click();
    dialog = admin.getByRole("dialog");
    await expect.poll(() => dialog.getByLabel("项目名称").inputValue()).toBe(leadName);
    await fillDate(dialog.getByLabel("签约日期"), p.signedOn);
    await dialog.getByLabel("总投资（万元）").fill("60000");
    await dialog.getByRole("button", { name: "签约并建立项目" }).click();
    await admin.waitForURL(/\/projects\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const projectId = admin.url().split("/").pop() ?? "";
    await expect.poll(() => admin.getByRole("heading", { name: leadName }).isVisible(), { timeout: 20_000 }).toBe(true);

    // Signed, no plan yet: one project at 签约, 落地率 0 of 1, completion still "—".
    await expectProjectFigures(admin, unitId, p, {
      ...empty,
      projects: "1",
      signed: "1",
      rate: "—",
      landing: "0.0%",
      gap: null,
    });
    // One site visit; signed 60,000 万元 = 6.00 亿元, from Zhejiang: out of the province.
    await expectLeadFigures(admin, unitId, p, ["1", "1", "6.00 亿元", "1", "6.00 亿元"]);

    // The year's plan, 2,000 万元, set for the period's year picked in the plan form.
    await admin.goto(`/projects/${projectId}`);
    await admin.getByRole("button", { name: "设置年度计划" }).click();
    dialog = admin.getByRole("dialog");
    await pickOption(admin, dialog.getByLabel("计划年份"), `${p.year}年`);
    await dialog.getByLabel("年度计划投资（万元）").fill("2000");
    // a monthly split that does not add up: the server's Chinese message lands under the split switch
    await dialog.getByText("分月计划（合计须等于年度计划）").click();
    await dialog.getByLabel("1月", { exact: true }).fill("100");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect
      .poll(() => dialog.getByText(/分月计划合计.*与年度计划投资.*不符/).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await dialog.getByText("分月计划（合计须等于年度计划）").click();
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => figure(admin, `${p.year}年计划投资`), { timeout: 15_000 }).toBe("2,000.00 万元");
    await admin.getByRole("button", { name: "计划修改记录" }).click();
    await expect.poll(() => admin.getByText("设置为 2,000.00 万元").isVisible(), { timeout: 15_000 }).toBe(true);

    // With the plan and nothing reported: 0 of 2,000 万元.
    const planned = { ...empty, projects: "1", signed: "1", planned: "2,000.00 万元", landing: "0.0%" };
    await expectProjectFigures(admin, unitId, p, {
      ...planned,
      rate: "0.0%",
      gap: gapText(gapPoints(0, 2000, p.month)),
    });

    // Monthly reports on a phone: the first month 300 万元; the second first 400, then corrected to 500.
    const phone = await newPhonePage(browser);
    await signInViaApi(phone.context(), baseUrl(), "admin_jk", demoAccount("admin_jk").password);
    const openReport = async (month: number) => {
      await phone.goto(`/projects/report?projectId=${projectId}&year=${p.year}&month=${month}`);
      await expect.poll(() => phone.getByLabel("当月完成投资（万元）").isVisible(), { timeout: 20_000 }).toBe(true);
    };
    const report = async (month: number, amount: string, reason?: string) => {
      await openReport(month);
      if (reason) {
        await expect.poll(() => phone.getByText("该月已填报，本次为更正").isVisible()).toBe(true);
        await expect.poll(() => phone.getByText(/当前：当月 400\.00 万元/).isVisible()).toBe(true);
        await phone.getByLabel("更正原因").fill(reason);
      }
      await phone.getByLabel("当月完成投资（万元）").fill(amount);
      await phone.getByLabel("进展情况").fill(`${month}月主体结构施工`);
      if (!reason && month === secondMonth) await screenshot(phone, "projects-monthly-report-phone");
      await phone.getByRole("button", { name: reason ? "提交更正" : "提交填报" }).click();
      await expect
        .poll(() => phone.getByText(`已填报：${leadName} ${p.year}年${month}月`).isVisible(), { timeout: 15_000 })
        .toBe(true);
    };
    await report(firstMonth, "300");
    // 累计 below what is already reported: the server's message sits under the amount, in Chinese
    await openReport(secondMonth);
    await phone.getByText("累计数").click();
    await phone.getByLabel("本年累计完成投资（万元）").fill("100");
    await phone.getByRole("button", { name: "提交填报" }).click();
    await expect
      .poll(() => phone.getByText(/累计完成投资 100(\.00)? 万元低于1至\d+月已填报的合计 300(\.00)? 万元/).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await report(secondMonth, "400");
    await report(secondMonth, "500", "统计口径调整，按监理确认数更正");
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, "projects-monthly-report-corrected-phone");

    // After: (300 + 500) ÷ 2,000 = 40.0% against time progress month ÷ 12.
    const gap = gapPoints(800, 2000, p.month);
    await expectProjectFigures(admin, unitId, p, {
      ...planned,
      completed: "800.00 万元",
      rate: "40.0%",
      gap: gapText(gap),
    });
    const row = admin.getByRole("row", { name: new RegExp(leadName) });
    await expect.poll(() => row.isVisible()).toBe(true);
    const rule = investmentRule(gap);
    const rowText = await row.innerText();
    if (rule) expect(rowText).toContain(`${rule}\n完成率落后时序进度${(-gap).toFixed(1)}个百分点`);
    else expect(rowText).not.toContain("投资完成率低于时序进度");
    await screenshot(admin, "projects-list-with-figures");

    // The same list on the phone: cards, the rule written on the card, no sideways scrolling.
    await phone.goto(`/projects?orgUnitId=${unitId}&year=${p.year}&month=${p.month}`);
    await expect.poll(() => phone.getByRole("link", { name: leadName }).isVisible(), { timeout: 20_000 }).toBe(true);
    if (rule) await expect.poll(() => phone.getByRole("list", { name: "预警规则" }).innerText()).toContain(rule);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, "projects-list-phone");
    await phone.context().close();

    // The project page: 800 万元 done this year, one correction kept, and the rules that fired (default period).
    await admin.goto(`/projects/${projectId}`);
    await expect.poll(() => figure(admin, "本年累计完成"), { timeout: 20_000 }).toBe("800.00 万元");
    await expect.poll(() => figure(admin, "年度完成率")).toBe("40.0%");
    await expect.poll(() => admin.getByRole("button", { name: "更正记录（1）" }).isVisible()).toBe(true);
    const doneByDefault = p.reportMonths[1] <= p.last.month ? 800 : 300;
    const defaultRule = investmentRule(gapPoints(doneByDefault, 2000, p.last.month));
    const warnings = admin.getByRole("list", { name: "预警规则" });
    if (defaultRule) await expect.poll(() => warnings.innerText(), { timeout: 15_000 }).toContain(defaultRule);
    await admin.waitForTimeout(800); // let the chart finish its entry animation before the picture
    await screenshot(admin, "projects-project-page");

    await admin.goto(`/projects?orgUnitId=${unitId}&year=${p.year}&month=${p.month}&view=board`);
    await expect
      .poll(() => admin.getByRole("img", { name: "月度计划与完成（累计）" }).isVisible(), { timeout: 20_000 })
      .toBe(true);
    await admin.waitForTimeout(800);
    await screenshot(admin, "projects-dashboard");
    await admin.context().close();
  });

  it("imports leads from Excel on the import page reached from the pipeline board", { timeout: 180_000 }, async () => {
    const admin = await newDesktopPage(browser);
    await signInViaApi(admin.context(), baseUrl(), "admin_jk", demoAccount("admin_jk").password);
    const importedName = `端到端${stamp}导入新材料项目`;
    await admin.goto("/leads");
    await admin.getByRole("link", { name: /导入线索/ }).click();
    await expect
      .poll(() => admin.getByRole("heading", { name: "导入招商线索" }).isVisible(), { timeout: 20_000 })
      .toBe(true);
    const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByText("下载导入模板").click()]);
    const template = path.join(work, "lead-template.xlsx");
    await download.saveAs(template);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(template);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("the lead template has no sheet");
    const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
    sheet.spliceRows(2, Math.max(sheet.rowCount - 1, 0));
    const values: Record<string, string> = {
      项目名称: importedName,
      投资方: `端到端${stamp}材料科技有限公司`,
      所属园区: "许昌经济技术开发区",
      来源: "产业链招商",
      来源地: "珠三角",
      来源省份: "广东省",
      "拟投资（万元）": "12000",
    };
    sheet.addRow(headers.map((h) => values[h] ?? null).slice(1));
    const file = path.join(work, "leads.xlsx");
    await workbook.xlsx.writeFile(file);
    await admin.locator("input[type=file]").setInputFiles(file);
    await expect.poll(() => admin.getByText("没有发现错误").first().isVisible(), { timeout: 30_000 }).toBe(true);
    await admin.getByRole("button", { name: "下一步" }).click();
    await admin.getByRole("button", { name: /确认导入/ }).click();
    await expect
      .poll(
        () =>
          admin
            .getByText(/新增 1 条/)
            .first()
            .isVisible(),
        { timeout: 30_000 },
      )
      .toBe(true);
    await admin.goto(`/leads?q=${encodeURIComponent(importedName)}`);
    await expect
      .poll(() => admin.locator('section[data-stage="lead"]').getByRole("link", { name: importedName }).isVisible(), {
        timeout: 20_000,
      })
      .toBe(true);
    await admin.context().close();
  });

  it("creates a project through the form, advances it over a skipped stage, records a procedure, progress and a liaison the cadre then sees", {
    timeout: 300_000,
  }, async () => {
    const admin = await newDesktopPage(browser);
    await signInViaApi(admin.context(), baseUrl(), "admin_jk", demoAccount("admin_jk").password);
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
    await pickOption(admin, dialog.getByLabel("推进到"), "开工");
    await expect.poll(() => dialog.getByLabel("落地实际日期").isVisible()).toBe(true);
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.getByText("请填写落地实际日期（跳过的阶段）").isVisible()).toBe(true);
    // A project registered today was signed today, so 落地 happened today too.
    const today = beijingDate();
    await fillDate(dialog.getByLabel("落地实际日期"), today);
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

    // 前期手续: 立项备案 done today by the agency service.
    await admin
      .getByRole("row", { name: /立项备案/ })
      .getByRole("button", { name: /编\s*辑/ })
      .click();
    dialog = admin.getByRole("dialog");
    await pickOption(admin, dialog.getByLabel("办理状态"), "已办结");
    await dialog.getByRole("switch").click();
    await fillDate(dialog.getByLabel("办结日期"), today);
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect
      .poll(() => admin.getByRole("row", { name: /立项备案/ }).innerText(), { timeout: 15_000 })
      .toMatch(new RegExp(`已办结[\\s\\S]*代办[\\s\\S]*${today}`));

    // 进展情况
    await admin.getByRole("button", { name: "更新进展" }).click();
    dialog = admin.getByRole("dialog");
    await dialog.getByLabel("进展情况").fill("厂房主体封顶，设备进场调试");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => admin.getByText("厂房主体封顶，设备进场调试").first().isVisible()).toBe(true);

    // 包联: the cadre is assigned to the project.
    const cadre = demoAccount("cadre001");
    await admin.getByRole("button", { name: "安排包联" }).click();
    dialog = admin.getByRole("dialog");
    await pickSearched(admin, dialog, "包联人员", cadre.displayName);
    await pickOption(admin, dialog.getByLabel("包联角色"), "助企干部");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect
      .poll(() => admin.getByText(`${cadre.displayName} · 助企干部`).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await screenshot(admin, "projects-project-page-procedures");
    await admin.context().close();

    // The cadre, on a phone, finds the project among theirs and may report for it (the last complete month).
    const phone = await newPhonePage(browser);
    await signInViaApi(phone.context(), baseUrl(), "cadre001", cadre.password);
    await phone.goto(`/projects?q=${encodeURIComponent(projectName)}`);
    await expect.poll(() => phone.getByRole("link", { name: projectName }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, "projects-cadre-list-phone");
    await phone.goto(`/projects/report?projectId=${detail.id}`);
    await expect.poll(() => phone.getByLabel("当月完成投资（万元）").isVisible(), { timeout: 20_000 }).toBe(true);
    const { last } = testPeriod();
    await expect.poll(() => phone.getByText(`${last.year}年`, { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => phone.getByText(`${last.month}月`, { exact: true }).isVisible()).toBe(true);
    await phone.context().close();
  });
});
