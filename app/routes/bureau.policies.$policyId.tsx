import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { POLICY_BENEFIT_KIND_LABELS, targetingSummary } from "~/domain/policies";
import { asError } from "~/http/refusals.server";
import { readFormData } from "~/http/forms.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { formatDateTime } from "~/lib/time";
import { policySchema } from "~/lib/validation/policies";
import { policyForBureau, publishPolicy, targetingOf, updatePolicy, withdrawPolicy } from "~/services/policies.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { PageHeader } from "~/ui/PageHeader";
import { PolicyForm, policyFormValues } from "~/ui/PolicyForm";
import { PolicyStatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "政策 · 苏州市信易贷平台" }];

function policyIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这项政策", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const found = policyForBureau(getDb(), policyIdOf(params.policyId));
  if (!found) throw new Response("没有这项政策", { status: 404 });
  return { ...found, targeting: targetingSummary(targetingOf(found.policy)) };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };
const intentSchema = v.picklist(["save", "publish", "withdraw"], "未知操作");

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const policyId = policyIdOf(params.policyId);
  const form = await readFormData(request);
  const intent = v.safeParse(intentSchema, form.get("intent"));
  if (!intent.success) return data<ActionData>({ error: "未知操作" }, { status: 400 });
  const now = Date.now();
  if (intent.output === "save") {
    const parsed = parseForm(policySchema, form);
    if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
    const saved = updatePolicy(getDb(), user, policyId, parsed.data, now);
    return saved.ok ? data<ActionData>({ notice: "已保存草稿" }) : data<ActionData>(...asError(saved));
  }
  if (intent.output === "publish") {
    const published = publishPolicy(getDb(), user, policyId, now);
    return published.ok
      ? data<ActionData>({ notice: `已发布，已通知符合条件的企业 ${published.notified.toLocaleString("en-US")} 家` })
      : data<ActionData>(...asError(published));
  }
  const withdrawn = withdrawPolicy(getDb(), user, policyId, now);
  return withdrawn.ok ? data<ActionData>({ notice: "已撤回，企业不再看到该政策" }) : data<ActionData>(...asError(withdrawn));
}

export default function PolicyPage() {
  const { policy, notified, read, qualifyingNow, targeting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const readRate = notified === 0 ? "—" : `${((read / notified) * 100).toFixed(1)}%`;
  return (
    <>
      <p>
        <Link to="/bureau/policies">← 政策直达</Link>
      </p>
      <PageHeader
        title={policy.title}
        subtitle={`${policy.issuer} · ${POLICY_BENEFIT_KIND_LABELS[policy.benefitKind]} · 有效期 ${policy.validFrom} 至 ${policy.validTo}`}
      />
      <ActionNotices notice={result?.notice} error={result?.error} />
      <section className="grid headlines" aria-label="触达情况">
        <div className="card">
          <p>状态</p>
          <p>
            <PolicyStatusTag status={policy.status} />
          </p>
          <p className="muted">{policy.publishedAt ? `发布于 ${formatDateTime(policy.publishedAt)}` : "尚未发布"}</p>
        </div>
        <div className="card">
          <p>已通知企业</p>
          <span className="stat">
            {notified.toLocaleString("en-US")}
            <small> 家</small>
          </span>
        </div>
        <div className="card">
          <p>已阅读</p>
          <span className="stat">
            {read.toLocaleString("en-US")}
            <small> 家（{readRate}）</small>
          </span>
        </div>
        <div className="card">
          <p>当前符合条件</p>
          <span className="stat">
            {qualifyingNow.toLocaleString("en-US")}
            <small> 家</small>
          </span>
        </div>
      </section>
      <section className="panel">
        <h2>适用对象</h2>
        <ul>
          {targeting.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h2>政策内容</h2>
        <p className="prewrap">{policy.body}</p>
      </section>
      {policy.status === "draft" ? (
        <>
          <section className="panel">
            <h2>发布</h2>
            <p>{`发布后，当前符合条件的 ${qualifyingNow.toLocaleString("en-US")} 家企业将各收到一条通知，并在“可享政策”中看到本政策；不符合条件的企业看不到。`}</p>
            <Form method="post" className="form-actions">
              <button type="submit" name="intent" value="publish" disabled={submitting}>
                发布并通知企业
              </button>
              <button type="submit" name="intent" value="withdraw" className="button button--secondary" disabled={submitting}>
                作废草稿
              </button>
            </Form>
          </section>
          <section className="panel">
            <h2>修改草稿</h2>
            <PolicyForm
              intent="save"
              values={result?.values ?? policyFormValues(policy)}
              errors={result?.fieldErrors ?? {}}
              submitting={submitting}
              submitLabel="保存草稿"
            />
          </section>
        </>
      ) : policy.status === "published" ? (
        <section className="panel">
          <h2>撤回</h2>
          <p>撤回后企业不再看到本政策，已发出的通知与触达记录保留。</p>
          <Form method="post">
            <button type="submit" name="intent" value="withdraw" className="button button--secondary" disabled={submitting}>
              撤回政策
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
