import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ROLE_LABELS } from "~/domain/accounts";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { formatDateTime } from "~/lib/time";
import { officerDisableSchema, officerSchema, userStatusSchema } from "~/lib/validation/accounts";
import { CONFIRM_MESSAGE } from "~/lib/validation/fields";
import { createOfficer, listInstitutionStaff, openClaimsByOfficer, setUserDisabled, type StaffRow } from "~/services/accounts.server";
import { type IssuedResetLink, ResetLinkNotice, ResetPasswordButton } from "~/ui/PasswordReset";
import { DataTable } from "~/ui/DataTable";
import { FormError, NewPasswordFields, SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { UserStatusButton, UserStatusTag } from "~/ui/UserStatus";
import { ActionNotices } from "~/ui/ActionNotices";
import { readFormData } from "~/http/forms.server";
import { resetLinkAnswer } from "~/http/reset-links.server";
import { asError, asFieldErrors } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "客户经理 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_admin");
  const institutionId = institutionIdOf(user);
  return { staff: listInstitutionStaff(getDb(), institutionId), openClaims: openClaimsByOfficer(getDb(), institutionId), selfId: user.id };
}

type ActionData = {
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  notice?: string;
  error?: string;
  resetLink?: IssuedResetLink;
  /** The officer a refused handover was about, so their row shows the message. */
  handoverFor?: string;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_admin");
  const form = await readFormData(request);
  const now = Date.now();
  if (form.get("intent") === "create") {
    const parsed = parseForm(officerSchema, form);
    if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
    const outcome = await createOfficer(getDb(), user, parsed.data, now);
    if (!outcome.ok) return data<ActionData>(...asFieldErrors(outcome, form, officerSchema));
    return data<ActionData>({ notice: `已新增客户经理 ${parsed.data.displayName}（${parsed.data.username}）` });
  }
  if (form.get("intent") === "reset") return data<ActionData>(...resetLinkAnswer(getDb(), user, form, request.url, now));
  if (form.get("intent") === "disable") {
    const parsed = parseForm(officerDisableSchema, form);
    if (!parsed.ok) return data<ActionData>({ error: "无法识别的操作" }, { status: 400 });
    // The handover form (choosing who takes the cases over) is its own confirmation; a plain 停用 asks for the tick.
    if (!form.has("handoverTo") && form.get("confirm") !== "yes") return data<ActionData>({ error: CONFIRM_MESSAGE }, { status: 400 });
    const outcome = setUserDisabled(getDb(), user, parsed.data.userId, true, now, parsed.data.handoverTo || undefined);
    if (!outcome.ok) {
      const [body, init] = asError(outcome);
      return data<ActionData>({ ...body, handoverFor: parsed.data.userId }, init);
    }
    return data<ActionData>({
      notice:
        outcome.handedOver > 0
          ? `账号已停用，其登录状态已立即失效；${outcome.handedOver} 件在办案件已移交接手同事`
          : "账号已停用，其登录状态已立即失效",
    });
  }
  const parsed = parseForm(userStatusSchema, form);
  if (!parsed.ok) return data<ActionData>({ error: parsed.fieldErrors.confirm ?? "无法识别的操作" }, { status: 400 });
  const outcome = setUserDisabled(getDb(), user, parsed.data.userId, parsed.data.intent === "disable", now);
  if (!outcome.ok) return data<ActionData>(...asError(outcome));
  return data<ActionData>({ notice: "账号已恢复" });
}

/**
 * 停用 for an officer who holds open claims: it opens a small form where the colleague who takes them
 * over is chosen (open again, with the reason, when the server refused it).
 */
function DisableWithHandover({
  officer,
  openClaims,
  colleagues,
  error,
}: {
  officer: StaffRow;
  openClaims: number;
  colleagues: StaffRow[];
  error?: string;
}) {
  return (
    <details className="handover" open={error !== undefined}>
      <summary className="button button--small button--danger">停用…</summary>
      <Form method="post" className="handover-form">
        <input type="hidden" name="userId" value={officer.id} />
        <SelectField
          name="handoverTo"
          label={`${openClaims} 件在办案件移交给`}
          options={colleagues.map((c) => ({ value: c.id, label: `${c.displayName}（${c.username}）` }))}
          placeholder="请选择接手同事"
          error={error}
          required
        />
        <button
          type="submit"
          name="intent"
          value="disable"
          className="button button--small button--danger"
          aria-label={`停用并移交 ${officer.displayName}`}
        >
          停用并移交
        </button>
      </Form>
    </details>
  );
}

export default function Officers() {
  const { staff, openClaims, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <PageHeader
        title="客户经理"
        subtitle="本机构的账号。停用后该账号立即退出登录，且无法再登录；有在办案件的客户经理须先指定接手同事。重置密码会发放一次性链接，原密码立即失效。"
      />
      {/* A refused handover is told at the officer's row, under the colleague field. */}
      <ActionNotices notice={result?.notice} error={result?.handoverFor ? undefined : result?.error} />
      {result?.resetLink ? <ResetLinkNotice link={result.resetLink} /> : null}
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
            { key: "open", header: "在办案件", cell: (r) => (r.role === "bank_officer" ? (openClaims[r.id] ?? 0) : "—") },
            {
              key: "actions",
              header: "操作",
              cell: (r) => {
                if (r.role !== "bank_officer" || r.id === selfId) return <span className="muted">—</span>;
                const open = r.disabledAt === null ? (openClaims[r.id] ?? 0) : 0;
                return (
                  <div className="row-actions">
                    {open > 0 ? (
                      <DisableWithHandover
                        officer={r}
                        openClaims={open}
                        colleagues={staff.filter((c) => c.role === "bank_officer" && c.disabledAt === null && c.id !== r.id)}
                        error={result?.handoverFor === r.id ? result.error : undefined}
                      />
                    ) : (
                      <UserStatusButton userId={r.id} disabledAt={r.disabledAt} label={r.displayName} />
                    )}
                    {r.disabledAt === null ? <ResetPasswordButton userId={r.id} label={r.displayName} /> : null}
                  </div>
                );
              },
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
