/**
 * The enterprise workbench (/sme) in Chromium, on a desktop and on a 390 px phone: the demo firm sees
 * its figures (the numbers the workbench service gives), the 苏州银行 offer waiting for its decision,
 * its score with the change since last month, its unread messages, the loan maturing within 30 days and
 * its 可享政策; the knocked-out firm sees its knock-out; a bank officer may not open the page.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actingUser } from "~/services/accounts.server";
import { enterpriseWorkbench, type Workbench } from "~/services/workbench.server";
import { openDatabase } from "~db/connection";
import { launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";

const DEMO = "9132050852601815XM";
const BAD = "91320583131860916J";
let portal: RunningPortal;
let browser: Browser;
let expected: Workbench;
const errors: string[] = [];
/** The first browser file of a run seeds the demo city; on a busy two-core machine that can take minutes. */
const SEEDING_MS = 600_000;

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  const db = openDatabase(portal.databasePath);
  expected = enterpriseWorkbench(db, actingUser(db, { username: DEMO })!, Date.now())!;
  db.$client.close();
}, SEEDING_MS);
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const signedIn = (username: string, viewport?: { width: number; height: number }) =>
  signedInPage(browser, portal, username, errors, viewport);

const figure = (page: Page, label: string) =>
  page
    .getByRole("region", { name: "待办概览" })
    .getByRole("link", { name: new RegExp(`^${label} `) })
    .getAttribute("aria-label");

async function checkFigures(page: Page) {
  expect(await figure(page, "待决定授信")).toBe(`待决定授信 ${expected.offers.length} 笔`);
  expect(await figure(page, "进行中需求")).toBe(`进行中需求 ${expected.needs.total} 笔`);
  expect(await figure(page, "未读消息")).toBe(`未读消息 ${expected.messages.unread} 条`);
  expect(await figure(page, "临近到期贷款")).toBe(`临近到期贷款 ${expected.maturing.length} 笔`);
  expect(await figure(page, "可享政策")).toBe(`可享政策 ${expected.policies.total} 项`);
  const score = expected.score!;
  const change = score.change! > 0 ? `较上月上升 ${score.change} 分` : score.change! < 0 ? `较上月下降 ${-score.change!} 分` : "与上月持平";
  expect(await figure(page, "信用评分")).toBe(`信用评分 ${score.score} 分，${score.grade} 级，${change}`);
}

describe("the enterprise workbench", () => {
  it("the seeded demo firm has something in every part", () => {
    expect(expected.offers.length).toBeGreaterThanOrEqual(1);
    expect(expected.needs.total).toBeGreaterThanOrEqual(3);
    expect(expected.maturing.length).toBeGreaterThanOrEqual(1);
    expect(expected.score?.change).not.toBeNull();
    expect(expected.messages.unread).toBeGreaterThan(0);
  });

  it("shows the demo firm what waits for it, on a desktop", async () => {
    const { context, page } = await signedIn(DEMO);
    await page.getByRole("heading", { level: 1, name: expected.enterprise.name }).waitFor();
    await checkFigures(page);
    const offers = page.getByRole("region", { name: "待您决定的授信" });
    await offers.getByText("苏州银行").first().waitFor();
    await offers.getByText("150.00 万元").first().waitFor();
    const needs = page.getByRole("region", { name: "进行中的融资需求" });
    await needs.getByText("有授信待您决定").first().waitFor();
    await needs.getByText("机构审查中").first().waitFor();
    await needs.getByText("等待受理").first().waitFor();
    const maturing = page.getByRole("region", { name: "临近到期的贷款" });
    await maturing.getByText("30 天内到期").first().waitFor();
    await page
      .getByRole("region", { name: "可享政策" })
      .getByRole("link", { name: /全部可享政策/ })
      .waitFor();
    await screenshot(page, "sme-workbench-desktop");
    await context.close();
  });

  it("fits a 390 px phone with compact figures and no sideways scrolling", async () => {
    const { context, page } = await signedIn(DEMO, { width: 390, height: 844 });
    await checkFigures(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // Two figures to a row.
    const boxes = await page
      .getByRole("region", { name: "待办概览" })
      .getByRole("link")
      .evaluateAll((links) => links.map((l) => l.getBoundingClientRect().top));
    expect(boxes[0]).toBe(boxes[1]);
    expect(boxes[2]).toBeGreaterThan(boxes[1]!);
    await screenshot(page, "sme-workbench-phone");
    await context.close();
  });

  it("tells the knocked-out firm of its knock-out, and shows none of the demo firm's offers", async () => {
    const { context, page } = await signedIn(BAD, { width: 390, height: 844 });
    const score = page.getByRole("region", { name: "待办概览" }).getByRole("link", { name: /^信用评分 / });
    await score.getByText(/存在否决项：.*严重失信主体名单/).waitFor();
    expect(await page.getByText("150.00 万元").count()).toBe(0);
    await screenshot(page, "sme-workbench-knocked-out-phone");
    await context.close();
  });

  it("a bank officer may not open it", async () => {
    const { context, page } = await signedIn("szbank_officer");
    const response = await page.goto(`${portal.baseUrl}/sme`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("region", { name: "待办概览" }).count()).toBe(0);
    await context.close();
  });

  it("raised no script error", () => {
    expect(errors).toEqual([]);
  });
});
