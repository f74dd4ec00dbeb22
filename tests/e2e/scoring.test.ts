/** The scoring screens in Chromium: each role's page draws and hydrates without a script error. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";

let portal: RunningPortal;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function visit(username: string | null, path: string, check: (page: Page) => Promise<void>, viewport = { width: 1280, height: 900 }) {
  const { context, page } = await signedInPage(browser, portal, username, errors, viewport);
  await page.goto(`${portal.baseUrl}${path}`);
  await check(page);
  await page.waitForLoadState("networkidle");
  await screenshot(page, path.replaceAll("/", "_").slice(1));
  await context.close();
}

describe("scoring screens", () => {
  it("the method page is readable by anyone on a phone", async () => {
    await visit(null, "/credit/method", (page) => page.getByRole("heading", { name: "评分项与分值" }).waitFor(), {
      width: 390,
      height: 844,
    });
  });

  it("the enterprise sees its score with its history chart", async () => {
    await visit("9132050852601815XM", "/sme/score", (page) => page.getByRole("heading", { name: "怎样提高评分" }).waitFor(), {
      width: 390,
      height: 844,
    });
  });

  it("the officer's ranked queue and pushed lists draw", async () => {
    await visit("szbank_officer", "/bank/applicants", (page) => page.getByLabel("排序").waitFor());
    await visit("szbank_officer", "/bank/recommendations", (page) => page.getByRole("heading", { name: "推荐名单" }).waitFor());
  });

  it("the bureau's list and model screens draw, and a list can be built", async () => {
    await visit("bureau", "/bureau/recommendations?district=320508", async (page) => {
      await page.getByRole("button", { name: /生成名单|补充/ }).click();
      await page.getByRole("button", { name: "推送名单" }).waitFor();
    });
    await visit("bureau", "/bureau/scoring", (page) => page.getByRole("heading", { name: "版本对比（留出样本）" }).waitFor());
    expect(errors).toEqual([]);
  });
});
