/**
 * Every screen in every role's navigation, opened in Chromium as that role: it renders and hydrates
 * without a script error and without falling into the error page. Server tests see the HTML only;
 * a value a component takes from a server-only module breaks the page only here. On a 390 px phone
 * no screen is taller than six screenfuls unless it splits itself with tabs or pages.
 */
import type { Browser, Page } from "playwright-core";
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

const PHONE = { width: 390, height: 844 };
const MAX_PHONE_SCREENS = 6;

/** How tall the page is at phone width, and whether it has tabs or a pager to split it. */
async function phoneLength(page: Page) {
  const desktop = page.viewportSize();
  await page.setViewportSize(PHONE);
  const length = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    split: document.querySelector("nav.tabs, [role=tablist], nav[aria-label='分页']") !== null,
  }));
  if (desktop) await page.setViewportSize(desktop);
  return length;
}

const tooLong = (path: string, length: { height: number; split: boolean }) =>
  !length.split && length.height > MAX_PHONE_SCREENS * PHONE.height
    ? [`${path}: ${length.height} px at ${PHONE.width} px wide (over ${MAX_PHONE_SCREENS} screens, no tabs or pages)`]
    : [];

describe("every screen of every role", () => {
  it.each([...ROLES])("%s: each navigation screen renders and hydrates cleanly", async (role) => {
    const errors: string[] = [];
    const long: string[] = [];
    const { context, page } = await signedInPage(browser, portal, DEMO_LOGIN[role], errors);
    for (const item of NAVIGATION[role].filter((i) => i.ready)) {
      const response = await page.goto(`${portal.baseUrl}${item.to}`);
      expect(response?.status(), item.to).toBe(200);
      await page.waitForLoadState("networkidle");
      expect(await page.getByRole("heading", { name: "系统繁忙" }).count(), `${item.to} fell into the error page`).toBe(0);
      long.push(...tooLong(item.to, await phoneLength(page)));
    }
    expect(errors).toEqual([]);
    expect(long).toEqual([]);
    await context.close();
  });

  it("the public screens are not too long on a phone", async () => {
    const long: string[] = [];
    // Lengths only: /register logs a hydration mismatch (React #418) in the evening UTC (after
    // midnight in Suzhou), as it did before this test; that is for another fix.
    const { context, page } = await signedInPage(browser, portal, null, []);
    for (const path of ["/", "/credit/method", "/products", "/login", "/register"]) {
      expect((await page.goto(`${portal.baseUrl}${path}`))?.status(), path).toBe(200);
      await page.waitForLoadState("networkidle");
      long.push(...tooLong(path, await phoneLength(page)));
    }
    expect(long).toEqual([]);
    await context.close();
  });
});
