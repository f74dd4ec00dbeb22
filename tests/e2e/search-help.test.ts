/**
 * Issue 18 in Chromium, on a desktop and on a 390 px phone: searching and sorting the 金融超市, the
 * officer's compact queue and its CSV, 企业查询, the business list's CSV, and the help pages with
 * their templates and hotline.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gotoHydrated, launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";
import { DEMO_LOGIN } from "../support/route-table";

let portal: RunningPortal;
let browser: Browser;
const errors: string[] = [];
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  expect(errors).toEqual([]);
});

const open = (username: string | null, viewport?: { width: number; height: number }) =>
  signedInPage(browser, portal, username, errors, viewport);

/** Clicks a download link and reads what arrives. */
async function download(page: Page, name: string | RegExp): Promise<{ bytes: Buffer; filename: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return { bytes: readFileSync((await file.path())!), filename: file.suggestedFilename() };
}

const csvLines = (bytes: Buffer) => bytes.subarray(3).toString("utf8").trim().split("\r\n");

/** The lowest rate each product card shows, in the order shown ("3.40%–5.00%…" → 340). */
async function shownRates(page: Page): Promise<number[]> {
  const texts = await page.locator("article.product-card dt:text-is('年利率') + dd").allTextContents();
  return texts.map((t) => Math.round(Number(t.match(/^([\d.]+)%/)![1]) * 100));
}

describe("金融超市: search and sort", () => {
  for (const [label, viewport] of [
    ["desktop", undefined],
    ["phone", PHONE],
  ] as const) {
    it(`a visitor on a ${label} finds products by a word and sees the cheapest first`, async () => {
      const { context, page } = await open(null, viewport);
      await gotoHydrated(page, `${portal.baseUrl}/products`);
      await page.getByLabel("关键词").fill("科技");
      await page.getByLabel("排序").selectOption({ label: "利率从低到高" });
      await page.getByRole("button", { name: "筛选" }).click();
      await page.waitForURL(/q=%E7%A7%91%E6%8A%80/);
      expect(page.url()).toContain("sort=rate");
      await page.getByRole("status").filter({ hasText: "匹配“科技”" }).waitFor();
      const rates = await shownRates(page);
      expect(rates.length).toBeGreaterThan(1);
      expect(rates).toEqual([...rates].sort((a, b) => a - b));
      // The form keeps what was asked for.
      expect(await page.getByLabel("关键词").inputValue()).toBe("科技");
      await screenshot(page, `products-search-${label}`);
      await context.close();
    });
  }

  it("a hand-edited order is ignored with a notice, and the market still shows", async () => {
    const { context, page } = await open(null, PHONE);
    const response = await gotoHydrated(page, `${portal.baseUrl}/products?sort=cheapest&q=${"长".repeat(60)}`);
    expect(response?.status()).toBe(200);
    await page.getByText("部分筛选条件格式不正确，已忽略。").waitFor();
    expect(await page.locator("article.product-card").count()).toBeGreaterThan(0);
    await context.close();
  });
});

describe("需求队列: compact table and CSV", () => {
  it("an officer switches to the compact table, filters in it, and exports what it shows", async () => {
    const { context, page } = await open(DEMO_LOGIN.bank_officer);
    await gotoHydrated(page, `${portal.baseUrl}/bank/applicants`);
    const cards = await page.locator("article.card").count();
    await page.getByRole("navigation", { name: "显示方式" }).getByRole("link", { name: "紧凑表格" }).click();
    await page.waitForURL(/view=table/);
    const table = page.getByRole("table");
    await table.waitFor();
    // The same rows, each one line: a screen holds many more of them than of the cards.
    expect(await table.locator("tbody tr").count()).toBe(cards);
    const rowHeight = (await table.locator("tbody tr").first().boundingBox())!.height;
    expect(rowHeight).toBeLessThan(120);
    await page.getByLabel("排序").selectOption({ label: "金额从大到小" });
    await page.getByRole("button", { name: "筛选" }).click();
    await page.waitForURL(/sort=amount/);
    expect(page.url()).toContain("view=table");
    await table.waitFor();
    await screenshot(page, "queue-table-desktop");

    const exportLink = page.getByRole("link", { name: /导出 CSV/ });
    const total = Number((await exportLink.textContent())!.match(/（([\d,]+) 条）/)![1]!.replace(/,/g, ""));
    const { bytes, filename } = await download(page, /导出 CSV/);
    expect(filename).toMatch(/^需求队列-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvLines(bytes);
    expect(header!.startsWith("排名,需求编号,企业")).toBe(true);
    expect(rows).toHaveLength(total);
    // Ordered as on screen: the first row of the table is the first line of the file.
    const firstShown = (await table.locator("tbody tr").first().locator("td").first().textContent())!.match(/#(\d+)/)![1];
    expect(rows[0]!.split(",")[1]).toBe(firstShown);
    await context.close();
  });

  it("on a phone the compact table stacks each need into label: value lines", async () => {
    const { context, page } = await open(DEMO_LOGIN.bank_officer, PHONE);
    await gotoHydrated(page, `${portal.baseUrl}/bank/applicants?view=table`);
    const firstCell = page.getByRole("table").locator("tbody tr").first().locator("td").nth(1);
    await firstCell.waitFor();
    // The stacked layout shows the header as the cell's label; nothing runs off the screen.
    expect(await firstCell.getAttribute("data-label")).toBe("企业");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "queue-table-phone");
    await context.close();
  });
});

describe("企业查询 and 我的业务 CSV", () => {
  it("an officer looks a firm up by part of its name and opens its page", async () => {
    const { context, page } = await open(DEMO_LOGIN.bank_officer);
    await gotoHydrated(page, `${portal.baseUrl}/bank/applicants`);
    const name = (await page.locator("article.card h3 a").first().textContent())!;
    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "企业查询" }).click();
    await page.getByLabel("企业名称或统一社会信用代码").fill(name.slice(2, 6));
    await page.getByRole("button", { name: "查询" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /找到 \d+/ })
      .waitFor();
    const result = page.getByRole("table").getByRole("link", { name });
    await result.waitFor();
    await screenshot(page, "firm-search-desktop");
    await result.click();
    await page.getByRole("heading", { name, level: 1 }).waitFor();
    await context.close();
  });

  it("on a phone the search works the same, and a firm the bank has no business with is not found", async () => {
    const { context, page } = await open(DEMO_LOGIN.bank_officer, PHONE);
    await gotoHydrated(page, `${portal.baseUrl}/bank/enterprises`);
    await page.getByLabel("企业名称或统一社会信用代码").fill("苏州");
    await page.getByRole("button", { name: "查询" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /找到|没有找到/ })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // Many firms match "苏州": the page says how many it shows (a value the browser must have too).
    await page
      .getByRole("status")
      .filter({ hasText: /仅显示前 20 家|找到 \d+ 家企业。/ })
      .waitFor();
    expect(await page.getByRole("status").textContent()).not.toContain("undefined");
    await screenshot(page, "firm-search-phone");
    await page.getByLabel("企业名称或统一社会信用代码").fill("91320583131860916J");
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(/q=91320583131860916J/);
    await page.getByRole("status").waitFor();
    const text = (await page.getByRole("status").textContent())!;
    // Either the bank does business with that firm (then it is listed) or it is not found at all.
    if (text.includes("没有找到")) expect(await page.getByRole("table").count()).toBe(0);
    await context.close();
  });

  it("a bank admin exports the business list with the page's filter", async () => {
    const { context, page } = await open(DEMO_LOGIN.bank_admin);
    await gotoHydrated(page, `${portal.baseUrl}/bank/claims?status=disbursed`);
    const { bytes, filename } = await download(page, /导出 CSV/);
    expect(filename).toMatch(/^业务列表-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = csvLines(bytes);
    expect(header!.split(",").slice(0, 3)).toEqual(["需求编号", "企业", "区县"]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(",已放款,"))).toBe(true);
    await context.close();
  });
});

describe("帮助中心", () => {
  it("every role reaches it from its navigation", async () => {
    for (const role of ["enterprise", "bank_officer", "bank_admin", "bureau"] as const) {
      const { context, page } = await open(DEMO_LOGIN[role]);
      await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "帮助中心" }).click();
      await page.getByRole("heading", { name: "帮助中心", level: 1 }).waitFor();
      await context.close();
    }
  });

  it("on a phone: the hotline is shown as the default, a guide and the FAQ open, and a template downloads", async () => {
    const { context, page } = await open(null, PHONE);
    await gotoHydrated(page, `${portal.baseUrl}/help`);
    await page.getByText("0512-12345").first().waitFor();
    await page.getByText("默认号码：苏州 12345 政务服务便民热线").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "help-phone");
    const { bytes, filename } = await download(page, "存续企业登记注册信息 CSV");
    expect(filename).toBe("信用数据模板-存续企业登记注册信息.csv");
    expect(csvLines(bytes)[0]).toBe("统一社会信用代码,企业名称,法定代表人,登记状态");

    await page.getByRole("link", { name: "企业办事指南" }).click();
    await page.getByRole("heading", { name: "企业办事指南", level: 1 }).waitFor();
    await page.getByRole("link", { name: "前往：金融超市" }).waitFor();
    await screenshot(page, "help-guide-enterprise-phone");
    await page.getByRole("link", { name: "常见问题" }).last().click();
    await page.getByRole("heading", { name: "常见问题", level: 1 }).waitFor();
    await page.getByText("信用贷款需要抵押吗？").click();
    await page.getByText("不需要。担保方式为“信用”的产品").waitFor();
    await screenshot(page, "help-faq-phone");
    await context.close();
  });

  it("the bureau downloads an XLSX template from the upload page", async () => {
    const { context, page } = await open(DEMO_LOGIN.bureau);
    await gotoHydrated(page, `${portal.baseUrl}/bureau/credit-data/upload`);
    const [file] = await Promise.all([page.waitForEvent("download"), page.locator('a[href="/help/templates/monthly.xlsx"]').click()]);
    expect(file.suggestedFilename()).toBe("信用数据模板-月度数据.xlsx");
    expect(
      readFileSync((await file.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    await screenshot(page, "upload-template-links-desktop");
    await gotoHydrated(page, `${portal.baseUrl}/help`);
    await screenshot(page, "help-desktop");
    await context.close();
  });
});
