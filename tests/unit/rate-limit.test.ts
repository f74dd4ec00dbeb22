import { describe, expect, it } from "vitest";
import { FailureBackoff, FixedWindowLimiter } from "~/lib/rate-limit";

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

describe("failure back-off", () => {
  const MIN = 60_000;
  const backoff = () => new FailureBackoff({ free: 3, baseMs: MIN, maxMs: 4 * MIN, forgetMs: 60 * MIN });

  it("lets the free failures through, then closes for doubling delays up to the cap", () => {
    const b = backoff();
    for (let i = 0; i < 3; i++) expect(b.reserve("k", i).allowed).toBe(true);
    expect(b.check("k", 3)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(b.reserve("k", 2 + MIN).allowed).toBe(true); // 4th failure: closed 2 minutes
    expect(b.check("k", 2 + 3 * MIN - 1).allowed).toBe(false);
    expect(b.reserve("k", 2 + 3 * MIN).allowed).toBe(true); // 5th: 4 minutes (the cap)
    expect(b.reserve("k", 2 + 7 * MIN).allowed).toBe(true); // 6th: still 4 minutes
    expect(b.check("k", 2 + 11 * MIN - 1).allowed).toBe(false);
    expect(b.check("other", 0).allowed).toBe(true);
  });

  it("counts attempts made at once before any of them is checked", () => {
    const b = backoff();
    const decisions = Array.from({ length: 10 }, () => b.reserve("k", 0).allowed);
    expect(decisions.filter(Boolean)).toHaveLength(3);
  });

  it("clears on release (a success) and forgets after a quiet hour", () => {
    const b = backoff();
    for (let i = 0; i < 3; i++) b.reserve("k", 0);
    b.release("k");
    expect(b.reserve("k", 1).allowed).toBe(true);
    for (let i = 0; i < 3; i++) b.recordFailure("q", 0);
    expect(b.check("q", 60 * MIN - 1).allowed).toBe(true); // past the 1-minute delay
    b.recordFailure("q", 60 * MIN - 1);
    expect(b.check("q", 60 * MIN).allowed).toBe(false);
    expect(b.check("q", 2 * 60 * MIN).allowed).toBe(true);
    b.recordFailure("q", 2 * 60 * MIN);
    expect(b.check("q", 2 * 60 * MIN + 1).allowed).toBe(true); // forgotten: this is the first failure again
  });
});
