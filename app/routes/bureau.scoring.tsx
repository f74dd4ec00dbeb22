import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { formatDateTime } from "~/lib/time";
import { scoringActionSchema } from "~/lib/validation/scoring";
import { activateModel, BAD_DEFINITION, calibrateFromLoans } from "~/services/calibration.server";
import { listModels } from "~/services/scoring.server";
import { DataTable } from "~/ui/DataTable";
import { FormError, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "评分模型 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  return { models: listModels(getDb(), Date.now()), badDefinition: BAD_DEFINITION };
}

type ActionData = { fieldErrors?: FieldErrors; notice?: string; version?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const form = await readFormData(request);
  const parsed = parseForm(scoringActionSchema, form);
  const version = String(form.get("version") ?? "");
  if (!parsed.ok) return data<ActionData>({ fieldErrors: parsed.fieldErrors, version }, { status: 400 });
  const db = getDb();
  if (parsed.data.intent === "calibrate") {
    const outcome = calibrateFromLoans(db, user.id, Date.now());
    if (!outcome.ok) return data<ActionData>({ fieldErrors: { _form: outcome.message } }, { status: outcome.status });
    return data<ActionData>({ notice: `已生成新版本 ${outcome.version}（未启用）。请对比留出样本上的 AUC 与 KS 后决定是否启用。` });
  }
  const outcome = activateModel(db, user.id, parsed.data.version, parsed.data.reason, Date.now());
  if (!outcome.ok) return data<ActionData>({ fieldErrors: { reason: outcome.message }, version }, { status: outcome.status });
  return data<ActionData>({ notice: `已启用 ${parsed.data.version}，并重新评分 ${outcome.rescored.scored} 家企业` });
}

const figure = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(3));

export default function BureauScoring() {
  const { models, badDefinition } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const latest = [...models].reverse().find((m) => m.kind === "calibrated");
  return (
    <>
      <PageHeader title="评分模型" subtitle="用本平台的贷款结果校准评分卡，在留出样本上对比新旧版本，明确启用后才会生效。" />
      {result?.notice ? (
        <p className="notice notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      <FormError message={errors._form} />
      <section className="panel">
        <h2>校准</h2>
        <p>{badDefinition}</p>
        <p className="muted">
          方法：在专家评分卡的分箱上计算 WoE，L2 正则逻辑回归拟合权重，按企业编号哈希留出约 30% 的样本计算 AUC 与
          KS。留出样本中坏样本较少时，AUC 与 KS 波动较大，启用前请结合坏样本数判断。详见 <Link to="/credit/method">评分方法</Link>。
        </p>
        <Form method="post">
          <button type="submit" name="intent" value="calibrate" className="button" disabled={submitting}>
            从贷款结果校准新版本
          </button>
        </Form>
      </section>
      <section className="panel">
        <h2>版本对比（留出样本）</h2>
        <DataTable
          caption="评分卡版本"
          rows={models}
          rowKey={(m) => m.version}
          columns={[
            {
              key: "version",
              header: "版本",
              cell: (m) => (
                <>
                  {m.version} {m.active ? <StatusTag tone="ok">使用中</StatusTag> : <StatusTag tone="neutral">未启用</StatusTag>}
                </>
              ),
            },
            { key: "name", header: "名称", cell: (m) => m.name },
            {
              key: "auc",
              header: "AUC（本版本 / 对比版本）",
              cell: (m) =>
                m.metrics.holdout
                  ? `${figure(m.metrics.holdout.auc)} / ${figure(m.metrics.holdout.baseAuc)}（${m.metrics.holdout.baseVersion}）`
                  : "—",
            },
            {
              key: "ks",
              header: "KS（本版本 / 对比版本）",
              cell: (m) => (m.metrics.holdout ? `${figure(m.metrics.holdout.ks)} / ${figure(m.metrics.holdout.baseKs)}` : "—"),
            },
            {
              key: "size",
              header: "训练 / 留出样本",
              cell: (m) =>
                m.metrics.holdout
                  ? `${m.metrics.trainSize} / ${m.metrics.holdout.size}（训练集坏样本率 ${((m.metrics.trainBadRate ?? 0) * 100).toFixed(1)}%${m.metrics.holdout.bads === undefined ? "" : `，留出样本中坏 ${m.metrics.holdout.bads} 笔`}）`
                  : "—",
            },
            {
              key: "activated",
              header: "最近启用",
              cell: (m) => (m.activatedAt ? `${formatDateTime(m.activatedAt)}：${m.activationReason ?? ""}` : "从未启用"),
            },
            {
              key: "activate",
              header: "启用",
              cell: (m) =>
                m.active ? (
                  "—"
                ) : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="version" value={m.version} />
                    <TextField
                      name="reason"
                      id={`reason-${m.version}`}
                      label="启用原因"
                      error={result?.version === m.version ? errors.reason : undefined}
                    />
                    <button type="submit" name="intent" value="activate" className="button button--small" disabled={submitting}>
                      启用此版本
                    </button>
                  </Form>
                ),
            },
          ]}
        />
      </section>
      {latest?.metrics.iv ? (
        <section className="panel">
          <h2>{latest.version} 各评分项的信息值（IV）与权重</h2>
          <DataTable
            caption="信息值"
            rows={latest.metrics.iv}
            rowKey={(f) => f.key}
            columns={[
              { key: "label", header: "评分项", cell: (f) => f.label },
              { key: "iv", header: "IV", numeric: true, cell: (f) => f.iv.toFixed(3) },
              { key: "weight", header: "权重", numeric: true, cell: (f) => f.weight.toFixed(3) },
              { key: "dropped", header: "", cell: (f) => (f.dropped ? "方向不符，已剔除" : "") },
            ]}
          />
        </section>
      ) : null}
    </>
  );
}
