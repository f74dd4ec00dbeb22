import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { INSTITUTION_KIND_LABELS } from "~/domain/accounts";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { INSTITUTION_KIND_OPTIONS } from "~/lib/options";
import { dateOf } from "~/lib/time";
import { institutionSchema } from "~/lib/validation/accounts";
import { createInstitution, listInstitutions } from "~/services/accounts.server";
import { DataTable } from "~/ui/DataTable";
import { FormError, NewPasswordFields, SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";
import { asFieldErrors } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "金融机构 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau", "admin");
  return { institutions: listInstitutions(getDb()) };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau", "admin");
  const form = await readFormData(request);
  const parsed = parseForm(institutionSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = await createInstitution(getDb(), user, parsed.data, Date.now());
  if (!outcome.ok) return data<ActionData>(...asFieldErrors(outcome, form, institutionSchema));
  return data<ActionData>({
    notice: `${parsed.data.name} 已入驻，管理员账号 ${parsed.data.adminUsername} 可以登录并添加客户经理`,
  });
}

export default function Institutions() {
  const { institutions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const values = result?.values ?? {};
  return (
    <>
      <PageHeader title="金融机构" subtitle={`已入驻 ${institutions.length} 家`} />
      {result?.notice ? (
        <p className="notice notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      <section className="panel">
        <DataTable
          caption="入驻金融机构"
          rows={institutions}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: "机构名称", cell: (r) => r.name },
            { key: "short", header: "简称", cell: (r) => r.shortName },
            { key: "kind", header: "类型", cell: (r) => INSTITUTION_KIND_LABELS[r.kind] },
            { key: "joined", header: "入驻日期", cell: (r) => dateOf(r.joinedAt) },
            { key: "staff", header: "账号数", numeric: true, cell: (r) => r.staff },
            {
              key: "status",
              header: "状态",
              cell: (r) => (r.disabledAt === null ? <StatusTag tone="ok">在营</StatusTag> : <StatusTag tone="neutral">已退出</StatusTag>),
            },
          ]}
        />
      </section>
      <section className="panel">
        <h2>机构入驻登记</h2>
        <Form method="post" className="form" noValidate key={result?.notice}>
          <FormError message={errors._form} />
          <div className="form-row">
            <TextField
              name="name"
              label="机构全称"
              hint="如：某某银行股份有限公司苏州分行"
              defaultValue={values.name}
              error={errors.name}
              required
            />
            <TextField name="shortName" label="机构简称" defaultValue={values.shortName} error={errors.shortName} required />
            <SelectField
              name="kind"
              label="机构类型"
              options={INSTITUTION_KIND_OPTIONS}
              placeholder="请选择"
              defaultValue={values.kind}
              error={errors.kind}
              required
            />
          </div>
          <h3>首个机构管理员</h3>
          <div className="form-row">
            <TextField
              name="adminDisplayName"
              label="姓名"
              defaultValue={values.adminDisplayName}
              error={errors.adminDisplayName}
              required
            />
            <TextField
              name="adminUsername"
              label="用户名"
              autoComplete="off"
              defaultValue={values.adminUsername}
              error={errors.adminUsername}
              required
            />
          </div>
          <div className="form-row">
            <NewPasswordFields label="初始密码" errors={errors} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              登记入驻
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
