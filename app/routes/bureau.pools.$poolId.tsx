import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { leverageText, POOL_LEDGER_KIND_LABELS } from "~/domain/risk-pools";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { formatMoney, formatRateBp, formatWanYuan, FEN_PER_WAN_YUAN } from "~/lib/money";
import { dateOf, formatMonthZh } from "~/lib/time";
import { capitalSchema, decisionSchema } from "~/lib/validation/risk-pools";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";
import { decideCompensation } from "~/services/compensation-claims.server";
import type { Refused } from "~/services/outcome";
import { poolDetail, type LedgerRow, type PoolClaimView, type PoolProductRow } from "~/services/risk-pool-views.server";
import { addCapital, decidePoolProduct, setPoolActive } from "~/services/risk-pools.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { Chart } from "~/ui/Chart";
import { DataTable } from "~/ui/DataTable";
import { FormError, TextField } from "~/ui/Field";
import { pageFromParam } from "~/lib/pagination";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { ClaimMoney, CompensationStatusTag, EnrolmentTable, PoolProductStatusTag } from "~/ui/RiskPools";
import { StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "风险补偿资金池 · 苏州市信易贷平台" }];

function poolIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这个资金池", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const page = pageFromParam(new URL(request.url).searchParams.get("page"));
  const detail = poolDetail(getDb(), poolIdOf(params.poolId), Date.now(), page);
  if (!detail) throw new Response("没有这个资金池", { status: 404 });
  return detail;
}

const idField = v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number));
const intentSchema = v.variant("intent", [
  v.object({ intent: v.literal("capital") }),
  v.object({ intent: v.literal("activate") }),
  v.object({ intent: v.literal("deactivate") }),
  v.object({ intent: v.literal("product"), poolProductId: idField }),
  v.object({ intent: v.literal("claim"), claimId: idField, expectedPayout: v.optional(idField) }),
]);

type ActionData = { notice?: string; error?: string; fieldErrors?: FieldErrors; values?: Record<string, string>; form?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const poolId = poolIdOf(params.poolId);
  const form = await readFormData(request);
  const intent = v.safeParse(intentSchema, Object.fromEntries(form));
  if (!intent.success) return data<ActionData>({ error: "无法识别的操作" }, { status: 400 });
  const db = getDb();
  const now = Date.now();
  const op = intent.output;
  if (op.intent === "activate" || op.intent === "deactivate") {
    const outcome = setPoolActive(db, user, poolId, op.intent === "activate", now);
    if (!outcome.ok) return data<ActionData>(...asError(outcome));
    return data<ActionData>({ notice: op.intent === "activate" ? "已恢复新增入池" : "已停止新增入池，已入池贷款继续在保" });
  }
  if (op.intent === "capital") {
    const parsed = parseForm(capitalSchema, form);
    if (!parsed.ok) return data<ActionData>({ ...parsed, form: "capital" }, { status: 400 });
    const outcome = addCapital(db, user, poolId, parsed.data, now);
    if (!outcome.ok) return data<ActionData>(...asError(outcome));
    return data<ActionData>({ notice: `已追加出资 ${formatMoney(parsed.data.amount)}` });
  }
  // Decisions on a product request or a claim: the row's own form, named by its id.
  const formId = op.intent === "product" ? `product-${op.poolProductId}` : `claim-${op.claimId}`;
  const parsed = parseForm(decisionSchema, form);
  if (!parsed.ok) return data<ActionData>({ ...parsed, form: formId }, { status: 400 });
  const approved = parsed.data.decision === "approve";
  const refused = (outcome: Refused) =>
    outcome.field
      ? data<ActionData>(
          { fieldErrors: { [outcome.field]: outcome.message }, values: parsed.data, form: formId },
          { status: outcome.status },
        )
      : data<ActionData>(...asError(outcome));
  if (op.intent === "product") {
    const outcome = decidePoolProduct(db, user, op.poolProductId, parsed.data, now);
    if (!outcome.ok) return refused(outcome);
    return data<ActionData>({ notice: approved ? "产品已纳入资金池，机构已收到通知" : "已不予纳入，机构已收到通知" });
  }
  const outcome = decideCompensation(db, user, op.claimId, { ...parsed.data, expectedPayoutFen: op.expectedPayout }, now);
  if (!outcome.ok) return refused(outcome);
  return data<ActionData>({
    notice: outcome.payoutFen
      ? `已代偿 ${formatMoney(outcome.payoutFen)}，资金池余额相应减少，机构已收到通知`
      : "已不予代偿，机构已收到通知",
  });
}

const wanNumber = (fen: number) => Math.round(fen / (FEN_PER_WAN_YUAN / 100)) / 100;

function Kpi({ label, value, unit, note }: { label: string; value: string; unit?: string; note?: string }) {
  return (
    <div className="card headline">
      <p>{label}</p>
      <span className="stat">
        {value}
        {unit ? <small> {unit}</small> : null}
      </span>
      {note ? <p className="muted">{note}</p> : null}
    </div>
  );
}

function DecisionForm({
  intent,
  idName,
  id,
  result,
  approveLabel,
  refuseLabel,
  extra,
}: {
  intent: string;
  idName: string;
  id: number;
  result: ActionData | undefined;
  approveLabel: string;
  refuseLabel: string;
  extra?: Record<string, string>;
}) {
  const submitting = useNavigation().state === "submitting";
  const mine = result?.form === `${intent}-${id}`;
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={idName} value={id} />
      {Object.entries(extra ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormError message={mine ? result?.fieldErrors?._form : undefined} />
      <TextField
        id={`${intent}-${id}-reason`}
        name="reason"
        label="理由（不予通过时必填，机构可见）"
        maxLength={300}
        defaultValue={mine ? result?.values?.reason : undefined}
        error={mine ? result?.fieldErrors?.reason : undefined}
      />
      <div className="form-actions">
        <button type="submit" name="decision" value="approve" className="button button--small" disabled={submitting}>
          {approveLabel}
        </button>
        <button type="submit" name="decision" value="refuse" className="button button--small button--danger" disabled={submitting}>
          {refuseLabel}
        </button>
      </div>
    </Form>
  );
}

export default function PoolPage() {
  const { pool, totals, enrolledEver, products, claims, enrolments, enrolmentsPage, ledger, months } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const capitalErrors = result?.form === "capital" ? (result.fieldErrors ?? {}) : {};
  const labels = months.map((m) => formatMonthZh(m.month));
  const pendingClaims = claims.filter((c) => c.status === "filed").length;
  const pendingProducts = products.filter((p) => p.status === "requested").length;
  return (
    <>
      <p>
        <Link to="/bureau/pools">← 风险补偿资金池</Link>
      </p>
      <ActionNotices notice={result?.notice} error={result?.error} />
      <PageHeader
        title={pool.name}
        subtitle={`覆盖范围：${pool.sponsor} · 代偿比例 ${formatRateBp(pool.lossShareBp)} · 单笔上限 ${formatMoney(pool.capPerLoanFen)} · 年度上限 ${formatMoney(pool.capPerYearFen)} · 设立于 ${dateOf(pool.createdAt)}`}
        actions={
          <Form method="post">
            {pool.active ? <StatusTag tone="ok">接受入池</StatusTag> : <StatusTag tone="neutral">停止入池</StatusTag>}{" "}
            <button
              type="submit"
              name="intent"
              value={pool.active ? "deactivate" : "activate"}
              className={`button button--small ${pool.active ? "button--secondary" : ""}`}
              disabled={submitting}
            >
              {pool.active ? "停止新增入池" : "恢复新增入池"}
            </button>
          </Form>
        }
      />
      {/* Six figures in two rows of three on a desktop; they stack on a phone. */}
      <section className="grid headlines" aria-label="资金池概况" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(300px, 1fr))" }}>
        <Kpi label="资金池余额" value={formatWanYuan(pool.balanceFen)} unit="万元" note={`累计出资 ${formatMoney(totals.capital)}`} />
        <Kpi
          label="在保余额"
          value={formatWanYuan(pool.coveredFen)}
          unit="万元"
          note={`${pool.coveredCount} 笔在保；累计入池 ${enrolledEver.n} 笔`}
        />
        <Kpi label="杠杆倍数 / 上限" value={leverageText(pool.leverage, pool.leverageLimit)} />
        <Kpi label="剩余可入池额度" value={formatWanYuan(pool.roomFen)} unit="万元" />
        <Kpi label="累计代偿" value={formatWanYuan(totals.payouts)} unit="万元" note={`${totals.payoutCount} 笔`} />
        <Kpi label="累计回收" value={formatWanYuan(totals.recoveries)} unit="万元" />
      </section>
      <section className="chart-grid" aria-label="逐月走势">
        <Chart
          title="月末余额与在保余额（万元）"
          unit="万元"
          labels={labels}
          series={[
            { label: "资金池余额", values: months.map((m) => wanNumber(m.balanceFen)) },
            { label: "在保余额", values: months.map((m) => wanNumber(m.coveredFen)), color: "#b7791f" },
          ]}
        />
        <Chart
          title="当月代偿与回收（万元）"
          type="bar"
          unit="万元"
          labels={labels}
          series={[
            { label: "代偿", values: months.map((m) => wanNumber(m.payoutsFen)), color: "#c8102e" },
            { label: "回收", values: months.map((m) => wanNumber(m.recoveriesFen)), color: "#1b6e3a" },
          ]}
        />
      </section>

      <section className="panel">
        <h2>代偿申请{pendingClaims > 0 ? `（${pendingClaims} 笔待审核）` : ""}</h2>
        <DataTable<PoolClaimView>
          caption="代偿申请"
          rows={claims}
          rowKey={(c) => c.id}
          empty="还没有代偿申请"
          columns={[
            { key: "filed", header: "申请日期", cell: (c) => <span className="nowrap">{dateOf(c.filedAt)}</span> },
            { key: "bank", header: "机构", cell: (c) => <span className="nowrap">{c.institution}</span> },
            { key: "firm", header: "企业", cell: (c) => c.enterpriseName },
            { key: "loan", header: "贷款金额", numeric: true, cell: (c) => formatMoney(c.loanAmountFen) },
            { key: "loss", header: "损失金额", numeric: true, cell: (c) => formatMoney(c.lossFen) },
            { key: "docs", header: "材料编号", cell: (c) => c.documentsRef },
            { key: "status", header: "状态", cell: (c) => <CompensationStatusTag status={c.status} /> },
            { key: "payout", header: "代偿 / 回收", cell: (c) => <ClaimMoney claim={c} /> },
            {
              key: "decide",
              header: "审核",
              cell: (c) =>
                c.status === "filed" && c.preview ? (
                  <>
                    <p>
                      {c.preview.payoutFen > 0 ? (
                        <>
                          按规则应代偿 <strong>{formatMoney(c.preview.payoutFen)}</strong>（{c.preview.limitLabel}）
                        </>
                      ) : (
                        <strong>当前无可代偿金额（{c.preview.limitLabel}）</strong>
                      )}
                    </p>
                    <DecisionForm
                      intent="claim"
                      idName="claimId"
                      id={c.id}
                      result={result}
                      approveLabel={`确认代偿 ${formatMoney(c.preview.payoutFen)}`}
                      refuseLabel="不予代偿"
                      extra={{ expectedPayout: String(c.preview.payoutFen) }}
                    />
                  </>
                ) : c.status === "refused" ? (
                  <span className="muted">理由：{c.refuseReason}</span>
                ) : (
                  <span className="muted">{c.decidedAt ? dateOf(c.decidedAt) : "—"}</span>
                ),
            },
          ]}
        />
      </section>

      <section className="panel">
        <h2>纳入产品{pendingProducts > 0 ? `（${pendingProducts} 个待审核）` : ""}</h2>
        <DataTable<PoolProductRow>
          caption="纳入产品"
          rows={products}
          rowKey={(p) => p.id}
          empty="还没有机构申请纳入产品"
          columns={[
            { key: "bank", header: "机构", cell: (p) => p.institution },
            { key: "product", header: "产品", cell: (p) => <Link to={`/products/${p.productId}`}>{p.productName}</Link> },
            { key: "requested", header: "申请日期", cell: (p) => dateOf(p.requestedAt) },
            { key: "status", header: "状态", cell: (p) => <PoolProductStatusTag status={p.status} /> },
            {
              key: "decide",
              header: "审核",
              cell: (p) =>
                p.status === "requested" ? (
                  <DecisionForm
                    intent="product"
                    idName="poolProductId"
                    id={p.id}
                    result={result}
                    approveLabel="纳入"
                    refuseLabel="不予纳入"
                  />
                ) : (
                  <span className="muted">
                    {p.decidedAt ? dateOf(p.decidedAt) : ""}
                    {p.reason ? ` 理由：${p.reason}` : ""}
                  </span>
                ),
            },
          ]}
        />
      </section>

      <section className="panel">
        <h2>追加出资</h2>
        <Form method="post" className="form" noValidate key={result?.notice}>
          <input type="hidden" name="intent" value="capital" />
          <div className="form-row">
            <TextField name="amount" label="追加金额（万元）" inputMode="decimal" error={capitalErrors.amount} required />
            <TextField name="note" label="说明" maxLength={200} hint="如：2026 年度区财政追加" error={capitalErrors.note} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              追加出资
            </button>
          </div>
        </Form>
      </section>

      <section className="panel">
        <h2>入池贷款</h2>
        <p className="muted">
          累计入池 {enrolledEver.n} 笔、{formatMoney(enrolledEver.fen)}；在保 {pool.coveredCount} 笔、{formatMoney(pool.coveredFen)}
          {enrolmentsPage.pageCount > 1 ? "（在保的排在前面，其中不良的最先）" : ""}
        </p>
        <EnrolmentTable rows={enrolments} show="bank" />
        <Pager info={enrolmentsPage} />
      </section>

      <section className="panel">
        <h2>资金流水</h2>
        <DataTable<LedgerRow>
          caption="资金流水"
          rows={ledger}
          rowKey={(r) => r.id}
          columns={[
            { key: "at", header: "日期", cell: (r) => dateOf(r.at) },
            { key: "kind", header: "类型", cell: (r) => POOL_LEDGER_KIND_LABELS[r.kind] },
            { key: "amount", header: "金额", numeric: true, cell: (r) => formatMoney(r.amountFen) },
            { key: "basis", header: "计算基数", numeric: true, cell: (r) => (r.basisFen === null ? "—" : formatMoney(r.basisFen)) },
            { key: "firm", header: "企业", cell: (r) => r.enterpriseName ?? "—" },
            { key: "note", header: "说明", cell: (r) => r.note || "—" },
          ]}
        />
      </section>
    </>
  );
}
