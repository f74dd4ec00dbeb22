import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { RESET_REQUEST_ANSWER } from "~/domain/recovery";
import { readFormData } from "~/http/forms.server";
import {
  resetCodeFailuresByAccount,
  resetRequestsByAccount,
  resetRequestsByAddress,
  retryAfterHeaders,
  retryAfterText,
} from "~/http/rate-limits.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { LOGIN_REASON_PASSWORD_RESET } from "~/lib/login-reasons";
import { resetRequestSchema, resetWithCodeSchema } from "~/lib/validation/accounts";
import { accountKey, requestResetCode, resetPasswordWithCode } from "~/services/password-resets.server";
import { PublicShell } from "~/ui/AppShell";
import { FormError, NewPasswordFields, TextField } from "~/ui/Field";

export const meta: MetaFunction = () => [{ title: "忘记密码 · 苏州市信易贷平台" }];

/** Document responses take headers only from here: this passes the action's Retry-After on. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) throw redirect(viewer.home);
  return null;
}

type ActionData = { step: "request" | "code"; fieldErrors: FieldErrors; values: Record<string, string>; notice?: string };

function tooOften(step: ActionData["step"], values: Record<string, string>, retryAfterSeconds: number) {
  const message = `操作过于频繁，请 ${retryAfterText(retryAfterSeconds)}后再试`;
  return data<ActionData>(
    { step, fieldErrors: { _form: message }, values },
    { status: 429, headers: retryAfterHeaders({ allowed: false, retryAfterSeconds }) },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const now = Date.now();
  const typedAccount = accountKey(String(form.get("account") ?? ""));
  if (form.get("intent") === "reset") {
    const values = { account: String(form.get("account") ?? "") };
    const closed = resetCodeFailuresByAccount.check(typedAccount, now);
    if (!closed.allowed) return tooOften("code", values, closed.retryAfterSeconds);
    const parsed = parseForm(resetWithCodeSchema, form);
    if (!parsed.ok) return data<ActionData>({ step: "code", ...parsed }, { status: 400 });
    const outcome = await resetPasswordWithCode(getDb(), parsed.data, now);
    if (!outcome.ok) {
      if (outcome.fieldErrors.code) resetCodeFailuresByAccount.record(typedAccount, now);
      return data<ActionData>({ step: "code", fieldErrors: outcome.fieldErrors, values }, { status: 400 });
    }
    resetCodeFailuresByAccount.reset(typedAccount);
    throw redirect(`/login?reason=${LOGIN_REASON_PASSWORD_RESET}`);
  }

  const parsed = parseForm(resetRequestSchema, form);
  if (!parsed.ok) return data<ActionData>({ step: "request", ...parsed }, { status: 400 });
  for (const limit of [
    resetRequestsByAddress.hit(context.clientAddress ?? "unknown", now),
    resetRequestsByAccount.hit(typedAccount, now),
  ]) {
    if (!limit.allowed) return tooOften("request", parsed.data, limit.retryAfterSeconds);
  }
  const { delivery } = await requestResetCode(getDb(), parsed.data, now);
  // The answer never waits for the channel: a slow gateway must not tell a matching account from another.
  void delivery;
  return data<ActionData>({ step: "code", fieldErrors: {}, values: { account: parsed.data.account }, notice: RESET_REQUEST_ANSWER });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const values = result?.values ?? {};
  return (
    <PublicShell viewer={null}>
      <div className="auth-box panel">
        <h1>忘记密码</h1>
        {result?.step === "code" ? (
          <>
            {result.notice ? (
              <p className="notice notice--ok" role="status">
                {result.notice}
              </p>
            ) : null}
            <Form method="post" className="form" noValidate key="code">
              <input type="hidden" name="intent" value="reset" />
              <input type="hidden" name="account" value={values.account ?? ""} />
              <FormError message={errors._form ?? errors.account} />
              <p className="muted">账号：{values.account}</p>
              <TextField
                name="code"
                label="短信验证码"
                hint="6位数字，15 分钟内有效，只能使用一次"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                error={errors.code}
                required
              />
              <NewPasswordFields label="新密码" confirmLabel="确认新密码" errors={errors} />
              <div className="form-actions">
                <button type="submit" className="button" disabled={submitting}>
                  {submitting ? "正在提交…" : "重置密码"}
                </button>
                <Link to="/forgot-password" reloadDocument>
                  重新获取验证码
                </Link>
              </div>
            </Form>
          </>
        ) : (
          <>
            <p className="muted">
              企业用户可通过注册时登记的联系人手机号找回密码。金融机构、管理部门的账号请联系本机构管理员或平台管理员重置。
            </p>
            <Form method="post" className="form" noValidate key="request">
              <input type="hidden" name="intent" value="request" />
              <FormError message={errors._form} />
              <TextField
                name="account"
                label="统一社会信用代码或用户名"
                autoComplete="username"
                autoCapitalize="characters"
                spellCheck={false}
                defaultValue={values.account}
                error={errors.account}
                required
              />
              <TextField
                name="phone"
                label="登记的联系电话"
                hint="注册时填写的联系人手机号"
                type="tel"
                inputMode="tel"
                defaultValue={values.phone}
                error={errors.phone}
                required
              />
              <div className="form-actions">
                <button type="submit" className="button" disabled={submitting}>
                  {submitting ? "正在发送…" : "获取验证码"}
                </button>
                <Link to="/login">返回登录</Link>
              </div>
            </Form>
          </>
        )}
      </div>
    </PublicShell>
  );
}
