/** The bureau at month end: the dashboard's charts draw, the month's report is frozen and downloaded. */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths, formatMonthZh, monthOf } from "~/lib/time";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { launchBrowser, screenshot, startPortal, type RunningPortal } from "../support/browser";

let portal: RunningPortal;
let browser: Browser;
const lastMonth = addMonths(monthOf(Date.now()), -1);

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe("monthly statistics in the browser", () => {
  it("draws the dashboard, freezes last month's report and downloads its XLSX", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // A script blocked by the Content-Security-Policy shows up as a console error.
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${portal.baseUrl}/login`);
    await page.getByLabel("用户名").fill("bureau");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { level: 1, name: "金融管理部门工作台" }).waitFor();

    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "统计看板" }).click();
    await page.getByRole("heading", { level: 1, name: `${formatMonthZh(lastMonth)} 信易贷运行情况` }).waitFor();
    // chart.js marks each canvas once it has drawn; seven charts on the page (two of them after the loan).
    await page.waitForFunction(() => document.querySelectorAll("canvas[data-drawn='true']").length === 7);
    expect(await page.getByText("放款金额", { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(page, "bureau-dashboard");

    await page.getByRole("link", { name: "本月报表" }).click();
    await page.getByRole("heading", { level: 1, name: /苏州市信易贷工作统计表（草稿）/ }).waitFor();
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "冻结本月报表" }).click();
    await page.getByRole("status").filter({ hasText: "已冻结（第1版）" }).waitFor();
    await page.getByRole("heading", { level: 1, name: `${formatMonthZh(lastMonth)}苏州市信易贷工作统计表`, exact: true }).waitFor();
    await screenshot(page, "bureau-report-frozen");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 XLSX" }).click()]);
    expect(download.suggestedFilename()).toBe(`${formatMonthZh(lastMonth)}苏州市信易贷工作统计表-第1版.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.getWorksheet("总表")!.getCell("A1").value).toBe(`${formatMonthZh(lastMonth)}苏州市信易贷工作统计表`);
    expect(workbook.worksheets.map((w) => w.name)).toContain("按区县");
    expect(errors).toEqual([]);
    await context.close();
  });
});
