/**
 * Recovery and consent as people meet them in Chromium (issue 18): an enterprise that forgot its
 * password, a bank admin resetting an officer and handing a leaving officer's cases to a colleague,
 * and the consent a registration asks for — on a phone (390 px) and a desktop.
 */
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESET_REQUEST_ANSWER } from "~/domain/recovery";
import { gotoHydrated, launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";

let portal: RunningPortal;
let browser: Browser;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const DEMO_USCC = "9132050852601815XM";
const NEW_PASSWORD = "Gusu#Credit2027";

function query<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(portal.databasePath, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe("忘记密码 on a phone", () => {
  it("gets a code to the registered phone, sets a new password and signs in with it", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(browser, portal, null, errors, PHONE);
    const { contactPhone } = query<{ contactPhone: string }>(
      "SELECT contact_phone AS contactPhone FROM enterprises WHERE uscc = ?",
      DEMO_USCC,
    );
    await gotoHydrated(page, `${portal.baseUrl}/login`);
    await page.getByRole("link", { name: "忘记密码？" }).click();
    await page.getByRole("heading", { name: "忘记密码" }).waitFor();
    await page.getByLabel("统一社会信用代码或用户名").fill(DEMO_USCC);
    await page.getByLabel("登记的联系电话").fill(contactPhone);
    await page.getByRole("button", { name: "获取验证码" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe(RESET_REQUEST_ANSWER);
    await screenshot(page, "forgot-password-code-sent-phone");

    let code = "";
    await expect.poll(() => (code = /账号 9132050852601815xm 的验证码 (\d{6})/.exec(portal.output())?.[1] ?? "")).toMatch(/^\d{6}$/);
    await page.getByLabel("短信验证码").fill(code);
    await page.getByLabel("新密码", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("确认新密码").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "重置密码" }).click();
    await page.waitForURL(/\/login\?reason=password-reset$/);
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("密码已重置");
    await screenshot(page, "forgot-password-done-phone");

    await page.getByLabel("用户名").fill(DEMO_USCC);
    await page.getByLabel("密码").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((url) => url.pathname === "/sme");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a bank admin's officers page", () => {
  it("on a phone: issues a one-time reset link the officer uses once", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(browser, portal, "szbank_admin", errors, PHONE);
    await gotoHydrated(page, `${portal.baseUrl}/bank/officers`);
    const { displayName } = query<{ displayName: string }>(
      "SELECT display_name AS displayName FROM users WHERE username = 'szbank_officer5'",
    );
    await page.getByRole("button", { name: `重置密码 ${displayName}` }).click();
    const link = page.getByLabel("一次性重置链接");
    await link.waitFor();
    const url = await link.inputValue();
    expect(await page.getByText("此链接只显示这一次").count()).toBe(1);
    await screenshot(page, "officer-reset-link-phone");

    const officer = await signedInPage(browser, portal, null, errors, PHONE);
    await gotoHydrated(officer.page, url.replace(/^http:\/\/[^/]+/, portal.baseUrl));
    await officer.page.getByRole("heading", { name: "设置新密码" }).waitFor();
    await officer.page.getByLabel("新密码", { exact: true }).fill(NEW_PASSWORD);
    await officer.page.getByLabel("确认新密码").fill(NEW_PASSWORD);
    await screenshot(officer.page, "reset-link-new-password-phone");
    await officer.page.getByRole("button", { name: "设置新密码" }).click();
    await officer.page.waitForURL(/\/login\?reason=password-reset$/);
    // Used once: the same link now says so.
    await gotoHydrated(officer.page, url.replace(/^http:\/\/[^/]+/, portal.baseUrl));
    expect(await officer.page.getByRole("alert").textContent()).toContain("重置链接无效、已使用或已过期");
    await officer.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("on a desktop: will not disable an officer with open cases until a colleague takes them; the colleague and the firm see the handover", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(browser, portal, "szbank_admin", errors, DESKTOP);
    const leaving = query<{ id: string; displayName: string; open: number }>(
      `SELECT u.id, u.display_name AS displayName, count(*) AS open FROM claims c JOIN users u ON u.id = c.officer_user_id
       WHERE u.username = 'szbank_officer' AND c.status IN ('claimed', 'granted') GROUP BY u.id`,
    );
    expect(leaving.open).toBeGreaterThan(0);
    await gotoHydrated(page, `${portal.baseUrl}/bank/officers`);
    const stop = page.locator(`button[aria-label="停用并移交 ${leaving.displayName}"]`);
    // 停用… opens the handover form of that officer's row.
    await page.locator("details.handover").filter({ has: stop }).locator("summary").click();
    // The browser asks for the colleague first (the select is required); without it the server refuses too.
    await stop.evaluate((button) => button.closest("form")!.setAttribute("novalidate", ""));
    await stop.click();
    const refusal = page.getByRole("alert").filter({ hasText: "请选择接手的同事后再停用" });
    await refusal.first().waitFor();
    await screenshot(page, "officer-handover-refused-desktop");

    const form = page.locator("form.handover-form").filter({ has: stop });
    const colleagueOption = (await form.locator("select option").nth(1).textContent())!;
    await form.locator("select").selectOption({ label: colleagueOption });
    await stop.click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain(`${leaving.open} 件在办案件已移交接手同事`);
    await screenshot(page, "officer-handover-done-desktop");
    expect(errors).toEqual([]);
    await context.close();

    const colleagueName = colleagueOption.replace(/（.*$/, "");
    const colleagueUsername = /（(.*)）/.exec(colleagueOption)![1]!;
    const colleague = await signedInPage(browser, portal, colleagueUsername, errors, DESKTOP);
    await gotoHydrated(colleague.page, `${portal.baseUrl}/account/notifications`);
    await colleague.page.getByText(`${leaving.displayName} 的 ${leaving.open} 件在办案件已移交给您`).waitFor();
    await screenshot(colleague.page, "officer-handover-colleague-notified-desktop");
    await colleague.context.close();

    const firm = query<{ uscc: string; needId: number }>(
      `SELECT e.uscc, n.id AS needId FROM need_events ev JOIN needs n ON n.id = ev.need_id JOIN enterprises e ON e.id = n.enterprise_id
       WHERE ev.type = 'handed_over' AND e.uscc <> ? ORDER BY ev.id LIMIT 1`,
      DEMO_USCC,
    );
    const sme = await signedInPage(browser, portal, firm.uscc, errors, PHONE);
    await gotoHydrated(sme.page, `${portal.baseUrl}/sme/needs/${firm.needId}`);
    await sme.page.getByText(`本笔业务改由客户经理${colleagueName}继续办理`).waitFor();
    await screenshot(sme.page, "officer-handover-firm-timeline-phone");
    await sme.context.close();
    expect(errors).toEqual([]);
  });
});

describe("consent at registration", () => {
  it("on a phone: registration without consent is refused at the box; the linked documents open", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(browser, portal, null, errors, PHONE);
    await gotoHydrated(page, `${portal.baseUrl}/register`);
    await page.getByRole("button", { name: "注册" }).click();
    const consentError = page.locator("#consent-error");
    await expect.poll(() => consentError.textContent()).toBe("请阅读并同意《用户服务协议》和《隐私政策》后再注册");
    await consentError.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/screenshots/register-consent-refused-phone.png" });

    await gotoHydrated(page, `${portal.baseUrl}/legal/privacy`);
    await page.getByRole("heading", { name: "苏州市信易贷平台隐私政策" }).waitFor();
    expect(await page.getByRole("heading", { name: "四、保存期限" }).count()).toBe(1);
    await screenshot(page, "privacy-notice-phone");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("on a desktop: the user agreement reads as a document with its version", async () => {
    const errors: string[] = [];
    const { context, page } = await signedInPage(browser, portal, null, errors, DESKTOP);
    await gotoHydrated(page, `${portal.baseUrl}/legal/user-agreement`);
    await page.getByText("版本 2026-12-01，自该日起生效").waitFor();
    await screenshot(page, "user-agreement-desktop");
    expect(errors).toEqual([]);
    await context.close();
  });
});
