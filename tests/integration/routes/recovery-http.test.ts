/** Recovery and consent over HTTP: the neutral 忘记密码 answer, its limits, the one-time links, consent and handover refusals. */
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CONSENT_REQUIRED_MESSAGE, RESET_REQUEST_ANSWER } from "~/domain/recovery";
import { OPEN_CLAIM_STATUSES } from "~/domain/marketplace";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { claims, enterprises, users } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";

let app: TestApp;
const DEMO_USCC = "9132050852601815XM";
const NEW_PASSWORD = "Gusu#Credit2027";
let demoPhone: string;

const userRow = (username: string) => app.db.select().from(users).where(eq(users.username, username.toLowerCase())).get()!;
/** The page without what differs between any two answers (the CSP nonce). */
const comparable = (html: string) => html.replace(/nonce="[^"]*"/g, "");

beforeAll(async () => {
  app = await startTestApp();
  demoPhone = app.db.select({ phone: enterprises.contactPhone }).from(enterprises).where(eq(enterprises.uscc, DEMO_USCC)).get()!.phone;
});
afterEach(() => vi.restoreAllMocks());

describe("/forgot-password", () => {
  it("answers a matching and a wrong phone alike, sends the code only for the match, and resets with it", async () => {
    const log = vi.spyOn(console, "info").mockImplementation(() => {});
    const wrong = await app.request("/forgot-password", {
      form: { intent: "request", account: DEMO_USCC, phone: "13800000000" },
      clientAddress: "198.51.100.31",
    });
    const right = await app.request("/forgot-password", {
      form: { intent: "request", account: DEMO_USCC, phone: demoPhone },
      clientAddress: "198.51.100.31",
    });
    expect([wrong.status, right.status]).toEqual([200, 200]);
    const [wrongHtml, rightHtml] = [await wrong.text(), await right.text()];
    expect(rightHtml).toContain(RESET_REQUEST_ANSWER);
    expect(comparable(wrongHtml)).toBe(comparable(rightHtml));
    await vi.waitFor(() => expect(log).toHaveBeenCalledTimes(1));
    const code = /验证码 (\d{6})/.exec(String(log.mock.calls[0]![0]))![1]!;

    const officerCookie = await app.signIn(DEMO_USCC);
    const wrongCode = await app.request("/forgot-password", {
      form: {
        intent: "reset",
        account: DEMO_USCC,
        code: code === "000000" ? "111111" : "000000",
        password: NEW_PASSWORD,
        passwordConfirm: NEW_PASSWORD,
      },
    });
    expect(wrongCode.status).toBe(400);
    expect(await wrongCode.text()).toContain("验证码不正确或已过期");

    const done = await app.request("/forgot-password", {
      form: { intent: "reset", account: DEMO_USCC, code, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD },
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login?reason=password-reset");
    // The session signed in before the reset is over.
    expect((await app.request("/sme", { cookie: officerCookie })).status).toBe(302);
    expect(await (await app.request("/login?reason=password-reset")).text()).toContain("密码已重置");
    await app.signIn(DEMO_USCC, NEW_PASSWORD);
  });

  it("limits requests per typed account with 429 and Retry-After, whether or not it exists", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await app.request("/forgot-password", {
        form: { intent: "request", account: "91320500NOSUCHCODE", phone: "13800000000" },
        clientAddress: `198.51.100.${40 + i}`,
      });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe("one-time reset links from the user lists", () => {
  it("a bank admin issues one for their officer (shown once); it sets a new password once", async () => {
    const admin = await app.signIn("szbank_admin");
    const officer = userRow("szbank_officer4");
    const officerCookie = await app.signIn("szbank_officer4");
    const issued = await app.request("/bank/officers", { cookie: admin, form: { intent: "reset", userId: officer.id } });
    expect(issued.status).toBe(200);
    const html = await issued.text();
    expect(html).toContain("此链接只显示这一次");
    const url = new URL(/>(http:\/\/localhost\/reset-password\?token=[^<]+)</.exec(html)![1]!.replace(/&amp;/g, "&"));
    expect((await app.request("/bank", { cookie: officerCookie })).status).toBe(302);
    // Not on the page again.
    expect(await (await app.request("/bank/officers", { cookie: admin })).text()).not.toContain(url.searchParams.get("token")!);

    const page = await app.request(url.pathname + url.search);
    expect(await page.text()).toContain("szbank_officer4");
    const token = url.searchParams.get("token")!;
    const set = await app.request("/reset-password", { form: { token, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD } });
    expect(set.status).toBe(302);
    await app.signIn("szbank_officer4", NEW_PASSWORD);
    const again = await app.request("/reset-password", { form: { token, password: "Again#Pass2027", passwordConfirm: "Again#Pass2027" } });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("重置链接无效、已使用或已过期");
  });

  it("a bank admin cannot reset another bank's officer (404), and the officer's password still works", async () => {
    const admin = await app.signIn("szbank_admin");
    const other = userRow("icbc_officer2");
    const response = await app.request("/bank/officers", { cookie: admin, form: { intent: "reset", userId: other.id } });
    expect(response.status).toBe(404);
    expect(userRow("icbc_officer2").passwordHash).toBe(other.passwordHash);
    await app.signIn("icbc_officer2", DEMO_PASSWORD);
  });

  it("the admin issues one for a bureau analyst from /admin/users", async () => {
    const admin = await app.signIn("admin");
    const response = await app.request("/admin/users", { cookie: admin, form: { intent: "reset", userId: userRow("bureau2").id } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("已为");
  });
});

describe("registration consent and officer handover", () => {
  it("refuses a registration without consent at the field", async () => {
    const response = await app.request("/register", {
      form: { uscc: "91320571908301663W", name: "x", password: "Xyd#2026pass", passwordConfirm: "Xyd#2026pass" },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(CONSENT_REQUIRED_MESSAGE);
  });

  it("refuses to disable an officer holding open claims until a colleague is picked", async () => {
    const admin = await app.signIn("szbank_admin");
    const holder = app.db
      .select({ id: claims.officerUserId })
      .from(claims)
      .innerJoin(users, eq(users.id, claims.officerUserId))
      .where(and(inArray(claims.status, OPEN_CLAIM_STATUSES), eq(users.username, "szbank_officer")))
      .get();
    expect(holder).toBeDefined();
    // A plain 停用 (ticked, as its confirmation asks) from a page loaded before the officer took cases.
    const response = await app.request("/bank/officers", {
      cookie: admin,
      form: { intent: "disable", userId: holder!.id, confirm: "yes" },
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("件在办案件，请选择接手的同事后再停用");
    expect(userRow("szbank_officer").disabledAt).toBeNull();
  });
});
