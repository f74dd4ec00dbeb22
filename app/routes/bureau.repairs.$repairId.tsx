import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { readFormData } from "~/http/forms.server";
import { rowIdParam } from "~/http/params.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { breachSchema } from "~/lib/validation/commitments";
import { repairDecisionSchema } from "~/lib/validation/credit-repairs";
import { recordBreach } from "~/services/commitments.server";
import { decideRepair, repairDetail } from "~/services/credit-repairs.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { FormError, TextAreaField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { RepairView } from "~/ui/RepairView";
import { BreachForm } from "~/ui/Commitment";

export const meta: MetaFunction = () => [{ title: "审核信用修复 · 苏州市信易贷平台" }];

const NOT_FOUND = "没有这项修复申请";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const detail = repairDetail(getDb(), rowIdParam(params.repairId, NOT_FOUND), "bureau", Date.now());
  if (!detail) throw new Response(NOT_FOUND, { status: 404 });
  return { detail };
}

type ActionData = {
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  notice?: string;
  error?: string;
  form?: "decide" | "breach";
};

const DONE: Record<"accept" | "refuse" | "ask_more", string> = {
  accept: "已同意修复：修复记录已写入企业信用数据，评分已重新计算，企业已收到通知",
  refuse: "已答复不予修复，企业已收到通知",
  ask_more: "已要求企业补充材料，企业已收到通知",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const repairId = rowIdParam(params.repairId, NOT_FOUND);
  const form = await readFormData(request);
  const db = getDb();
  if (form.get("intent") === "breach") {
    const parsed = parseForm(breachSchema, form);
    if (!parsed.ok) return data<ActionData>({ ...parsed, form: "breach" }, { status: 400 });
    const recorded = recordBreach(db, user, parsed.data, Date.now());
    return recorded.ok
      ? data<ActionData>({ notice: "已记录违诺，企业信用评分已重新计算，企业已收到通知" })
      : data<ActionData>({ error: recorded.message }, { status: recorded.status });
  }
  const parsed = parseForm(repairDecisionSchema, form);
  if (!parsed.ok) return data<ActionData>({ ...parsed, form: "decide" }, { status: 400 });
  // The decision must be about this application: the service checks its state.
  const decided = decideRepair(db, user, repairId, parsed.data, Date.now());
  return decided.ok
    ? data<ActionData>({ notice: DONE[parsed.data.decision] })
    : data<ActionData>({ error: decided.message }, { status: decided.status });
}

export default function ReviewRepair() {
  const { detail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const decideErrors = result?.form === "decide" ? errors : {};
  const breachErrors = result?.form === "breach" ? errors : {};
  return (
    <>
      <p>
        <Link to="/bureau/repairs">← 信用修复审核</Link>
      </p>
      <ActionNotices notice={result?.notice} error={result?.error} />
      <PageHeader title={`信用修复申请 #${detail.repair.id}`} subtitle={`${detail.enterprise.name} · ${detail.recordTitle}`} />
      {detail.repair.status === "submitted" ? (
        <section className="panel">
          <h2>审核</h2>
          <Form method="post" className="form" noValidate>
            <FormError message={decideErrors._form ?? decideErrors.decision} />
            <TextAreaField
              name="note"
              label="审核意见（企业可见）"
              rows={3}
              maxLength={500}
              defaultValue={result?.form === "decide" ? result.values?.note : undefined}
              error={decideErrors.note}
              hint="同意时可不填；不予修复时写明理由；要求补充时写明需补充的材料"
            />
            <div className="form-actions">
              <button type="submit" name="decision" value="accept" className="button" disabled={submitting}>
                同意修复
              </button>
              <button type="submit" name="decision" value="ask_more" className="button button--secondary" disabled={submitting}>
                要求补充材料
              </button>
              <button type="submit" name="decision" value="refuse" className="button button--danger" disabled={submitting}>
                不予修复
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <RepairView d={detail} />
      {detail.commitment && !detail.commitment.breach ? (
        <section className="panel">
          <h2>记录违诺</h2>
          <p className="muted">核实企业在修复申请中提交的材料或承诺不实时记录。违诺计入企业信用评分，企业可提出异议。</p>
          <BreachForm
            hidden={{ intent: "breach", commitmentId: detail.commitment.id }}
            error={breachErrors._form}
            reasonError={breachErrors.reason}
            defaultReason={result?.form === "breach" ? result.values?.reason : undefined}
            submitting={submitting}
            hint="写明核实的事实与依据"
          />
        </section>
      ) : null}
    </>
  );
}
