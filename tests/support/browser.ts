/**
 * Browser tests: the real server (`app/cli/start.ts`, as `npm start` runs it) on a free port with
 * its own database, and Debian's Chromium driven by playwright-core.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import Database from "better-sqlite3";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { launchPortal } from "./portal-process";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = "test-results/screenshots";

export type RunningPortal = {
  baseUrl: string;
  databasePath: string;
  /** Everything the server printed so far (the offline 忘记密码 channel writes its codes there). */
  output(): string;
  stop(): Promise<void>;
};

/**
 * The demo city every browser story starts from, seeded once per test run by the real server's first
 * start and then copied: seeding takes a minute, a copy a moment. Browser files run one at a time,
 * so the first to ask seeds it and the rest find it.
 */
async function seededDemoCity(): Promise<string> {
  const template = join(inject("testDatabaseDir"), "e2e-demo-city.sqlite");
  if (!existsSync(template)) {
    const building = `${template}.building`;
    const portal = await launchPortal(building, {}, { startTimeoutMs: 300_000 });
    await portal.stop();
    // The server closed the database on SIGTERM; fold any WAL left into the file before copying it.
    const db = new Database(building);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    renameSync(building, template);
  }
  return template;
}

export async function startPortal(env: Record<string, string> = {}): Promise<RunningPortal> {
  const databasePath = join(inject("testDatabaseDir"), `e2e-${randomUUID()}.sqlite`);
  copyFileSync(await seededDemoCity(), databasePath);
  const portal = await launchPortal(databasePath, env);
  // The browser visits "localhost", as README tells users to.
  return { baseUrl: `http://localhost:${portal.port}`, databasePath, output: portal.output, stop: portal.stop };
}

/** Opens a page and waits until React has hydrated it (app/root.tsx marks <html data-hydrated>). */
export async function gotoHydrated(page: Page, url: string) {
  const response = await page.goto(url);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  return response;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/**
 * A fresh browser context, signed in through the login form when `username` is given. Any script
 * error, hydration mismatch or CSP refusal is pushed to `errors` (refused form submissions answer
 * 4xx on purpose; the browser logs those too, and they are not errors).
 */
export async function signedInPage(
  browser: Browser,
  portal: RunningPortal,
  username: string | null,
  errors: string[],
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const who = username ?? "anonymous";
  page.on("pageerror", (e) => errors.push(`${who} ${page.url()}: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && !/status of 4\d\d/.test(m.text()) && errors.push(`${who} ${page.url()}: ${m.text()}`));
  if (username) {
    await gotoHydrated(page, `${portal.baseUrl}/login`);
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("navigation", { name: "功能导航" }).waitFor();
  }
  return { context, page };
}
