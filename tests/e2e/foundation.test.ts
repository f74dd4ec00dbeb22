/** The foundation as a person meets it in Chromium: register, sign in as every role, hit a wrong door. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLE_HOME } from "~/lib/navigation";
import { buildUscc } from "~/lib/uscc";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed/accounts";
import { gotoHydrated, launchBrowser, screenshot, startPortal, type RunningPortal } from "../support/browser";

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

async function signIn(page: Page, username: string) {
  await gotoHydrated(page, `${portal.baseUrl}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
}

describe("enterprise registration", () => {
  it("refuses a bad USCC at its field, then registers and lands on the enterprise home", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await gotoHydrated(page, `${portal.baseUrl}/register`);
    await page.getByLabel("统一社会信用代码").fill("91350100M000100Y44");
    await page.getByLabel("企业名称").fill("太仓德隆新材料有限公司");
    await page.getByLabel("所在区县").selectOption("320585");
    await page.getByLabel("行业门类").selectOption("C");
    await page.getByLabel("企业规模").selectOption("small");
    await page.getByLabel("成立日期").fill("2015-07-01");
    await page.getByLabel("法定代表人").fill("顾明");
    await page.getByLabel("联系人", { exact: true }).fill("顾晓");
    await page.getByLabel("联系电话").fill("13962211234");
    await page.getByLabel("密码", { exact: true }).fill("Taicang#2015");
    await page.getByLabel("确认密码").fill("Taicang#2015");
    await page.getByRole("button", { name: "注册" }).click();

    const usccError = page.locator("#uscc-error");
    await expect.poll(() => usccError.textContent()).toBe("统一社会信用代码校验位不正确，请核对");
    expect(await page.getByLabel("统一社会信用代码").getAttribute("aria-invalid")).toBe("true");
    // What was typed survives the round trip, except the passwords.
    expect(await page.getByLabel("企业名称").inputValue()).toBe("太仓德隆新材料有限公司");
    await screenshot(page, "register-rejected-uscc-phone");

    await page.getByLabel("统一社会信用代码").fill(buildUscc("91", "320585", "60813427"));
    await page.getByLabel("密码", { exact: true }).fill("Taicang#2015");
    await page.getByLabel("确认密码").fill("Taicang#2015");
    await page.getByRole("checkbox", { name: /我已阅读并同意/ }).check();
    await page.getByRole("button", { name: "注册" }).click();
    await page.waitForURL(/\/sme\?welcome=1$/);
    // The URL changes before the client-side navigation renders: wait for the page itself.
    await page.getByRole("heading", { level: 1, name: "太仓德隆新材料有限公司" }).waitFor();
    expect(await page.getByRole("status").textContent()).toContain("注册成功");

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "xyd_session", httpOnly: true, sameSite: "Lax", secure: true });
    await screenshot(page, "enterprise-home-phone");
    await context.close();
  });
});

describe("every demo role", () => {
  it.each(DEMO_ACCOUNTS)("$role ($username) signs in and lands on its own home", async ({ role, username }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, username);
    await page.waitForURL((url) => url.pathname === ROLE_HOME[role]);
    const nav = page.getByRole("navigation", { name: "功能导航" });
    await nav.getByRole("link", { name: "工作台" }).waitFor();
    expect(await nav.getByRole("link", { name: "工作台" }).getAttribute("aria-current")).toBe("page");
    expect(await nav.getByRole("link", { name: "修改密码" }).count()).toBe(1);
    await screenshot(page, `home-${role}-${username}`);
    await context.close();
  });
});

describe("a wrong role", () => {
  it("gets the friendly 403 page, and can still go back home", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "9132050852601815XM");
    await page.waitForURL((url) => url.pathname === "/sme");
    const response = await page.goto(`${portal.baseUrl}/bureau/institutions`);
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { level: 1, name: "无权访问" }).waitFor();
    await screenshot(page, "forbidden");
    await page.getByRole("link", { name: "返回首页" }).click();
    await page.waitForURL(`${portal.baseUrl}/`);
    await context.close();
  });
});
