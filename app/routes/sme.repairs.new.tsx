import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { currentCommitment } from "~/domain/commitments";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, REPAIR_DECISION_WORKING_DAYS } from "~/domain/credit-repairs";
import { readFormData } from "~/http/forms.server";
import { rowIdParam } from "~/http/params.server";
import { formFailure, parseForm, type FieldErrors } from "~/lib/forms";
import { REPAIR_STATEMENT_MAX, REPAIR_STATEMENT_MIN, repairApplicationSchema } from "~/lib/validation/credit-repairs";
import { applyForRepair, evidenceUploads, repairableRecords } from "~/services/credit-repairs.server";
import { CommitmentCheckbox } from "~/ui/Commitment";
import { FormError, TextAreaField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { EvidenceField } from "~/ui/RepairView";
import { TermList } from "~/ui/TermList";

export const meta: MetaFunction = () => [{ title: "申请信用修复 · 苏州市信易贷平台" }];

const NOT_FOUND = "找不到该记录，或该记录已更新";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const eventId = rowIdParam(new URL(request.url).searchParams.get("event") ?? undefined, NOT_FOUND);
  const record = repairableRecords(getDb(), enterpriseIdOf(user), Date.now(), eventId)[0];
  if (!record) throw new Response(NOT_FOUND, { status: 404 });
  return { record, commitment: currentCommitment("repair") };
}

type ActionData = { fieldErrors: FieldErrors; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const form = await readFormData(request);
  const parsed = parseForm(repairApplicationSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = applyForRepair(getDb(), user, parsed.data, await evidenceUploads(form), Date.now());
  if (!outcome.ok) {
    const fieldErrors = "message" in outcome ? { _form: outcome.message } : outcome.fieldErrors;
    return data<ActionData>(formFailure(fieldErrors, form, repairApplicationSchema), { status: outcome.status ?? 400 });
  }
  throw redirect(`/sme/repairs/${outcome.repairId}?filed=1`);
}

export default function NewRepair() {
  const { record, commitment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const refusal = errors.eventId ?? record.refusal;
  return (
    <>
      <p>
        <Link to="/sme/repairs">← 信用修复</Link>
      </p>
      <PageHeader title="申请信用修复" subtitle={`${record.kindLabel} · ${record.reference}`} />
      <section className="panel">
        <h2>申请修复的记录</h2>
        <TermList
          terms={[
            ["记录类型", record.severityLabel ? `${record.kindLabel}（${record.severityLabel}）` : record.kindLabel],
            ["作出机关", record.authority],
            ["公示日期", record.occurredOn],
            ["事项", record.description],
            ["最早可申请日期", record.earliestOn],
          ]}
        />
      </section>
      <section className="panel">
        {refusal ? (
          <p className="notice notice--warn" role="status">
            {refusal}
          </p>
        ) : (
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <input type="hidden" name="eventId" value={record.eventId} />
            <FormError message={errors._form} />
            <TextAreaField
              name="statement"
              label="整改说明"
              rows={6}
              maxLength={REPAIR_STATEMENT_MAX}
              defaultValue={result?.values.statement}
              error={errors.statement}
              hint={`${REPAIR_STATEMENT_MIN}–${REPAIR_STATEMENT_MAX} 字。写明已履行的处罚义务（如罚款缴纳）、采取的整改措施及完成时间。`}
              required
            />
            <EvidenceField
              label="证明材料"
              error={errors.evidence}
              hint={`罚款缴纳凭证、整改完成证明、复查意见等；PDF、JPG 或 PNG，最多 ${EVIDENCE_MAX_FILES} 个文件，每个不超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB。材料仅本企业与市金融管理部门可见；金融机构在获得本企业授权时可查阅。`}
            />
            <CommitmentCheckbox
              commitment={commitment}
              checked={result?.values.commitment === commitment.version}
              error={errors.commitment}
            />
            <p className="muted">提交后，市金融管理部门将在 {REPAIR_DECISION_WORKING_DAYS} 个工作日内审核，结果通过消息通知您。</p>
            <div className="form-actions">
              <button type="submit" className="button" disabled={submitting}>
                {submitting ? "正在提交…" : "提交修复申请"}
              </button>
              <Link to="/sme/repairs">取消</Link>
            </div>
          </Form>
        )}
      </section>
    </>
  );
}
