import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ROLE_LABELS } from "~/domain/accounts";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { formatDateTime } from "~/lib/time";
import { officerSchema, userStatusSchema } from "~/lib/validation/accounts";
import { createOfficer, listInstitutionStaff, setUserDisabled, type StaffRow } from "~/services/accounts.server";
import { DataTable } from "~/ui/DataTable";
import { FormError, NewPasswordFields, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { UserStatusButton, UserStatusTag } from "~/ui/UserStatus";
import { ActionNotices } from "~/ui/ActionNotices";
import { readFormData } from "~/http/forms.server";
import { asError, asFieldErrors } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "客户经理 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_admin");
  return { staff: listInstitutionStaff(getDb(), institutionIdOf(user)), selfId: user.id };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_admin");
  const form = await readFormData(request);
  const now = Date.now();
  if (form.get("intent") === "create") {
    const parsed = parseForm(officerSchema, form);
    if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
    const outcome = await createOfficer(getDb(), user, parsed.data, now);
    if (!outcome.ok) return data<ActionData>(...asFieldErrors(outcome, form));
    return data<ActionData>({ notice: `已新增客户经理 ${parsed.data.displayName}（${parsed.data.username}）` });
  }
  const parsed = parseForm(userStatusSchema, form);
  if (!parsed.ok) return data<ActionData>({ error: parsed.fieldErrors.confirm ?? "无法识别的操作" }, { status: 400 });
  const outcome = setUserDisabled(getDb(), user, parsed.data.userId, parsed.data.intent === "disable", now);
  if (!outcome.ok) return data<ActionData>(...asError(outcome));
  return data<ActionData>({ notice: parsed.data.intent === "disable" ? "账号已停用，其登录状态已立即失效" : "账号已恢复" });
}

export default function Officers() {
  const { staff, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <PageHeader title="客户经理" subtitle="本机构的账号。停用后该账号立即退出登录，且无法再登录。" />
      <ActionNotices notice={result?.notice} error={result?.error} />
      <section className="panel">
        <DataTable<StaffRow>
          caption="本机构账号"
          rows={staff}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: "姓名", cell: (r) => r.displayName },
            { key: "username", header: "用户名", cell: (r) => r.username },
            { key: "role", header: "角色", cell: (r) => ROLE_LABELS[r.role] },
            { key: "status", header: "状态", cell: (r) => <UserStatusTag disabledAt={r.disabledAt} /> },
            { key: "login", header: "最近登录", cell: (r) => (r.lastLoginAt ? formatDateTime(r.lastLoginAt) : "从未登录") },
            {
              key: "actions",
              header: "操作",
              cell: (r) =>
                r.role === "bank_officer" && r.id !== selfId ? (
                  <UserStatusButton userId={r.id} disabledAt={r.disabledAt} label={r.displayName} />
                ) : (
                  <span className="muted">—</span>
                ),
            },
          ]}
        />
      </section>
      <section className="panel">
        <h2>新增客户经理</h2>
        {/* A new key after each success empties the form for the next entry. */}
        <Form method="post" className="form" noValidate key={result?.notice}>
          <input type="hidden" name="intent" value="create" />
          <FormError message={errors._form} />
          <div className="form-row">
            <TextField name="displayName" label="姓名" defaultValue={result?.values?.displayName} error={errors.displayName} required />
            <TextField
              name="username"
              label="用户名"
              hint="3–32位字母、数字或 . _ -"
              autoComplete="off"
              defaultValue={result?.values?.username}
              error={errors.username}
              required
            />
          </div>
          <div className="form-row">
            <NewPasswordFields label="初始密码" errors={errors} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              新增
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
