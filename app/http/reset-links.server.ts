/**
 * 重置密码 on a user list (the admin's users, a bank admin's officers): issue the one-time link and
 * answer the page with it, shown once; the arguments of Remix's `data()`, as asError gives them.
 */
import type { SessionUser } from "~/auth/session.server";
import { parseForm } from "~/lib/forms";
import { userResetSchema } from "~/lib/validation/accounts";
import { issueResetLink } from "~/services/password-resets.server";
import type { IssuedResetLink } from "~/ui/PasswordReset";
import type { AppDatabase } from "~db/connection";
import { asError } from "./refusals.server";

export function resetLinkAnswer(
  db: AppDatabase,
  actor: SessionUser,
  form: FormData,
  requestUrl: string,
  now: number,
): [{ error: string } | { resetLink: IssuedResetLink }, ResponseInit] {
  const parsed = parseForm(userResetSchema, form);
  if (!parsed.ok) return [{ error: "无法识别的操作" }, { status: 400 }];
  const outcome = issueResetLink(db, actor, parsed.data.userId, now);
  if (!outcome.ok) return asError(outcome);
  const url = new URL(`/reset-password?token=${outcome.token}`, requestUrl).href;
  return [{ resetLink: { url, expiresAt: outcome.expiresAt, displayName: outcome.displayName, username: outcome.username } }, {}];
}
