import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { configProblemsText, parseConfig } from "~/config.server";

const TOKEN = "t0k3n-for-the-credit-platform-0123456789";

function problems(env: Record<string, string>) {
  const result = parseConfig(env);
  if (result.ok) throw new Error(`expected problems for ${JSON.stringify(env)}`);
  return result.problems;
}

function config(env: Record<string, string>) {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}

describe("parseConfig", () => {
  it("applies the documented defaults to an empty environment", () => {
    expect(config({})).toEqual({
      port: 3000,
      host: "0.0.0.0",
      webConcurrency: availableParallelism(),
      databasePath: "data/xyd.sqlite",
      nodeEnv: "production",
      production: true,
      trustProxy: null,
      sessionCookieSecure: true,
      seed: "demo",
      creditPlatform: null,
      smsGateway: null,
      reportFilingOrganisation: "苏州市地方金融管理局",
      hotline: { number: "0512-12345", isDefault: true },
    });
  });

  it("reads every setting", () => {
    const c = config({
      PORT: " 8080 ",
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: "3",
      DATABASE_PATH: "/srv/xyd/xyd.sqlite",
      NODE_ENV: "development",
      TRUST_PROXY: "1",
      SESSION_COOKIE_SECURE: "false",
      SEED: "none",
      CREDIT_PLATFORM_URL: "http://credit.test/gateway",
      CREDIT_PLATFORM_TOKEN: "short",
      REPORT_FILING_ORGANISATION: "苏州工业园区金融局",
    });
    expect(c).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      webConcurrency: 3,
      databasePath: "/srv/xyd/xyd.sqlite",
      production: false,
      seed: "none",
    });
    // A hop count must reach Express as a number: the string "1" would be read as an address.
    expect(c.trustProxy).toBe(1);
    expect(c.sessionCookieSecure).toBe(false);
    expect(c.creditPlatform).toEqual({ url: "http://credit.test/gateway", token: "short" });
    expect(c.reportFilingOrganisation).toBe("苏州工业园区金融局");
  });

  it("shows Suzhou's 12345 hotline as the default until SUPPORT_HOTLINE is set, and refuses a hotline that is not a number", () => {
    expect(config({}).hotline).toEqual({ number: "0512-12345", isDefault: true });
    expect(config({ SUPPORT_HOTLINE: " 0512-6888 1234 " }).hotline).toEqual({ number: "0512-6888 1234", isDefault: false });
    expect(problems({ SUPPORT_HOTLINE: "call us" })).toEqual([
      "SUPPORT_HOTLINE 应为电话号码（数字、空格、括号或连字符，3–20 位），如 0512-12345",
    ]);
  });

  it("keeps the cookie Secure in production unless explicitly turned off", () => {
    expect(config({ NODE_ENV: "production", SESSION_COOKIE_SECURE: "true" }).sessionCookieSecure).toBe(true);
    expect(config({ NODE_ENV: "production", SESSION_COOKIE_SECURE: "false" }).sessionCookieSecure).toBe(false);
    expect(config({ NODE_ENV: "test" }).sessionCookieSecure).toBe(false);
  });

  it.each(["0", "65536", "abc", "80.5", "-1", "３０００", "3000 ; rm -rf /"])("refuses PORT=%s", (port) => {
    expect(problems({ PORT: port })).toEqual(["PORT 应为 1–65535 之间的整数端口号"]);
  });

  it.each(["0", "65", "two", "1.5", "-2"])("refuses WEB_CONCURRENCY=%s", (count) => {
    expect(problems({ WEB_CONCURRENCY: count })).toEqual(["WEB_CONCURRENCY 应为 1–64 之间的整数（服务进程数）"]);
  });

  it("accepts proxy addresses, subnets and names, and refuses anything else", () => {
    expect(config({ TRUST_PROXY: "loopback, 10.0.0.0/8, fd00::/8" }).trustProxy).toBe("loopback, 10.0.0.0/8, fd00::/8");
    expect(config({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(config({ TRUST_PROXY: "false" }).trustProxy).toBeNull();
    for (const bad of ["yes", "10.0.0.0/33", "example.com", "1,,2"]) expect(problems({ TRUST_PROXY: bad })[0]).toContain("TRUST_PROXY");
  });

  it("requires the credit platform's URL and token together", () => {
    expect(problems({ CREDIT_PLATFORM_URL: "https://credit.example.gov.cn" })).toEqual([
      "已设置 CREDIT_PLATFORM_URL 但缺少 CREDIT_PLATFORM_TOKEN：两者须同时设置或都不设置",
    ]);
    expect(problems({ CREDIT_PLATFORM_TOKEN: TOKEN })[0]).toContain("缺少 CREDIT_PLATFORM_URL");
    expect(config({ CREDIT_PLATFORM_URL: "https://credit.example.gov.cn", CREDIT_PLATFORM_TOKEN: TOKEN }).creditPlatform).toEqual({
      url: "https://credit.example.gov.cn",
      token: TOKEN,
    });
  });

  it("in production wants https and a real-length token for the credit platform", () => {
    const found = problems({
      NODE_ENV: "production",
      CREDIT_PLATFORM_URL: "http://credit.example.gov.cn",
      CREDIT_PLATFORM_TOKEN: "changeme",
    });
    expect(found).toEqual([
      "生产环境中 CREDIT_PLATFORM_URL 必须使用 https",
      "生产环境中 CREDIT_PLATFORM_TOKEN 过短（至少 24 个字符），请使用平台发放的正式令牌",
    ]);
    expect(problems({ CREDIT_PLATFORM_URL: "ftp://credit.example.gov.cn", CREDIT_PLATFORM_TOKEN: TOKEN })).toEqual([
      "CREDIT_PLATFORM_URL 不是有效的 http(s) 地址",
    ]);
  });

  it("lists every problem at once, in Chinese, one per line", () => {
    const found = problems({
      PORT: "http",
      NODE_ENV: "prod",
      SEED: "yes",
      SESSION_COOKIE_SECURE: "0",
      HOST: "a b",
      REPORT_FILING_ORGANISATION: "局".repeat(61),
    });
    expect(found).toHaveLength(6);
    const text = configProblemsText(found);
    expect(text.split("\n")).toHaveLength(7);
    expect(text).toContain("配置有误，平台未启动");
    expect(text).toContain("NODE_ENV 应为 production、development 或 test");
    expect(text).toContain("SEED 只能为 none");
    expect(text).toContain("SESSION_COOKIE_SECURE 只能为 true 或 false");
  });
});
