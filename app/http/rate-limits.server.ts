/**
 * Request limits beyond sign-in (which counts only failures, in app/auth/login.server.ts): how often
 * one client address may register, one provider may push and one user may download exports. Over the limit the answer is
 * 429 with Retry-After, and the message says when to try again.
 */
import { FixedWindowLimiter, type RateLimitDecision } from "~/lib/rate-limit";

const HOUR_MS = 60 * 60 * 1000;

/** Registrations per client address per hour: generous for an office behind one NAT, fatal to a script. */
export const registrationsByAddress = new FixedWindowLimiter({ limit: 20, windowMs: HOUR_MS });
/** Pushed batches per data provider per minute: far above any provider's monthly delivery. */
export const pushesByProvider = new FixedWindowLimiter({ limit: 60, windowMs: 60 * 1000 });
/** Push requests with a missing or wrong token per client address in 15 minutes (guessing tokens). */
export const badTokensByAddress = new FixedWindowLimiter({ limit: 20, windowMs: 15 * 60 * 1000 });
/** Report and rejection-report downloads per user per minute. */
export const exportsByUser = new FixedWindowLimiter({ limit: 30, windowMs: 60 * 1000 });

export function retryAfterText(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

export function retryAfterHeaders(decision: Extract<RateLimitDecision, { allowed: false }>): Record<string, string> {
  return { "Retry-After": String(decision.retryAfterSeconds) };
}

/** Counts a download for `userId`; throws 429 with Retry-After past the limit. */
export function countExport(userId: string, now: number): void {
  const decision = exportsByUser.hit(userId, now);
  if (decision.allowed) return;
  throw new Response(`下载过于频繁，请 ${retryAfterText(decision.retryAfterSeconds)}后再试`, {
    status: 429,
    headers: { ...retryAfterHeaders(decision), "Content-Type": "text/plain; charset=utf-8" },
  });
}
