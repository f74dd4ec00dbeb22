import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { LOAN_STATUS_LABELS } from "~/domain/marketplace";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { formatMoney } from "~/lib/money";
import { compensationSchema } from "~/lib/validation/risk-pools";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";
import { compensationForm, fileCompensation } from "~/services/compensation-claims.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { FormError, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { TermList } from "~/ui/TermList";

export const meta: MetaFunction = () => [{ title: "申请代偿 · 苏州市信易贷平台" }];

function loanIdOf(request: Request): number {
  const id = Number(new URL(request.url).searchParams.get("loanId"));
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这笔贷款", { status: 404 });
  return id;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const form = compensationForm(getDb(), user, loanIdOf(request));
  if (!form) throw new Response("没有这笔贷款", { status: 404 });
  return form;
}

type ActionData = { error?: string; fieldErrors?: FieldErrors; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const loanId = loanIdOf(request);
  const form = await readFormData(request);
  form.set("loanId", String(loanId));
  const parsed = parseForm(compensationSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = fileCompensation(
    getDb(),
    user,
    { loanId, lossFen: parsed.data.loss, documentsRef: parsed.data.documentsRef },
    Date.now(),
  );
  if (!outcome.ok) {
    if (outcome.field)
      return data<ActionData>(formFailure({ [outcome.field]: outcome.message }, form, compensationSchema), { status: outcome.status });
    if (outcome.status === 404) throw new Response("没有这笔贷款", { status: 404 });
    return data<ActionData>(...asError(outcome));
  }
  return redirect("/bank/compensations?filed=1");
}

export default function NewCompensation() {
  const { loan, poolName, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <p>
        <Link to="/bank/compensations">← 代偿申请与回收</Link>
      </p>
      <PageHeader title="申请代偿" subtitle={loan.enterpriseName} />
      <ActionNotices error={result?.error} />
      <section className="panel">
        <TermList
          terms={[
            ["企业", loan.enterpriseName],
            ["贷款金额", formatMoney(loan.amountFen)],
            ["贷款状态", LOAN_STATUS_LABELS[loan.status]],
            ["资金池", poolName ?? "未入池"],
          ]}
        />
      </section>
      {refusal ? (
        <p className="notice notice--warn" role="status">
          {refusal}
        </p>
      ) : (
        <section className="panel">
          <h2>代偿申请</h2>
          <Form method="post" className="form" noValidate>
            <FormError message={errors._form} />
            <TextField
              name="loss"
              label="损失金额（万元）"
              inputMode="decimal"
              hint={`核销或确认的本金损失，不超过贷款金额 ${formatMoney(loan.amountFen)}`}
              defaultValue={result?.values?.loss}
              error={errors.loss}
              required
            />
            <TextField
              name="documentsRef"
              label="材料编号"
              hint="本行核销档案号或诉讼案号，供审核调阅"
              maxLength={100}
              defaultValue={result?.values?.documentsRef}
              error={errors.documentsRef}
              required
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={submitting}>
                提交代偿申请
              </button>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}
