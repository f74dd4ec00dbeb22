import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { readFormData } from "~/http/forms.server";
import { rowIdParam } from "~/http/params.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { formatDateTime } from "~/lib/time";
import { breachSchema } from "~/lib/validation/commitments";
import { needCommitmentOfClaim, recordBreach } from "~/services/commitments.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { BreachForm, SignedCommitmentView } from "~/ui/Commitment";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "记录违诺 · 苏州市信易贷平台" }];

const NOT_FOUND = "没有这笔业务";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const claimId = rowIdParam(params.claimId, NOT_FOUND);
  const found = needCommitmentOfClaim(getDb(), user, claimId);
  if (!found) throw new Response(NOT_FOUND, { status: 404 });
  const c = found.commitment;
  return {
    claimId,
    enterpriseName: found.enterpriseName,
    commitment: c && {
      ...c,
      signedAt: formatDateTime(c.signedAt),
      breach: c.breach && { ...c.breach, recordedAt: formatDateTime(c.breach.recordedAt) },
    },
  };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const claimId = rowIdParam(params.claimId, NOT_FOUND);
  const db = getDb();
  const found = needCommitmentOfClaim(db, user, claimId);
  if (!found) throw new Response(NOT_FOUND, { status: 404 });
  if (!found.commitment) return data<ActionData>({ error: "该需求发布时尚未签署信用承诺，不能记录违诺" }, { status: 409 });
  const form = await readFormData(request);
  const parsed = parseForm(breachSchema, { commitmentId: String(found.commitment.id), reason: String(form.get("reason") ?? "") });
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const recorded = recordBreach(db, user, parsed.data, Date.now());
  return recorded.ok
    ? data<ActionData>({ notice: "已记录违诺：已写入企业公共信用记录并重新计算评分，企业已收到通知" })
    : data<ActionData>({ error: recorded.message }, { status: recorded.status });
}

export default function RecordBreach() {
  const { claimId, enterpriseName, commitment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <p>
        <Link to={`/bank/claims/${claimId}`}>← 返回业务</Link>
      </p>
      <ActionNotices notice={result?.notice} error={result?.error} />
      <PageHeader title="记录违诺" subtitle={enterpriseName} />
      {commitment ? (
        <>
          <SignedCommitmentView commitment={commitment} />
          {commitment.breach ? null : (
            <section className="panel">
              <p className="muted">
                审查中核实企业提交的材料虚假时记录。违诺写入企业公共信用记录，计入信用评分（“信用承诺履约”），企业可通过异议申诉。
              </p>
              <BreachForm
                error={errors._form}
                reasonError={errors.reason}
                defaultReason={result?.values?.reason}
                submitting={submitting}
                hint="哪份材料、核实的方式与结果"
              />
            </section>
          )}
        </>
      ) : (
        <section className="panel">
          <p className="empty">该需求发布时尚未签署信用承诺（平台上线信用承诺之前发布），不能记录违诺。</p>
        </section>
      )}
    </>
  );
}
