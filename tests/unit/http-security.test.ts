import { describe, expect, it } from "vitest";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from "~/domain/credit-repairs";
import {
  bodyLimitFor,
  carriesSessionCookie,
  declaredBodyTooLarge,
  FORM_BODY_LIMIT,
  mustNotStore,
  newNonce,
  securityHeaders,
  writeOriginProblem,
} from "~/http/security";
import { MAX_BATCH_BYTES } from "~/lib/validation/credit-batches";

describe("security headers", () => {
  it("puts a fresh nonce in the script policy and forbids framing", () => {
    const a = newNonce();
    const b = newNonce();
    expect(a).not.toBe(b);
    const headers = securityHeaders(a, false);
    expect(headers["Content-Security-Policy"]).toContain(`script-src 'self' 'nonce-${a}' 'strict-dynamic'`);
    expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(headers["Content-Security-Policy"]).toContain("object-src 'none'");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("sends HSTS only in production", () => {
    expect(securityHeaders("n", false)).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders("n", true)["Strict-Transport-Security"]).toMatch(/max-age=31536000/);
  });
});

describe("writes from another site", () => {
  const session = "xyd_session=abc123";
  const write = (over: Partial<Parameters<typeof writeOriginProblem>[0]>) =>
    writeOriginProblem({
      method: "POST",
      path: "/sme/needs/new",
      origin: undefined,
      referer: undefined,
      site: "https://portal.example",
      cookie: session,
      ...over,
    });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }, "foreign"],
    ["Origin null", { origin: "null" }, "foreign"],
    ["an Origin that is no URL", { method: "DELETE", origin: "not a url" }, "foreign"],
    ["the same Origin", { origin: "https://portal.example" }, null],
    ["the same Origin in capitals", { origin: "https://PORTAL.example" }, null],
    ["the same host on another port", { origin: "https://portal.example:8443" }, "foreign"],
    ["the same host over plain HTTP", { origin: "http://portal.example" }, "foreign"],
    ["the same origin with its default port", { origin: "https://portal.example:443" }, null],
    ["no Origin, a same-host Referer over plain HTTP", { referer: "http://portal.example/sme/needs/new" }, "foreign"],
    ["a site not known (no Host header)", { origin: "https://portal.example", site: undefined }, "foreign"],
    ["no Origin, a foreign Referer", { referer: "https://evil.example/page" }, "foreign"],
    ["no Origin, a Referer that is no URL", { referer: "::::" }, "foreign"],
    ["no Origin, a same-site Referer", { referer: "https://portal.example/sme/needs/new" }, null],
    ["a same Origin and a foreign Referer", { origin: "https://portal.example", referer: "https://evil.example/" }, null],
    ["neither, signed in", {}, "unproven"],
    ["neither, signed out (a sign-in script)", { cookie: undefined }, null],
    ["neither, an emptied session cookie", { cookie: "xyd_session=; other=1" }, null],
    ["neither, to the bearer-token API", { path: "/api/v1/credit-data/batches" }, null],
    ["a foreign Origin to the bearer-token API", { path: "/api/v1/credit-data/batches", origin: "https://evil.example" }, "foreign"],
    ["a GET with a foreign Origin", { method: "GET", origin: "https://evil.example" }, null],
  ] as const)("%s → %s", (_, over, problem) => {
    expect(write(over)).toBe(problem);
  });
});

describe("responses no cache may keep", () => {
  it("are those to a signed-in user and those that set a cookie", () => {
    expect(carriesSessionCookie("theme=1; xyd_session=abc")).toBe(true);
    expect(carriesSessionCookie("xyd_session=")).toBe(false);
    expect(carriesSessionCookie("not_xyd_session=abc")).toBe(false);
    expect(mustNotStore("xyd_session=abc", false)).toBe(true);
    expect(mustNotStore(undefined, true)).toBe(true);
    expect(mustNotStore("theme=1", false)).toBe(false);
  });
});

describe("declared body size", () => {
  const MB = 1024 * 1024;
  const EVIDENCE = EVIDENCE_MAX_FILES * EVIDENCE_MAX_BYTES;
  it.each([
    ["/login", FORM_BODY_LIMIT, false],
    ["/login", FORM_BODY_LIMIT + 1, true],
    // A form's bound whatever the type: a multipart or JSON body to a page without a file input.
    ["/register", 2 * MB, true],
    ["/register.data", 2 * MB, true],
    ["/sme/needs/new", 2 * MB, true],
    ["/api/v1/credit-data/batches", MAX_BATCH_BYTES, false],
    ["/api/v1/credit-data/batches", MAX_BATCH_BYTES + 1, true],
    ["/bureau/credit-data/upload", MAX_BATCH_BYTES + MB / 2, false],
    ["/bureau/credit-data/upload.data", MAX_BATCH_BYTES + MB / 2, false],
    ["/bureau/credit-data/upload", MAX_BATCH_BYTES + 2 * MB, true],
    ["/sme/repairs/new", EVIDENCE + MB / 2, false],
    ["/sme/repairs/12", EVIDENCE + MB / 2, false],
    ["/sme/repairs/12/", EVIDENCE + MB / 2, false],
    ["/sme/repairs/new", EVIDENCE + 2 * MB, true],
    // Not the upload route, only near it.
    ["/bureau/credit-data/upload/x", 2 * MB, true],
    ["/sme/repairs", 2 * MB, true],
    ["/bureau/repairs/12", 2 * MB, true],
  ])("%s with %i bytes is refused: %s", (path, length, refused) => {
    expect(declaredBodyTooLarge(path, String(length))).toBe(refused);
  });

  it("says the bound of the route in the refusal", () => {
    expect(bodyLimitFor("/register").message).toContain("1 MB");
    expect(bodyLimitFor("/bureau/credit-data/upload").message).toContain("20 MB");
    expect(bodyLimitFor("/sme/repairs/new").message).toContain(`每份不超过 ${EVIDENCE_MAX_BYTES / MB} MB`);
  });

  it("leaves bodies without a usable length to the readers' own limits", () => {
    for (const length of [undefined, "", "abc", "-5"]) expect(declaredBodyTooLarge("/login", length)).toBe(false);
  });
});
