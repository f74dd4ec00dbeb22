/**
 * An objection in the browser: the enterprise opens 信用数据 (用电 is the first tab), disputes a month's electricity figure,
 * the bureau upholds it with the corrected value, and the enterprise sees the correction and is told.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditWindow } from "~/lib/credit-items";
import { addMonths, formatMonthZh, monthOf } from "~/lib/time";
import { enterpriseCreditData } from "~/services/credit-profile.server";
import { openDatabase } from "~db/connection";
import { launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";
import { ingest } from "../support/credit";

const DEMO = "9132050852601815XM";
let portal: RunningPortal;
let browser: Browser;
const errors: string[] = [];
const thisMonth = monthOf(Date.now());
const disputed = addMonths(thisMonth, -1);
let electricityMonths: number;

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  // The demo city already holds two years of the demo enterprise's data; the disputed month then
  // arrives again from the power company with a misread meter: ten times too much.
  const db = openDatabase(portal.databasePath);
  ingest(
    db,
    "monthly",
    [
      {
        uscc: DEMO,
        source: "electricity",
        month: disputed,
        quantity: 195_000,
        billedFen: "150,000.00",
        paidFen: "14,800.00",
        paidOnTime: "否",
        arrearsFen: "135,200.00",
      },
    ],
    Date.now(),
  );
  const enterpriseId = (db.$client.prepare("SELECT id FROM enterprises WHERE uscc = ?").get(DEMO) as { id: number }).id;
  const window = creditWindow(Date.now());
  electricityMonths = enterpriseCreditData(db, enterpriseId, window.from, window.to).monthly.electricity.length;
  db.$client.close();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const signedIn = (username: string, viewport?: { width: number; height: number }) =>
  signedInPage(browser, portal, username, errors, viewport);

const electricity = (page: Page) => page.locator("section", { has: page.getByRole("heading", { name: /^用电数据/ }) });
const disputedRow = (page: Page) => electricity(page).getByRole("row", { name: new RegExp(formatMonthZh(disputed)) });

describe("disputing a credit figure", () => {
  it("the enterprise disputes last month's electricity from 信用数据", async () => {
    const { context, page } = await signedIn(DEMO);
    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "信用数据" }).click();
    await page.getByRole("heading", { level: 1, name: "信用数据" }).waitFor();
    // Four charts draw; the table has a row for every month the power company reported.
    await page.waitForFunction(() => document.querySelectorAll("canvas[data-drawn='true']").length === 4);
    // The latest 12 months show; "更多" shows every month the power company reported.
    expect(electricityMonths).toBeGreaterThan(12);
    expect(await electricity(page).getByRole("row").count()).toBe(1 + 12);
    await electricity(page).getByRole("link", { name: /^更多/ }).click();
    await electricity(page).getByRole("link", { name: /^收起/ }).waitFor();
    expect(await electricity(page).getByRole("row").count()).toBe(1 + electricityMonths);
    await disputedRow(page).getByText("195,000").waitFor();

    // "提出异议" sits in the row's 操作 menu.
    await disputedRow(page).locator("summary").click();
    await disputedRow(page).getByRole("link", { name: "提出异议" }).click();
    await page.getByRole("heading", { level: 1, name: "提出异议" }).waitFor();
    await page.getByText(`用电 · ${formatMonthZh(disputed)}`).waitFor();
    await page.getByLabel("异议理由").fill("读数有误");
    await page.getByRole("button", { name: "提交异议" }).click();
    await page.getByText("异议理由至少10个字").waitFor();
    await page.getByLabel("异议理由").fill("电表更换后起码录入错误，实际用电约一万九千五百千瓦时，附供电公司换表单");
    await page.getByRole("button", { name: "提交异议" }).click();
    await page.getByText("异议已提交").waitFor();

    await page.goto(`${portal.baseUrl}/sme/credit`);
    await disputedRow(page).getByText("异议处理中").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("canvas[data-drawn='true']").length === 4);
    await screenshot(page, "sme-credit");
    await context.close();
  });

  it("the bureau upholds it with the corrected figures", async () => {
    const { context, page } = await signedIn("bureau");
    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "异议处理" }).click();
    await page.getByRole("heading", { level: 1, name: "异议处理" }).waitFor();
    await page
      .getByRole("row", { name: new RegExp(`用电 · ${formatMonthZh(disputed)}`) })
      .getByRole("link", { name: "处理" })
      .click();
    await page.getByRole("heading", { name: /用电 ·/ }).waitFor();
    await page.getByLabel("用量（千瓦时）").fill("19500");
    await page.getByLabel("应缴金额（元）").fill("14800");
    await page.getByLabel("是否按时缴纳").selectOption("是");
    await page.getByLabel("欠费金额（元）").fill("0");
    await page.getByLabel("处理说明（企业可见）").fill("经国网苏州供电公司核实，换表起码录入错误，已按换表单更正");
    await page.getByRole("button", { name: "采纳并更正" }).click();
    await page.getByText("已采纳并更正数据").waitFor();
    await page.getByRole("region", { name: "更正后的数据" }).getByText("19,500 千瓦时").waitFor();
    await screenshot(page, "bureau-objection-upheld");
    await context.close();
  });

  it("the enterprise sees the corrected value and has been told", async () => {
    const { context, page } = await signedIn(DEMO, { width: 390, height: 844 });
    await page.goto(`${portal.baseUrl}/sme/credit`);
    await disputedRow(page).getByText("19,500").waitFor();
    expect(await disputedRow(page).getByText("异议处理中").count()).toBe(0);
    expect(await page.getByText("195,000").count()).toBe(0);
    await screenshot(page, "sme-credit-phone");
    await page.getByRole("link", { name: /消息/ }).click();
    await page.getByText("异议已采纳，数据已更正").first().waitFor();
    await page.getByRole("link", { name: "查看" }).first().click();
    await page.getByText("已采纳并更正").first().waitFor();
    await page.getByRole("region", { name: "提出异议时的数据" }).getByText("195,000 千瓦时").waitFor();
    await context.close();
    expect(errors).toEqual([]);
  });
});
