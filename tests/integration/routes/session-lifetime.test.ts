/**
 * How long a session lives, over the built portal's request handler with the clock moved on (the
 * session check reads Date.now()): a bank's, the bureau's or an administrator's session ends after 30
 * minutes without a request and lands on the login page saying so; every session ends 12 hours after
 * sign-in however busy; an enterprise's is not cut short by idling (docs/decisions/040-session-lifetime.md).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../../support/app";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const IDLE_NOTICE = "长时间未操作，请重新登录";
const LIFETIME_NOTICE = "登录已满 12 小时，为保护账号安全，请重新登录";

let app: TestApp;
let start: number;
beforeAll(async () => {
  app = await startTestApp();
  vi.useFakeTimers({ toFake: ["Date"] });
  start = Date.now();
}, 120_000);
afterAll(() => {
  vi.useRealTimers();
});

/** Signs in at `at` (ms after the test's start) and returns the cookie. */
async function signInAt(username: string, at: number): Promise<string> {
  vi.setSystemTime(start + at);
  return app.signIn(username);
}
function getAt(path: string, cookie: string, at: number): Promise<Response> {
  vi.setSystemTime(start + at);
  return app.request(path, { cookie });
}

describe("a bank officer's session", () => {
  it("ends after 30 minutes without a request and the login page says 长时间未操作，请重新登录", async () => {
    const t = 1 * HOUR;
    const cookie = await signInAt("szbank_officer3", t);
    expect((await getAt("/bank", cookie, t + 29 * MINUTE)).status).toBe(200);
    // 29 minutes after that request it is still live; 31 minutes after the next one it is not.
    expect((await getAt("/bank/applicants", cookie, t + 58 * MINUTE)).status).toBe(200);
    const idle = await getAt("/bank/applicants", cookie, t + 89 * MINUTE);
    expect(idle.status).toBe(302);
    const location = idle.headers.get("Location")!;
    expect(location).toBe("/login?redirectTo=%2Fbank%2Fapplicants&reason=idle");
    // The dead cookie is cleared.
    expect(idle.headers.get("Set-Cookie")).toMatch(/^xyd_session=;/);
    const login = await app.request(location);
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toContain(IDLE_NOTICE);
    // Signing in again returns to the page.
    const again = await app.request(location, {
      form: { username: "szbank_officer3", password: "Demo@2026", redirectTo: "/bank/applicants" },
    });
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe("/bank/applicants");
  });

  it("ends 12 hours after sign-in however busy, and the login page says so", async () => {
    const t = 3 * HOUR;
    const cookie = await signInAt("szbank_officer4", t);
    for (let at = t + 25 * MINUTE; at < t + 12 * HOUR; at += 25 * MINUTE) {
      expect((await getAt("/bank", cookie, at)).status, `${(at - t) / MINUTE} minutes`).toBe(200);
    }
    const over = await getAt("/bank", cookie, t + 12 * HOUR);
    expect(over.status).toBe(302);
    expect(over.headers.get("Location")).toBe("/login?redirectTo=%2Fbank&reason=session-lifetime");
    expect(await (await app.request(over.headers.get("Location")!)).text()).toContain(LIFETIME_NOTICE);
  });
});

describe("the bureau's and the administrator's sessions", () => {
  it.each([
    ["bureau", "/bureau"],
    ["admin", "/admin"],
  ])("%s: idle for 31 minutes → the login page, 长时间未操作", async (username, home) => {
    const t = 20 * HOUR;
    const cookie = await signInAt(username, t);
    expect((await getAt(home, cookie, t + MINUTE)).status).toBe(200);
    const idle = await getAt(home, cookie, t + 32 * MINUTE);
    expect(idle.status).toBe(302);
    expect(idle.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(home)}&reason=idle`);
  });
});

describe("an enterprise's session", () => {
  it("keeps its sliding expiry: hours without a request do not end it, its 12 hours do", async () => {
    const t = 40 * HOUR;
    const cookie = await signInAt("9132050852601815XM", t);
    expect((await getAt("/sme", cookie, t + 3 * HOUR)).status).toBe(200);
    expect((await getAt("/sme", cookie, t + 11 * HOUR + 59 * MINUTE)).status).toBe(200);
    const over = await getAt("/sme", cookie, t + 12 * HOUR);
    expect(over.status).toBe(302);
    expect(over.headers.get("Location")).toBe("/login?redirectTo=%2Fsme&reason=session-lifetime");
  });
});

describe("a signed-out visitor", () => {
  it("is sent to the login page without a notice", async () => {
    const response = await app.request("/bank");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fbank");
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });
});
