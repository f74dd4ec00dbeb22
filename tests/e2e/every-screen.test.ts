/**
 * Every screen in every role's navigation, opened in Chromium as that role: it renders and hydrates
 * without a script error and without falling into the error page. Server tests see the HTML only;
 * a value a component takes from a server-only module breaks the page only here.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NAVIGATION } from "~/lib/navigation";
import { ROLES } from "~/lib/roles";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { launchBrowser, startPortal, type RunningPortal } from "../support/browser";
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

describe("every screen of every role", () => {
  it.each([...ROLES])("%s: each navigation screen renders and hydrates cleanly", async (role) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
    await page.goto(`${portal.baseUrl}/login`);
    await page.getByLabel("用户名").fill(DEMO_LOGIN[role]);
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("navigation", { name: "功能导航" }).waitFor();
    for (const item of NAVIGATION[role].filter((i) => i.ready)) {
      const response = await page.goto(`${portal.baseUrl}${item.to}`);
      expect(response?.status(), item.to).toBe(200);
      await page.waitForLoadState("networkidle");
      expect(await page.getByRole("heading", { name: "系统繁忙" }).count(), `${item.to} fell into the error page`).toBe(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
