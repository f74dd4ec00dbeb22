import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { endEverySession, startSession } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { currentPasswordFailuresByUser } from "~/http/rate-limits.server";
import { LOGIN_REASON_PASSWORD_ATTEMPTS } from "~/lib/login-reasons";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { passwordChangeSchema } from "~/lib/validation/accounts";
import { changePassword } from "~/services/accounts.server";
import { FormError, NewPasswordFields, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "修改密码 · 苏州市信易贷平台" }];

/** Where the form goes after a change: a fresh page load carries the new session cookie in every browser, with or without JavaScript. */
const CHANGED_PATH = "/account/password?changed=1";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return { changed: new URL(request.url).searchParams.get("changed") === "1" };
}

type ActionData = { fieldErrors?: FieldErrors };

/** Too many wrong current passwords: whoever holds this session may not know the password, so every session of the user ends. */
function signedOutEverywhere(userId: string): Response {
  console.warn(`修改密码时当前密码连续错误过多：用户 ${userId} 的全部登录已退出`);
  return redirect(`/login?reason=${LOGIN_REASON_PASSWORD_ATTEMPTS}`, { headers: { "Set-Cookie": endEverySession(userId) } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(passwordChangeSchema, await readFormData(request));
  if (!parsed.ok) return data<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const now = Date.now();
  // Counted before argon2 runs, so guesses sent at once are counted too; a right password clears the count.
  if (!currentPasswordFailuresByUser.hit(user.id, now).allowed) throw signedOutEverywhere(user.id);
  const outcome = await changePassword(getDb(), user, parsed.data.currentPassword, parsed.data.password);
  if (!outcome.ok && outcome.fieldErrors.currentPassword) {
    if (!currentPasswordFailuresByUser.check(user.id, now).allowed) throw signedOutEverywhere(user.id);
    return data<ActionData>({ fieldErrors: outcome.fieldErrors }, { status: 400 });
  }
  currentPasswordFailuresByUser.reset(user.id);
  if (!outcome.ok) return data<ActionData>({ fieldErrors: outcome.fieldErrors }, { status: 400 });
  // Every session of the user has just ended; this browser gets a new one on the redirect itself.
  throw redirect(CHANGED_PATH, { headers: { "Set-Cookie": await startSession(request, user.id) } });
}

export default function ChangePassword() {
  const { changed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <PageHeader title="修改密码" />
      {changed && !result ? (
        <p className="notice notice--ok" role="status">
          密码已修改，其他设备上的登录已全部退出
        </p>
      ) : null}
      <section className="panel">
        <Form method="post" className="form" noValidate key={changed ? "changed" : "form"}>
          <FormError message={errors._form} />
          <TextField
            name="currentPassword"
            label="当前密码"
            type="password"
            autoComplete="current-password"
            error={errors.currentPassword}
            required
          />
          <NewPasswordFields label="新密码" confirmLabel="确认新密码" errors={errors} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              保存
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
