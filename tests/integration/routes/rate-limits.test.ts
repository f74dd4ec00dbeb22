/** Limits on registration (per client address) and downloads (per user): 429 with Retry-After and a zh-CN reason. */
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { startTestApp, type TestApp } from "../../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});

describe("registration limit per client address", () => {
  it("refuses the 21st registration attempt in an hour from one address, not from another", async () => {
    const form = { uscc: "not-a-uscc", name: "", password: "x" };
    for (let i = 0; i < 20; i++) {
      const response = await app.request("/register", { form, clientAddress: "198.51.100.7" });
      expect(response.status, `attempt ${i + 1}`).toBe(400);
    }
    const refused = await app.request("/register", { form, clientAddress: "198.51.100.7" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("注册过于频繁");
    const elsewhere = await app.request("/register", { form, clientAddress: "198.51.100.8" });
    expect(elsewhere.status).toBe(400);
  });
});

describe("download limit per user", () => {
  it("answers 429 with Retry-After after 30 downloads in a minute, for that user only", async () => {
    const month = addMonths(monthOf(Date.now()), -1);
    const bureau = await app.signIn("bureau");
    for (let i = 0; i < 30; i++) {
      expect((await app.request(`/bureau/reports/${month}.csv`, { cookie: bureau })).status, `download ${i + 1}`).toBe(200);
    }
    const refused = await app.request(`/bureau/reports/${month}.xlsx`, { cookie: bureau });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("下载过于频繁");
    const other = await app.signIn("bureau2");
    expect((await app.request(`/bureau/reports/${month}.csv`, { cookie: other })).status).toBe(200);
  });
});
