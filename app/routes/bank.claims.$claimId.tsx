import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import * as v from "valibot";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ENTERPRISE_SIZE_LABELS } from "~/domain/accounts";
import { CREDIT_EVENT_KIND_LABELS, PENALTY_SEVERITY_LABELS } from "~/domain/credit";
import {
  DISBURSEMENT_CHANNEL_LABELS,
  DISBURSEMENT_CHANNELS,
  GUARANTEE_MODE_LABELS,
  GUARANTEE_MODES,
  LOAN_STATUS_LABELS,
  LOAN_STATUSES,
  REJECT_REASONS,
} from "~/domain/marketplace";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { lprRelative } from "~/lib/lending-rules";
import { formatMoney, formatRateBp } from "~/lib/money";
import { districtName, industryName } from "~/lib/reference";
import { DECIDE_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { dateOf, formatDateTime, monthOf } from "~/lib/time";
import { disburseSchema, grantSchema, loanStatusSchema, rejectSchema, cancelSchema } from "~/lib/validation/marketplace";
import { overrideSchema } from "~/lib/validation/interception";
import { claimDetail } from "~/services/claim-views.server";
import { cancelClaim, disburseClaim, grantClaim, rejectClaim } from "~/services/claims.server";
import { reportLoanStatus } from "~/services/loans.server";
import type { Outcome } from "~/services/outcome";
import { interceptionPanel, overrideForClaim } from "~/services/interception.server";
import { lprInEffect } from "~/services/lpr.server";
import { DeadlineText } from "~/ui/Deadline";
import { CheckboxGroup, FormError, RadioGroup, SelectField, TextField } from "~/ui/Field";
import { OverrideForm } from "~/ui/OverrideForm";
import { PageHeader } from "~/ui/PageHeader";
import { ClaimStatusTag, LoanStatusTag, NeedStatusTag, StatusTag } from "~/ui/StatusTag";
import { ActionNotices, ArrivalNotice } from "~/ui/ActionNotices";
import { ConfirmedAction } from "~/ui/ConfirmedAction";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "业务详情 · 苏州市信易贷平台" }];

function claimIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这笔业务", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const now = Date.now();
  const db = getDb();
  const detail = claimDetail(db, user, claimIdOf(params.claimId), now);
  if (!detail) throw new Response("没有这笔业务", { status: 404 });
  const interception = interceptionPanel(db, detail.claim.institutionId, detail.claim, detail.enterprise.id, now);
  const lpr = lprInEffect(db, now);
  return {
    ...detail,
    interception,
    canOverride: user.role === "bank_admin",
    today: dateOf(now),
    thisMonth: monthOf(now),
    lprBp: lpr.oneYearBp,
    rateHint: lpr.ceilingText,
  };
}

type ActionData = { intent: string; fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };

const NOTICES: Record<string, string> = {
  grant: "已授信，企业已收到通知",
  reject: "已记录未通过原因，企业已收到通知",
  cancel: "已取消受理，需求可由其他机构继续受理",
  disburse: "已登记放款，需求办结",
  status: "已报送贷款状态",
  override: "已记录豁免，本机构可继续办理该需求",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const claimId = claimIdOf(params.claimId);
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const now = Date.now();
  const db = getDb();
  let outcome: Outcome;
  switch (intent) {
    case "grant": {
      const parsed = parseForm(grantSchema(lprInEffect(db, now).ceilingBp), form);
      if (!parsed.ok) return data<ActionData>({ intent, ...parsed }, { status: 400 });
      outcome = grantClaim(db, user, claimId, parsed.data, now);
      break;
    }
    case "reject": {
      const parsed = parseForm(rejectSchema, form);
      if (!parsed.ok) return data<ActionData>({ intent, ...parsed }, { status: 400 });
      outcome = rejectClaim(db, user, claimId, parsed.data.reasonCode, parsed.data.note, now);
      break;
    }
    case "cancel": {
      const parsed = parseForm(cancelSchema, form);
      if (!parsed.ok) return data<ActionData>({ intent, ...parsed, error: parsed.fieldErrors.confirm }, { status: 400 });
      outcome = cancelClaim(db, user, claimId, parsed.data.note, now);
      break;
    }
    case "disburse": {
      const parsed = parseForm(disburseSchema(dateOf(now)), form);
      if (!parsed.ok) return data<ActionData>({ intent, ...parsed }, { status: 400 });
      outcome = disburseClaim(db, user, claimId, parsed.data, now);
      break;
    }
    case "status": {
      const parsed = parseForm(loanStatusSchema, form);
      const loanId = v.safeParse(v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number)), form.get("loanId"));
      if (!parsed.ok || !loanId.success)
        return data<ActionData>({ intent, ...(parsed.ok ? { fieldErrors: { _form: "缺少贷款" } } : parsed) }, { status: 400 });
      outcome = reportLoanStatus(db, user, loanId.output, parsed.data.month, parsed.data.status, now);
      break;
    }
    case "override": {
      // Only the institution's admin may override; the service refuses anyone else (403).
      const parsed = parseForm(overrideSchema, form);
      if (!parsed.ok) return data<ActionData>({ intent, ...parsed }, { status: 400 });
      outcome = overrideForClaim(db, user, claimId, parsed.data, now);
      break;
    }
    default:
      return data<ActionData>({ intent, error: "无法识别的操作" }, { status: 400 });
  }
  if (!outcome.ok) {
    return data<ActionData>(
      outcome.field
        ? {
            intent,
            fieldErrors: { [outcome.field]: outcome.message },
            values: Object.fromEntries([...form].map(([k, val]) => [k, String(val)])),
          }
        : { intent, error: outcome.message },
      { status: outcome.status },
    );
  }
  return data<ActionData>({ intent, notice: NOTICES[intent] });
}

export default function ClaimPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (result?.intent === intent ? (result.fieldErrors ?? {}) : {});
  const valuesFor = (intent: string) => (result?.intent === intent ? (result.values ?? {}) : {});
  const fitting = d.products.filter((p) => p.eligible && p.listed);
  const offered = fitting.length ? fitting : d.products;
  // An application is granted on the product applied to unless the officer chooses otherwise.
  const initialProductId =
    valuesFor("grant").productId ?? String(offered.find((p) => p.id === d.need.targetProductId)?.id ?? offered[0]?.id ?? "");
  const [productId, setProductId] = useState(initialProductId);
  const modes = offered.find((p) => String(p.id) === productId)?.guaranteeModes ?? GUARANTEE_MODES;
  const preferredMode =
    d.need.guaranteeMode && modes.includes(d.need.guaranteeMode) ? d.need.guaranteeMode : modes.includes("credit") ? "credit" : modes[0];
  return (
    <>
      <p>
        <Link to="/bank/claims">← 我的业务</Link>
      </p>
      <ArrivalNotice param="claimed" hidden={result !== undefined}>
        {`已受理，企业已收到通知。请在 ${DECIDE_WITHIN_WORKING_DAYS} 个工作日内作出授信决定。`}
      </ArrivalNotice>
      <ActionNotices notice={result?.notice} error={result?.error} />
      <PageHeader
        title={`${d.enterprise.name} · 需求 #${d.need.id}`}
        subtitle={
          <>
            <ClaimStatusTag status={d.claim.status} /> 经办人 {d.officerName}，受理于 {formatDateTime(d.claim.claimedAt)}
          </>
        }
        actions={
          <Link className="button button--secondary" to={`/bank/claims/${d.claim.id}/breach`}>
            信用承诺 / 记录违诺
          </Link>
        }
      />
      <InterceptionWarning d={d} error={errorsFor("override").reason} submitting={submitting} />
      <div className="split">
        <div>
          <section className="panel">
            <h2>融资需求</h2>
            <dl className="terms">
              <dt>企业</dt>
              <dd>
                <Link to={`/bank/enterprises/${d.enterprise.id}`}>{d.enterprise.name}</Link>（{districtName(d.enterprise.districtCode)} ·{" "}
                {industryName(d.enterprise.industrySection)} · {ENTERPRISE_SIZE_LABELS[d.enterprise.size]} · 经营 {d.enterprise.years} 年）
              </dd>
              <dt>联系人</dt>
              <dd>
                {d.contact.name} {d.contact.phone}
                {d.contact.masked ? <span className="muted">（业务已结束，联系方式已隐去）</span> : null}
              </dd>
              <dt>法定代表人</dt>
              <dd>{d.contact.legalRep}</dd>
              <dt>金额 / 期限</dt>
              <dd>
                {formatMoney(d.need.amountFen)} / {d.need.termMonths} 个月
              </dd>
              <dt>用途</dt>
              <dd>{d.need.purpose}</dd>
              <dt>担保 / 利率上限</dt>
              <dd>
                {d.need.guaranteeMode ? GUARANTEE_MODE_LABELS[d.need.guaranteeMode] : "不限"} /{" "}
                {d.need.rateCeilingBp === null ? "未填" : formatRateBp(d.need.rateCeilingBp)}
              </dd>
              <dt>需求状态</dt>
              <dd>
                <NeedStatusTag status={d.need.status} />
              </dd>
            </dl>
          </section>

          {d.claim.status === "claimed" ? (
            <>
              <section className="panel">
                <h2>授信</h2>
                <p className="muted">
                  请在 <DeadlineText at={d.decideDue.at} provisional={d.decideDue.provisional} /> 前作出决定。
                </p>
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="intent" value="grant" />
                  <FormError message={errorsFor("grant")._form} />
                  <SelectField
                    name="productId"
                    label="产品"
                    placeholder="请选择"
                    options={offered.map((p) => ({
                      value: String(p.id),
                      label: `${p.name}（${formatRateBp(p.rateMinBp)}–${formatRateBp(p.rateMaxBp)}，${lprRelative(p.rateMinBp, d.lprBp)} 起）${p.id === d.need.targetProductId ? "·企业申请" : ""}`,
                    }))}
                    value={productId}
                    onChange={(e) => setProductId(e.currentTarget.value)}
                    error={errorsFor("grant").productId}
                    hint={fitting.length ? "仅列出该需求符合准入条件的在架产品" : "本机构没有完全符合的在架产品，请核对条件"}
                    required
                  />
                  <div className="form-row">
                    <TextField
                      name="amount"
                      label="授信金额（万元）"
                      inputMode="decimal"
                      defaultValue={valuesFor("grant").amount ?? String(d.need.amountFen / 1_000_000)}
                      error={errorsFor("grant").amount}
                      required
                    />
                    <TextField
                      name="rate"
                      label="年利率（%）"
                      inputMode="decimal"
                      defaultValue={valuesFor("grant").rate}
                      error={errorsFor("grant").rate}
                      hint={d.rateHint}
                      required
                    />
                    <TextField
                      name="termMonths"
                      label="期限（月）"
                      inputMode="numeric"
                      defaultValue={valuesFor("grant").termMonths ?? String(d.need.termMonths)}
                      error={errorsFor("grant").termMonths}
                      required
                    />
                    <SelectField
                      key={productId}
                      name="guaranteeMode"
                      label="担保方式"
                      options={modes.map((m) => ({ value: m, label: GUARANTEE_MODE_LABELS[m] }))}
                      defaultValue={valuesFor("grant").guaranteeMode ?? preferredMode}
                      error={errorsFor("grant").guaranteeMode}
                    />
                  </div>
                  <label className="checkbox-group">
                    <input type="checkbox" name="exceedsRequest" value="yes" /> 授信金额超过企业申请金额（确有需要时勾选）
                  </label>
                  <div className="form-actions">
                    <button type="submit" className="button" disabled={submitting}>
                      确认授信
                    </button>
                  </div>
                </Form>
              </section>
              <section className="panel">
                <h2>不予授信</h2>
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="intent" value="reject" />
                  <SelectField
                    name="reasonCode"
                    label="原因"
                    placeholder="请选择"
                    options={Object.entries(REJECT_REASONS).map(([value, label]) => ({ value, label }))}
                    error={errorsFor("reject").reasonCode}
                    required
                  />
                  <TextField name="note" label="说明（企业可见）" error={errorsFor("reject").note} hint="选择“其他原因”时必填" />
                  <div className="form-actions">
                    <button type="submit" className="button button--danger" disabled={submitting}>
                      不予授信
                    </button>
                  </div>
                </Form>
                <div style={{ marginTop: "var(--sp-4)" }}>
                  <ConfirmedAction
                    label="取消受理"
                    summaryClassName="link"
                    question="确认取消受理：需求退回，可由其他机构受理"
                    intent="cancel"
                    fields={{ note: "" }}
                  />
                </div>
              </section>
            </>
          ) : null}

          {d.claim.status === "granted" ? (
            <section className="panel">
              <h2>登记放款</h2>
              <p>
                已授信 {formatMoney(d.claim.grantedAmountFen!)}，年利率 {formatRateBp(d.claim.grantedRateBp!)}，{d.claim.grantedTermMonths}{" "}
                个月，
                {GUARANTEE_MODE_LABELS[d.claim.grantedGuaranteeMode!]}。
              </p>
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="disburse" />
                <div className="form-row">
                  <TextField
                    name="amount"
                    label="放款金额（万元）"
                    inputMode="decimal"
                    defaultValue={valuesFor("disburse").amount ?? String(d.claim.grantedAmountFen! / 1_000_000)}
                    error={errorsFor("disburse").amount}
                    required
                  />
                  <TextField
                    name="disbursedOn"
                    label="放款日期"
                    type="date"
                    max={d.today}
                    defaultValue={valuesFor("disburse").disbursedOn ?? d.today}
                    error={errorsFor("disburse").disbursedOn}
                    required
                  />
                </div>
                <p className="muted">
                  {d.disbursementFloorFen !== null ? `放款金额不低于 ${formatMoney(d.disbursementFloorFen)}；` : ""}
                  不足授信金额一半时须勾选确认。
                </p>
                <RadioGroup
                  name="channel"
                  legend="放款渠道"
                  options={DISBURSEMENT_CHANNELS.map((c) => ({ value: c, label: DISBURSEMENT_CHANNEL_LABELS[c] }))}
                  value={valuesFor("disburse").channel}
                  error={errorsFor("disburse").channel}
                />
                <CheckboxGroup
                  name="confirmBelowHalf"
                  legend="放款金额核对"
                  options={[{ value: "yes", label: "放款金额不足授信金额的一半，确认按此金额放款" }]}
                  selected={valuesFor("disburse").confirmBelowHalf === "yes" ? ["yes"] : []}
                  error={errorsFor("disburse").confirmBelowHalf}
                />
                <div className="form-actions">
                  <button type="submit" className="button" disabled={submitting}>
                    登记放款
                  </button>
                </div>
              </Form>
            </section>
          ) : null}

          {d.loan ? (
            <section className="panel">
              <h2>
                贷款 <LoanStatusTag status={d.loan.status} />
              </h2>
              <p>
                {formatMoney(d.loan.amountFen)}，年利率 {formatRateBp(d.loan.rateBp)}，{d.loan.termMonths} 个月，
                {GUARANTEE_MODE_LABELS[d.loan.guaranteeMode]}，放款日期 {d.loan.disbursedOn}，放款渠道{" "}
                {DISBURSEMENT_CHANNEL_LABELS[d.loan.channel]}。<Link to={`/bank/loans/${d.loan.id}`}>贷款详情与续贷</Link>
              </p>
              {d.loan.status !== "settled" ? (
                <Form method="post" className="form-row" noValidate style={{ alignItems: "end" }}>
                  <input type="hidden" name="intent" value="status" />
                  <input type="hidden" name="loanId" value={d.loan.id} />
                  <TextField
                    name="month"
                    label="报送月份"
                    type="month"
                    max={d.thisMonth}
                    defaultValue={d.thisMonth}
                    error={errorsFor("status").month}
                  />
                  <SelectField
                    name="status"
                    label="状态"
                    options={LOAN_STATUSES.map((s) => ({ value: s, label: LOAN_STATUS_LABELS[s] }))}
                    error={errorsFor("status").status}
                  />
                  <div className="form-actions">
                    <button type="submit" className="button button--secondary" disabled={submitting}>
                      报送
                    </button>
                  </div>
                </Form>
              ) : null}
              {d.reports.length ? (
                <table className="data" style={{ marginTop: "var(--sp-3)" }}>
                  <thead>
                    <tr>
                      <th scope="col">月份</th>
                      <th scope="col">状态</th>
                      <th scope="col">报送时间</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.reports.map((r) => (
                      <tr key={r.id}>
                        <td>{r.month}</td>
                        <td>
                          <LoanStatusTag status={r.status} />
                        </td>
                        <td>{formatDateTime(r.reportedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </section>
          ) : null}
        </div>
        <section className="panel" aria-label="进度">
          <h2>进度</h2>
          <ol className="timeline">
            {d.timeline.map((e, i) => (
              <li key={i}>
                <time>{formatDateTime(e.at)}</time>
                {e.institution ? <strong>{e.institution} </strong> : <strong>企业 </strong>}
                {e.text}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}

/** Knock-outs standing now and adverse records since the claim: the officer sees them before deciding. */
function InterceptionWarning({
  d,
  error,
  submitting,
}: {
  d: ReturnType<typeof useLoaderData<typeof loader>>;
  error?: string;
  submitting: boolean;
}) {
  const { knockOuts, needsOverride, overrides, adverseSinceClaim } = d.interception;
  if (knockOuts.length === 0 && adverseSinceClaim.length === 0 && overrides.length === 0) return null;
  const live = d.claim.status === "claimed" || d.claim.status === "granted";
  return (
    <section className={`notice ${needsOverride ? "notice--danger" : "notice--warn"}`} aria-label="风险提示">
      <h2>风险提示</h2>
      {knockOuts.length > 0 ? (
        <>
          <p>该企业当前存在评分卡否决项，平台将拦截受理、授信和放款：</p>
          <ul>
            {knockOuts.map((k) => (
              <li key={k.code}>
                {k.reason}
                {k.code === "tax_grade_d" ? "" : `（${k.references.join("、")}）`}{" "}
                {k.overridden ? <StatusTag tone="warn">本机构已豁免</StatusTag> : <StatusTag tone="danger">未豁免</StatusTag>}
              </li>
            ))}
          </ul>
          {needsOverride && live ? (
            d.canOverride ? (
              <OverrideForm label="豁免理由" goal="继续办理" error={error} submitting={submitting} />
            ) : (
              <p>
                <strong>需由本机构管理员记录豁免理由后才能继续办理。</strong>
              </p>
            )
          ) : null}
        </>
      ) : null}
      {adverseSinceClaim.length > 0 ? (
        <>
          <h3>受理以来新增的不良记录</h3>
          <ul>
            {adverseSinceClaim.map((r) => (
              <li key={r.id}>
                {r.occurredOn} {CREDIT_EVENT_KIND_LABELS[r.kind]}
                {r.severity ? `（${PENALTY_SEVERITY_LABELS[r.severity]}）` : ""}：{r.description}（{r.authority}，{r.reference}；平台收到于{" "}
                {formatDateTime(r.recordedAt)}）
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {overrides.length > 0 ? (
        <>
          <h3>本机构的豁免记录</h3>
          <ul>
            {overrides.map((o, i) => (
              <li key={i}>
                {formatDateTime(o.at)} {o.by} 豁免（{o.knockOuts}）：{o.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
