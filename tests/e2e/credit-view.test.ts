/**
 * 信用数据 as a person meets it (issue 18): on a 390 px phone the page is a few screens, not forty —
 * one tab per source, the latest 12 months until "更多", one small menu per row holding "提出异议";
 * the navigation shows that it scrolls sideways and the header is short. The menu works without
 * scripts, and an institution's view switches tabs without logging another query.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { openDatabase } from "~db/connection";
import { gotoHydrated, launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";

const DEMO = "9132050852601815XM";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
let portal: RunningPortal;
let browser: Browser;
const errors: string[] = [];
let authorizedEnterprise: number;

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  const db = openDatabase(portal.databasePath);
  // An enterprise whose authorization lets 苏州银行 read its detailed data now.
  authorizedEnterprise = (
    db.$client
      .prepare(
        `SELECT a.enterprise_id AS id FROM authorizations a
         WHERE (a.institution_id = (SELECT institution_id FROM users WHERE username = 'szbank_officer') OR a.institution_id IS NULL) AND a.revoked_at IS NULL AND a.expires_at > ? ORDER BY a.id LIMIT 1`,
      )
      .get(Date.now()) as { id: number }
  ).id;
  db.$client.close();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const details = (page: Page) => page.getByRole("region", { name: "信用数据明细" });
const tabs = (page: Page) => details(page).getByRole("navigation", { name: "数据类别" });
const bodyRows = (page: Page) => details(page).locator("tbody tr");
const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

describe("信用数据 on a phone", () => {
  it("is a few screens: a tab per source, 12 months, 更多 for the rest", async () => {
    const { context, page } = await signedInPage(browser, portal, DEMO, errors, PHONE);
    await gotoHydrated(page, `${portal.baseUrl}/sme/credit`);
    await page.waitForFunction(() => document.querySelectorAll("canvas[data-drawn='true']").length === 4);
    // Eight tabs: six sources, the tax grades and the public records; 用电 is open.
    expect(await tabs(page).getByRole("link").allInnerTexts()).toEqual(
      ["用电", "用水", "用气", "纳税", "社保", "公积金", "纳税信用等级", "公共信用记录"].map((label) => expect.stringContaining(label)),
    );
    expect(await tabs(page).locator("[aria-current=page]").innerText()).toContain("用电");
    expect(await bodyRows(page).count()).toBe(12);
    expect(await pageHeight(page)).toBeLessThanOrEqual(6 * PHONE.height);
    await screenshot(page, "credit-phone");

    // Every row's menu is closed: no "提出异议" shows until a row's 操作 is opened, and then just one.
    expect(await details(page).getByRole("link", { name: "提出异议" }).filter({ visible: true }).count()).toBe(0);
    await bodyRows(page).first().locator("summary").click();
    expect(await details(page).getByRole("link", { name: "提出异议" }).filter({ visible: true }).count()).toBe(1);
    await screenshot(page, "credit-phone-row-menu");

    await details(page).getByRole("link", { name: /^更多/ }).click();
    await page.waitForURL(/months=all/);
    // Once the rows are redrawn (the address changes first).
    await details(page).getByRole("link", { name: /^收起/ }).waitFor();
    expect(await bodyRows(page).count()).toBeGreaterThan(12);

    await tabs(page)
      .getByRole("link", { name: /公共信用记录/ })
      .click();
    await details(page).getByRole("heading", { name: "公共信用记录" }).waitFor();
    await page.goBack();
    await details(page)
      .getByRole("heading", { name: /^用电数据/ })
      .waitFor();
    await context.close();
    expect(errors).toEqual([]);
  });

  it("the navigation shows it scrolls sideways and the header is short", async () => {
    const { context, page } = await signedInPage(browser, portal, DEMO, errors, PHONE);
    await gotoHydrated(page, `${portal.baseUrl}/sme/credit`);
    const nav = page.getByRole("navigation", { name: "功能导航" }).locator("ul");
    const strip = await nav.evaluate((ul) => ({
      scrolls: ul.scrollWidth > ul.clientWidth,
      hint: getComputedStyle(ul).backgroundImage,
    }));
    expect(strip.scrolls).toBe(true);
    // The edge shadow: a gradient pinned to the strip's edges, uncovered where more items wait.
    expect(strip.hint).toContain("radial-gradient");
    const header = await page.locator(".site-header").boundingBox();
    expect(header?.height).toBeLessThanOrEqual(80);
    await page.locator(".site-header").screenshot({ path: "test-results/screenshots/credit-phone-header.png" });
    await nav.evaluate((ul) => ul.scrollBy({ left: 200 }));
    await page.locator(".site-nav").screenshot({ path: "test-results/screenshots/credit-phone-nav-scrolled.png" });
    await context.close();
    expect(errors).toEqual([]);
  });

  it("a row's menu works without scripts", async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/login`);
    await page.getByLabel("用户名").fill(DEMO);
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("navigation", { name: "功能导航" }).waitFor();
    await page.goto(`${portal.baseUrl}/sme/credit?tab=tax_grades`);
    expect(await tabs(page).locator("[aria-current=page]").innerText()).toContain("纳税信用等级");
    await bodyRows(page).first().locator("summary").click();
    await details(page).getByRole("link", { name: "提出异议" }).click();
    await page.getByRole("heading", { level: 1, name: "提出异议" }).waitFor();
    expect(page.url()).toContain("type=tax_grade");
    await context.close();
  });
});

describe("信用数据 on a desktop", () => {
  it("the enterprise's tabs at 1366 px", async () => {
    const { context, page } = await signedInPage(browser, portal, DEMO, errors, DESKTOP);
    await gotoHydrated(page, `${portal.baseUrl}/sme/credit?tab=tax`);
    await page.waitForFunction(() => document.querySelectorAll("canvas[data-drawn='true']").length === 4);
    await details(page)
      .getByRole("heading", { name: /^纳税数据/ })
      .waitFor();
    expect(await bodyRows(page).count()).toBe(12);
    await screenshot(page, "credit-desktop");
    await context.close();
    expect(errors).toEqual([]);
  });

  it("an institution's view: tabs, no menus, and a tab is not another logged query", async () => {
    const { context, page } = await signedInPage(browser, portal, "szbank_officer", errors, DESKTOP);
    const queries = () => {
      const db = openDatabase(portal.databasePath);
      const n = (
        db.$client.prepare("SELECT count(*) AS n FROM credit_query_log WHERE enterprise_id = ?").get(authorizedEnterprise) as { n: number }
      ).n;
      db.$client.close();
      return n;
    };
    const before = queries();
    await gotoHydrated(page, `${portal.baseUrl}/bank/enterprises/${authorizedEnterprise}`);
    await page.getByText("本次查询已记入该企业可见的查询记录").waitFor();
    expect(queries()).toBe(before + 1);
    await tabs(page).getByRole("link", { name: /社保/ }).click();
    await details(page)
      .getByRole("heading", { name: /^社保数据/ })
      .waitFor();
    expect(await details(page).locator("summary").count()).toBe(0);
    expect(queries()).toBe(before + 1);
    await screenshot(page, "credit-bank-view");
    await page.setViewportSize(PHONE);
    expect(await pageHeight(page)).toBeLessThanOrEqual(6 * PHONE.height);
    await screenshot(page, "credit-bank-view-phone");
    await context.close();
    expect(errors).toEqual([]);
  });
});
