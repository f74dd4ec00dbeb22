import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as v from "valibot";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ENTERPRISE_SIZE_LABELS } from "~/domain/accounts";
import { GUARANTEE_MODE_LABELS, GUARANTEE_MODES } from "~/domain/marketplace";
import { CREDIT_GRADES } from "~/domain/scoring";
import { formatMoney, formatRateBp } from "~/lib/money";
import { DISTRICT_OPTIONS, INDUSTRY_OPTIONS } from "~/lib/options";
import { pageFromParam } from "~/lib/pagination";
import { industryName } from "~/lib/reference";
import { lenientQuery, queueFilterOf, queueQuerySchema } from "~/lib/validation/queries";
import { CLAIM_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { formatDateTime } from "~/lib/time";
import { claimNeed } from "~/services/claims.server";
import { officerQueue } from "~/services/queue.server";
import { recordOverride } from "~/services/interception.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { overrideSchema } from "~/lib/validation/interception";
import { DataTable } from "~/ui/DataTable";
import { DeadlineText } from "~/ui/Deadline";
import { SelectField, TextField } from "~/ui/Field";
import { OverrideForm } from "~/ui/OverrideForm";
import { ActionNotices } from "~/ui/ActionNotices";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { GradeTag, StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "需求队列 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const params = new URL(request.url).searchParams;
  const { values, output, invalid } = lenientQuery(queueQuerySchema, params);
  const now = Date.now();
  const queue = officerQueue(getDb(), institutionIdOf(user), { ...queueFilterOf(output), page: pageFromParam(params.get("page")) }, now);
  const exportParams = new URLSearchParams(params);
  exportParams.delete("page");
  exportParams.delete("view");
  return {
    ...queue,
    values,
    view: output.view ?? "cards",
    exportQuery: exportParams.toString(),
    invalidFilter: invalid,
    now,
    canOverride: user.role === "bank_admin",
  };
}

type ActionData = { error?: string; notice?: string; fieldErrors?: FieldErrors; interceptedNeedId?: number };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const form = await readFormData(request);
  const parsed = v.safeParse(v.object({ needId: v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number)) }), {
    needId: form.get("needId"),
  });
  if (!parsed.success) return data<ActionData>({ error: "无法识别的需求" }, { status: 400 });
  const needId = parsed.output.needId;
  if (form.get("intent") === "override") {
    // Only the institution's admin may override; the service refuses anyone else (403).
    const input = parseForm(overrideSchema, form);
    if (!input.ok) return data<ActionData>({ fieldErrors: input.fieldErrors, interceptedNeedId: needId }, { status: 400 });
    const recorded = recordOverride(getDb(), user, needId, input.data, Date.now());
    if (!recorded.ok) return data<ActionData>(...asError(recorded));
    return data<ActionData>({ notice: `已记录需求 #${needId} 的豁免，本机构可以受理该需求`, interceptedNeedId: needId });
  }
  const outcome = claimNeed(getDb(), user, needId, Date.now());
  if (!outcome.ok) {
    return data<ActionData>(
      { error: outcome.message, interceptedNeedId: outcome.code === "intercepted" ? needId : undefined },
      { status: outcome.status },
    );
  }
  throw redirect(`/bank/claims/${outcome.claimId}?claimed=1`);
}

export default function Applicants() {
  const { rows, page, values, view, exportQuery, invalidFilter, now, canOverride } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <PageHeader
        title="需求队列"
        subtitle={`本机构产品可服务的融资需求：先按产品准入条件筛选（有否决项的企业不列入），再按综合匹配度排序，每 50 条一页。请在发布后 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日内受理。`}
      />
      <ActionNotices notice={result?.notice} error={result?.error} />
      {result?.interceptedNeedId !== undefined ? (
        <InterceptedNeed
          needId={result.interceptedNeedId}
          canOverride={canOverride}
          overridden={Boolean(result.notice)}
          error={result.fieldErrors?.reason}
          submitting={submitting}
        />
      ) : null}
      {invalidFilter ? <p className="notice notice--warn">部分筛选条件格式不正确，已忽略。</p> : null}
      <Form method="get" className="panel filters" aria-label="筛选需求">
        <SelectField name="district" label="区县" placeholder="全部" options={DISTRICT_OPTIONS} defaultValue={values.district} />
        <SelectField name="industry" label="行业" placeholder="全部" options={INDUSTRY_OPTIONS} defaultValue={values.industry} />
        <SelectField
          name="guarantee"
          label="担保方式"
          placeholder="不限"
          options={GUARANTEE_MODES.map((m) => ({ value: m, label: GUARANTEE_MODE_LABELS[m] }))}
          defaultValue={values.guarantee}
        />
        <TextField name="min" label="金额不低于（万元）" inputMode="decimal" defaultValue={values.min} />
        <TextField name="max" label="金额不高于（万元）" inputMode="decimal" defaultValue={values.max} />
        <SelectField
          name="grade"
          label="信用等级不低于"
          placeholder="不限"
          options={CREDIT_GRADES.map((g) => ({ value: g, label: `${g} 级` }))}
          defaultValue={values.grade}
        />
        {values.enterprise ? <input type="hidden" name="enterprise" value={values.enterprise} /> : null}
        {view === "table" ? <input type="hidden" name="view" value="table" /> : null}
        <SelectField
          name="only"
          label="范围"
          placeholder="全部需求"
          options={[{ value: "applications", label: "仅本机构产品申请" }]}
          defaultValue={values.only}
        />
        <SelectField
          name="sort"
          label="排序"
          options={[
            { value: "fit", label: "综合匹配度" },
            { value: "score", label: "信用评分从高到低" },
            { value: "oldest", label: "等待最久优先" },
            { value: "newest", label: "最新发布优先" },
            { value: "amount", label: "金额从大到小" },
          ]}
          defaultValue={values.sort ?? "fit"}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            筛选
          </button>
          <Link to={view === "table" ? "/bank/applicants?view=table" : "/bank/applicants"}>清除</Link>
        </div>
      </Form>
      <div className="form-actions queue-tools">
        <nav className="view-toggle" aria-label="显示方式">
          <Link to={`?${withParam(params, "view", null)}`} aria-current={view === "cards" ? "page" : undefined}>
            卡片
          </Link>
          <Link to={`?${withParam(params, "view", "table")}`} aria-current={view === "table" ? "page" : undefined}>
            紧凑表格
          </Link>
        </nav>
        <a className="button button--secondary button--small" href={`/bank/applicants.csv${exportQuery ? `?${exportQuery}` : ""}`} download>
          导出 CSV（{page.total.toLocaleString("zh-CN")} 条）
        </a>
      </div>
      {rows.length === 0 ? (
        <p className="empty panel">没有待受理的需求。</p>
      ) : view === "table" ? (
        <section className="panel">
          <DataTable
            caption="需求队列（紧凑表格）"
            rows={rows}
            rowKey={(r) => r.needId}
            columns={[
              {
                key: "need",
                header: "需求",
                cell: (r) => (
                  <span>
                    #{r.needId}
                    {r.appliedProduct ? (
                      <>
                        {" "}
                        <StatusTag tone="warn">{`申请：${r.appliedProduct.name}`}</StatusTag>
                      </>
                    ) : null}
                  </span>
                ),
              },
              {
                key: "enterprise",
                header: "企业",
                cell: (r) => <Link to={`/bank/enterprises/${r.enterprise.id}`}>{r.enterprise.name}</Link>,
              },
              {
                key: "credit",
                header: "评分 / 等级",
                cell: (r) =>
                  r.credit ? (
                    <span>
                      {r.credit.score} <GradeTag grade={r.credit.grade} />
                    </span>
                  ) : (
                    "尚未评分"
                  ),
              },
              { key: "fit", header: "匹配度", numeric: true, cell: (r) => r.fitScore },
              { key: "amount", header: "金额 / 期限", numeric: true, cell: (r) => `${formatMoney(r.amountFen)} / ${r.termMonths} 个月` },
              { key: "guarantee", header: "担保", cell: (r) => (r.guaranteeMode ? GUARANTEE_MODE_LABELS[r.guaranteeMode] : "不限") },
              {
                key: "where",
                header: "区县 · 行业",
                cell: (r) => `${r.enterprise.district} · ${industryName(r.enterprise.industrySection)}`,
              },
              {
                key: "due",
                header: "受理期限",
                cell: (r) => (
                  <span>
                    <DeadlineText at={r.claimDueAt} provisional={r.claimDueProvisional} />
                    {r.claimDueAt < now && !r.claimDueProvisional ? (
                      <>
                        {" "}
                        <StatusTag tone="danger">已超期</StatusTag>
                      </>
                    ) : null}
                  </span>
                ),
              },
              {
                key: "claim",
                header: "操作",
                cell: (r) => (
                  <Form method="post">
                    <input type="hidden" name="needId" value={r.needId} />
                    <button type="submit" className="button button--small" disabled={submitting} aria-label={`受理需求 #${r.needId}`}>
                      受理
                    </button>
                  </Form>
                ),
              },
            ]}
          />
        </section>
      ) : (
        <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 360px), 1fr))" }}>
          {rows.map((r) => (
            <article key={r.needId} className="card">
              <p className="form-actions" style={{ justifyContent: "space-between" }}>
                <span className="muted">需求 #{r.needId}</span>
                {r.appliedProduct ? (
                  <StatusTag tone="warn">{`申请：${r.appliedProduct.name}`}</StatusTag>
                ) : r.claimedBy > 0 ? (
                  <StatusTag tone="neutral">{`已有 ${r.claimedBy} 家受理`}</StatusTag>
                ) : null}
                {r.claimDueAt < now && !r.claimDueProvisional ? (
                  <StatusTag tone="danger">{`已超 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日`}</StatusTag>
                ) : null}
              </p>
              <h3>
                <Link to={`/bank/enterprises/${r.enterprise.id}`}>{r.enterprise.name}</Link>
              </h3>
              <p>
                {r.credit ? (
                  <>
                    信用评分 <strong>{r.credit.score}</strong> <GradeTag grade={r.credit.grade} />
                  </>
                ) : (
                  <StatusTag tone="neutral">尚未评分</StatusTag>
                )}{" "}
                · 综合匹配度 <strong>{r.fitScore}</strong>
              </p>
              <ul className="muted">
                {r.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
              <p>
                {r.enterprise.district} · {industryName(r.enterprise.industrySection)} ·{" "}
                {ENTERPRISE_SIZE_LABELS[r.enterprise.size as keyof typeof ENTERPRISE_SIZE_LABELS]} · 经营 {r.enterprise.years} 年
              </p>
              <dl className="terms">
                <dt>金额 / 期限</dt>
                <dd>
                  {formatMoney(r.amountFen)} / {r.termMonths} 个月
                </dd>
                <dt>用途</dt>
                <dd>{r.purpose}</dd>
                <dt>担保 / 利率上限</dt>
                <dd>
                  {r.guaranteeMode ? GUARANTEE_MODE_LABELS[r.guaranteeMode] : "不限"} /{" "}
                  {r.rateCeilingBp === null ? "未填" : formatRateBp(r.rateCeilingBp)}
                </dd>
                <dt>发布</dt>
                <dd>
                  {formatDateTime(r.postedAt)}（受理期限 <DeadlineText at={r.claimDueAt} provisional={r.claimDueProvisional} />）
                </dd>
              </dl>
              <details>
                <summary>适配产品：{r.fits.map((f) => f.productName).join("、")}</summary>
                {r.fits.map((f) => (
                  <div key={f.productId}>
                    <strong>{f.productName}</strong>
                    <ul className="checks">
                      {f.checks.map((c) => (
                        <li key={c.key} className={c.ok ? undefined : "fail"}>
                          {c.text}
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </details>
              <Form method="post">
                <input type="hidden" name="needId" value={r.needId} />
                <button type="submit" className="button button--small" disabled={submitting}>
                  受理
                </button>
              </Form>
            </article>
          ))}
        </div>
      )}
      <Pager info={page} />
    </>
  );
}

/** The query string with one parameter set (or removed), back to the first page. */
function withParam(params: URLSearchParams, key: string, value: string | null): string {
  const next = new URLSearchParams(params);
  next.delete("page");
  if (value === null) next.delete(key);
  else next.set(key, value);
  return next.toString();
}

/** After a claim was intercepted: the admin may record an override and claim again; an officer is told to ask the admin. */
function InterceptedNeed({
  needId,
  canOverride,
  overridden,
  error,
  submitting,
}: {
  needId: number;
  canOverride: boolean;
  overridden: boolean;
  error?: string;
  submitting: boolean;
}) {
  if (overridden) {
    return (
      <Form method="post" className="panel form-actions">
        <input type="hidden" name="needId" value={needId} />
        <button type="submit" className="button" disabled={submitting}>
          受理需求 #{needId}
        </button>
      </Form>
    );
  }
  if (!canOverride) return <p className="notice notice--warn">需由本机构管理员记录豁免理由后才能受理需求 #{needId}。</p>;
  return (
    <OverrideForm
      needId={needId}
      label={`需求 #${needId} 的豁免理由`}
      goal="受理"
      error={error}
      submitting={submitting}
      className="panel form"
    />
  );
}
