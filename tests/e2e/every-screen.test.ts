/**
 * Every screen in every role's navigation, opened in Chromium as that role: it renders and hydrates
 * without a script error and without falling into the error page. Server tests see the HTML only;
 * a value a component takes from a server-only module breaks the page only here.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "~/domain/accounts";
import { NAVIGATION } from "~/lib/navigation";
import { launchBrowser, signedInPage, startPortal, type RunningPortal } from "../support/browser";
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
    const errors: string[] = [];
    const { context, page } = await signedInPage(browser, portal, DEMO_LOGIN[role], errors);
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
