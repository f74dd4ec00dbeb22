import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ALL_INSTITUTIONS_LABEL, AUTHORIZATION_SCOPE_LABELS } from "~/domain/authorizations";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { addDays, dateOf, formatDateTime } from "~/lib/time";
import { AUTHORIZATION_DEFAULT_DAYS, AUTHORIZATION_MAX_DAYS, authorizationSchema } from "~/lib/validation/authorizations";
import {
  authorizableInstitutions,
  createAuthorization,
  listAuthorizations,
  revokeAuthorization,
  type AuthorizationRow,
} from "~/services/authorizations.server";
import { DataTable } from "~/ui/DataTable";
import { FormError, SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { AuthorizationStatusTag } from "~/ui/StatusTag";
import { ActionNotices } from "~/ui/ActionNotices";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "授权管理 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const now = Date.now();
  const today = dateOf(now);
  return {
    authorizations: listAuthorizations(getDb(), enterpriseIdOf(user), now),
    institutions: authorizableInstitutions(getDb()),
    defaultExpiry: addDays(today, AUTHORIZATION_DEFAULT_DAYS),
    minExpiry: addDays(today, 1),
    maxExpiry: addDays(today, AUTHORIZATION_MAX_DAYS),
  };
}

type ActionData = { intent: string; fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };

const revokeSchema = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number)) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const now = Date.now();
  if (intent === "create") {
    const parsed = parseForm(authorizationSchema(dateOf(now)), form);
    if (!parsed.ok) return data<ActionData>({ intent, ...parsed }, { status: 400 });
    const outcome = createAuthorization(getDb(), user, parsed.data, now);
    if (!outcome.ok)
      return data<ActionData>(
        {
          intent,
          fieldErrors: { [outcome.field ?? "_form"]: outcome.message },
          values: Object.fromEntries([...form].map(([k, val]) => [k, String(val)])),
        },
        { status: outcome.status },
      );
    return data<ActionData>({ intent, notice: "授权已生效，被授权机构可在有效期内查询本企业信用数据，每次查询都会记入查询记录" });
  }
  if (intent === "revoke") {
    const parsed = v.safeParse(revokeSchema, Object.fromEntries(form));
    if (!parsed.success) return data<ActionData>({ intent, error: "无法识别的授权" }, { status: 400 });
    const outcome = revokeAuthorization(getDb(), user, parsed.output.id, now);
    if (!outcome.ok) return data<ActionData>({ intent, error: outcome.message }, { status: outcome.status });
    return data<ActionData>({
      intent,
      notice: outcome.changed ? "授权已撤销，相关机构即刻起不能再查询本企业信用数据" : "该授权此前已撤销",
    });
  }
  return data<ActionData>({ intent, error: "无法识别的操作" }, { status: 400 });
}

/** expiresAt is the first instant after the last valid day. */
const lastDay = (expiresAt: number) => dateOf(expiresAt - 1);

export default function Authorizations() {
  const { authorizations, institutions, defaultExpiry, minExpiry, maxExpiry } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.intent === "create" ? (result.fieldErrors ?? {}) : {};
  const values = result?.intent === "create" ? (result.values ?? {}) : {};
  return (
    <>
      <PageHeader
        title="授权管理"
        subtitle="金融机构只有在您授权的范围和期限内才能查看本企业的详细信用数据；您可随时撤销。"
        actions={
          <Link className="button button--secondary" to="/sme/query-log">
            查看查询记录
          </Link>
        }
      />
      <ActionNotices notice={result?.notice} error={result?.error} />
      <section className="panel">
        <h2>我的授权</h2>
        <DataTable<AuthorizationRow>
          caption="我的授权"
          rows={authorizations}
          rowKey={(a) => a.id}
          empty="尚未授权任何金融机构查询本企业信用数据"
          columns={[
            { key: "id", header: "编号", cell: (a) => `#${a.id}` },
            { key: "institution", header: "被授权机构", cell: (a) => a.institutionName ?? ALL_INSTITUTIONS_LABEL },
            {
              key: "purpose",
              header: "用途",
              cell: (a) => (a.needId !== null ? <Link to={`/sme/needs/${a.needId}`}>{a.purpose}</Link> : a.purpose),
            },
            { key: "scope", header: "范围", cell: (a) => AUTHORIZATION_SCOPE_LABELS[a.scope] ?? a.scope },
            { key: "granted", header: "授权时间", cell: (a) => formatDateTime(a.grantedAt) },
            { key: "expires", header: "有效期至", cell: (a) => lastDay(a.expiresAt) },
            {
              key: "status",
              header: "状态",
              cell: (a) => (
                <>
                  <AuthorizationStatusTag status={a.status} />
                  {a.revokedAt !== null ? <span className="muted"> {formatDateTime(a.revokedAt)}</span> : null}
                </>
              ),
            },
            {
              key: "action",
              header: "操作",
              cell: (a) =>
                a.status === "active" ? (
                  <Form
                    method="post"
                    onSubmit={(e) =>
                      !window.confirm(`撤销后${a.institutionName ?? ALL_INSTITUTIONS_LABEL}将不能再查询本企业信用数据，确定撤销？`) &&
                      e.preventDefault()
                    }
                  >
                    <input type="hidden" name="id" value={a.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="revoke"
                      className="button button--danger button--small"
                      disabled={submitting}
                    >
                      撤销
                    </button>
                  </Form>
                ) : (
                  <span className="muted">—</span>
                ),
            },
          ]}
        />
        <p className="muted" style={{ marginTop: "var(--sp-3)" }}>
          发布融资需求时给予的授权随需求有效，撤回需求时自动撤销；在此撤销不影响需求本身，但机构将无法再查看信用数据。
        </p>
      </section>
      <section className="panel">
        <h2>新增授权</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="create" />
          <FormError message={errors._form} />
          <SelectField
            name="institution"
            label="被授权机构"
            placeholder="请选择"
            options={[
              { value: "all", label: `${ALL_INSTITUTIONS_LABEL}（平台上所有机构）` },
              ...institutions.map((i) => ({ value: String(i.id), label: i.name })),
            ]}
            defaultValue={values.institution}
            error={errors.institution}
            required
          />
          <TextField
            name="purpose"
            label="授权用途"
            defaultValue={values.purpose}
            error={errors.purpose}
            hint="如：续贷审查、贷后管理、授信额度评估"
            maxLength={100}
            required
          />
          <TextField
            name="expiresOn"
            label="有效期至"
            type="date"
            min={minExpiry}
            max={maxExpiry}
            defaultValue={values.expiresOn ?? defaultExpiry}
            error={errors.expiresOn}
            hint={`最长 ${AUTHORIZATION_MAX_DAYS} 天，到期当日 24 时失效`}
            required
          />
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              确认授权
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
