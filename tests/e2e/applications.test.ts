/**
 * Applications a bank can act on (decision 038), in Chromium: the knocked-out demo firm is told on the
 * product page and the apply form that it may not apply, and why; an application it made before the
 * rule (written into the database) is not in 苏州银行's ranked queue but is on its 产品申请 list, marked
 * with why; the officer, on a phone, answers it 不予受理 with a reason; the firm sees the reason on its
 * need; another bank never sees the application.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";

const BAD = "91320583131860916J";
let portal: RunningPortal;
let browser: Browser;
let productId: number;
let productName: string;
let needId: number;
let firmName: string;
const errors: string[] = [];
/** The first browser file of a run seeds the demo city; on a busy two-core machine that can take minutes. */
const SEEDING_MS = 600_000;

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  const db = openDatabase(portal.databasePath);
  const sqlite = db.$client;
  const product = sqlite
    .prepare(
      "SELECT p.id, p.name FROM products p JOIN institutions i ON i.id = p.institution_id JOIN users u ON u.institution_id = i.id WHERE u.username = 'szbank_officer' AND p.listed = 1 ORDER BY p.id LIMIT 1",
    )
    .get() as { id: number; name: string };
  productId = product.id;
  productName = product.name;
  const firm = sqlite.prepare("SELECT id, name FROM enterprises WHERE uscc = ?").get(BAD) as { id: number; name: string };
  firmName = firm.name;
  // An application as the portal took them before decision 038: posted an hour ago, never answered.
  const postedAt = Date.now() - 3_600_000;
  needId = sqlite
    .prepare(
      `INSERT INTO needs (enterprise_id, amount_fen, term_months, purpose, target_product_id, status, posted_at, expires_on, updated_at)
       VALUES (?, 50000000, 12, '流动资金周转：支付货款', ?, 'open', ?, date('now', '+30 days'), ?) RETURNING id`,
    )
    .pluck()
    .get(firm.id, productId, postedAt, postedAt) as number;
  sqlite.prepare("INSERT INTO need_events (need_id, type, at, detail) VALUES (?, 'posted', ?, '{}')").run(needId, postedAt);
  sqlite.close();
}, SEEDING_MS);
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const signedIn = (username: string, viewport?: { width: number; height: number }) =>
  signedInPage(browser, portal, username, errors, viewport);

const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("an application from a firm with a knock-out", () => {
  it("the firm is told on the product page and the apply form that it may not apply, and why", async () => {
    const { context, page } = await signedIn(BAD);
    await page.goto(`${portal.baseUrl}/products/${productId}`);
    const notice = page.getByRole("alert").filter({ hasText: "暂不能申请" });
    await notice.getByText(/贵企业目前存在否决项，暂不能申请信贷产品：.*严重失信主体名单/).waitFor();
    expect(await page.getByRole("link", { name: "申请此产品" }).count()).toBe(0);
    await screenshot(page, "application-refused-product-page");

    await page.goto(`${portal.baseUrl}/sme/needs/new?productId=${productId}`);
    await page.getByRole("heading", { level: 1, name: `申请“${productName}”` }).waitFor();
    await page.getByText("暂不能申请该产品").waitFor();
    expect(await page.getByRole("button", { name: "提交申请" }).count()).toBe(0);
    await screenshot(page, "application-refused-form");
    await context.close();
  });

  it("is not in 苏州银行's ranked queue, but on its 产品申请 list, marked with why", async () => {
    const { context, page } = await signedIn("szbank_officer");
    await page.goto(`${portal.baseUrl}/bank/applicants?only=applications&sort=newest`);
    await page.getByRole("heading", { level: 1, name: "需求队列" }).waitFor();
    expect(await page.getByText(`需求 #${needId}`, { exact: true }).count()).toBe(0);

    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "产品申请" }).click();
    await page.getByRole("heading", { level: 1, name: "产品申请" }).waitFor();
    const card = page.getByRole("article", { name: `需求 #${needId} ${firmName}` });
    await card.getByText("待受理（不在需求队列）").waitFor();
    await card.getByText(/企业存在否决项：列入严重失信主体名单/).waitFor();
    await card.getByText(productName, { exact: true }).waitFor();
    const summary = await page.getByRole("region", { name: "申请概况" }).innerText();
    expect(summary).toMatch(/待处理 \d+ 笔/);
    expect(summary).toMatch(/其中 [1-9]\d* 笔不在需求队列/);
    await screenshot(page, "bank-applications-desktop");
    await context.close();
  });

  it("the officer answers it 不予受理 on a phone, with a reason the firm is told", async () => {
    const { context, page } = await signedIn("szbank_officer", { width: 390, height: 844 });
    await page.goto(`${portal.baseUrl}/bank/applications`);
    const card = page.getByRole("article", { name: `需求 #${needId} ${firmName}` });
    expect(await fitsPhone(page)).toBe(true);
    await card.getByRole("link", { name: "不予受理…" }).click();
    const form = page.getByRole("form", { name: `不予受理需求 #${needId}` });
    await form.getByRole("button", { name: "确认不予受理" }).click();
    await form.getByText("请选择不予受理的原因").waitFor();
    await form.getByLabel("不予受理的原因").selectOption("knocked_out");
    await form.getByLabel("说明（企业可见）").fill("请在移出失信名单后再申请");
    await screenshot(page, "bank-application-decline-phone");
    await form.getByRole("button", { name: "确认不予受理" }).click();
    await page.getByText(`已对需求 #${needId} 不予受理，已告知企业原因`).waitFor();
    await expect.poll(() => page.getByRole("article", { name: `需求 #${needId} ${firmName}` }).count()).toBe(0);
    await page.getByRole("link", { name: "全部申请" }).click();
    await page
      .getByRole("article", { name: `需求 #${needId} ${firmName}` })
      .getByText(/不予受理（.*）：企业存在否决项/)
      .waitFor();
    expect(await fitsPhone(page)).toBe(true);
    await screenshot(page, "bank-applications-phone");
    await context.close();
  });

  it("the firm sees 不予受理 and the reason on its need and in its messages", async () => {
    const { context, page } = await signedIn(BAD, { width: 390, height: 844 });
    await page.goto(`${portal.baseUrl}/sme/needs/${needId}`);
    await page.getByText("不予受理", { exact: true }).first().waitFor();
    await page.getByText(/不予受理：企业存在否决项（严重失信、被强制执行或纳税信用 D 级）（请在移出失信名单后再申请）/).waitFor();
    await page.goto(`${portal.baseUrl}/account/notifications`);
    await page.getByText("产品申请不予受理").first().waitFor();
    expect(await fitsPhone(page)).toBe(true);
    await screenshot(page, "sme-application-declined-phone");
    await context.close();
  });

  it("another bank never sees the application", async () => {
    const { context, page } = await signedIn("icbc_officer");
    await page.goto(`${portal.baseUrl}/bank/applications?scope=all`);
    await page.getByRole("heading", { level: 1, name: "产品申请" }).waitFor();
    expect(await page.getByText(`需求 #${needId}`, { exact: true }).count()).toBe(0);
    await context.close();
  });

  it("raised no script error", () => {
    expect(errors).toEqual([]);
  });
});
