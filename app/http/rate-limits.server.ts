/**
 * Every request counter of the portal, in one place (docs/decisions/024-login-throttling.md): failed
 * sign-ins and wrong current passwords (used by app/auth/login.server.ts and the password-change
 * form), how often one client address may register, one provider may push, one address may send
 * wrong push tokens and one user may download exports. Over a limit the answer is 429 with
 * Retry-After, and the message says when to try again. The counters are kept in the database, shared by
 * every server process (app/services/rate-limit-counters.server.ts).
 */
import { getDb } from "~/db.server";
import { FailureBackoff, FixedWindowLimiter, type RateLimitDecision } from "~/lib/rate-limit";
import { DatabaseCounterStore } from "~/services/rate-limit-counters.server";

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

const counters = (limiter: string) => new DatabaseCounterStore(limiter, getDb);

/**
 * Failed sign-ins per username at one client address: five cost nothing, then the pair closes for
 * 1, 2, 4, 8 and at most 15 minutes after each further failure; an hour without a failure forgets
 * them. Keyed on the pair, so failures sent from elsewhere never lock the real user out.
 */
export const loginFailuresByUserAndAddress = new FailureBackoff(
  { free: 5, baseMs: MINUTE_MS, maxMs: 15 * MINUTE_MS, forgetMs: HOUR_MS },
  counters("login_failures_by_user_and_address"),
);
/**
 * Failed sign-ins per client address in 15 minutes, whatever the username. Past the limit a wrong
 * password is answered 429 and the address is reported in the server log, but a correct one still
 * signs in: an office behind one NAT address is never locked out by someone else's guessing.
 */
export const LOGIN_FAILURES_PER_ADDRESS = 30;
export const loginFailuresByAddress = new FixedWindowLimiter(
  { limit: LOGIN_FAILURES_PER_ADDRESS, windowMs: 15 * MINUTE_MS },
  counters("login_failures_by_address"),
);
/** Wrong current passwords on the password-change form per user in 15 minutes; the last one allowed ends every session of the user. */
export const currentPasswordFailuresByUser = new FixedWindowLimiter(
  { limit: 5, windowMs: 15 * MINUTE_MS },
  counters("current_password_failures_by_user"),
);

/** Registrations per client address per hour: generous for an office behind one NAT, fatal to a script. */
export const registrationsByAddress = new FixedWindowLimiter({ limit: 20, windowMs: HOUR_MS }, counters("registrations_by_address"));
/** Pushed batches per data provider per minute: far above any provider's monthly delivery. */
export const pushesByProvider = new FixedWindowLimiter({ limit: 60, windowMs: 60 * 1000 }, counters("pushes_by_provider"));
/**
 * Push requests with a missing or wrong token per client address in 15 minutes (guessing tokens).
 * A valid token is never refused by it: tokens are checked first (a cheap hash lookup).
 */
export const badTokensByAddress = new FixedWindowLimiter({ limit: 20, windowMs: 15 * 60 * 1000 }, counters("bad_tokens_by_address"));
/**
 * 忘记密码 (docs/decisions/037-password-recovery-and-consent.md): code requests per client address per
 * hour and per typed account per hour (keyed on what was typed, so the limit says nothing about whether
 * the account exists), and wrong codes per typed account in 15 minutes — five wrong guesses of a
 * 6-digit code leave a one-in-200,000 chance in the code's lifetime.
 */
export const resetRequestsByAddress = new FixedWindowLimiter({ limit: 10, windowMs: HOUR_MS }, counters("reset_requests_by_address"));
export const resetRequestsByAccount = new FixedWindowLimiter({ limit: 3, windowMs: HOUR_MS }, counters("reset_requests_by_account"));
export const resetCodeFailuresByAccount = new FixedWindowLimiter(
  { limit: 5, windowMs: 15 * MINUTE_MS },
  counters("reset_code_failures_by_account"),
);
/** Report and rejection-report downloads per user per minute. */
export const exportsByUser = new FixedWindowLimiter({ limit: 30, windowMs: 60 * 1000 }, counters("exports_by_user"));

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
