import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as v from "valibot";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { APPLICATION_STATE_LABELS, DECLINE_REASON_LABELS, DECLINE_REASONS, type ApplicationState } from "~/domain/applications";
import { NEED_STATUS_LABELS } from "~/domain/marketplace";
import { CLAIM_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { formatMoney } from "~/lib/money";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { declineApplicationSchema } from "~/lib/validation/applications";
import { declineApplication, institutionApplications } from "~/services/applications.server";
import { claimNeed } from "~/services/claims.server";
import { readFormData } from "~/http/forms.server";
import { DeadlineText } from "~/ui/Deadline";
import { SelectField, TextAreaField } from "~/ui/Field";
import { ActionNotices } from "~/ui/ActionNotices";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { ClaimStatusTag, StatusTag, type Tone } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "产品申请 · 苏州市信易贷平台" }];

const idField = v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const params = new URL(request.url).searchParams;
  const scope = params.get("scope") === "all" ? "all" : "pending";
  const now = Date.now();
  const list = institutionApplications(getDb(), institutionIdOf(user), { scope, page: pageFromParam(params.get("page")) }, now);
  const decline = v.safeParse(idField, params.get("decline") ?? "");
  return { ...list, scope, now, declining: decline.success ? decline.output : null };
}

type ActionData = { error?: string; notice?: string; fieldErrors?: FieldErrors; needId?: number };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const form = await readFormData(request);
  const needId = v.safeParse(idField, form.get("needId") ?? "");
  if (!needId.success) return data<ActionData>({ error: "无法识别的申请" }, { status: 400 });
  if (form.get("intent") === "decline") {
    const input = parseForm(declineApplicationSchema, form);
    if (!input.ok) return data<ActionData>({ fieldErrors: input.fieldErrors, needId: needId.output }, { status: 400 });
    const outcome = declineApplication(getDb(), user, needId.output, input.data, Date.now());
    if (!outcome.ok) return data<ActionData>({ error: outcome.message, needId: needId.output }, { status: outcome.status });
    return data<ActionData>({ notice: `已对需求 #${needId.output} 不予受理，已告知企业原因` });
  }
  const claimed = claimNeed(getDb(), user, needId.output, Date.now());
  if (!claimed.ok) return data<ActionData>({ error: claimed.message, needId: needId.output }, { status: claimed.status });
  throw redirect(`/bank/claims/${claimed.claimId}?claimed=1`);
}

const STATE_TONES: Record<ApplicationState, Tone> = {
  in_queue: "info",
  outside_queue: "warn",
  claimed: "ok",
  declined: "danger",
  closed: "neutral",
};

export default function Applications() {
  const { rows, page, pending, outsideQueue, scope, now, declining } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const declineLink = (needId: number) => {
    const next = new URLSearchParams(params);
    next.set("decline", String(needId));
    return `?${next.toString()}#need-${needId}`;
  };
  // The form stays open on a refusal of its own fields.
  const openForm = result?.fieldErrors ? result.needId : declining;
  return (
    <>
      <PageHeader
        title="产品申请"
        subtitle={`企业对本机构产品提出的全部申请，包括需求队列未列入的（存在否决项或不符合产品条件），请在 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日内受理或不予受理；不予受理须说明原因，企业会收到通知。`}
      />
      <ActionNotices notice={result?.notice} error={result?.error} />
      <section className="panel" aria-label="申请概况">
        <p>
          <StatusTag tone={pending > 0 ? "info" : "neutral"}>{`待处理 ${pending} 笔`}</StatusTag>{" "}
          {outsideQueue > 0 ? <StatusTag tone="warn">{`其中 ${outsideQueue} 笔不在需求队列`}</StatusTag> : null}
        </p>
        <nav className="form-actions" aria-label="范围">
          {scope === "pending" ? <strong>待处理</strong> : <Link to="?scope=pending">待处理</Link>}
          {scope === "all" ? <strong>全部申请</strong> : <Link to="?scope=all">全部申请</Link>}
        </nav>
      </section>
      {rows.length === 0 ? (
        <p className="empty panel">{scope === "pending" ? "没有待处理的产品申请。" : "尚未收到产品申请。"}</p>
      ) : (
        <div className="grid application-list">
          {rows.map((r) => (
            <article key={r.needId} id={`need-${r.needId}`} className="card" aria-label={`需求 #${r.needId} ${r.enterprise.name}`}>
              <p className="form-actions" style={{ justifyContent: "space-between" }}>
                <span className="muted">需求 #{r.needId}</span>
                <StatusTag tone={STATE_TONES[r.state]}>{APPLICATION_STATE_LABELS[r.state]}</StatusTag>
                {r.claim ? <ClaimStatusTag status={r.claim.status} /> : null}
                {r.state === "closed" ? <StatusTag tone="neutral">{NEED_STATUS_LABELS[r.needStatus]}</StatusTag> : null}
                {(r.state === "in_queue" || r.state === "outside_queue") && r.claimDueAt < now && !r.claimDueProvisional ? (
                  <StatusTag tone="danger">{`已超 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日`}</StatusTag>
                ) : null}
              </p>
              <h3>
                <Link to={`/bank/enterprises/${r.enterprise.id}`}>{r.enterprise.name}</Link>
              </h3>
              <dl className="terms">
                <dt>申请产品</dt>
                <dd>
                  {r.product.name}
                  {r.product.listed ? null : "（已下架）"}
                </dd>
                <dt>金额 / 期限</dt>
                <dd>
                  {formatMoney(r.amountFen)} / {r.termMonths} 个月
                </dd>
                <dt>用途</dt>
                <dd>{r.purpose}</dd>
                <dt>申请时间</dt>
                <dd>
                  {formatDateTime(r.postedAt)}
                  {r.state === "in_queue" || r.state === "outside_queue" ? (
                    <>
                      （受理期限 <DeadlineText at={r.claimDueAt} provisional={r.claimDueProvisional} />）
                    </>
                  ) : null}
                </dd>
              </dl>
              {r.outsideQueueBecause.length > 0 ? (
                <div className="notice notice--warn">
                  <p>未列入需求队列的原因：</p>
                  <ul>
                    {r.outsideQueueBecause.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                  {r.knockedOut ? <p>受理须由本机构管理员先记录豁免理由；不受理请选择“不予受理”并说明原因。</p> : null}
                </div>
              ) : null}
              {r.declined ? (
                <p>
                  不予受理（{formatDateTime(r.declined.at)}）：{r.declined.text}
                </p>
              ) : null}
              {r.claim ? (
                <p>
                  <Link to={`/bank/claims/${r.claim.id}`}>查看业务</Link>
                </p>
              ) : null}
              {r.state === "in_queue" || r.state === "outside_queue" ? (
                openForm === r.needId ? (
                  <DeclineForm needId={r.needId} errors={result?.fieldErrors ?? {}} submitting={submitting} />
                ) : (
                  <div className="form-actions">
                    <Form method="post">
                      <input type="hidden" name="needId" value={r.needId} />
                      <button type="submit" className="button button--small" disabled={submitting}>
                        受理
                      </button>
                    </Form>
                    <Link to={declineLink(r.needId)} className="button button--small button--secondary" preventScrollReset>
                      不予受理…
                    </Link>
                  </div>
                )
              ) : null}
            </article>
          ))}
        </div>
      )}
      <Pager info={page} />
    </>
  );
}

function DeclineForm({ needId, errors, submitting }: { needId: number; errors: FieldErrors; submitting: boolean }) {
  return (
    <Form method="post" className="form" noValidate aria-label={`不予受理需求 #${needId}`}>
      <input type="hidden" name="intent" value="decline" />
      <input type="hidden" name="needId" value={needId} />
      <SelectField
        name="reason"
        label="不予受理的原因"
        placeholder="请选择"
        options={DECLINE_REASONS.map((r) => ({ value: r, label: DECLINE_REASON_LABELS[r] }))}
        error={errors.reason}
        required
      />
      <TextAreaField
        name="note"
        label="说明（企业可见）"
        hint="企业会在通知和需求进度中看到原因和说明；选择“其他原因”时必须填写"
        error={errors.note}
        rows={3}
        maxLength={300}
      />
      <div className="form-actions">
        <button type="submit" className="button button--danger" disabled={submitting}>
          确认不予受理
        </button>
        <Link to="?">取消</Link>
      </div>
    </Form>
  );
}
