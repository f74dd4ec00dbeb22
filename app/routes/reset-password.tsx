import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { endSession } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { INVALID_LINK_MESSAGE } from "~/domain/recovery";
import { readFormData } from "~/http/forms.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { LOGIN_REASON_PASSWORD_RESET } from "~/lib/login-reasons";
import { resetWithLinkSchema } from "~/lib/validation/accounts";
import { resetLinkHolder, resetPasswordWithLink } from "~/services/password-resets.server";
import { PublicShell } from "~/ui/AppShell";
import { FormError, NewPasswordFields } from "~/ui/Field";

export const meta: MetaFunction = () => [{ title: "设置新密码 · 苏州市信易贷平台" }, { name: "referrer", content: "no-referrer" }];

/** An administrator's one-time link: /reset-password?token=… (whoever is signed in here, the link names its own account). */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const holder = token.length > 0 && token.length <= 100 ? resetLinkHolder(getDb(), token, Date.now()) : undefined;
  return { token: holder ? token : "", holder: holder ?? null };
}

type ActionData = { fieldErrors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(resetWithLinkSchema, await readFormData(request));
  if (!parsed.ok) return data<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const outcome = await resetPasswordWithLink(getDb(), parsed.data, Date.now());
  if (!outcome.ok) return data<ActionData>({ fieldErrors: outcome.fieldErrors }, { status: outcome.status ?? 400 });
  // Whatever session this browser held is over too: the new password signs in afresh.
  throw redirect(`/login?reason=${LOGIN_REASON_PASSWORD_RESET}`, { headers: { "Set-Cookie": await endSession(request) } });
}

export default function ResetPassword() {
  const { token, holder } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <PublicShell viewer={null}>
      <div className="auth-box panel">
        <h1>设置新密码</h1>
        {holder ? (
          <>
            <p className="muted">
              账号：{holder.displayName}（{holder.username}）。此链接只能使用一次，设置后请用新密码登录。
            </p>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="token" value={token} />
              <FormError message={errors._form ?? errors.token} />
              <NewPasswordFields label="新密码" confirmLabel="确认新密码" errors={errors} />
              <div className="form-actions">
                <button type="submit" className="button" disabled={submitting}>
                  {submitting ? "正在提交…" : "设置新密码"}
                </button>
              </div>
            </Form>
          </>
        ) : (
          <>
            <p className="notice notice--danger" role="alert">
              {INVALID_LINK_MESSAGE}
            </p>
            <p>
              企业用户也可以 <Link to="/forgot-password">通过登记的手机号找回密码</Link>。
            </p>
          </>
        )}
      </div>
    </PublicShell>
  );
}
