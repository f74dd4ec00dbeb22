import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { readFormData } from "~/http/forms.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { policySchema } from "~/lib/validation/policies";
import { createPolicy } from "~/services/policies.server";
import { PageHeader } from "~/ui/PageHeader";
import { PolicyForm } from "~/ui/PolicyForm";

export const meta: MetaFunction = () => [{ title: "新建政策 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const parsed = parseForm(policySchema, await readFormData(request));
  if (!parsed.ok) return data<{ fieldErrors: FieldErrors; values: Record<string, string> }>(parsed, { status: 400 });
  const id = createPolicy(getDb(), user, parsed.data, Date.now());
  throw redirect(`/bureau/policies/${id}`);
}

export default function NewPolicy() {
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/bureau/policies">← 政策直达</Link>
      </p>
      <PageHeader title="新建政策" subtitle="保存为草稿；核对适用对象和符合条件的企业数后再发布" />
      <section className="panel">
        <PolicyForm values={result?.values ?? {}} errors={result?.fieldErrors ?? {}} submitting={submitting} submitLabel="保存草稿" />
      </section>
    </>
  );
}
