import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { registrationsByAddress, retryAfterHeaders, retryAfterText } from "~/http/rate-limits.server";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { normalizeUscc } from "~/lib/uscc";
import { registrationDisputeSchema } from "~/lib/validation/accounts";
import { fileRegistrationDispute } from "~/services/registration-disputes.server";
import { PublicShell } from "~/ui/AppShell";
import { FormError, TextAreaField, TextField } from "~/ui/Field";
import { readFormData } from "~/http/forms.server";
import { asFieldErrors } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "冒名注册申诉 · 苏州市信易贷平台" }];

export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const uscc = normalizeUscc(new URL(request.url).searchParams.get("uscc") ?? "").slice(0, 18);
  return { viewer, uscc };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; disputeId?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const now = Date.now();
  // Filing is open to anyone, so it shares the registration limit per address.
  const limit = registrationsByAddress.hit(context.clientAddress ?? "unknown", now);
  if (!limit.allowed) {
    return data<ActionData>(
      formFailure({ _form: `提交过于频繁，请 ${retryAfterText(limit.retryAfterSeconds)}后再试` }, form, registrationDisputeSchema),
      {
        status: 429,
        headers: retryAfterHeaders(limit),
      },
    );
  }
  const parsed = parseForm(registrationDisputeSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = fileRegistrationDispute(getDb(), parsed.data, now);
  if (!outcome.ok) return data<ActionData>(...asFieldErrors(outcome, form, registrationDisputeSchema));
  return data<ActionData>({ disputeId: outcome.disputeId });
}

export default function RegistrationDispute() {
  const { viewer, uscc } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.fieldErrors ?? {};
  const values = result?.values ?? { uscc };
  const submitting = useNavigation().state === "submitting";
  return (
    <PublicShell viewer={viewer}>
      <div className="panel">
        <h1>冒名注册申诉</h1>
        {result?.disputeId ? (
          <div className="notice notice--ok" role="status">
            <p>申诉已提交，编号 {result.disputeId}。平台管理员将通过您留下的联系电话核实（请准备营业执照和法定代表人身份证明）。</p>
            <p>申诉成立后，该代码下的冒名注册将被停用，您即可用本企业的统一社会信用代码重新注册，原有信用数据将归集到您的账号。</p>
          </div>
        ) : (
          <>
            <p className="muted">本企业的统一社会信用代码已被他人在平台注册？请填写以下信息，平台管理员核实后停用该注册。</p>
            <Form method="post" className="form form--wide" noValidate>
              <FormError message={errors._form} />
              <div className="form-row">
                <TextField
                  name="uscc"
                  label="统一社会信用代码"
                  maxLength={24}
                  autoComplete="off"
                  spellCheck={false}
                  defaultValue={values.uscc}
                  error={errors.uscc}
                  required
                />
                <TextField
                  name="claimantName"
                  label="企业名称"
                  hint="与营业执照一致"
                  defaultValue={values.claimantName}
                  error={errors.claimantName}
                  required
                />
              </div>
              <div className="form-row">
                <TextField
                  name="claimantLegalRepName"
                  label="法定代表人"
                  defaultValue={values.claimantLegalRepName}
                  error={errors.claimantLegalRepName}
                  required
                />
                <TextField name="contactName" label="联系人" defaultValue={values.contactName} error={errors.contactName} required />
                <TextField
                  name="contactPhone"
                  label="联系电话"
                  type="tel"
                  inputMode="tel"
                  defaultValue={values.contactPhone}
                  error={errors.contactPhone}
                  required
                />
              </div>
              <TextAreaField
                name="statement"
                label="申诉说明"
                hint="何时发现、与注册信息不符之处等，10–500字"
                defaultValue={values.statement}
                error={errors.statement}
                required
              />
              <div className="form-actions">
                <button type="submit" className="button" disabled={submitting}>
                  {submitting ? "正在提交…" : "提交申诉"}
                </button>
                <Link to="/register">返回注册</Link>
              </div>
            </Form>
          </>
        )}
      </div>
    </PublicShell>
  );
}
