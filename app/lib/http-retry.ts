/** Waiting between attempts at an outside HTTP service: exponential backoff and Retry-After. Pure. */

export type Backoff = { baseDelayMs: number; maxDelayMs: number; random: () => number };

/**
 * The wait after failed attempt `attempt` (1-based): the step doubles from baseDelayMs up to maxDelayMs,
 * and "equal jitter" keeps half of it fixed and draws the other half, so clients spread out but always wait.
 */
export function backoffMs(attempt: number, { baseDelayMs, maxDelayMs, random }: Backoff): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from `now`; null if absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // All three HTTP-date forms start with the day name; Date.parse alone would take "1.5" for a date.
  const at = /^[A-Za-z]{3,9},? /.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
