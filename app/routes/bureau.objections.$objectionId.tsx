import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { correctionDefaults, correctionFields } from "~/lib/credit-items";
import { formDataToRecord, type FieldErrors, parseForm } from "~/lib/forms";
import { resolutionSchema } from "~/lib/validation/objections";
import { objectionDetail, resolveObjection } from "~/services/objections.server";
import { FormError, SelectField, TextAreaField, TextField } from "~/ui/Field";
import { ObjectionView } from "~/ui/ObjectionView";
import { PageHeader } from "~/ui/PageHeader";
import { ActionNotices } from "~/ui/ActionNotices";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "处理异议 · 苏州市信易贷平台" }];

function objectionIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这条异议", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const detail = objectionDetail(getDb(), objectionIdOf(params.objectionId), "bureau", Date.now());
  if (!detail) throw new Response("没有这条异议", { status: 404 });
  // A correction starts from the value held now.
  const base = detail.current ?? detail.corrected ?? detail.disputed;
  return { detail, fields: correctionFields(base), defaults: correctionDefaults(base) };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const objectionId = objectionIdOf(params.objectionId);
  const form = await readFormData(request);
  const values = formDataToRecord(form);
  const parsed = parseForm(resolutionSchema, values);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = resolveObjection(getDb(), user, objectionId, parsed.data, values, Date.now());
  if (!outcome.ok) {
    return data<ActionData>(
      outcome.fieldErrors ? { fieldErrors: { _form: outcome.message, ...outcome.fieldErrors }, values } : { error: outcome.message },
      { status: outcome.status },
    );
  }
  return data<ActionData>({
    notice:
      parsed.data.decision === "upheld" ? "已采纳并更正数据，原数据作为历史记录保留，企业已收到通知" : "已答复不予采纳，企业已收到通知",
  });
}

export default function DecideObjection() {
  const { detail, fields, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const values = { ...defaults, ...result?.values };
  return (
    <>
      <p>
        <Link to="/bureau/objections">← 异议处理</Link>
      </p>
      <ActionNotices notice={result?.notice} error={result?.error} />
      <PageHeader title={`异议 #${detail.objection.id}`} subtitle={detail.enterprise.name} />
      <ObjectionView detail={detail} />
      {detail.objection.status === "open" ? (
        <section className="panel">
          <h2>处理</h2>
          <Form method="post" className="form" noValidate>
            <FormError message={errors._form} />
            {fields.length === 0 ? (
              <p className="notice">该记录为违诺记录：采纳异议即撤销该违诺（原记录作为历史保留），不再计入企业信用评分。</p>
            ) : (
              <fieldset className="form-row" style={{ border: 0, padding: 0, margin: 0 }}>
                <legend className="muted" style={{ marginBottom: "var(--sp-2)" }}>
                  更正后的数值（采纳时填写；默认为现有数值，金额单位为元）
                </legend>
                {fields.map((f) =>
                  f.input === "select" ? (
                    <SelectField
                      key={f.name}
                      name={f.name}
                      label={f.label}
                      options={f.options ?? []}
                      defaultValue={values[f.name]}
                      error={errors[f.name]}
                    />
                  ) : (
                    <TextField
                      key={f.name}
                      name={f.name}
                      label={f.label}
                      type={f.input}
                      inputMode={f.numeric ? "decimal" : undefined}
                      defaultValue={values[f.name]}
                      error={errors[f.name]}
                    />
                  ),
                )}
              </fieldset>
            )}
            <TextAreaField
              name="resolution"
              label="处理说明（企业可见）"
              rows={4}
              maxLength={500}
              defaultValue={result?.values?.resolution}
              error={errors.resolution}
              hint="采纳时写明核查依据；不予采纳时写明理由"
              required
            />
            <div className="form-actions">
              <button type="submit" name="decision" value="upheld" className="button" disabled={submitting}>
                {fields.length === 0 ? "采纳并撤销违诺" : "采纳并更正"}
              </button>
              <button type="submit" name="decision" value="rejected" className="button button--danger" disabled={submitting}>
                不予采纳
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
