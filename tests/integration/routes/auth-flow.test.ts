import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { buildUscc } from "~/lib/uscc";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { enterprises, users } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";

const ENTERPRISE_LOGIN = "9132050852601815XM";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});

const form = {
  uscc: buildUscc("91", "320583", "47218856"),
  name: "昆山瑞丰精密模具有限公司",
  districtCode: "320583",
  industrySection: "C",
  size: "micro",
  establishedOn: "2016-04-12",
  legalRepName: "陈建国",
  contactName: "陈晨",
  contactPhone: "13862001234",
  password: "Kunshan#2016",
  passwordConfirm: "Kunshan#2016",
  consent: "yes",
};

const enterpriseCount = () => app.db.select({ n: count() }).from(enterprises).get()!.n;

describe("registration over HTTP", () => {
  it.each([
    [{ uscc: "91350100M000100Y44" }, "统一社会信用代码校验位不正确"],
    [{ uscc: "9132050852601815XM" }, "该统一社会信用代码已注册"],
    [{ password: "kunshan2016", passwordConfirm: "kunshan2016" }, "密码需包含大写字母、小写字母、数字、符号中的至少三类"],
  ])("shows the problem at the field and stores nothing (%o)", async (change, message) => {
    const before = enterpriseCount();
    const response = await app.request("/register", { form: { ...form, ...change } });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).toContain('aria-invalid="true"');
    expect(enterpriseCount()).toBe(before);
  });

  it("signs the new enterprise in and shows its home", async () => {
    const response = await app.request("/register", { form });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/sme?welcome=1");
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const home = await app.request("/sme?welcome=1", { cookie: cookie.split(";")[0] });
    const html = await home.text();
    expect(html).toContain("昆山瑞丰精密模具有限公司");
    expect(html).toContain("注册成功");
    // Its tasks, as links: every enterprise screen is built.
    expect(html).toContain('href="/sme/credit"');
    expect(html).not.toContain("建设中");
  });
});

describe("login", () => {
  it("says the username or password is wrong without telling which", async () => {
    for (const username of ["icbc_officer", "no_such_user"]) {
      const response = await app.request("/login", { form: { username, password: "Wrong#Pass1" }, clientAddress: "198.51.100.1" });
      expect(response.status).toBe(401);
      expect(await response.text()).toContain("用户名或密码不正确");
    }
  });

  it("backs off a username after 5 failures from one address, even with the right password, and says when to retry", async () => {
    for (let i = 0; i < 5; i++) {
      const response = await app.request("/login", {
        form: { username: "ccb_officer", password: "Wrong#Pass1" },
        clientAddress: "198.51.100.10",
      });
      expect(response.status, `failure ${i + 1}`).toBe(401);
    }
    const response = await app.request("/login", {
      form: { username: "CCB_officer ", password: DEMO_PASSWORD },
      clientAddress: "198.51.100.10",
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await response.text()).toContain("登录失败次数过多");
  });

  it("does not let failures from another address lock the real user out (USCCs are public)", async () => {
    for (let i = 0; i < 8; i++) {
      await app.request("/login", { form: { username: ENTERPRISE_LOGIN, password: "Wrong#Pass1" }, clientAddress: "198.51.100.66" });
    }
    expect(
      (await app.request("/login", { form: { username: ENTERPRISE_LOGIN, password: DEMO_PASSWORD }, clientAddress: "198.51.100.66" }))
        .status,
    ).toBe(429);
    const owner = await app.request("/login", {
      form: { username: ENTERPRISE_LOGIN, password: DEMO_PASSWORD },
      clientAddress: "203.0.113.77",
    });
    expect(owner.status).toBe(302);
    expect(owner.headers.get("Location")).toBe("/sme");
  });

  it("answers an address's wrong passwords with 429 past 30 failures, but lets a correct one through", async () => {
    for (let i = 0; i < 30; i++) {
      const response = await app.request("/login", {
        form: { username: `guess${i}`, password: "Wrong#Pass1" },
        clientAddress: "192.0.2.50",
      });
      expect(response.status, `failure ${i + 1}`).toBe(401);
    }
    const blocked = await app.request("/login", {
      form: { username: "abc_officer", password: "Wrong#Pass1" },
      clientAddress: "192.0.2.50",
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain("此网络地址登录失败次数过多");
    // A colleague behind the same office address signs in with the right password.
    const colleague = await app.request("/login", {
      form: { username: "abc_officer", password: DEMO_PASSWORD },
      clientAddress: "192.0.2.50",
    });
    expect(colleague.status).toBe(302);
    const elsewhere = await app.request("/login", { form: { username: "guess99", password: "Wrong#Pass1" }, clientAddress: "192.0.2.51" });
    expect(elsewhere.status).toBe(401);
  });

  it("issues a new session id at every login and ends the old one", async () => {
    const first = await app.signIn("boc_officer");
    const response = await app.request("/login", { form: { username: "boc_officer", password: DEMO_PASSWORD }, cookie: first });
    const second = response.headers.get("Set-Cookie")!.split(";")[0]!;
    expect(second).not.toBe(first);
    expect((await app.request("/bank", { cookie: second })).status).toBe(200);
    expect((await app.request("/bank", { cookie: first })).status).toBe(302);
  });

  it("returns to the page that asked for login, but never to another site", async () => {
    const back = await app.request("/login", { form: { username: "bureau", password: DEMO_PASSWORD, redirectTo: "/bureau/institutions" } });
    expect(back.headers.get("Location")).toBe("/bureau/institutions");
    for (const redirectTo of ["//evil.example/phish", "/\t/evil.example/x"]) {
      const offsite = await app.request("/login", { form: { username: "bureau", password: DEMO_PASSWORD, redirectTo } });
      expect(offsite.headers.get("Location")).toBe("/bureau");
    }
  });

  it("logs out: the cookie is cleared and the session no longer works", async () => {
    const cookie = await app.signIn("jsbank_officer");
    const response = await app.request("/logout", { method: "POST", cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/xyd_session=;/);
    expect((await app.request("/bank", { cookie })).status).toBe(302);
  });
});

describe("disabling a user", () => {
  it("ends the officer's session at once and refuses their next login with a reason", async () => {
    const officerCookie = await app.signIn("szbank_officer2");
    expect((await app.request("/bank", { cookie: officerCookie })).status).toBe(200);
    const officer = app.db.select().from(users).where(eq(users.username, "szbank_officer2")).get()!;

    const adminCookie = await app.signIn("szbank_admin");
    const response = await app.request("/bank/officers", {
      form: { intent: "disable", userId: officer.id, confirm: "yes" },
      cookie: adminCookie,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("账号已停用");

    expect((await app.request("/bank", { cookie: officerCookie })).status).toBe(302);
    const login = await app.request("/login", {
      form: { username: "szbank_officer2", password: DEMO_PASSWORD },
      clientAddress: "198.51.100.200",
    });
    expect(login.status).toBe(403);
    expect(await login.text()).toContain("该账号已停用");
  });

  it("does not let a bank admin disable another bank's officer", async () => {
    const other = app.db.select().from(users).where(eq(users.username, "icbc_officer2")).get()!;
    const adminCookie = await app.signIn("szbank_admin");
    const response = await app.request("/bank/officers", {
      form: { intent: "disable", userId: other.id, confirm: "yes" },
      cookie: adminCookie,
    });
    expect(response.status).toBe(404);
    expect(app.db.select().from(users).where(eq(users.id, other.id)).get()!.disabledAt).toBeNull();
  });
});

describe("errors and health", () => {
  it("shows a friendly 404 page", async () => {
    const response = await app.request("/no/such/page");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("页面不存在");
  });

  it("answers /healthz with ok while the database answers", async () => {
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
