/**
 * Why the login page was shown after a sign-out the user did not ask for: a fixed key in the query
 * string, never the message itself, so a link cannot put words of its own on the page.
 */
export const LOGIN_REASON_PASSWORD_ATTEMPTS = "password-attempts";
/** After 忘记密码 or an administrator's reset link: the new password is set and every old session has ended. */
export const LOGIN_REASON_PASSWORD_RESET = "password-reset";
/** A bank's, the bureau's or an administrator's session ended after 30 minutes without a request. */
export const LOGIN_REASON_IDLE = "idle";
/** A session ended 12 hours after sign-in, however busy (docs/decisions/040-session-lifetime.md). */
export const LOGIN_REASON_SESSION_LIFETIME = "session-lifetime";

const MESSAGES: Record<string, string> = {
  [LOGIN_REASON_PASSWORD_ATTEMPTS]:
    "修改密码时当前密码输错次数过多，为保护账号安全，该账号在所有设备上的登录已全部退出。请重新登录；如非本人操作，请登录后立即修改密码。",
  [LOGIN_REASON_PASSWORD_RESET]: "密码已重置，该账号在所有设备上的登录均已退出。请使用新密码登录。",
  [LOGIN_REASON_IDLE]: "长时间未操作，请重新登录",
  [LOGIN_REASON_SESSION_LIFETIME]: "登录已满 12 小时，为保护账号安全，请重新登录",
};

export function loginReasonMessage(reason: string | null): string | undefined {
  return reason && Object.hasOwn(MESSAGES, reason) ? MESSAGES[reason] : undefined;
}
