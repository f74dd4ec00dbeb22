import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as v from "valibot";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { EVIDENCE_MAX_FILES } from "~/domain/credit-repairs";
import { readFormData } from "~/http/forms.server";
import { rowIdParam } from "~/http/params.server";
import { formFailure, parseForm, type FieldErrors } from "~/lib/forms";
import { REPAIR_STATEMENT_MAX, repairResubmissionSchema } from "~/lib/validation/credit-repairs";
import { evidenceUploads, repairDetail, resubmitRepair, withdrawRepair } from "~/services/credit-repairs.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { FormError, TextAreaField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { EvidenceField, RepairView } from "~/ui/RepairView";

export const meta: MetaFunction = () => [{ title: "信用修复申请 · 苏州市信易贷平台" }];

const NOT_FOUND = "没有这项修复申请";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  // Another firm's application is answered exactly like one that does not exist.
  const detail = repairDetail(getDb(), rowIdParam(params.repairId, NOT_FOUND), { enterpriseId: enterpriseIdOf(user) }, Date.now());
  if (!detail) throw new Response(NOT_FOUND, { status: 404 });
  return { detail };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };
const intentSchema = v.picklist(["resubmit", "withdraw"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const repairId = rowIdParam(params.repairId, NOT_FOUND);
  const form = await readFormData(request);
  const intent = v.safeParse(intentSchema, form.get("intent"));
  if (!intent.success) return data<ActionData>({ error: "未知操作" }, { status: 400 });
  const db = getDb();
  if (intent.output === "withdraw") {
    if (form.get("confirm") !== "yes") return data<ActionData>({ error: "请勾选“确认撤回”后再提交" }, { status: 400 });
    const withdrawn = withdrawRepair(db, user, repairId, Date.now());
    return withdrawn.ok
      ? data<ActionData>({ notice: "已撤回修复申请" })
      : data<ActionData>({ error: withdrawn.message }, { status: withdrawn.status });
  }
  const parsed = parseForm(repairResubmissionSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = resubmitRepair(db, user, repairId, parsed.data, await evidenceUploads(form), Date.now());
  if (!outcome.ok) {
    const fieldErrors = "message" in outcome ? { _form: outcome.message } : outcome.fieldErrors;
    return data<ActionData>(formFailure(fieldErrors, form, repairResubmissionSchema), { status: outcome.status ?? 400 });
  }
  return data<ActionData>({ notice: "已补充材料并重新提交，审核期限重新计算" });
}

export default function RepairPage() {
  const { detail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const { repair } = detail;
  const open = repair.status === "submitted" || repair.status === "more_requested";
  return (
    <>
      <p>
        <Link to="/sme/repairs">← 信用修复</Link>
      </p>
      {params.get("filed") && !result ? (
        <p className="notice notice--ok" role="status">
          修复申请已提交，审核结果将通过消息通知您。
        </p>
      ) : null}
      <ActionNotices notice={result?.notice} error={result?.error} />
      <PageHeader title={`信用修复申请 #${repair.id}`} subtitle={detail.recordTitle} />
      {repair.status === "more_requested" ? (
        <section className="panel">
          <h2>补充材料</h2>
          <p className="notice notice--warn">需补充：{repair.bureauNote}</p>
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <input type="hidden" name="intent" value="resubmit" />
            <FormError message={errors._form} />
            <TextAreaField
              name="statement"
              label="整改说明"
              rows={6}
              maxLength={REPAIR_STATEMENT_MAX}
              defaultValue={result?.values?.statement ?? repair.statement}
              error={errors.statement}
              required
            />
            <EvidenceField
              label="补充的证明材料"
              error={errors.evidence}
              hint={`PDF、JPG 或 PNG，最多 ${EVIDENCE_MAX_FILES} 个文件；已提交的材料保留。`}
            />
            <TextAreaField
              name="note"
              label="补充说明（选填）"
              rows={2}
              maxLength={500}
              defaultValue={result?.values?.note}
              error={errors.note}
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={submitting}>
                重新提交
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <RepairView d={detail} />
      {open ? (
        <section className="panel">
          <Form method="post" className="form-actions">
            <input type="hidden" name="intent" value="withdraw" />
            <label>
              <input type="checkbox" name="confirm" value="yes" required /> 确认撤回（撤回后可重新申请）
            </label>
            <button type="submit" className="button button--secondary" disabled={submitting}>
              撤回申请
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
