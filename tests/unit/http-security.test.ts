import { describe, expect, it } from "vitest";
import { isForeignOriginWrite, newNonce, securityHeaders } from "~/http/security";

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
