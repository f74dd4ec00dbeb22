import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { DISBURSEMENT_CHANNEL_LABELS, DISBURSEMENT_CHANNELS } from "~/domain/marketplace";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { formatMoney, formatRateBp } from "~/lib/money";
import { dateOf, formatDateTime } from "~/lib/time";
import { renewalApprovalSchema, renewalDeclineSchema } from "~/lib/validation/renewals";
import { readFormData } from "~/http/forms.server";
import { lprInEffect } from "~/services/lpr.server";
import type { Outcome } from "~/services/outcome";
import { approveRenewal, declineRenewal, institutionLoanView } from "~/services/renewals.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { FormError, RadioGroup, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { LoanFacts, LoanTags, PastRenewals, RenewalRecord } from "~/ui/LoanPanels";
import { LoanStatusTag, RenewalStatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "贷款详情 · 苏州市信易贷平台" }];

const loanPath = (id: number) => `/bank/loans/${id}`;

function loanIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这笔贷款", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const now = Date.now();
  const db = getDb();
  const view = institutionLoanView(db, institutionIdOf(user), loanIdOf(params.loanId), now);
  if (!view) throw new Response("没有这笔贷款", { status: 404 });
  return { ...view, today: dateOf(now), rateHint: lprInEffect(db, now).ceilingText };
}

type ActionData = { intent: string; fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };

const idField = v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number));

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const now = Date.now();
  const db = getDb();
  const view = institutionLoanView(db, institutionIdOf(user), loanIdOf(params.loanId), now);
  if (!view) throw new Response("没有这笔贷款", { status: 404 });
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const renewalId = v.safeParse(idField, form.get("renewalId"));
  if (!renewalId.success || (intent !== "approve" && intent !== "decline")) {
    return data<ActionData>({ intent, error: "无法识别的操作" }, { status: 400 });
  }
  // Only a request on this page's loan is decided here.
  if (!view.requests.some((r) => r.id === renewalId.output))
    return data<ActionData>({ intent, error: "找不到该续贷申请" }, { status: 404 });
  let outcome: Outcome;
  if (intent === "approve") {
    const parsed = parseForm(renewalApprovalSchema(dateOf(now), lprInEffect(db, now).ceilingBp), form);
    if (!parsed.ok) return data<ActionData>({ intent, ...parsed }, { status: 400 });
    outcome = approveRenewal(db, user, renewalId.output, parsed.data, now);
  } else {
    const parsed = parseForm(renewalDeclineSchema, form);
    if (!parsed.ok) return data<ActionData>({ intent, ...parsed }, { status: 400 });
    outcome = declineRenewal(db, user, renewalId.output, parsed.data.reason, now);
  }
  if (outcome.ok) {
    return data<ActionData>({
      intent,
      notice: intent === "approve" ? "已同意续贷：新贷款已登记，原贷款同日结清，企业已收到通知" : "已记录不同意续贷的原因，企业已收到通知",
    });
  }
  if (outcome.field) {
    const schema = intent === "approve" ? renewalApprovalSchema(dateOf(now), lprInEffect(db, now).ceilingBp) : renewalDeclineSchema;
    return data<ActionData>({ intent, ...formFailure({ [outcome.field]: outcome.message }, form, schema) }, { status: outcome.status });
  }
  return data<ActionData>({ intent, error: outcome.message }, { status: outcome.status });
}

export default function BankLoanPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (result?.intent === intent ? (result.fieldErrors ?? {}) : {});
  const valuesFor = (intent: string) => (result?.intent === intent && "values" in result ? (result.values ?? {}) : {});
  const { loan, openRequest: open } = d;
  const covered = d.cover !== null && d.cover.releasedAt === null;
  return (
    <>
      <p>
        <Link to="/bank/renewals">← 续贷申请</Link> · <Link to="/bank/maturities">贷款到期</Link>
      </p>
      <ActionNotices notice={result?.notice} error={result?.error} />
      <PageHeader
        title={`${d.enterpriseName} · 贷款 #${loan.id}`}
        subtitle={<LoanTags loan={loan} />}
        actions={
          covered && loan.status === "npl" ? (
            <Link className="button" to={`/bank/compensations/new?loanId=${loan.id}`}>
              申请代偿
            </Link>
          ) : null
        }
      />
      <div className="split">
        <div>
          <LoanFacts
            loan={loan}
            product={d.product}
            cover={d.cover}
            party={["企业", <Link to={`/bank/enterprises/${loan.enterpriseId}`}>{d.enterpriseName}</Link>]}
            origin={<Link to={`/bank/claims/${loan.claimId}`}>{`业务 · 需求 #${loan.needId}`}</Link>}
            loanPath={loanPath}
          />

          <section className="panel" aria-labelledby="renewal-heading">
            <h2 id="renewal-heading">续贷申请</h2>
            {open ? (
              <>
                <p>
                  <RenewalStatusTag status="requested" /> 企业于 {formatDateTime(open.requestedAt)} 申请续贷{" "}
                  <strong>{formatMoney(open.amountFen)}</strong>，期限 {open.termMonths} 个月。原贷款 {loan.maturesOn}{" "}
                  到期，请在到期前审批；到期未审批的申请自动失效。
                </p>
                {open.note ? <p>企业说明：{open.note}</p> : null}
                <p className="muted">
                  企业已随申请授权本机构查询其信用信息（续贷审查）。<Link to={`/bank/enterprises/${loan.enterpriseId}`}>查看企业信用</Link>
                </p>
                <h3 style={{ marginTop: "var(--sp-4)" }}>同意续贷</h3>
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="renewalId" value={open.id} />
                  <FormError message={errorsFor("approve")._form} />
                  <div className="form-row">
                    <TextField
                      name="rate"
                      label="续贷年利率（%）"
                      inputMode="decimal"
                      defaultValue={valuesFor("approve").rate ?? (loan.rateBp / 100).toFixed(2)}
                      error={errorsFor("approve").rate}
                      hint={
                        d.product
                          ? `产品利率 ${formatRateBp(d.product.rateMinBp)}–${formatRateBp(d.product.rateMaxBp)}；${d.rateHint}`
                          : d.rateHint
                      }
                      required
                    />
                    <TextField
                      name="disbursedOn"
                      label="放款日期"
                      type="date"
                      min={dateOf(open.requestedAt)}
                      max={d.today < loan.maturesOn ? d.today : loan.maturesOn}
                      defaultValue={valuesFor("approve").disbursedOn ?? d.today}
                      error={errorsFor("approve").disbursedOn}
                      hint="原贷款同日结清"
                    />
                  </div>
                  <RadioGroup
                    name="channel"
                    legend="放款渠道"
                    options={DISBURSEMENT_CHANNELS.map((c) => ({ value: c, label: DISBURSEMENT_CHANNEL_LABELS[c] }))}
                    value={valuesFor("approve").channel ?? loan.channel}
                    error={errorsFor("approve").channel}
                  />
                  <p className="muted">
                    续贷金额 {formatMoney(open.amountFen)}、期限 {open.termMonths} 个月按企业申请；担保方式与产品同原贷款。
                  </p>
                  <div className="form-actions">
                    <button type="submit" className="button" disabled={submitting}>
                      同意续贷并登记放款
                    </button>
                  </div>
                </Form>
                <h3 style={{ marginTop: "var(--sp-5)" }}>不同意续贷</h3>
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="intent" value="decline" />
                  <input type="hidden" name="renewalId" value={open.id} />
                  <TextField
                    name="reason"
                    label="原因（企业可见）"
                    defaultValue={valuesFor("decline").reason}
                    error={errorsFor("decline").reason}
                    required
                  />
                  <div className="form-actions">
                    <button type="submit" className="button button--danger" disabled={submitting}>
                      不同意续贷
                    </button>
                  </div>
                </Form>
              </>
            ) : (
              <p className="muted">该笔贷款目前没有待审批的续贷申请。</p>
            )}
            <PastRenewals requests={d.requests} loanPath={loanPath} />
          </section>
        </div>
        {d.reports.length > 0 ? (
          <section className="panel">
            <h2>贷后状态报送</h2>
            <ul>
              {d.reports.map((r) => (
                <li key={r.id}>
                  {r.month} <LoanStatusTag status={r.status} />
                </li>
              ))}
            </ul>
          </section>
        ) : (
          <div />
        )}
      </div>
      <RenewalRecord chain={d.chain} currentId={loan.id} loanPath={loanPath} />
    </>
  );
}
