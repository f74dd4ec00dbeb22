/**
 * Signing in with limits (docs/decisions/024-login-throttling.md; counters in
 * app/http/rate-limits.server.ts):
 * - failures per username at one client address back off (5 free, then 1 → 15 minutes closed), and a
 *   closed pair is refused even with the right password. The attempt is counted before argon2 runs
 *   and taken back when it succeeds, so concurrent attempts cannot outrun the count;
 * - failures per client address (30 in 15 minutes) turn that address's wrong answers into 429 and
 *   are logged, but a correct password from it still signs in.
 */
import type { Role } from "~/domain/accounts";
import {
  currentPasswordFailuresByUser,
  LOGIN_FAILURES_PER_ADDRESS,
  loginFailuresByAddress,
  loginFailuresByUserAndAddress,
} from "~/http/rate-limits.server";
import { authenticate } from "~/services/accounts.server";
import { fail, type Outcome } from "~/services/outcome";
import type { AppDatabase } from "~db/connection";
import { startSession } from "./session.server";

function minutesText(seconds: number): string {
  return `${Math.max(1, Math.ceil(seconds / 60))} 分钟`;
}

/** The back-off key of one username at one client address. */
function pairKey(username: string, clientAddress: string): string {
  return `${username.trim().toLowerCase()}\n${clientAddress}`;
}

export async function attemptLogin(
  db: AppDatabase,
  request: Request,
  credentials: { username: string; password: string; clientAddress: string },
  now: number,
): Promise<Outcome<{ userId: string; role: Role; setCookie: string }>> {
  const pair = pairKey(credentials.username, credentials.clientAddress);
  const reservation = loginFailuresByUserAndAddress.reserve(pair, now);
  if (!reservation.allowed) {
    return fail(429, `登录失败次数过多，请 ${minutesText(reservation.retryAfterSeconds)}后再试`, {
      retryAfterSeconds: reservation.retryAfterSeconds,
    });
  }

  const result = await authenticate(db, credentials.username, credentials.password, now);
  if (!result.ok && result.code === "invalid") {
    // The reservation stays: it is this failure's count.
    const overAddress = loginFailuresByAddress.check(credentials.clientAddress, now);
    const failures = loginFailuresByAddress.record(credentials.clientAddress, now);
    if (!overAddress.allowed) {
      // Reported once per window, at the first failure past the limit.
      if (failures === LOGIN_FAILURES_PER_ADDRESS + 1) {
        console.warn(
          `登录失败过多：地址 ${credentials.clientAddress} 在 15 分钟内失败已超过 ${LOGIN_FAILURES_PER_ADDRESS} 次，疑似猜测密码`,
        );
      }
      return fail(429, `用户名或密码不正确。此网络地址登录失败次数过多，请核对后于 ${minutesText(overAddress.retryAfterSeconds)}后再试`, {
        retryAfterSeconds: overAddress.retryAfterSeconds,
      });
    }
    return result;
  }
  // The password was right (even for a disabled account): the attempt is not a failure.
  loginFailuresByUserAndAddress.release(pair);
  if (!result.ok) return result;
  currentPasswordFailuresByUser.reset(result.userId);
  return { ok: true, userId: result.userId, role: result.role, setCookie: await startSession(request, result.userId) };
}
