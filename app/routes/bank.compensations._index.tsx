import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { formatMoney } from "~/lib/money";
import { dateOf } from "~/lib/time";
import { recoverySchema } from "~/lib/validation/risk-pools";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";
import { reportRecovery } from "~/services/compensation-claims.server";
import { bankCompensations, type ClaimRow } from "~/services/risk-pool-views.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { DataTable } from "~/ui/DataTable";
import { FormError, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { ClaimMoney, CompensationStatusTag, EnrolmentTable } from "~/ui/RiskPools";

export const meta: MetaFunction = () => [{ title: "代偿申请 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  return bankCompensations(getDb(), institutionIdOf(user));
}

type ActionData = { notice?: string; error?: string; fieldErrors?: FieldErrors; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const form = await readFormData(request);
  const parsed = parseForm(recoverySchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = reportRecovery(
    getDb(),
    user,
    { claimId: parsed.data.claimId, recoveredFen: parsed.data.recovered, note: parsed.data.note },
    Date.now(),
  );
  if (!outcome.ok) {
    if (outcome.field)
      return data<ActionData>(formFailure({ [outcome.field]: outcome.message }, form, recoverySchema), { status: outcome.status });
    return data<ActionData>(...asError(outcome));
  }
  return data<ActionData>({ notice: `已报告回收，按分担比例返还资金池 ${formatMoney(outcome.returnedFen)}` });
}

function RecoveryForm({ claim, result }: { claim: ClaimRow; result: ActionData | undefined }) {
  const submitting = useNavigation().state === "submitting";
  const mine = result?.values?.claimId === String(claim.id);
  const errors = mine ? (result?.fieldErrors ?? {}) : {};
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="claimId" value={claim.id} />
      <FormError message={errors._form} />
      <TextField
        id={`recovered-${claim.id}`}
        name="recovered"
        label="本次回收金额（万元）"
        inputMode="decimal"
        defaultValue={mine ? result?.values?.recovered : undefined}
        error={errors.recovered}
      />
      <TextField
        id={`note-${claim.id}`}
        name="note"
        label="说明"
        maxLength={200}
        defaultValue={mine ? result?.values?.note : undefined}
        error={errors.note}
      />
      <div className="form-actions">
        <button type="submit" className="button button--small" disabled={submitting}>
          报告回收
        </button>
      </div>
    </Form>
  );
}

export default function BankCompensations() {
  const { claims, claimable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/bank/pools">← 风险补偿</Link>
      </p>
      <PageHeader title="代偿申请与回收" subtitle="入池贷款不良后申请代偿；代偿后收回的款项按代偿比例返还资金池" />
      <ActionNotices
        notice={result?.notice ?? (params.get("filed") ? "代偿申请已提交，待金融管理部门审核" : undefined)}
        error={result?.error}
      />
      <section className="panel">
        <h2>可申请代偿的不良贷款</h2>
        <EnrolmentTable
          rows={claimable}
          show="pool"
          empty="暂无可申请代偿的不良贷款（入池在保、已报送不良且没有进行中的代偿申请）"
          action={(e) => <Link to={`/bank/compensations/new?loanId=${e.loanId}`}>申请代偿</Link>}
        />
      </section>
      <section className="panel">
        <h2>本机构的代偿申请</h2>
        <DataTable<ClaimRow>
          caption="代偿申请"
          rows={claims}
          rowKey={(c) => c.id}
          empty="还没有代偿申请"
          columns={[
            { key: "filed", header: "申请日期", cell: (c) => <span className="nowrap">{dateOf(c.filedAt)}</span> },
            { key: "pool", header: "资金池", cell: (c) => c.poolName },
            { key: "firm", header: "企业", cell: (c) => c.enterpriseName },
            { key: "loss", header: "损失金额", numeric: true, cell: (c) => formatMoney(c.lossFen) },
            { key: "status", header: "状态", cell: (c) => <CompensationStatusTag status={c.status} /> },
            {
              key: "money",
              header: "代偿 / 回收",
              cell: (c) => (c.status === "refused" ? `理由：${c.refuseReason}` : <ClaimMoney claim={c} />),
            },
            {
              key: "recovery",
              header: "报告回收",
              cell: (c) =>
                c.status === "approved" && c.returnedFen < c.payoutFen! ? (
                  <RecoveryForm claim={c} result={result} />
                ) : c.status === "approved" ? (
                  <span className="muted">代偿款已全部返还</span>
                ) : (
                  <span className="muted">—</span>
                ),
            },
          ]}
        />
        <p className="muted" style={{ marginTop: "var(--sp-3)" }}>
          返还资金池的金额 = 本次回收金额 × 该资金池的代偿比例（按分向下取整），累计不超过资金池已代偿的金额。
        </p>
      </section>
    </>
  );
}
