/**
 * Fixed-window counters and failure back-off keyed by a string (a username, an IP). Pure: the caller
 * passes the clock, and the counters live in a `CounterStore`. The portal keeps them in the database
 * (app/services/rate-limit-counters.server.ts) so that every server process counts the same attempts;
 * `MemoryCounterStore` serves a single process and the unit tests.
 */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** One key's counter: how many, since or at when, and when it may be forgotten. */
export type Counter = { count: number; at: number; expiresAt: number };

export interface CounterStore {
  get(key: string): Counter | undefined;
  set(key: string, counter: Counter): void;
  delete(key: string): void;
  /** Runs a read-then-write as one step, so that concurrent attempts (other processes included) cannot both read the old count. */
  atomically<T>(step: () => T): T;
}

/** Counters in this process's memory, forgotten on restart. */
export class MemoryCounterStore implements CounterStore {
  private readonly counters = new Map<string, Counter>();
  get(key: string) {
    return this.counters.get(key);
  }
  set(key: string, counter: Counter) {
    if (this.counters.size > 50_000) for (const [k, c] of this.counters) if (c.expiresAt <= counter.at) this.counters.delete(k);
    this.counters.set(key, counter);
  }
  delete(key: string) {
    this.counters.delete(key);
  }
  atomically<T>(step: () => T): T {
    return step();
  }
}

export class FixedWindowLimiter {
  constructor(
    private readonly options: { limit: number; windowMs: number },
    private readonly store: CounterStore = new MemoryCounterStore(),
  ) {}

  private decide(w: Counter | undefined, now: number): RateLimitDecision {
    if (!w || now - w.at >= this.options.windowMs || w.count < this.options.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((w.at + this.options.windowMs - now) / 1000) };
  }

  private count(w: Counter | undefined, key: string, now: number): number {
    const fresh = !w || now - w.at >= this.options.windowMs;
    const next = fresh ? { count: 1, at: now, expiresAt: now + this.options.windowMs } : { ...w, count: w.count + 1 };
    this.store.set(key, next);
    return next.count;
  }

  /** Whether `key` is still under its limit, without counting an attempt. */
  check(key: string, now: number): RateLimitDecision {
    return this.decide(this.store.get(key), now);
  }

  /** Counts one attempt against `key`; returns the count in the current window. */
  record(key: string, now: number): number {
    return this.store.atomically(() => this.count(this.store.get(key), key, now));
  }

  /** Counts an attempt and says whether it was allowed: for limits on every request, not only failures. */
  hit(key: string, now: number): RateLimitDecision {
    return this.store.atomically(() => {
      const w = this.store.get(key);
      const decision = this.decide(w, now);
      if (decision.allowed) this.count(w, key, now);
      return decision;
    });
  }

  reset(key: string): void {
    this.store.delete(key);
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
  constructor(
    private readonly options: { free: number; baseMs: number; maxMs: number; forgetMs: number },
    private readonly store: CounterStore = new MemoryCounterStore(),
  ) {}

  private live(key: string, now: number): Counter | undefined {
    const entry = this.store.get(key);
    if (!entry || now - entry.at >= this.options.forgetMs) return undefined;
    return entry;
  }

  /** How long a key with `failures` failures stays closed after its last one. */
  delayAfter(failures: number): number {
    const { free, baseMs, maxMs } = this.options;
    return failures < free ? 0 : Math.min(baseMs * 2 ** (failures - free), maxMs);
  }

  private decide(entry: Counter | undefined, now: number): RateLimitDecision {
    if (!entry) return { allowed: true };
    const openAt = entry.at + this.delayAfter(entry.count);
    if (now >= openAt) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((openAt - now) / 1000) };
  }

  private fail(entry: Counter | undefined, key: string, now: number): void {
    this.store.set(key, { count: (entry?.count ?? 0) + 1, at: now, expiresAt: now + this.options.forgetMs });
  }

  /** Whether `key` may make an attempt now, without counting one. */
  check(key: string, now: number): RateLimitDecision {
    return this.decide(this.live(key, now), now);
  }

  /** Counts one failure against `key`. */
  recordFailure(key: string, now: number): void {
    this.store.atomically(() => this.fail(this.live(key, now), key, now));
  }

  /** Checks and, when allowed, counts the attempt as a failure until `release` takes it back. */
  reserve(key: string, now: number): RateLimitDecision {
    return this.store.atomically(() => {
      const entry = this.live(key, now);
      const decision = this.decide(entry, now);
      if (decision.allowed) this.fail(entry, key, now);
      return decision;
    });
  }

  /** The reserved attempt succeeded: a success clears the key's failures. */
  release(key: string): void {
    this.store.delete(key);
  }
}
