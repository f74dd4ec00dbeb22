/**
 * Security rules every HTTP response and request passes through, independent of the web framework
 * so they can be tested directly: the headers (with a per-request CSP nonce), the refusal of
 * state-changing requests sent from another site, the responses no cache may keep, and the refusal
 * of bodies larger than their route allows.
 */
import { randomBytes } from "node:crypto";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from "~/domain/credit-repairs";
import { MAX_BATCH_BYTES } from "~/lib/validation/credit-batches";

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function securityHeaders(nonce: string, production: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    // Remix's inline hydration scripts carry the nonce; what they import is trusted through it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // Inline style attributes (React style props, chart.js canvas sizing) are needed; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The session cookie's name (app/auth/session.server.ts sets it). */
export const SESSION_COOKIE_NAME = "xyd_session";

/** Whether a Cookie header carries a (non-empty) session cookie: the request is made as a signed-in user. */
export function carriesSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => {
    const [name, ...value] = part.split("=");
    return name?.trim() === SESSION_COOKIE_NAME && value.join("=").trim() !== "";
  });
}

/** The origin of a URL (scheme, host and port; lower case, a default port left out), or null when it has none. */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

function sameOrigin(url: string, site: string | undefined): boolean {
  const origin = originOf(url);
  return origin !== null && site !== undefined && origin === originOf(site);
}

export type WriteRequest = {
  method: string;
  /** The path, to exempt the bearer-token API (it never reads cookies). */
  path: string;
  origin: string | undefined;
  referer: string | undefined;
  /**
   * The origin the client addressed, `scheme://host[:port]`: the connection's scheme and the Host
   * header, or X-Forwarded-Proto and X-Forwarded-Host only from a proxy TRUST_PROXY names.
   */
  site: string | undefined;
  cookie: string | undefined;
};

/**
 * Whether a request may change state (CSRF). Browsers send Origin with every form post and fetch, and
 * a Referer unless a policy strips it: a write whose Origin, or failing that Referer, is not the site's
 * own origin — scheme, host and port — is "foreign". A signed-in write (session cookie) with neither
 * header cannot be told apart from a forged one and is "unproven". Writes without a session cookie and
 * without either header come from programs (sign-in scripts, the push API with its bearer token) and
 * go on to their own checks.
 */
export function writeOriginProblem(request: WriteRequest): "foreign" | "unproven" | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (request.origin) return sameOrigin(request.origin, request.site) ? null : "foreign";
  if (request.referer) return sameOrigin(request.referer, request.site) ? null : "foreign";
  if (request.path.startsWith("/api/")) return null;
  return carriesSessionCookie(request.cookie) ? "unproven" : null;
}

export const WRITE_ORIGIN_MESSAGES: Record<"foreign" | "unproven", string> = {
  foreign: "请求来自其他网站，已拒绝。请在本平台页面内操作。",
  unproven: "无法确认请求来自本平台页面（缺少 Origin 和 Referer 请求头），已拒绝。请在本平台页面内操作，并勿在浏览器中关闭这两个请求头。",
};

/**
 * Whether a response must not be kept by the browser or any cache on the way: everything answered to
 * a signed-in user (credit data, tokens shown once) and everything that sets a cookie. Public assets
 * are served before this rule and keep their own caching.
 */
export function mustNotStore(requestCookie: string | undefined, setsCookie: boolean): boolean {
  return setsCookie || carriesSessionCookie(requestCookie);
}

/** Forms are a few kilobytes; one megabyte leaves room for every field at its longest. */
export const FORM_BODY_LIMIT = 1024 * 1024;

/** A body's bound and what the refusal says past it. */
export type BodyLimit = { bytes: number; message: string };

const MB = 1024 * 1024;

export const FORM_TOO_LARGE_MESSAGE = "提交的内容过大，已拒绝。表单内容请精简后重试（不超过 1 MB）。";

/**
 * The routes that take files, and how much each may take: a credit-data file (or a pushed batch) up
 * to MAX_BATCH_BYTES, a 信用修复 application's evidence up to EVIDENCE_MAX_FILES files of
 * EVIDENCE_MAX_BYTES; each with a form's worth of room for the other fields and the multipart framing.
 * Matched on the path alone (a single-fetch `.data` request is the same route): a path spelled any
 * other way falls to the form bound, never to a larger one.
 */
const UPLOAD_ROUTES: readonly [RegExp, BodyLimit][] = [
  [
    /^\/bureau\/credit-data\/upload$/,
    {
      bytes: MAX_BATCH_BYTES + FORM_BODY_LIMIT,
      message: `提交的内容过大，已拒绝。上传的数据文件请不超过 ${MAX_BATCH_BYTES / MB} MB，超过请拆分后分批上传。`,
    },
  ],
  [
    /^\/api\/v1\/credit-data\/batches$/,
    { bytes: MAX_BATCH_BYTES, message: `提交的内容过大，已拒绝。每个数据批次请不超过 ${MAX_BATCH_BYTES / MB} MB，超过请拆分为多批。` },
  ],
  [
    // /sme/repairs/new and /sme/repairs/:repairId (a resubmission with more evidence).
    /^\/sme\/repairs\/[^/]+$/,
    {
      bytes: EVIDENCE_MAX_FILES * EVIDENCE_MAX_BYTES + FORM_BODY_LIMIT,
      message: `提交的内容过大，已拒绝。证明材料最多 ${EVIDENCE_MAX_FILES} 份，每份不超过 ${EVIDENCE_MAX_BYTES / MB} MB。`,
    },
  ],
];

/**
 * How many bytes a request body sent to this path may have: the routes that take files their own
 * bound, every other path a form's (FORM_BODY_LIMIT), whatever Content-Type the request names.
 */
export function bodyLimitFor(path: string): BodyLimit {
  const route = path.replace(/\.data$/, "").replace(/(.)\/+$/, "$1");
  return UPLOAD_ROUTES.find(([pattern]) => pattern.test(route))?.[1] ?? { bytes: FORM_BODY_LIMIT, message: FORM_TOO_LARGE_MESSAGE };
}

/**
 * Whether a request declares a body larger than its path may take, so it is refused before any of it
 * is read. The same bound is counted again on the bytes as they arrive, whatever is declared.
 */
export function declaredBodyTooLarge(path: string, contentLength: string | undefined): boolean {
  const length = Number(contentLength ?? 0);
  if (!Number.isFinite(length) || length <= 0) return false;
  return length > bodyLimitFor(path).bytes;
}

/** "multipart/form-data; boundary=x" → "multipart/form-data"; "" when absent. */
export function mediaType(contentType: string | undefined | null): string {
  return contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
}

/** The only methods the portal uses: pages are read with GET (and HEAD), forms and the push API POST. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST"] as const;

export function isAllowedMethod(method: string): boolean {
  return (ALLOWED_METHODS as readonly string[]).includes(method);
}

/** The form encodings a browser sends; anything else posted to a page is not from one of its forms. */
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * Whether a POST to a page carries a body its form cannot read: pages take only browser form encodings
 * (multipart with its boundary). The JSON API under /api/ checks its own type, after the token.
 */
export function unsupportedBodyType(path: string, contentType: string | undefined): boolean {
  if (path.startsWith("/api/")) return false;
  const type = mediaType(contentType);
  if (!FORM_TYPES.has(type)) return true;
  return type === "multipart/form-data" && !/;\s*boundary=("[^"]+"|[^\s;]+)/i.test(contentType ?? "");
}
