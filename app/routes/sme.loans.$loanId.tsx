import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { formatMoney } from "~/lib/money";
import { addDays, dateOf, formatDateTime } from "~/lib/time";
import { RENEWAL_MAX_TERM_MONTHS, renewalRequestSchema } from "~/lib/validation/renewals";
import { readFormData } from "~/http/forms.server";
import {
  enterpriseLoanView,
  RENEWAL_AUTHORIZATION_DAYS,
  renewalPurpose,
  requestRenewal,
  withdrawRenewal,
} from "~/services/renewals.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { FormError, TextAreaField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { LoanFacts, LoanTags, PastRenewals, RenewalRecord } from "~/ui/LoanPanels";
import { RenewalStatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "贷款详情 · 苏州市信易贷平台" }];

const loanPath = (id: number) => `/sme/loans/${id}`;

function loanIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这笔贷款", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const now = Date.now();
  const view = enterpriseLoanView(getDb(), enterpriseIdOf(user), loanIdOf(params.loanId), now);
  if (!view) throw new Response("没有这笔贷款", { status: 404 });
  // What the request's authorization will say, for the enterprise to read before ticking it.
  return { ...view, consent: { purpose: renewalPurpose(view.loan.id), until: addDays(dateOf(now), RENEWAL_AUTHORIZATION_DAYS) } };
}

type ActionData = { intent: string; fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };

const idField = v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number));

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const loanId = loanIdOf(params.loanId);
  const db = getDb();
  const view = enterpriseLoanView(db, enterpriseIdOf(user), loanId, Date.now());
  if (!view) throw new Response("没有这笔贷款", { status: 404 });
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "request") {
    const parsed = parseForm(renewalRequestSchema, form);
    if (!parsed.ok) return data<ActionData>({ intent, ...parsed }, { status: 400 });
    const outcome = requestRenewal(db, user, loanId, parsed.data, Date.now());
    if (outcome.ok) return data<ActionData>({ intent, notice: "续贷申请已提交，银行审批后您会收到消息通知" });
    if (outcome.field)
      return data<ActionData>(
        { intent, ...formFailure({ [outcome.field]: outcome.message }, form, renewalRequestSchema) },
        { status: outcome.status },
      );
    // Refusals (not yet in the window, already asked …) are shown at the form, not as an error page.
    return data<ActionData>({ intent, error: outcome.message }, { status: outcome.status });
  }
  if (intent === "withdraw") {
    const renewalId = v.safeParse(idField, form.get("renewalId"));
    if (!renewalId.success) return data<ActionData>({ intent, error: "缺少续贷申请" }, { status: 400 });
    // Only a request on this page's loan is withdrawn here.
    if (!view.requests.some((r) => r.id === renewalId.output))
      return data<ActionData>({ intent, error: "找不到该续贷申请" }, { status: 404 });
    const outcome = withdrawRenewal(db, user, renewalId.output, Date.now());
    if (!outcome.ok) return data<ActionData>({ intent, error: outcome.message }, { status: outcome.status });
    return data<ActionData>({ intent, notice: "已撤回续贷申请，随申请提供的授权已同时终止" });
  }
  return data<ActionData>({ intent, error: "无法识别的操作" }, { status: 400 });
}

export default function LoanPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.intent === "request" ? (result.fieldErrors ?? {}) : {};
  const values = result?.intent === "request" && "values" in result ? (result.values ?? {}) : {};
  const { loan } = d;
  return (
    <>
      <p>
        <Link to="/sme">← 工作台</Link>
      </p>
      <PageHeader title={`贷款 #${loan.id} · ${d.institutionName}`} subtitle={<LoanTags loan={loan} />} />
      <LoanFacts
        loan={loan}
        product={d.product}
        cover={d.cover}
        party={["放款机构", d.institutionName]}
        origin={<Link to={`/sme/needs/${loan.needId}`}>{`融资需求 #${loan.needId}`}</Link>}
        loanPath={loanPath}
      />

      <section className="panel" aria-labelledby="renewal-heading">
        <h2 id="renewal-heading">无还本续贷</h2>
        <ActionNotices notice={result?.notice} error={result?.error} />
        {d.openRequest ? (
          <>
            <p>
              <RenewalStatusTag status="requested" /> 您于 {formatDateTime(d.openRequest.requestedAt)} 申请续贷{" "}
              {formatMoney(d.openRequest.amountFen)}，期限 {d.openRequest.termMonths} 个月，请等待{d.institutionName}审批。 原贷款到期（
              {loan.maturesOn}）前未获审批的，申请自动失效。
            </p>
            <Form method="post" onSubmit={(e) => !window.confirm("确定撤回续贷申请？") && e.preventDefault()}>
              <input type="hidden" name="renewalId" value={d.openRequest.id} />
              <button type="submit" name="intent" value="withdraw" className="button button--secondary" disabled={submitting}>
                撤回申请
              </button>
            </Form>
          </>
        ) : d.renewalRefusal === null ? (
          <>
            <p className="muted">
              到期前可申请无还本续贷：银行审批同意后发放新贷款，原贷款同日结清，无需先还本金。续贷金额不超过原贷款金额。
            </p>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="request" />
              <FormError message={errors._form} />
              <div className="form-row">
                <TextField
                  name="amount"
                  label="续贷金额（万元）"
                  inputMode="decimal"
                  defaultValue={values.amount ?? String(loan.amountFen / 1_000_000)}
                  error={errors.amount}
                  hint={`不超过 ${formatMoney(loan.amountFen)}`}
                  required
                />
                <TextField
                  name="termMonths"
                  label="续贷期限（月）"
                  inputMode="numeric"
                  defaultValue={values.termMonths ?? String(loan.termMonths)}
                  error={errors.termMonths}
                  hint={`1–${RENEWAL_MAX_TERM_MONTHS} 个月`}
                  required
                />
              </div>
              <TextAreaField
                name="note"
                label="经营情况说明（选填）"
                rows={3}
                defaultValue={values.note}
                error={errors.note}
                hint="如订单、回款情况，便于银行审查"
              />
              <div className="consent">
                <label>
                  <input
                    type="checkbox"
                    name="consent"
                    value="yes"
                    defaultChecked={values.consent === "yes"}
                    aria-describedby={errors.consent ? "consent-error" : undefined}
                  />
                  <span>
                    本企业同意授权{d.institutionName}查询本企业在平台归集的信用信息（水电气、纳税、社保公积金及公共信用记录），用途：
                    {d.consent.purpose}，有效期至 {d.consent.until}
                    。续贷申请办结（同意、不同意、撤回或失效）后授权随即终止，也可随时在“授权管理”中撤回。
                  </span>
                </label>
                {errors.consent ? (
                  <p id="consent-error" className="field-error" role="alert">
                    {errors.consent}
                  </p>
                ) : null}
              </div>
              <div className="form-actions">
                <button type="submit" className="button" disabled={submitting}>
                  提交续贷申请
                </button>
              </div>
            </Form>
          </>
        ) : (
          <p className="muted">{d.renewalRefusal}</p>
        )}
        <PastRenewals requests={d.requests} loanPath={loanPath} />
      </section>
      <RenewalRecord chain={d.chain} currentId={loan.id} loanPath={loanPath} />
    </>
  );
}
