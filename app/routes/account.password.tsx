import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { startSession } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { PASSWORD_RULE_TEXT } from "~/lib/password-policy";
import { passwordChangeSchema } from "~/lib/validation/accounts";
import { changePassword } from "~/services/accounts.server";
import { FormError, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "修改密码 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

type ActionData = { fieldErrors?: FieldErrors; notice?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(passwordChangeSchema, await readFormData(request));
  if (!parsed.ok) return data<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const outcome = await changePassword(getDb(), user, parsed.data.currentPassword, parsed.data.password);
  if (!outcome.ok) return data<ActionData>({ fieldErrors: outcome.fieldErrors }, { status: 400 });
  return data<ActionData>(
    { notice: "密码已修改，其他设备上的登录已全部退出" },
    { headers: { "Set-Cookie": await startSession(request, user.id) } },
  );
}

export default function ChangePassword() {
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <PageHeader title="修改密码" />
      {result?.notice ? <p className="notice notice--ok" role="status">{result.notice}</p> : null}
      <section className="panel">
        <Form method="post" className="form" noValidate key={result?.notice}>
          <FormError message={errors._form} />
          <TextField name="currentPassword" label="当前密码" type="password" autoComplete="current-password" error={errors.currentPassword} required />
          <TextField name="password" label="新密码" type="password" autoComplete="new-password" hint={PASSWORD_RULE_TEXT} error={errors.password} required />
          <TextField name="passwordConfirm" label="确认新密码" type="password" autoComplete="new-password" error={errors.passwordConfirm} required />
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
