/**
 * The portal's settings from the environment, validated once at start-up (app/cli/start.ts) so a bad
 * value stops the server with every problem listed instead of failing on the first request.
 * Messages are zh-CN, for the operator reading the service log.
 */
import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import * as v from "valibot";
import { DEFAULT_DATABASE_PATH } from "~db/connection";

export type TrustProxy = boolean | number | string;

export type ServerConfig = {
  port: number;
  host: string;
  /** How many server processes answer requests (WEB_CONCURRENCY; default: one per core). */
  webConcurrency: number;
  databasePath: string;
  nodeEnv: "production" | "development" | "test";
  production: boolean;
  /** Express `trust proxy`, or null to trust no proxy. */
  trustProxy: TrustProxy | null;
  sessionCookieSecure: boolean;
  seed: "demo" | "none";
  creditPlatform: { url: string; token: string } | null;
  /** Where 忘记密码 codes go: an HTTP SMS gateway, or null for the offline default (the server log). */
  smsGateway: { url: string; token: string } | null;
  reportFilingOrganisation: string;
  /** The help hotline the help pages show; `isDefault` while SUPPORT_HOTLINE is unset (the pages say so). */
  hotline: { number: string; isDefault: boolean };
};

/** Platform tokens are long random strings; a short one is a placeholder or a typo. */
export const MIN_PRODUCTION_TOKEN_LENGTH = 24;
const DEFAULT_FILING_ORGANISATION = "苏州市地方金融管理局";
/** Suzhou's 12345 government service hotline (政务服务便民热线), with the area code for callers from elsewhere. */
export const DEFAULT_HOTLINE = "0512-12345";

/** Unset and blank mean the same: the default applies. */
const setting = v.pipe(v.optional(v.string(), ""), v.trim());

// Names proxy-addr understands besides addresses and subnets.
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, mask, ...rest] = entry.split("/");
  if (rest.length > 0 || !address || isIP(address) === 0) return false;
  if (mask === undefined) return true;
  if (/^\d{1,3}$/.test(mask)) return Number(mask) <= (isIP(address) === 4 ? 32 : 128);
  return isIP(mask) === 4;
}

const envSchema = v.object({
  PORT: v.pipe(
    setting,
    v.check((p) => p === "" || (/^\d{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535), "PORT 应为 1–65535 之间的整数端口号"),
    v.transform((p) => (p === "" ? 3000 : Number(p))),
  ),
  HOST: v.pipe(
    setting,
    v.check(
      (h) => h === "" || isIP(h) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(h),
      "HOST 应为 IP 地址或主机名，如 0.0.0.0 或 127.0.0.1",
    ),
    v.transform((h) => h || "0.0.0.0"),
  ),
  WEB_CONCURRENCY: v.pipe(
    setting,
    v.check(
      (n) => n === "" || (/^\d{1,2}$/.test(n) && Number(n) >= 1 && Number(n) <= 64),
      "WEB_CONCURRENCY 应为 1–64 之间的整数（服务进程数）",
    ),
    v.transform((n) => (n === "" ? availableParallelism() : Number(n))),
  ),
  DATABASE_PATH: v.pipe(
    setting,
    v.check((p) => !p.includes("\0"), "DATABASE_PATH 含有非法字符"),
    v.transform((p) => p || DEFAULT_DATABASE_PATH),
  ),
  NODE_ENV: v.pipe(
    setting,
    v.check((e) => e === "" || e === "production" || e === "development" || e === "test", "NODE_ENV 应为 production、development 或 test"),
    v.transform((e) => (e || "production") as ServerConfig["nodeEnv"]),
  ),
  TRUST_PROXY: v.pipe(
    setting,
    v.check(
      (t) => t === "" || t === "true" || t === "false" || /^\d{1,2}$/.test(t) || t.split(",").every((e) => isProxyEntry(e.trim())),
      "TRUST_PROXY 应为 true、false、代理层数（如 1）或以逗号分隔的代理地址（如 loopback, 10.0.0.0/8）",
    ),
    v.transform((t): TrustProxy | null => {
      if (t === "" || t === "false") return null;
      if (t === "true") return true;
      // A bare number is a hop count for Express only as a number; as a string it would be read as an address.
      return /^\d+$/.test(t) ? Number(t) : t;
    }),
  ),
  SESSION_COOKIE_SECURE: v.pipe(
    setting,
    v.check((s) => s === "" || s === "true" || s === "false", "SESSION_COOKIE_SECURE 只能为 true 或 false"),
  ),
  SEED: v.pipe(
    setting,
    v.check((s) => s === "" || s === "none" || s === "demo", "SEED 只能为 none（空数据库）或 demo（演示数据），或不设置"),
    v.transform((s) => (s === "none" ? "none" : "demo") as ServerConfig["seed"]),
  ),
  CREDIT_PLATFORM_URL: v.pipe(
    setting,
    v.check((u) => u === "" || (URL.canParse(u) && /^https?:$/.test(new URL(u).protocol)), "CREDIT_PLATFORM_URL 不是有效的 http(s) 地址"),
  ),
  CREDIT_PLATFORM_TOKEN: setting,
  SMS_GATEWAY_URL: v.pipe(
    setting,
    v.check((u) => u === "" || (URL.canParse(u) && /^https?:$/.test(new URL(u).protocol)), "SMS_GATEWAY_URL 不是有效的 http(s) 地址"),
  ),
  SMS_GATEWAY_TOKEN: setting,
  REPORT_FILING_ORGANISATION: v.pipe(
    setting,
    v.maxLength(60, "REPORT_FILING_ORGANISATION 不能超过60个字"),
    v.transform((o) => o || DEFAULT_FILING_ORGANISATION),
  ),
  SUPPORT_HOTLINE: v.pipe(
    setting,
    v.check(
      (n) => n === "" || /^[0-9+][0-9 ()-]{2,19}$/.test(n),
      "SUPPORT_HOTLINE 应为电话号码（数字、空格、括号或连字符，3–20 位），如 0512-12345",
    ),
  ),
});

type RawEnv = Record<string, string | undefined>;

/** Rules across settings; they read the raw values so they are reported together with single-setting problems. */
function crossProblems(env: RawEnv): string[] {
  const problems: string[] = [];
  const production = (env.NODE_ENV?.trim() || "production") === "production";
  const url = env.CREDIT_PLATFORM_URL?.trim() ?? "";
  const token = env.CREDIT_PLATFORM_TOKEN?.trim() ?? "";
  if (url && !token) problems.push("已设置 CREDIT_PLATFORM_URL 但缺少 CREDIT_PLATFORM_TOKEN：两者须同时设置或都不设置");
  if (token && !url) problems.push("已设置 CREDIT_PLATFORM_TOKEN 但缺少 CREDIT_PLATFORM_URL：两者须同时设置或都不设置");
  if (production && URL.canParse(url) && new URL(url).protocol === "http:") problems.push("生产环境中 CREDIT_PLATFORM_URL 必须使用 https");
  if (production && token && token.length < MIN_PRODUCTION_TOKEN_LENGTH) {
    problems.push(`生产环境中 CREDIT_PLATFORM_TOKEN 过短（至少 ${MIN_PRODUCTION_TOKEN_LENGTH} 个字符），请使用平台发放的正式令牌`);
  }
  const smsUrl = env.SMS_GATEWAY_URL?.trim() ?? "";
  const smsToken = env.SMS_GATEWAY_TOKEN?.trim() ?? "";
  if (smsUrl && !smsToken) problems.push("已设置 SMS_GATEWAY_URL 但缺少 SMS_GATEWAY_TOKEN：两者须同时设置或都不设置");
  if (smsToken && !smsUrl) problems.push("已设置 SMS_GATEWAY_TOKEN 但缺少 SMS_GATEWAY_URL：两者须同时设置或都不设置");
  if (production && URL.canParse(smsUrl) && new URL(smsUrl).protocol === "http:")
    problems.push("生产环境中 SMS_GATEWAY_URL 必须使用 https");
  return problems;
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

const NAMES = Object.keys(envSchema.entries);

/** Every problem in the environment at once, or the settings with their defaults applied. */
export function parseConfig(env: RawEnv): ConfigResult {
  const parsed = v.safeParse(envSchema, Object.fromEntries(NAMES.map((name) => [name, env[name]])));
  const problems = [...(parsed.success ? [] : parsed.issues.map((issue) => issue.message)), ...crossProblems(env)];
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const e = parsed.output;
  const production = e.NODE_ENV === "production";
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      webConcurrency: e.WEB_CONCURRENCY,
      databasePath: e.DATABASE_PATH,
      nodeEnv: e.NODE_ENV,
      production,
      trustProxy: e.TRUST_PROXY,
      sessionCookieSecure: production && e.SESSION_COOKIE_SECURE !== "false",
      seed: e.SEED,
      creditPlatform: e.CREDIT_PLATFORM_URL ? { url: e.CREDIT_PLATFORM_URL, token: e.CREDIT_PLATFORM_TOKEN } : null,
      smsGateway: e.SMS_GATEWAY_URL ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN } : null,
      reportFilingOrganisation: e.REPORT_FILING_ORGANISATION,
      hotline: { number: e.SUPPORT_HOTLINE || DEFAULT_HOTLINE, isDefault: e.SUPPORT_HOTLINE === "" },
    },
  };
}

/** The message an operator sees when the server refuses to start. */
export function configProblemsText(problems: readonly string[]): string {
  return ["配置有误，平台未启动。请修改以下环境变量后重试：", ...problems.map((p) => `  - ${p}`)].join("\n");
}

export class ConfigError extends Error {}

let cached: ServerConfig | undefined;

/** The validated settings of this process; start.ts has already refused to start when they are invalid. */
export function serverConfig(): ServerConfig {
  if (cached) return cached;
  const result = parseConfig(process.env);
  if (!result.ok) throw new ConfigError(configProblemsText(result.problems));
  cached = result.config;
  return cached;
}
