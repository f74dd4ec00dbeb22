/**
 * 无还本续贷 in the browser: the demo enterprise opens its loan at 苏州银行 maturing in 20 days from its
 * home and asks to renew it; 苏州银行's officer finds it under 续贷申请 and approves it into the
 * enterprise's e-CNY wallet; the enterprise sees the renewal chain and the new maturity date.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maturityDateOf } from "~/domain/maturity";
import { addDays, dateOf } from "~/lib/time";
import { launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";

const DEMO = "9132050852601815XM";
const DEMO_NAME = "苏州姑苏精密机械有限公司";
let portal: RunningPortal;
let browser: Browser;
const errors: string[] = [];
const today = dateOf(Date.now());

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const signedIn = (username: string, viewport?: { width: number; height: number }) =>
  signedInPage(browser, portal, username, errors, viewport);

describe("renewing a loan without repaying the principal", () => {
  it("the enterprise asks to renew its loan maturing soon", async () => {
    const { context, page } = await signedIn(DEMO);
    const row = page.getByRole("row", { name: /苏州银行/ }).filter({ hasText: "可申请续贷" });
    await row.getByText(addDays(today, 20)).waitFor();
    await row.getByRole("link").click();
    await page.getByRole("heading", { level: 2, name: "无还本续贷" }).waitFor();
    await page.getByLabel("经营情况说明（选填）").fill("订单稳定，回款正常，续贷用于原材料采购周转");
    // Without the authorization the bank could not review it: the form says so at the box.
    await page.getByRole("button", { name: "提交续贷申请" }).click();
    await page.getByText("请勾选授权：银行须查询贵企业当前的信用信息才能审查续贷申请").waitFor();
    await screenshot(page, "sme-loan-renewal-form");
    await page.getByRole("checkbox", { name: /本企业同意授权/ }).check();
    await page.getByRole("button", { name: "提交续贷申请" }).click();
    await page.getByText("续贷申请已提交").waitFor();
    await page.getByRole("button", { name: "撤回申请" }).waitFor();
    await screenshot(page, "sme-loan-renewal-requested");
    await context.close();
  });

  it("苏州银行's officer approves it from 续贷申请 into the e-CNY wallet", async () => {
    const { context, page } = await signedIn("szbank_officer");
    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "续贷申请" }).click();
    await page.getByRole("heading", { level: 1, name: "续贷申请" }).waitFor();
    await screenshot(page, "bank-renewals");
    await page
      .getByRole("row", { name: new RegExp(DEMO_NAME) })
      .filter({ hasText: "待银行审批" })
      .getByRole("link", { name: DEMO_NAME })
      .click();
    await page.getByRole("heading", { level: 3, name: "同意续贷", exact: true }).waitFor();
    await page.getByText("订单稳定，回款正常").waitFor();
    await page.getByRole("radio", { name: "数字人民币钱包" }).check();
    await screenshot(page, "bank-loan-renewal-open");
    await page.getByRole("button", { name: "同意续贷并登记放款" }).click();
    await page.getByText("已同意续贷：新贷款已登记，原贷款同日结清").waitFor();
    await page.getByRole("link", { name: /新贷款 #\d+/ }).click();
    await page.getByText("数字人民币钱包").first().waitFor();
    await page.getByText(/第 1 次续贷 #\d+（本笔）/).waitFor();
    await screenshot(page, "bank-loan-renewed");
    await context.close();
  });

  it("the enterprise sees the renewal chain and the new maturity", async () => {
    const { context, page } = await signedIn(DEMO, { width: 390, height: 844 });
    const newMaturity = maturityDateOf(today, 12);
    const row = page.getByRole("row").filter({ hasText: newMaturity }).filter({ hasText: "苏州银行" });
    await row.getByRole("link").click();
    await page.getByRole("heading", { level: 2, name: "续贷记录" }).waitFor();
    await page.getByText(/第 1 次续贷 #\d+（本笔）/).waitFor();
    await page
      .getByRole("link", { name: /原贷款 #\d+/ })
      .first()
      .waitFor();
    await page.getByText(`${newMaturity}（还有`).waitFor();
    await page.getByText("数字人民币钱包").first().waitFor();
    await screenshot(page, "sme-loan-renewed-phone");
    await page
      .getByRole("link", { name: /原贷款 #\d+/ })
      .first()
      .click();
    await page.getByText("该笔贷款已办理续贷").waitFor();
    await context.close();
    expect(errors).toEqual([]);
  });
});
