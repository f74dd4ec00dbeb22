import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as v from "valibot";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { GUARANTEE_MODE_LABELS, REJECT_REASONS, type RejectReason } from "~/domain/marketplace";
import { POLICY_BENEFIT_KIND_LABELS } from "~/domain/policies";
import { formatMoney, formatRateBp } from "~/lib/money";
import { CLAIM_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { formatDateTime } from "~/lib/time";
import { enterpriseProductMatches } from "~/services/matching.server";
import { policiesForNeed } from "~/services/policies.server";
import { declineOffer, enterpriseNeedDetail, withdrawNeed } from "~/services/needs.server";
import { PageHeader } from "~/ui/PageHeader";
import { ClaimStatusTag, NeedStatusTag, StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "需求详情 · 苏州市信易贷平台" }];

function needIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这个需求", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const needId = needIdOf(params.needId);
  const need = enterpriseNeedDetail(getDb(), enterpriseIdOf(user), needId, Date.now());
  if (!need) throw new Response("没有这个需求", { status: 404 });
  return {
    need,
    policies: policiesForNeed(getDb(), enterpriseIdOf(user), need.targetProductId, Date.now()),
    matches: need.status === "open" ? (enterpriseProductMatches(getDb(), enterpriseIdOf(user), needId, Date.now()) ?? []) : [],
  };
}

const actionSchema = v.variant("intent", [
  v.object({ intent: v.literal("withdraw") }),
  v.object({ intent: v.literal("decline"), claimId: v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number)) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const needId = needIdOf(params.needId);
  const parsed = v.safeParse(actionSchema, Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ error: "无法识别的操作" }, { status: 400 });
  const outcome =
    parsed.output.intent === "withdraw"
      ? withdrawNeed(getDb(), user, needId, Date.now())
      : declineOffer(getDb(), user, parsed.output.claimId, Date.now());
  if (!outcome.ok) return data(...asError(outcome));
  return { notice: parsed.output.intent === "withdraw" ? "需求已撤回，相关授权已同时撤回" : "已放弃该授信" };
}

export default function NeedDetail() {
  const { need, matches, policies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/sme/needs">← 全部需求</Link>
      </p>
      {params.get("posted") ? (
        <p className="notice notice--ok" role="status">
          已发布。金融机构受理后您会收到消息通知。
        </p>
      ) : null}
      {result && "notice" in result ? (
        <p className="notice notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      {result && "error" in result ? (
        <p className="notice notice--danger" role="alert">
          {result.error}
        </p>
      ) : null}
      <PageHeader
        title={`融资需求 #${need.id}`}
        subtitle={<NeedStatusTag status={need.status} />}
        actions={
          need.status === "open" ? (
            <>
              {need.untouched ? (
                <Link className="button button--secondary" to={`/sme/needs/${need.id}/edit`}>
                  修改
                </Link>
              ) : null}
              <Form method="post" onSubmit={(e) => !window.confirm("撤回后各机构将停止办理，确定撤回？") && e.preventDefault()}>
                <button type="submit" name="intent" value="withdraw" className="button button--danger" disabled={submitting}>
                  撤回需求
                </button>
              </Form>
            </>
          ) : null
        }
      />
      <div className="split">
        <div>
          <section className="panel">
            <h2>需求内容</h2>
            <dl className="terms">
              <dt>金额</dt>
              <dd>{formatMoney(need.amountFen)}</dd>
              <dt>期限</dt>
              <dd>{need.termMonths} 个月</dd>
              <dt>用途</dt>
              <dd>{need.purpose}</dd>
              <dt>担保方式</dt>
              <dd>{need.guaranteeMode ? GUARANTEE_MODE_LABELS[need.guaranteeMode] : "不限"}</dd>
              <dt>可接受最高利率</dt>
              <dd>{need.rateCeilingBp === null ? "未填写" : formatRateBp(need.rateCeilingBp)}</dd>
              <dt>申请产品</dt>
              <dd>{need.targetProductName ? `${need.targetProductName}（${need.targetInstitution}）` : "面向所有机构"}</dd>
              <dt>发布 / 有效期至</dt>
              <dd>
                {formatDateTime(need.postedAt)} / {need.expiresOn}
              </dd>
            </dl>
          </section>
          <section className="panel">
            <h2>办理情况</h2>
            {need.claims.length === 0 ? (
              <p className="muted">{`尚无金融机构受理。金融机构通常在 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日内受理。`}</p>
            ) : (
              <div className="grid">
                {need.claims.map((c) => (
                  <article key={c.id} className="card">
                    <h3>
                      {c.institution} <ClaimStatusTag status={c.status} />
                    </h3>
                    <p>受理于 {formatDateTime(c.claimedAt)}</p>
                    {c.grantedAmountFen !== null ? (
                      <p>
                        授信 {formatMoney(c.grantedAmountFen)}，年利率 {formatRateBp(c.grantedRateBp!)}，{c.grantedTermMonths} 个月，
                        {GUARANTEE_MODE_LABELS[c.grantedGuaranteeMode!]}
                        {c.productName ? `（${c.productName}）` : ""}
                      </p>
                    ) : null}
                    {c.status === "rejected" ? (
                      <p>
                        原因：{REJECT_REASONS[c.rejectReasonCode as RejectReason] ?? "其他原因"}
                        {c.rejectNote ? `，${c.rejectNote}` : ""}
                      </p>
                    ) : null}
                    {c.status === "granted" ? (
                      <Form method="post" onSubmit={(e) => !window.confirm(`确定放弃${c.institution}的授信？`) && e.preventDefault()}>
                        <input type="hidden" name="claimId" value={c.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="decline"
                          className="button button--secondary button--small"
                          disabled={submitting}
                        >
                          放弃该授信
                        </button>
                      </Form>
                    ) : null}
                  </article>
                ))}
              </div>
            )}
          </section>
          {need.status === "open" ? (
            <section className="panel" aria-label="适合的产品">
              <h2>适合的产品</h2>
              <p className="muted">
                按产品准入条件逐项核对；符合条件的按匹配程度排在前面。<Link to="/sme/score">查看本企业信用评分</Link>
              </p>
              {matches.length === 0 ? (
                <p className="empty">金融超市暂无在架产品。</p>
              ) : (
                <div className="grid">
                  {matches.slice(0, 12).map((m) => (
                    <article key={m.productId} className="card">
                      <p className="muted">{m.institution}</p>
                      <h3>
                        <Link to={`/products/${m.productId}`}>{m.productName}</Link>{" "}
                        {m.eligible ? <StatusTag tone="ok">符合条件</StatusTag> : <StatusTag tone="neutral">暂不符合</StatusTag>}
                      </h3>
                      <ul className="checks">
                        {m.checks.map((c) => (
                          <li key={c.key} className={c.ok ? undefined : "fail"}>
                            {c.text}
                          </li>
                        ))}
                      </ul>
                    </article>
                  ))}
                </div>
              )}
            </section>
          ) : null}
        </div>
        {policies.length > 0 ? (
          <section className="panel" aria-label="可享政策">
            <h2>这笔贷款可享的政策</h2>
            <ul>
              {policies.map((p) => (
                <li key={p.id}>
                  <Link to={`/sme/policies/${p.id}`}>{p.title}</Link>（{POLICY_BENEFIT_KIND_LABELS[p.benefitKind]}，有效期至 {p.validTo}）
                  {p.appliesToProduct === null ? (
                    <span className="muted">：限所属产品带有“{p.productTags?.join("”或“")}”标签的贷款</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section className="panel" aria-label="进度">
          <h2>进度</h2>
          <ol className="timeline">
            {need.timeline.map((e, i) => (
              <li key={i}>
                <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
                {e.institution ? <strong>{e.institution} </strong> : null}
                {e.text}
              </li>
            ))}
          </ol>
          <p className="muted" style={{ marginTop: "var(--sp-4)" }}>
            本需求的信用信息查询授权至有效期 {need.expiresOn} 后 90 天，撤回需求时同时撤回。
          </p>
        </section>
      </div>
    </>
  );
}
