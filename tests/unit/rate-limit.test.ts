import { describe, expect, it } from "vitest";
import { FixedWindowLimiter } from "~/lib/rate-limit";

describe("fixed-window rate limiter", () => {
  it("refuses past the limit and says when to retry", () => {
    const limiter = new FixedWindowLimiter({ limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) limiter.record("u", 1_000 + i);
    expect(limiter.check("u", 10_000)).toEqual({ allowed: false, retryAfterSeconds: 51 });
    expect(limiter.check("someone-else", 10_000)).toEqual({ allowed: true });
  });

  it("opens again when the window has passed, and on reset", () => {
    const limiter = new FixedWindowLimiter({ limit: 1, windowMs: 60_000 });
    limiter.record("u", 0);
    expect(limiter.check("u", 59_999).allowed).toBe(false);
    expect(limiter.check("u", 60_000).allowed).toBe(true);
    limiter.record("v", 0);
    limiter.reset("v");
    expect(limiter.check("v", 1).allowed).toBe(true);
  });

  it("counts every call with hit()", () => {
    const limiter = new FixedWindowLimiter({ limit: 2, windowMs: 1_000 });
    expect(limiter.hit("ip", 0).allowed).toBe(true);
    expect(limiter.hit("ip", 1).allowed).toBe(true);
    expect(limiter.hit("ip", 2).allowed).toBe(false);
  });
});
