import { describe, expect, it } from "vitest";
import { declaredBodyTooLarge, FORM_BODY_LIMIT, isForeignOriginWrite, newNonce, securityHeaders } from "~/http/security";
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

describe("foreign-origin writes", () => {
  it.each([
    ["POST", "https://evil.example", "portal.example", true],
    ["POST", "null", "portal.example", true],
    ["DELETE", "not a url", "portal.example", true],
    ["POST", "https://portal.example", "portal.example", false],
    ["POST", undefined, "portal.example", false],
    ["GET", "https://evil.example", "portal.example", false],
  ])("%s from %s to %s is refused: %s", (method, origin, host, refused) => {
    expect(isForeignOriginWrite(method, origin, host)).toBe(refused);
  });
});

describe("declared body size", () => {
  const MB = 1024 * 1024;
  it.each([
    ["application/x-www-form-urlencoded", FORM_BODY_LIMIT, false],
    ["application/x-www-form-urlencoded", FORM_BODY_LIMIT + 1, true],
    [undefined, 2 * MB, true],
    ["application/json; charset=utf-8", MAX_BATCH_BYTES, false],
    ["application/json", MAX_BATCH_BYTES + 1, true],
    ["multipart/form-data; boundary=x", MAX_BATCH_BYTES + MB / 2, false],
    ["multipart/form-data; boundary=x", MAX_BATCH_BYTES + 2 * MB, true],
  ])("%s of %i bytes is refused: %s", (type, length, refused) => {
    expect(declaredBodyTooLarge(type, String(length))).toBe(refused);
  });

  it("leaves bodies without a usable length to the readers' own limits", () => {
    for (const length of [undefined, "", "abc", "-5"]) expect(declaredBodyTooLarge("application/x-www-form-urlencoded", length)).toBe(false);
  });
});
