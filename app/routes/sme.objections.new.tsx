import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { CREDIT_ITEM_TYPES, OBJECTION_DUE_WORKING_DAYS } from "~/domain/objections";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { OBJECTION_REASON_MAX, OBJECTION_REASON_MIN, objectionSchema } from "~/lib/validation/objections";
import { fileObjection, objectionTarget } from "~/services/objections.server";
import { FormError, TextAreaField } from "~/ui/Field";
import { ItemFacts } from "~/ui/ObjectionView";
import { PageHeader } from "~/ui/PageHeader";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "提出异议 · 苏州市信易贷平台" }];

const itemQuery = v.object({ type: v.picklist(CREDIT_ITEM_TYPES), item: v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number)) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const params = new URL(request.url).searchParams;
  const parsed = v.safeParse(itemQuery, { type: params.get("type"), item: params.get("item") });
  const target = parsed.success ? objectionTarget(getDb(), enterpriseIdOf(user), parsed.output.type, parsed.output.item) : null;
  if (!target) throw new Response("找不到该数据，或该数据已更新", { status: 404 });
  return { target };
}

type ActionData = { fieldErrors: FieldErrors; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const form = await readFormData(request);
  const parsed = parseForm(objectionSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = fileObjection(getDb(), user, parsed.data, Date.now());
  if (!outcome.ok)
    return data<ActionData>(
      { fieldErrors: { _form: outcome.message }, values: { reason: parsed.data.reason } },
      { status: outcome.status },
    );
  throw redirect(`/sme/objections/${outcome.objectionId}?filed=1`);
}

export default function NewObjection() {
  const { target } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/sme/credit">← 信用数据</Link>
      </p>
      <PageHeader title="提出异议" subtitle={target.title} />
      <section className="panel">
        <h2>当前数据</h2>
        <ItemFacts item={target.item} />
      </section>
      <section className="panel">
        {target.openObjectionId !== null ? (
          <p className="notice notice--warn" role="status">
            该数据已有异议正在处理中，请等待处理结果。<Link to={`/sme/objections/${target.openObjectionId}`}>查看该异议</Link>
          </p>
        ) : (
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="itemType" value={target.itemType} />
            <input type="hidden" name="itemId" value={target.itemId} />
            <FormError message={result?.fieldErrors._form} />
            <TextAreaField
              name="reason"
              label="异议理由"
              rows={5}
              maxLength={OBJECTION_REASON_MAX}
              defaultValue={result?.values.reason}
              error={result?.fieldErrors.reason}
              hint={`${OBJECTION_REASON_MIN}–${OBJECTION_REASON_MAX} 字。请写明哪项数据有误、正确的数值及依据（如缴费凭证号、完税证明编号）。`}
              required
            />
            <p className="muted">
              提交后该数据将标注“异议处理中”，金融机构查看时同样可见；市金融管理部门将在 {OBJECTION_DUE_WORKING_DAYS}{" "}
              个工作日内核查答复，核实有误的将予以更正并保留原记录。
            </p>
            <div className="form-actions">
              <button type="submit" className="button" disabled={submitting}>
                提交异议
              </button>
              <Link to="/sme/credit">取消</Link>
            </div>
          </Form>
        )}
      </section>
    </>
  );
}
