import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { formatRateBp } from "~/lib/money";
import { dateOf, formatDateTime } from "~/lib/time";
import { lprSchema } from "~/lib/validation/calendar";
import { lprHistory, lprInEffect, recordLpr, type LprRow } from "~/services/lpr.server";
import { DataTable } from "~/ui/DataTable";
import { FormError, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";
import { asFieldErrors } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "LPR 报价 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = getDb();
  const now = Date.now();
  const lpr = lprInEffect(db, now);
  return { history: lprHistory(db, now), inEffect: lpr, today: dateOf(now) };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await readFormData(request);
  const now = Date.now();
  const schema = lprSchema(dateOf(now));
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = recordLpr(getDb(), user, parsed.data, now);
  if (!outcome.ok) return data<ActionData>(...asFieldErrors(outcome, form, schema));
  const lpr = lprInEffect(getDb(), now);
  return data<ActionData>({
    notice: `已录入 ${parsed.data.effectiveOn} 的报价。现行一年期 LPR ${formatRateBp(lpr.oneYearBp)}，利率上限 ${formatRateBp(lpr.ceilingBp)}，产品、需求和授信的利率校验即时按此执行。`,
  });
}

export default function LprPage() {
  const { history, inEffect, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <PageHeader
        title="LPR 报价"
        subtitle="全国银行间同业拆借中心每月20日公布贷款市场报价利率（LPR）。利率上限为一年期 LPR 的4倍，用于产品、融资需求和授信的利率校验。"
      />
      {result?.notice ? (
        <p className="notice notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      <section className="grid" aria-label="现行报价" style={{ marginBottom: "var(--sp-5)" }}>
        <div className="card">
          <p>一年期 LPR（{inEffect.effectiveOn} 起）</p>
          <span className="stat">{formatRateBp(inEffect.oneYearBp)}</span>
        </div>
        <div className="card">
          <p>五年期以上 LPR</p>
          <span className="stat">{inEffect.fiveYearBp === null ? "—" : formatRateBp(inEffect.fiveYearBp)}</span>
        </div>
        <div className="card">
          <p>利率上限（4倍）</p>
          <span className="stat">{formatRateBp(inEffect.ceilingBp)}</span>
        </div>
      </section>
      <section className="panel">
        <h2>录入新报价</h2>
        <Form method="post" className="form" noValidate key={result?.notice}>
          <FormError message={errors._form} />
          <div className="form-row">
            <TextField
              name="effectiveOn"
              label="生效日期"
              type="date"
              max={today}
              defaultValue={result?.values?.effectiveOn}
              error={errors.effectiveOn}
              hint="报价公布日，通常为每月20日（遇节假日顺延）"
              required
            />
            <TextField
              name="oneYear"
              label="一年期 LPR（%）"
              inputMode="decimal"
              defaultValue={result?.values?.oneYear}
              error={errors.oneYear}
              hint="如 3.00"
              required
            />
            <TextField
              name="fiveYear"
              label="五年期以上 LPR（%，选填）"
              inputMode="decimal"
              defaultValue={result?.values?.fiveYear}
              error={errors.fiveYear}
            />
          </div>
          <TextField name="note" label="说明（更正已录入日期时必填）" defaultValue={result?.values?.note} error={errors.note} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              录入
            </button>
          </div>
        </Form>
      </section>
      <section className="panel">
        <DataTable<LprRow>
          caption="历次报价"
          rows={history}
          rowKey={(r) => r.id}
          columns={[
            { key: "effective", header: "生效日期", cell: (r) => r.effectiveOn },
            { key: "one", header: "一年期", numeric: true, cell: (r) => formatRateBp(r.oneYearBp) },
            { key: "five", header: "五年期以上", numeric: true, cell: (r) => (r.fiveYearBp === null ? "—" : formatRateBp(r.fiveYearBp)) },
            {
              key: "state",
              header: "状态",
              cell: (r) =>
                r.inEffect ? (
                  <StatusTag tone="ok">现行</StatusTag>
                ) : r.corrected ? (
                  <StatusTag tone="neutral">已被更正</StatusTag>
                ) : (
                  <StatusTag tone="neutral">历史</StatusTag>
                ),
            },
            { key: "entered", header: "录入", cell: (r) => `${r.enteredBy ?? "系统迁移"} · ${formatDateTime(r.enteredAt)}` },
            { key: "note", header: "说明", cell: (r) => r.note ?? "" },
          ]}
        />
      </section>
    </>
  );
}
