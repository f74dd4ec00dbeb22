/** The whole story in Chromium: an enterprise applies, an officer claims, grants and disburses, the enterprise sees it all. */
import type { Browser } from "playwright-core";
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

const signedIn = (username: string, viewport?: { width: number; height: number }) =>
  signedInPage(browser, portal, username, errors, viewport);

describe("a financing need from application to loan", () => {
  let needId: string;

  it("the enterprise applies to 苏科贷 from its phone, agreeing to the credit check", async () => {
    const { context, page } = await signedIn("9132050852601815XM", { width: 390, height: 844 });
    await page.goto(`${portal.baseUrl}/products?institution=1`);
    await page.getByRole("link", { name: "苏科贷", exact: true }).click();
    await page.getByRole("link", { name: "申请此产品" }).click();
    await page.getByRole("heading", { name: "申请“苏科贷”" }).waitFor();
    await page.getByLabel("融资金额（万元）").fill("120");
    await page.getByLabel("融资期限（月）").fill("12");
    await page.getByLabel("资金用途").selectOption("设备购置");
    await page.getByLabel("用途说明").fill("购置五轴加工中心一台");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.getByText("请勾选授权").waitFor();
    await page.getByRole("checkbox", { name: /我同意：为审查本笔融资需求/ }).check();
    // The 信用承诺 is ticked too: the need records which version the firm agreed to.
    await page.getByLabel("我已阅读并承诺遵守上述融资需求信用承诺").check();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.getByText("已发布。金融机构受理后您会收到消息通知。").waitFor();
    needId = page.url().match(/\/sme\/needs\/(\d+)/)![1]!;
    await screenshot(page, "need-posted-phone");
    await context.close();
  });

  it("the officer finds it at the top of the queue, claims, grants and disburses it", async () => {
    const { context, page } = await signedIn("szbank_officer");
    await page.goto(`${portal.baseUrl}/bank/applicants?only=applications&sort=newest`);
    const card = page.locator("article", { hasText: `需求 #${needId}` });
    await card.getByText("申请：苏科贷").waitFor();
    await card.getByRole("button", { name: "受理" }).click();
    await page.getByText("已受理，企业已收到通知").waitFor();

    await page.getByLabel("年利率（%）").fill("4.2");
    await page.getByRole("button", { name: "确认授信" }).click();
    await page.getByText("已授信，企业已收到通知").waitFor();

    await page.getByLabel("放款金额（万元）").fill("130");
    await page.getByRole("button", { name: "登记放款" }).click();
    await page.getByText("放款金额不能超过授信金额 120.00 万元").waitFor();
    await page.getByLabel("放款金额（万元）").fill("120");
    await page.getByRole("button", { name: "登记放款" }).click();
    await page.getByText("已登记放款，需求办结").waitFor();
    await page.getByRole("heading", { name: /贷款/ }).getByText("正常").waitFor();
    await screenshot(page, "claim-disbursed");
    await context.close();
  });

  it("the enterprise sees every step, by whom, and has been told", async () => {
    const { context, page } = await signedIn("9132050852601815XM");
    await page.goto(`${portal.baseUrl}/sme/needs/${needId}`);
    const timeline = page.getByRole("region", { name: "进度" });
    await timeline.getByText("放款 120.00 万元").waitFor();
    const steps = (await timeline.locator("li").allTextContents()).map((s) => s.replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, ""));
    // A product covered by a risk-compensation pool puts the loan in it after the disbursement: one more step.
    const pooled = steps.filter((s) => s.includes("纳入风险补偿资金池"));
    expect(pooled).toEqual(pooled.length ? ["贷款 120.00 万元 纳入风险补偿资金池“苏州市信易贷风险补偿资金池”"] : []);
    const disbursedOn = steps.find((s) => s.includes("放款日期"))!.match(/放款日期 (\S+)/)![1];
    expect(steps).toEqual([
      "发布融资需求 120.00 万元，期限 12 个月",
      "苏州银行 受理了需求",
      "苏州银行 授信 120.00 万元，年利率 4.20%，期限 12 个月",
      `苏州银行 放款 120.00 万元，放款日期 ${disbursedOn}`,
      ...pooled,
    ]);
    expect(await page.getByText("已放款").first().isVisible()).toBe(true);
    await page.getByRole("link", { name: /消息/ }).click();
    await page.getByText("贷款已发放").first().waitFor();
    await screenshot(page, "need-timeline");
    await context.close();
    expect(errors).toEqual([]);
  });
});
