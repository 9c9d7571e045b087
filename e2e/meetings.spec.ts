/**
 * A joint review meeting (联审联批会议) as a leader runs it: creates the meeting, pulls in the most overdue open
 * issue from 待上会问题, records the decision with a responsible leader, unit and new deadline, concludes it;
 * the issue then carries the new deadline, the unit and a 联审联批会议决定 entry in its timeline, and the minutes
 * (.docx) hold the decision. Oversight reads meetings but is offered no way to change them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentXml } from "../apps/server/test/docx.js";
import { fillDate, openDialog, pickSearched } from "./support/antd.js";
import { baseUrl, demoAccount, launchBrowser, newDesktopPage, screenshot, signIn } from "./support/browser.js";
import { beijingDate } from "./support/period.js";

let browser: Browser;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "zonedesk-e2e-meetings-"));
const stamp = Date.now().toString(36).slice(-5);
const meetingTitle = `端到端联审联批会议${stamp}`;
const decision = `由自然资源和规划局牵头，两周内完成用地指标调剂（${stamp}）`;
const departmentName = "自然资源和规划局";

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

interface IssueDetail {
  id: string;
  serialNo: string;
  title: string;
  status: string;
  dueOn: string | null;
  isOverdue: boolean;
  leadDepartmentName: string | null;
}

describe("joint review meeting end to end", () => {
  it("pick an overdue issue → decide → conclude → the issue follows → minutes hold the decision", async () => {
    const leader = await newDesktopPage(browser);
    const leaderAccount = demoAccount("leader01");
    await signIn(leader, leaderAccount);
    const me = (await (await leader.request.get(`${baseUrl()}/api/auth/me`)).json()) as { displayName: string };

    // ── a new meeting ──
    await leader.goto("/meetings");
    let dialog = await openDialog(leader, /新建会议/);
    await dialog.getByLabel("会议名称").fill(meetingTitle);
    await dialog.getByLabel("地点").fill("管委会三楼会议室");
    await dialog.getByLabel("参会人员").fill("自然资源和规划局、住房和城乡建设局、财政局");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await leader.waitForURL(/\/meetings\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const meetingId = leader.url().split("/").pop() ?? "";
    await expect.poll(() => leader.getByRole("heading", { name: meetingTitle }).isVisible()).toBe(true);
    await expect.poll(() => leader.getByText("还没有议题").isVisible()).toBe(true);

    // ── the most overdue open issue is put on the agenda ──
    dialog = await openDialog(leader, /选取问题/);
    await dialog.getByText("已逾期", { exact: true }).click();
    const firstCandidate = dialog.locator(".ant-table-tbody tr.ant-table-row").first();
    await expect.poll(() => firstCandidate.isVisible(), { timeout: 20_000 }).toBe(true);
    const serialNo = (await firstCandidate.locator("td").nth(1).innerText()).trim();
    expect(serialNo).toMatch(/\S/);
    const listed = (await (
      await leader.request.get(`${baseUrl()}/api/issues?q=${encodeURIComponent(serialNo)}`)
    ).json()) as { data: { id: string; serialNo: string }[] };
    const issueId = listed.data.find((i) => i.serialNo === serialNo)?.id;
    if (!issueId) throw new Error(`the candidate ${serialNo} is not in the leader's ledger`);
    const before = (await (await leader.request.get(`${baseUrl()}/api/issues/${issueId}`)).json()) as IssueDetail;
    expect(before.isOverdue).toBe(true);
    await firstCandidate.locator(".ant-checkbox-input").check();
    await dialog.getByRole("button", { name: "加入会议（1）" }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    const agendaRow = leader.locator(".ant-table-tbody tr.ant-table-row", { hasText: serialNo });
    await expect.poll(() => agendaRow.isVisible(), { timeout: 15_000 }).toBe(true);

    // ── the decision: responsible leader, unit, new deadline ──
    const newDueOn = beijingDate(21);
    await agendaRow.getByRole("button", { name: /编\s*辑/ }).click();
    dialog = leader.getByRole("dialog").last();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel("会议决定").fill(decision);
    await pickSearched(leader, dialog, "责任领导", me.displayName);
    await pickSearched(leader, dialog, "责任单位", departmentName);
    await fillDate(dialog.getByLabel("新办理时限"), newDueOn);
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => agendaRow.innerText()).toContain(decision);
    const row = await agendaRow.innerText();
    for (const text of [me.displayName, departmentName, newDueOn]) expect(row).toContain(text);
    await screenshot(leader, "meetings-agenda");

    // ── concluded: the decisions are handed down and the meeting can no longer change ──
    await leader.getByRole("button", { name: /结束会议并下达决定/ }).click();
    const confirm = leader.locator(".ant-modal-confirm");
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await confirm.getByRole("button", { name: /确\s*定/ }).click();
    await expect
      .poll(
        () =>
          leader
            .locator(".ant-tag", { hasText: /^已结束$/ })
            .first()
            .isVisible(),
        { timeout: 15_000 },
      )
      .toBe(true);
    await expect.poll(() => confirm.isVisible()).toBe(false);
    expect(await leader.getByRole("button", { name: /选取问题/ }).count()).toBe(0);
    expect(await agendaRow.getByRole("button", { name: /编\s*辑/ }).count()).toBe(0);
    await screenshot(leader, "meetings-concluded");

    const after = (await (await leader.request.get(`${baseUrl()}/api/issues/${issueId}`)).json()) as IssueDetail;
    expect(after.dueOn).toBe(newDueOn);
    expect(after.isOverdue).toBe(false);
    expect(after.leadDepartmentName).toBe(departmentName);

    // ── the issue's timeline shows the decision with who answers for it ──
    await leader.goto(`/issues/${issueId}`);
    const event = leader.getByTestId("issue-event").filter({ hasText: "联审联批会议决定" }).first();
    await expect.poll(() => event.isVisible(), { timeout: 20_000 }).toBe(true);
    const eventText = await event.innerText();
    expect(eventText).toContain(decision);
    expect(eventText).toContain(`责任领导：${me.displayName}`);
    expect(eventText).toContain(`责任单位：${departmentName}`);
    await expect.poll(() => leader.getByText(newDueOn).first().isVisible()).toBe(true);
    await screenshot(leader, "meetings-issue-timeline");

    // ── the minutes (.docx) hold the meeting and the decision ──
    await leader.goto(`/meetings/${meetingId}`);
    await expect.poll(() => leader.getByRole("heading", { name: meetingTitle }).isVisible()).toBe(true);
    const [download] = await Promise.all([
      leader.waitForEvent("download"),
      leader.getByRole("button", { name: /会议纪要/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${meetingTitle}-会议纪要.docx`);
    const file = path.join(work, "minutes.docx");
    await download.saveAs(file);
    const xml = await documentXml(fs.readFileSync(file));
    for (const text of [meetingTitle, "管委会三楼会议室", serialNo, decision, me.displayName, departmentName]) {
      expect(xml).toContain(text);
    }
    await leader.context().close();

    // ── oversight reads the meeting but is offered nothing that changes it ──
    const oversight = await newDesktopPage(browser);
    await signIn(oversight, demoAccount("jiwei01"));
    await oversight.goto("/meetings");
    await expect
      .poll(() => oversight.getByRole("link", { name: meetingTitle }).isVisible(), { timeout: 20_000 })
      .toBe(true);
    expect(await oversight.getByRole("button", { name: /新建会议/ }).count()).toBe(0);
    await oversight.getByRole("link", { name: meetingTitle }).click();
    await expect.poll(() => oversight.getByRole("heading", { name: meetingTitle }).isVisible()).toBe(true);
    expect(await oversight.getByRole("button", { name: /选取问题|结束会议/ }).count()).toBe(0);
    expect(await oversight.getByRole("button", { name: /会议纪要/ }).count()).toBe(1);
    await oversight.context().close();
  }, 240_000);
});
