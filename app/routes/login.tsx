import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { attemptLogin } from "~/auth/login.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { loginReasonMessage } from "~/lib/login-reasons";
import { ROLE_HOME } from "~/lib/navigation";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { loginSchema } from "~/lib/validation/accounts";
import { FormError, TextField } from "~/ui/Field";
import { PublicShell } from "~/ui/AppShell";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "登录 · 苏州市信易贷平台" }];

/** Document responses take headers only from here: this passes the action's Retry-After on. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) throw redirect(viewer.home);
  return null;
}

type ActionData = { fieldErrors: FieldErrors; formError?: string; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const parsed = parseForm(loginSchema, form);
  if (!parsed.ok) {
    return data<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  }
  const outcome = await attemptLogin(getDb(), request, { ...parsed.data, clientAddress: context.clientAddress ?? "unknown" }, Date.now());
  if (!outcome.ok) {
    return data<ActionData>(
      { fieldErrors: {}, formError: outcome.message, values: { username: parsed.data.username } },
      {
        status: outcome.status,
        headers: outcome.retryAfterSeconds ? { "Retry-After": String(outcome.retryAfterSeconds) } : undefined,
      },
    );
  }
  throw redirect(safeRedirectPath(parsed.data.redirectTo, ROLE_HOME[outcome.role]), {
    headers: { "Set-Cookie": outcome.setCookie },
  });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const reason = actionData ? undefined : loginReasonMessage(params.get("reason"));
  const submitting = useNavigation().state === "submitting";
  return (
    <PublicShell viewer={null}>
      <div className="auth-box panel">
        <h1>登录</h1>
        {reason ? (
          <p className="notice notice--warn" role="alert">
            {reason}
          </p>
        ) : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <FormError message={actionData?.formError} />
          <TextField
            name="username"
            label="用户名"
            hint="企业用户请填写统一社会信用代码"
            autoComplete="username"
            defaultValue={actionData?.values.username}
            error={actionData?.fieldErrors.username}
            required
          />
          <TextField
            name="password"
            label="密码"
            type="password"
            autoComplete="current-password"
            error={actionData?.fieldErrors.password}
            required
          />
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              {submitting ? "正在登录…" : "登录"}
            </button>
            <Link to="/forgot-password">忘记密码？</Link>
            <Link to="/register">还没有账号？企业注册</Link>
          </div>
        </Form>
      </div>
    </PublicShell>
  );
}
