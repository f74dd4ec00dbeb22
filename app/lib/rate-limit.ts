/**
 * Fixed-window counters keyed by a string (a username, an IP). Pure: the caller passes the clock.
 * Kept in memory: the portal is one Node process, and a restart forgetting the counters is acceptable.
 */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly options: { limit: number; windowMs: number }) {}

  /** Whether `key` is still under its limit, without counting an attempt. */
  check(key: string, now: number): RateLimitDecision {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.options.windowMs || w.count < this.options.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((w.start + this.options.windowMs - now) / 1000) };
  }

  /** Counts one attempt against `key`. */
  record(key: string, now: number): void {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.options.windowMs) {
      if (this.windows.size > 50_000) this.prune(now);
      this.windows.set(key, { start: now, count: 1 });
    } else {
      w.count += 1;
    }
  }

  /** Counts an attempt and says whether it was allowed: for limits on every request, not only failures. */
  hit(key: string, now: number): RateLimitDecision {
    const decision = this.check(key, now);
    if (decision.allowed) this.record(key, now);
    return decision;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.options.windowMs) this.windows.delete(key);
  }
}
