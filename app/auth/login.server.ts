/**
 * Signing in with limits: at most 5 failed attempts per username and 30 per client address in
 * 15 minutes. Only failures count, so a user who signs in normally is never slowed down.
 */
import type { Role } from "~/lib/roles";
import { FixedWindowLimiter } from "~/lib/rate-limit";
import { authenticate } from "~/services/accounts.server";
import type { AppDatabase } from "~db/connection";
import { startSession } from "./session.server";

const WINDOW_MS = 15 * 60 * 1000;
const failuresByUsername = new FixedWindowLimiter({ limit: 5, windowMs: WINDOW_MS });
const failuresByAddress = new FixedWindowLimiter({ limit: 30, windowMs: WINDOW_MS });

export type LoginOutcome =
  | { ok: true; userId: string; role: Role; setCookie: string }
  | { ok: false; status: 401 | 403 | 429; message: string; retryAfterSeconds?: number };

function minutesText(seconds: number): string {
  return `${Math.max(1, Math.ceil(seconds / 60))} 分钟`;
}

export async function attemptLogin(
  db: AppDatabase,
  request: Request,
  credentials: { username: string; password: string; clientAddress: string },
  now: number,
): Promise<LoginOutcome> {
  const usernameKey = credentials.username.trim().toLowerCase();
  for (const decision of [
    failuresByUsername.check(usernameKey, now),
    failuresByAddress.check(credentials.clientAddress, now),
  ]) {
    if (!decision.allowed) {
      return {
        ok: false,
        status: 429,
        message: `登录失败次数过多，请 ${minutesText(decision.retryAfterSeconds)}后再试`,
        retryAfterSeconds: decision.retryAfterSeconds,
      };
    }
  }

  const result = await authenticate(db, credentials.username, credentials.password, now);
  if (!result.ok) {
    failuresByUsername.record(usernameKey, now);
    failuresByAddress.record(credentials.clientAddress, now);
    return result.reason === "disabled"
      ? { ok: false, status: 403, message: "该账号已停用，请联系所在机构管理员或平台管理员" }
      : { ok: false, status: 401, message: "用户名或密码不正确" };
  }
  failuresByUsername.reset(usernameKey);
  return { ok: true, userId: result.userId, role: result.role, setCookie: await startSession(request, result.userId) };
}
