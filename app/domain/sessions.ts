/**
 * How long a session lives (docs/decisions/040-session-lifetime.md; OWASP ASVS 3.3.2 at level 2):
 * never more than SESSION_LIFETIME_MS after sign-in, however busy; staff of banks, the bureau and the
 * platform also lose it after STAFF_IDLE_MS without a request. Pure: the caller passes the clock.
 */
import type { Role } from "./accounts";

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/** From sign-in to the end of every session, used or not. */
export const SESSION_LIFETIME_MS = 12 * HOUR_MS;
/** Without a request for this long, a bank's, the bureau's or an administrator's session ends. */
export const STAFF_IDLE_MS = 30 * MINUTE_MS;
/**
 * A session's expiry is moved on at most once a minute: the idle timeout is kept to the minute without
 * a database write on every request.
 */
export const EXTEND_STEP_MS = MINUTE_MS;

/**
 * How long each role's session lives without a request. Enterprises keep the sliding 12 hours they
 * had, which the lifetime bounds: their session ends 12 hours after sign-in.
 */
export const IDLE_MS: Record<Role, number> = {
  enterprise: SESSION_LIFETIME_MS,
  bank_officer: STAFF_IDLE_MS,
  bank_admin: STAFF_IDLE_MS,
  bureau: STAFF_IDLE_MS,
  admin: STAFF_IDLE_MS,
};

/** Why a session ended by itself: no request for too long, or its lifetime is over. */
export type SessionEnd = "idle" | "lifetime";

/** When a session started at `createdAt` and last used at `usedAt` ends (epoch ms). */
export function sessionExpiry(role: Role, createdAt: number, usedAt: number): number {
  return Math.min(usedAt + IDLE_MS[role], createdAt + SESSION_LIFETIME_MS);
}

export type SessionVerdict = { live: true; extendTo: number | null } | { live: false; ended: SessionEnd };

/**
 * Whether a session is live at `now`, and the expiry to write when it has moved on by EXTEND_STEP_MS
 * or more. `expiresAt` is the one stored (the last request's sessionExpiry); `createdAt` the sign-in.
 */
export function sessionVerdict(session: { role: Role; createdAt: number; expiresAt: number }, now: number): SessionVerdict {
  if (now >= session.createdAt + SESSION_LIFETIME_MS) return { live: false, ended: "lifetime" };
  if (now >= session.expiresAt) return { live: false, ended: IDLE_MS[session.role] < SESSION_LIFETIME_MS ? "idle" : "lifetime" };
  const next = sessionExpiry(session.role, session.createdAt, now);
  return { live: true, extendTo: next - session.expiresAt >= EXTEND_STEP_MS ? next : null };
}
