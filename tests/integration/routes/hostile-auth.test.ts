/**
 * Issue 17's hostile-user findings on signing in, sessions and requests, replayed against the built
 * portal: first through its request handler (as the other route suites do), then — for what the
 * server entry (app/cli/start.ts) decides: origin checks, forwarded headers, caching — against the
 * real server process on a port.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { bootstrapAdmin } from "~/services/accounts.server";
import { dataProviders, users } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";
import { createTestDatabase } from "../../support/db";
import { launchPortal, signInOverHttp, type PortalProcess } from "../../support/portal-process";

const ENTERPRISE = "9132050852601815XM";
const NEW_PASSWORD = "Changed#2026pw";
const TOKEN = /xyd_[A-Za-z0-9_-]{43}/;
const PROXIED_ADMIN = "proxyadmin";
const PROXIED_PASSWORD = "Gate#Keeper2026";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});

const sessionOf = (response: Response) => response.headers.get("Set-Cookie")?.split(";")[0] ?? "";

describe("the page to return to after login", () => {
  it.each([
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r\nSet-Cookie: planted=1",
    "/\\evil.example/x",
    "/.//evil.example/x",
    "https:evil.example/x",
  ])("never another site and never a 500: %j", async (redirectTo) => {
    const response = await app.request("/login", {
      form: { username: "bureau", password: DEMO_PASSWORD, redirectTo },
      clientAddress: "198.51.100.31",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/bureau");
    expect(response.headers.getSetCookie().join("\n")).not.toContain("planted");
  });

  it("still returns to this site's own page, as the browser will resolve it", async () => {
    const response = await app.request("/login", {
      form: { username: "bureau", password: DEMO_PASSWORD, redirectTo: "/bureau/reports?year=2026" },
      clientAddress: "198.51.100.31",
    });
    const location = response.headers.get("Location")!;
    expect(location).toBe("/bureau/reports?year=2026");
    expect(new URL(location, "https://portal.example").origin).toBe("https://portal.example");
  });
});

describe("login attempts sent at once", () => {
  it("counts each before the password is checked: of 10 wrong passwords at once, 5 are checked", async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.request("/login", { form: { username: "jsbank_officer", password: "Wrong#Pass1" }, clientAddress: "198.51.100.40" }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
  });
});

describe("wrong current passwords on the password-change form", () => {
  const change = (cookie: string, currentPassword: string, password = NEW_PASSWORD) =>
    app.request("/account/password", { form: { currentPassword, password, passwordConfirm: password }, cookie });

  it("ends every session of the user at the 5th in 15 minutes, and the login page says why", async () => {
    const here = await app.signIn("szbank_officer");
    const elsewhere = await app.signIn("szbank_officer");
    for (let i = 0; i < 4; i++) {
      const response = await change(here, "Wrong#Pass1");
      expect(response.status, `attempt ${i + 1}`).toBe(400);
      expect(await response.text()).toContain("当前密码不正确");
    }
    const fifth = await change(here, "Wrong#Pass1");
    expect(fifth.status).toBe(302);
    expect(fifth.headers.get("Location")).toBe("/login?reason=password-attempts");
    expect(fifth.headers.get("Set-Cookie")).toMatch(/xyd_session=;/);
    for (const cookie of [here, elsewhere]) expect((await app.request("/bank", { cookie })).status).toBe(302);

    const login = await app.request("/login?reason=password-attempts");
    expect(await login.text()).toContain("当前密码输错次数过多，为保护账号安全，该账号在所有设备上的登录已全部退出");
    expect(await (await app.request("/login?reason=%3Cscript%3E")).text()).not.toContain("输错次数过多");

    // Signing in again with the password clears the count: the next slip is only a slip.
    const again = await app.signIn("szbank_officer");
    const slip = await change(again, "Wrong#Pass1");
    expect(slip.status).toBe(400);
    expect((await app.request("/bank", { cookie: again })).status).toBe(200);
  });

  it("checks at most 5 of 12 guesses sent at once, and ends the session", async () => {
    const cookie = await app.signIn("szbank_officer2");
    const answers = await Promise.all(Array.from({ length: 12 }, () => change(cookie, "Wrong#Pass1")));
    const wrong = answers.filter((r) => r.status === 400).length;
    const signedOut = answers.filter((r) => r.status === 302 && r.headers.get("Location") === "/login?reason=password-attempts").length;
    expect(wrong + signedOut).toBe(12);
    expect(wrong).toBeLessThanOrEqual(4);
    expect((await app.request("/bank", { cookie })).status).toBe(302);
  });
});

describe("a password change without JavaScript", () => {
  it("gets the new session cookie on the document response itself and stays signed in", async () => {
    const before = await app.signIn("icbc_officer");
    const other = await app.signIn("icbc_officer");
    // A plain form post, as a browser without JavaScript sends it (no _data parameter).
    const response = await app.request("/account/password", {
      form: { currentPassword: DEMO_PASSWORD, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD },
      cookie: before,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account/password?changed=1");
    const after = sessionOf(response);
    expect(after).toMatch(/^xyd_session=.+/);
    expect(after).not.toBe(before);
    expect(response.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);

    const page = await app.request("/account/password?changed=1", { cookie: after });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("密码已修改，其他设备上的登录已全部退出");
    expect((await app.request("/bank", { cookie: after })).status).toBe(200);
    for (const cookie of [before, other]) expect((await app.request("/bank", { cookie })).status).toBe(302);
    expect(await app.signIn("icbc_officer", NEW_PASSWORD)).toMatch(/^xyd_session=/);
  });

  it("and with JavaScript (a single-fetch data request) the cookie comes with the redirect too", async () => {
    const before = await app.signIn("boc_officer");
    const response = await app.request("/account/password.data", {
      form: { currentPassword: DEMO_PASSWORD, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD },
      cookie: before,
    });
    expect(response.status).toBe(202);
    expect(await response.text()).toContain("/account/password?changed=1");
    const after = sessionOf(response);
    expect(after).toMatch(/^xyd_session=.+/);
    expect((await app.request("/bank", { cookie: after })).status).toBe(200);
  });
});

describe("wrong push tokens from one address", () => {
  it("do not lock out a valid token sent from the same address", async () => {
    const bureau = await app.signIn("bureau");
    const form = new URLSearchParams({ intent: "create_provider", name: "苏州供水（令牌测试）" });
    form.append("sources", "water");
    expect((await app.request("/bureau/credit-data/providers", { cookie: bureau, body: form })).status).toBe(200);
    const providerId = app.db.select().from(dataProviders).where(eq(dataProviders.name, "苏州供水（令牌测试）")).get()!.id;
    const issued = await app.request("/bureau/credit-data/providers", {
      cookie: bureau,
      form: { intent: "issue_token", providerId: String(providerId), label: "测试" },
    });
    const token = TOKEN.exec(await issued.text())![0];

    const push = (bearer: string) =>
      app.request("/api/v1/credit-data/batches", {
        method: "POST",
        body: "{}",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${bearer}` },
        clientAddress: "192.0.2.77",
      });
    const wrongToken = `xyd_${"A".repeat(43)}`;
    for (let i = 0; i < 20; i++) expect((await push(wrongToken)).status, `wrong token ${i + 1}`).toBe(401);
    const guessing = await push(wrongToken);
    expect(guessing.status).toBe(429);
    expect(Number(guessing.headers.get("Retry-After"))).toBeGreaterThan(0);
    const valid = await push(token);
    expect(valid.status).toBe(400); // past authentication: the empty body is what is wrong
    expect(((await valid.json()) as { error: { code: string } }).error.code).toBe("invalid_body");
  });
});

describe("the real server", () => {
  let portal: PortalProcess;
  let proxied: PortalProcess;
  let base: string;
  let proxiedColleagueId: string;
  beforeAll(async () => {
    // The same database as the in-process portal above; the other server sits behind a proxy on
    // loopback, over a database of its own with one administrator.
    const behindProxy = createTestDatabase();
    const admin = await bootstrapAdmin(
      behindProxy.db,
      { username: PROXIED_ADMIN, displayName: "代理测试", password: PROXIED_PASSWORD },
      Date.now(),
    );
    expect(admin.ok).toBe(true);
    const colleague = await bootstrapAdmin(
      behindProxy.db,
      { username: "proxyadmin2", displayName: "代理同事", password: PROXIED_PASSWORD },
      Date.now(),
    );
    proxiedColleagueId = colleague.ok ? colleague.userId : "";
    behindProxy.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    behindProxy.db.$client.close();
    [portal, proxied] = await Promise.all([
      launchPortal(process.env.DATABASE_PATH!, { SEED: "none" }),
      launchPortal(behindProxy.path, { SEED: "none", TRUST_PROXY: "loopback" }),
    ]);
    base = portal.baseUrl;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([portal?.stop(), proxied?.stop()]);
  });

  const post = (url: string, fields: Record<string, string>, headers: Record<string, string>) =>
    fetch(url, { method: "POST", body: new URLSearchParams(fields), headers, redirect: "manual" });

  describe("writes from another site", () => {
    it("does not believe X-Forwarded-Host unless TRUST_PROXY names the proxy", async () => {
      const spoofed = { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example" };
      const direct = await post(`${base}/login`, { username: "bureau", password: DEMO_PASSWORD }, spoofed);
      expect(direct.status).toBe(403);
      expect(await direct.text()).toContain("请求来自其他网站");
      // Behind a configured proxy the forwarded host is the one the browser addressed.
      const viaProxy = await post(
        `${proxied.baseUrl}/login`,
        { username: "nobody", password: "Wrong#Pass1" },
        {
          Origin: "https://portal.example",
          "X-Forwarded-Host": "portal.example",
          "X-Forwarded-Proto": "https",
        },
      );
      expect(viaProxy.status).toBe(401);
      const foreignViaProxy = await post(
        `${proxied.baseUrl}/login`,
        { username: "nobody", password: "Wrong#Pass1" },
        {
          Origin: "https://evil.example",
          "X-Forwarded-Host": "portal.example",
          "X-Forwarded-Proto": "https",
        },
      );
      expect(foreignViaProxy.status).toBe(403);
    });

    it("compares the whole origin, scheme and port with the host: the same host over another scheme is another site", async () => {
      const wrong = { username: "nobody", password: "Wrong#Pass1" };
      // The server is plain HTTP on its port: an https page of the same host and port is not it.
      const otherScheme = await post(`${base}/login`, wrong, { Origin: `https://127.0.0.1:${portal.port}` });
      expect(otherScheme.status).toBe(403);
      expect(await otherScheme.text()).toContain("请求来自其他网站");
      const otherPort = await post(`${base}/login`, wrong, { Origin: `http://127.0.0.1:${portal.port + 1}` });
      expect(otherPort.status).toBe(403);
      const cookie = await signInOverHttp(base, "abc_officer");
      const refererOtherScheme = await post(
        `${base}/account/password`,
        { intent: "nothing" },
        {
          Cookie: cookie,
          Referer: `https://127.0.0.1:${portal.port}/account/password`,
        },
      );
      expect(refererOtherScheme.status).toBe(403);
      expect((await post(`${base}/login`, wrong, { Origin: base })).status).toBe(401);
      // Behind the proxy, the scheme is the one X-Forwarded-Proto names: a plain-HTTP page is not the https site.
      const plainViaProxy = await post(`${proxied.baseUrl}/login`, wrong, {
        Origin: "http://portal.example",
        "X-Forwarded-Host": "portal.example",
        "X-Forwarded-Proto": "https",
      });
      expect(plainViaProxy.status).toBe(403);
    });

    it("takes the port from X-Forwarded-Host only behind TRUST_PROXY: a reset link names the port the client addressed", async () => {
      const errorsBefore = portal.errors();
      const admin = await signInOverHttp(base, "szbank_admin");
      const officer = app.db.select().from(users).where(eq(users.username, "szbank_officer6")).get()!;
      const issued = await post(
        `${base}/bank/officers`,
        { intent: "reset", userId: officer.id },
        { Cookie: admin, Origin: base, "X-Forwarded-Host": "127.0.0.1:6666" },
      );
      expect(issued.status).toBe(200);
      const html = await issued.text();
      expect(html).toContain(`${base}/reset-password?token=`);
      expect(html).not.toContain(":6666");
      expect(portal.errors()).toBe(errorsBefore);

      // Behind the proxy the link names the host, port and scheme the browser addressed.
      const proxiedAdmin = await signInOverHttp(proxied.baseUrl, PROXIED_ADMIN, PROXIED_PASSWORD);
      const colleague = await post(
        `${proxied.baseUrl}/admin/users`,
        { intent: "reset", userId: proxiedColleagueId },
        {
          Cookie: proxiedAdmin,
          Origin: "https://portal.example:8443",
          "X-Forwarded-Host": "portal.example:8443",
          "X-Forwarded-Proto": "https",
        },
      );
      expect(colleague.status).toBe(200);
      expect(await colleague.text()).toContain("https://portal.example:8443/reset-password?token=");
    });

    it("refuses a signed-in write whose only proof is a foreign Referer, or that has neither header", async () => {
      const cookie = await signInOverHttp(base, "abc_officer");
      const form = { intent: "nothing" };
      const foreignReferer = await post(`${base}/account/password`, form, { Cookie: cookie, Referer: "https://evil.example/page" });
      expect(foreignReferer.status).toBe(403);
      expect(await foreignReferer.text()).toContain("请求来自其他网站");
      const neither = await post(`${base}/account/password`, form, { Cookie: cookie });
      expect(neither.status).toBe(403);
      expect(await neither.text()).toContain("无法确认请求来自本平台页面");
      const json = await post(`${base}/account/password`, form, { Cookie: cookie, Accept: "application/json" });
      expect(await json.json()).toMatchObject({ error: { code: "origin_unproven" } });
      // The same post with a same-site Origin, or only a same-site Referer, reaches the form (400: fields missing).
      expect((await post(`${base}/account/password`, form, { Cookie: cookie, Origin: base })).status).toBe(400);
      expect((await post(`${base}/account/password`, form, { Cookie: cookie, Referer: `${base}/account/password` })).status).toBe(400);
    });

    it("lets programs without a session through to their own checks: sign-in scripts and the push API", async () => {
      expect(await signInOverHttp(base, "abc_officer")).toMatch(/^xyd_session=/);
      const push = await fetch(`${base}/api/v1/credit-data/batches`, {
        method: "POST",
        body: "{}",
        headers: { "Content-Type": "application/json" },
      });
      expect(push.status).toBe(401);
    });
  });

  describe("a client that sends its own X-Forwarded-For", () => {
    const signIn = (url: string, username: string, password: string, forwardedFor: string) =>
      post(`${url}/login`, { username, password }, { "X-Forwarded-For": forwardedFor });

    it("without TRUST_PROXY is still one address: wrong passwords under a new X-Forwarded-For each are counted together, the 6th gets 429", async () => {
      for (let i = 1; i <= 5; i++) {
        const response = await signIn(base, "cmb_officer", "Wrong#Pass1", `198.51.100.${i}`);
        expect(response.status, `attempt ${i}`).toBe(401);
      }
      const sixth = await signIn(base, "cmb_officer", "Wrong#Pass1", "198.51.100.6");
      expect(sixth.status).toBe(429);
      expect(Number(sixth.headers.get("Retry-After"))).toBeGreaterThan(0);
      // The pair is closed for this address whatever header comes next, the right password too.
      expect((await signIn(base, "cmb_officer", DEMO_PASSWORD, "198.51.100.7")).status).toBe(429);
    });

    it("behind a proxy TRUST_PROXY names, each forwarded address is its own: the right password from another one signs in", async () => {
      for (let i = 1; i <= 5; i++) {
        const response = await signIn(proxied.baseUrl, PROXIED_ADMIN, "Wrong#Pass1", "198.51.100.61");
        expect(response.status, `attempt ${i}`).toBe(401);
      }
      expect((await signIn(proxied.baseUrl, PROXIED_ADMIN, "Wrong#Pass1", "198.51.100.61")).status).toBe(429);
      expect((await signIn(proxied.baseUrl, PROXIED_ADMIN, PROXIED_PASSWORD, "198.51.100.61")).status).toBe(429);
      const elsewhere = await signIn(proxied.baseUrl, PROXIED_ADMIN, PROXIED_PASSWORD, "198.51.100.62");
      expect(elsewhere.status).toBe(302);
      expect(elsewhere.headers.getSetCookie()[0]).toMatch(/^xyd_session=[^;]+/);
    });
  });

  describe("caching", () => {
    it("keeps signed-in pages and cookie-setting answers out of every cache, not public assets", async () => {
      const login = await post(`${base}/login`, { username: ENTERPRISE, password: DEMO_PASSWORD }, {});
      expect(login.status).toBe(302);
      expect(login.headers.get("Cache-Control")).toBe("no-store");
      const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;

      const credit = await fetch(`${base}/sme/credit`, { headers: { Cookie: cookie } });
      expect(credit.status).toBe(200);
      expect(credit.headers.get("Cache-Control")).toBe("no-store");
      const html = await credit.text();
      const asset = /\/build\/[^"]+\.js/.exec(html)![0];
      const script = await fetch(`${base}${asset}`, { headers: { Cookie: cookie } });
      expect(script.status).toBe(200);
      expect(script.headers.get("Cache-Control")).toMatch(/max-age=31536000/);
      expect(script.headers.get("Cache-Control")).not.toContain("no-store");

      // Signed out, a public page may be cached as usual.
      expect((await fetch(`${base}/products`)).headers.get("Cache-Control")).not.toBe("no-store");
    });

    it("sends no-store with the provider token shown once, on a plain form post", async () => {
      const bureau = await signInOverHttp(base, "bureau2");
      const providerId = app.db.select().from(dataProviders).limit(1).get()!.id;
      const issued = await post(
        `${base}/bureau/credit-data/providers`,
        { intent: "issue_token", providerId: String(providerId), label: "缓存测试" },
        {
          Cookie: bureau,
          Origin: base,
        },
      );
      expect(issued.status).toBe(200);
      expect(await issued.text()).toMatch(TOKEN);
      expect(issued.headers.get("Cache-Control")).toBe("no-store");
    });

    it("sends no-store with the session cookie of a password change", async () => {
      const user = app.db.select().from(users).where(eq(users.username, "abc_officer2")).get();
      expect(user).toBeDefined();
      const cookie = await signInOverHttp(base, "abc_officer2");
      const response = await post(
        `${base}/account/password`,
        { currentPassword: DEMO_PASSWORD, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD },
        {
          Cookie: cookie,
          Origin: base,
        },
      );
      expect(response.status).toBe(302);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.getSetCookie()[0]).toMatch(/^xyd_session=[^;]+/);
    });
  });
});
