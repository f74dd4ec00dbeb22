import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ROLE_LABELS, ROLES } from "~/domain/accounts";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { staffUserSchema, userStatusSchema } from "~/lib/validation/accounts";
import { createStaffUser, listUsers, setUserDisabled, type StaffRow } from "~/services/accounts.server";
import { registryChecksOfUsers } from "~/services/registry-checks.server";
import { type IssuedResetLink, ResetLinkNotice, ResetPasswordButton } from "~/ui/PasswordReset";
import { DataTable } from "~/ui/DataTable";
import { FormError, NewPasswordFields, SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { RegistryCheckSummary } from "~/ui/RegistryCheck";
import { Pager } from "~/ui/Pager";
import { UserStatusButton, UserStatusTag } from "~/ui/UserStatus";
import { ActionNotices } from "~/ui/ActionNotices";
import { readFormData } from "~/http/forms.server";
import { resetLinkAnswer } from "~/http/reset-links.server";
import { asError, asFieldErrors } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "用户管理 · 苏州市信易贷平台" }];

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const filterSchema = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(50)), ""),
  role: v.optional(v.picklist(ROLES)),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const params = new URL(request.url).searchParams;
  const filter = v.safeParse(filterSchema, { q: params.get("q") ?? undefined, role: params.get("role") || undefined });
  const { q, role } = filter.success ? filter.output : { q: "", role: undefined };
  const result = listUsers(getDb(), { query: q, role, page: pageFromParam(params.get("page")) });
  const registry = registryChecksOfUsers(
    getDb(),
    result.rows.map((r) => r.id),
  );
  return { ...result, registry, filter: { q, role: role ?? "" }, selfId: user.id };
}

type ActionData = {
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  notice?: string;
  error?: string;
  resetLink?: IssuedResetLink;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await readFormData(request);
  const now = Date.now();
  if (form.get("intent") === "create") {
    const parsed = parseForm(staffUserSchema, form);
    if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
    const outcome = await createStaffUser(getDb(), user, parsed.data, now);
    if (!outcome.ok) return data<ActionData>(...asFieldErrors(outcome, form, staffUserSchema));
    return data<ActionData>({ notice: `已新增${ROLE_LABELS[parsed.data.role]} ${parsed.data.displayName}` });
  }
  if (form.get("intent") === "reset") return data<ActionData>(...resetLinkAnswer(getDb(), user, form, request.url, now));
  const parsed = parseForm(userStatusSchema, form);
  if (!parsed.ok) return data<ActionData>({ error: parsed.fieldErrors.confirm ?? "无法识别的操作" }, { status: 400 });
  const outcome = setUserDisabled(getDb(), user, parsed.data.userId, parsed.data.intent === "disable", now);
  if (!outcome.ok) return data<ActionData>(...asError(outcome));
  return data<ActionData>({ notice: parsed.data.intent === "disable" ? "账号已停用，其登录状态已立即失效" : "账号已恢复" });
}

export default function Users() {
  const { rows, page, registry, filter, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <PageHeader
        title="用户管理"
        subtitle="所有角色的账号。停用立即生效，被停用的用户会被退出登录。重置密码会发放一次性链接，原密码和登录立即失效。"
      />
      <ActionNotices notice={result?.notice} error={result?.error} />
      {result?.resetLink ? <ResetLinkNotice link={result.resetLink} /> : null}
      <section className="panel">
        <Form method="get" className="form-row" style={{ alignItems: "end", marginBottom: "var(--sp-4)" }}>
          <TextField name="q" label="查找" placeholder="姓名、用户名、统一社会信用代码或企业名称" defaultValue={filter.q} />
          <SelectField name="role" label="角色" options={ROLE_OPTIONS} placeholder="全部角色" defaultValue={filter.role} />
          <div className="form-actions">
            <button type="submit" className="button button--secondary">
              查询
            </button>
          </div>
        </Form>
        <DataTable<StaffRow>
          caption="用户"
          rows={rows}
          rowKey={(r) => r.id}
          empty="没有符合条件的用户"
          columns={[
            { key: "name", header: "姓名", cell: (r) => r.displayName },
            { key: "username", header: "用户名", cell: (r) => r.username },
            { key: "role", header: "角色", cell: (r) => ROLE_LABELS[r.role] },
            { key: "org", header: "所属单位", cell: (r) => r.institutionName ?? "—" },
            {
              key: "registry",
              header: "登记信息核验",
              cell: (r) => (registry[r.id] ? <RegistryCheckSummary view={registry[r.id]!} /> : "—"),
            },
            { key: "status", header: "状态", cell: (r) => <UserStatusTag disabledAt={r.disabledAt} /> },
            { key: "login", header: "最近登录", cell: (r) => (r.lastLoginAt ? formatDateTime(r.lastLoginAt) : "从未登录") },
            {
              key: "actions",
              header: "操作",
              cell: (r) =>
                r.id === selfId ? (
                  <span className="muted">当前账号</span>
                ) : (
                  <div className="row-actions">
                    <UserStatusButton userId={r.id} disabledAt={r.disabledAt} label={r.displayName} />
                    {r.disabledAt === null ? <ResetPasswordButton userId={r.id} label={r.displayName} /> : null}
                  </div>
                ),
            },
          ]}
        />
        <Pager info={page} />
      </section>
      <section className="panel">
        <h2>新增管理部门或管理员账号</h2>
        <p className="muted">金融机构的管理员在“金融机构”页随机构入驻一并创建；企业自行注册。</p>
        <Form method="post" className="form" noValidate key={result?.notice}>
          <input type="hidden" name="intent" value="create" />
          <FormError message={errors._form} />
          <div className="form-row">
            <TextField name="displayName" label="姓名" defaultValue={result?.values?.displayName} error={errors.displayName} required />
            <TextField
              name="username"
              label="用户名"
              autoComplete="off"
              defaultValue={result?.values?.username}
              error={errors.username}
              required
            />
            <SelectField
              name="role"
              label="角色"
              options={[
                { value: "bureau", label: ROLE_LABELS.bureau },
                { value: "admin", label: ROLE_LABELS.admin },
              ]}
              placeholder="请选择"
              defaultValue={result?.values?.role}
              error={errors.role}
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
