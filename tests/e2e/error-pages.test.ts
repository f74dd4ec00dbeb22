/**
 * Error pages as a person meets them in Chromium: a page that is not there keeps the role's frame,
 * says why, and leads back — on a fresh load and on a client-side navigation (single fetch) alike.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";
import { DEMO_LOGIN } from "../support/route-table";

let portal: RunningPortal;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe("a 404 inside a role's area", () => {
  it("an officer's missing claim says 没有这笔业务 under the bank navigation, also when reached by going back", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(browser, portal, DEMO_LOGIN.bank_officer, errors);
    const response = await page.goto(`${portal.baseUrl}/bank/claims/987654`);
    expect(response?.status()).toBe(404);
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    const alert = page.getByRole("alert");
    await alert.getByRole("heading", { level: 1, name: "页面不存在" }).waitFor();
    expect(await alert.textContent()).toContain("没有这笔业务");
    const nav = page.getByRole("navigation", { name: "功能导航" });
    expect(await nav.getByRole("link", { name: "我的业务" }).count()).toBe(1);
    expect(await alert.getByRole("link", { name: "返回工作台" }).getAttribute("href")).toBe("/bank");
    await screenshot(page, "error-bank-missing-claim");

    // Into the navigation and back: the error page comes again, this time from a client-side load.
    await nav.getByRole("link", { name: "我的业务" }).click();
    await page.waitForURL(`${portal.baseUrl}/bank/claims`);
    await page.getByRole("heading", { level: 1, name: "我的业务" }).waitFor();
    await page.goBack();
    await alert.getByRole("heading", { level: 1, name: "页面不存在" }).waitFor();
    expect(await alert.textContent()).toContain("没有这笔业务");
    expect(await nav.getByRole("link", { name: "需求队列" }).count()).toBe(1);

    // 返回上一页 leads to the page before it: the 工作台 the officer signed in to.
    await alert.getByRole("button", { name: "返回上一页" }).click();
    await page.waitForURL((url) => url.pathname === "/bank");
    await page.locator(".error-page").waitFor({ state: "detached" });
    expect(await nav.getByRole("link", { name: "工作台" }).getAttribute("aria-current")).toBe("page");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an enterprise at an unknown path under /sme gets 页面不存在 in its frame and a way home", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(browser, portal, DEMO_LOGIN.enterprise, errors);
    const response = await page.goto(`${portal.baseUrl}/sme/no-such-page`);
    expect(response?.status()).toBe(404);
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    const alert = page.getByRole("alert");
    await alert.getByRole("heading", { level: 1, name: "页面不存在" }).waitFor();
    expect(await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "融资需求" }).count()).toBe(1);
    await screenshot(page, "error-sme-unknown-path");
    await alert.getByRole("link", { name: "返回工作台" }).click();
    await page.waitForURL(`${portal.baseUrl}/sme`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
