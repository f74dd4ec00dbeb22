/**
 * 政策直达 in the browser: the bureau drafts a policy for one district, publishes it to the firms it
 * is for; the demo enterprise (姑苏区) is told and reads it; a firm of another district never sees it.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";

const DEMO = "9132050852601815XM";
const TITLE = "姑苏区小微企业首贷贴息（测试）";
let portal: RunningPortal;
let browser: Browser;
let outsider: string;
const errors: string[] = [];

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  const db = openDatabase(portal.databasePath);
  outsider = (
    db.$client.prepare("SELECT uscc FROM enterprises WHERE district_code <> '320508' ORDER BY id LIMIT 1").get() as { uscc: string }
  ).uscc;
  db.$client.close();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const signedIn = (username: string, viewport?: { width: number; height: number }) =>
  signedInPage(browser, portal, username, errors, viewport);

describe("a policy pushed to the firms it is for", () => {
  it("the bureau drafts it, sees who it would reach, and publishes it", async () => {
    const { context, page } = await signedIn("bureau");
    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "政策直达" }).click();
    await page.getByRole("heading", { level: 1, name: "政策直达" }).waitFor();
    await page.getByRole("link", { name: "新建政策" }).click();
    await page.getByRole("button", { name: "保存草稿" }).click();
    await page.getByText("请填写政策标题").waitFor();
    await page.getByLabel("政策标题").fill(TITLE);
    await page.getByLabel("发文单位").fill("姑苏区地方金融工作办公室");
    await page.getByLabel("支持方式").selectOption("贴息");
    await page.getByLabel("政策内容").fill("对在本平台获得首笔贷款的区内小微企业，按实际付息的 50% 贴息。");
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.getByLabel("生效日期").fill(today);
    await page.getByLabel("截止日期").fill(`${Number(today.slice(0, 4)) + 1}${today.slice(4)}`);
    await page.getByRole("group", { name: "适用区县" }).getByLabel("姑苏区").check();
    await page.getByRole("button", { name: "保存草稿" }).click();
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByText("区县：姑苏区").waitFor();
    const qualifying = await page.getByRole("region", { name: "触达情况" }).locator(".card").nth(3).locator(".stat").innerText();
    expect(Number(qualifying.replace(/[^\d]/g, ""))).toBeGreaterThan(0);
    await page.getByRole("button", { name: "发布并通知企业" }).click();
    await page.getByText(/已发布，已通知符合条件的企业 [\d,]+ 家/).waitFor();
    const notified = (await page.getByText(/已发布，已通知/).innerText()).match(/([\d,]+) 家/)![1]!;
    expect(notified).toBe(qualifying.replace(/\s*家.*/, "").trim());
    await screenshot(page, "bureau-policy-published");
    await context.close();
  });

  it("the demo enterprise is told, finds it under 可享政策 and reads it; the bureau sees it read", async () => {
    const { context, page } = await signedIn(DEMO, { width: 390, height: 844 });
    await page.locator("header").getByRole("link", { name: /消息/ }).click();
    await page.getByText(`可享政策：${TITLE}`).first().waitFor();
    await page.goto(`${portal.baseUrl}/sme/policies`);
    const row = page.getByRole("row", { name: new RegExp(TITLE) });
    await row.getByText("未读").waitFor();
    await row.getByRole("link", { name: TITLE }).click();
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByText("按实际付息的 50% 贴息").waitFor();
    await screenshot(page, "sme-policy-phone");
    await context.close();

    const bureau = await signedIn("bureau");
    await bureau.page.goto(`${portal.baseUrl}/bureau/policies`);
    const listed = bureau.page.getByRole("row", { name: new RegExp(TITLE) });
    expect(await listed.getByRole("cell").nth(5).innerText()).toBe("1");
    await bureau.context.close();
  });

  it("a firm of another district never sees it", async () => {
    const { context, page } = await signedIn(outsider);
    await page.goto(`${portal.baseUrl}/sme/policies`);
    await page.getByRole("heading", { level: 1, name: "可享政策" }).waitFor();
    expect(await page.getByText(TITLE).count()).toBe(0);
    await context.close();
  });

  it("raised no script error", () => {
    expect(errors).toEqual([]);
  });
});
