import { describe, expect, it } from "vitest";
import { backoffMs, retryAfterMs } from "~/lib/http-retry";

describe("backoffMs", () => {
  const backoff = (random: number) => ({ baseDelayMs: 1_000, maxDelayMs: 8_000, random: () => random });

  it("doubles the step each attempt and waits between half and all of it", () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, backoff(0)))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, backoff(0.999_999)))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("never waits longer than the cap, however many attempts", () => {
    expect(backoffMs(30, backoff(0.999_999))).toBe(8_000);
  });
});

describe("retryAfterMs", () => {
  const now = Date.UTC(2026, 10, 22, 8, 0, 0);

  it("reads delay-seconds", () => {
    expect(retryAfterMs("7", now)).toBe(7_000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP-date relative to now, and a date already past as no wait", () => {
    expect(retryAfterMs("Sun, 22 Nov 2026 08:00:12 GMT", now)).toBe(12_000);
    expect(retryAfterMs("Sunday, 22-Nov-26 08:01:00 GMT", now)).toBe(60_000);
    expect(retryAfterMs("Sun, 22 Nov 2026 07:00:00 GMT", now)).toBe(0);
  });

  it("ignores a missing or unreadable header", () => {
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs("1.5", now)).toBeNull();
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs("-3", now)).toBeNull();
  });
});
