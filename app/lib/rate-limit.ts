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

  /** Counts one attempt against `key`; returns the count in the current window. */
  record(key: string, now: number): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.options.windowMs) {
      if (this.windows.size > 50_000) this.prune(now);
      this.windows.set(key, { start: now, count: 1 });
      return 1;
    }
    w.count += 1;
    return w.count;
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

/**
 * Failures per key with growing delays (back-off): the first `free` failures cost nothing; from then
 * on each failure closes the key for baseMs·2^(failures−free), at most maxMs, counted from that
 * failure. A key with no failure for `forgetMs` starts afresh.
 *
 * For checks that take time (argon2), `reserve` counts the attempt as a failure before the check
 * starts, so attempts sent at once cannot all pass while the first ones are still being checked;
 * `release` takes a reservation back when the check succeeds.
 */
export class FailureBackoff {
  private readonly keys = new Map<string, { failures: number; last: number }>();

  constructor(private readonly options: { free: number; baseMs: number; maxMs: number; forgetMs: number }) {}

  private live(key: string, now: number) {
    const entry = this.keys.get(key);
    if (!entry || now - entry.last >= this.options.forgetMs) return undefined;
    return entry;
  }

  /** How long a key with `failures` failures stays closed after its last one. */
  delayAfter(failures: number): number {
    const { free, baseMs, maxMs } = this.options;
    return failures < free ? 0 : Math.min(baseMs * 2 ** (failures - free), maxMs);
  }

  /** Whether `key` may make an attempt now, without counting one. */
  check(key: string, now: number): RateLimitDecision {
    const entry = this.live(key, now);
    if (!entry) return { allowed: true };
    const openAt = entry.last + this.delayAfter(entry.failures);
    if (now >= openAt) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((openAt - now) / 1000) };
  }

  /** Counts one failure against `key`. */
  recordFailure(key: string, now: number): void {
    const entry = this.live(key, now);
    if (entry) {
      entry.failures += 1;
      entry.last = now;
      return;
    }
    if (this.keys.size > 50_000) this.prune(now);
    this.keys.set(key, { failures: 1, last: now });
  }

  /** Checks and, when allowed, counts the attempt as a failure until `release` takes it back. */
  reserve(key: string, now: number): RateLimitDecision {
    const decision = this.check(key, now);
    if (decision.allowed) this.recordFailure(key, now);
    return decision;
  }

  /** The reserved attempt succeeded: a success clears the key's failures. */
  release(key: string): void {
    this.keys.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.keys) if (now - entry.last >= this.options.forgetMs) this.keys.delete(key);
  }
}
