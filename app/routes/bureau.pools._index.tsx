import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { leverageText, POOL_SPONSOR_CITY } from "~/domain/risk-pools";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { formatMoney, formatRateBp } from "~/lib/money";
import { CITY, DISTRICTS } from "~/lib/reference";
import { dateOf } from "~/lib/time";
import { poolSchema } from "~/lib/validation/risk-pools";
import { readFormData } from "~/http/forms.server";
import { listPools, type PoolSummary } from "~/services/risk-pool-views.server";
import { createPool } from "~/services/risk-pools.server";
import { DataTable } from "~/ui/DataTable";
import { FormError, SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "风险补偿资金池 · 苏州市信易贷平台" }];

const SPONSOR_OPTIONS = [
  { value: POOL_SPONSOR_CITY, label: `${CITY.name}（全市企业）` },
  ...DISTRICTS.map((d) => ({ value: d.code, label: `${d.name}（仅本区县企业）` })),
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  return { pools: listPools(getDb()) };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; error?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const form = await readFormData(request);
  const parsed = parseForm(poolSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = createPool(getDb(), user, parsed.data, Date.now());
  if (!outcome.ok) {
    return data<ActionData>(
      formFailure(outcome.field ? { [outcome.field]: outcome.message } : { _form: outcome.message }, form, poolSchema),
      {
        status: outcome.status,
      },
    );
  }
  return redirect(`/bureau/pools/${outcome.poolId}`);
}

export default function Pools() {
  const { pools } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const values = result?.values ?? {};
  return (
    <>
      <PageHeader title="风险补偿资金池" subtitle="资金池余额为出资、代偿支出与回收返还的流水合计；在保余额不超过余额 × 放大倍数" />
      <section className="panel">
        <DataTable<PoolSummary>
          caption="风险补偿资金池"
          rows={pools}
          rowKey={(p) => p.id}
          empty="还没有设立资金池"
          columns={[
            { key: "name", header: "资金池", cell: (p) => <Link to={`/bureau/pools/${p.id}`}>{p.name}</Link> },
            { key: "sponsor", header: "覆盖范围", cell: (p) => p.sponsor },
            { key: "balance", header: "余额", numeric: true, cell: (p) => formatMoney(p.balanceFen) },
            { key: "covered", header: "在保余额", numeric: true, cell: (p) => `${formatMoney(p.coveredFen)}（${p.coveredCount} 笔）` },
            { key: "leverage", header: "放大倍数", numeric: true, cell: (p) => leverageText(p.leverage, p.leverageLimit) },
            { key: "room", header: "剩余可入池额度", numeric: true, cell: (p) => formatMoney(p.roomFen) },
            { key: "share", header: "代偿比例", numeric: true, cell: (p) => formatRateBp(p.lossShareBp) },
            { key: "created", header: "设立日期", cell: (p) => dateOf(p.createdAt) },
            {
              key: "active",
              header: "状态",
              cell: (p) => (p.active ? <StatusTag tone="ok">接受入池</StatusTag> : <StatusTag tone="neutral">停止入池</StatusTag>),
            },
          ]}
        />
      </section>
      <section className="panel">
        <h2>设立资金池</h2>
        <Form method="post" className="form form--wide" noValidate>
          <FormError message={errors._form} />
          <div className="form-row">
            <TextField name="name" label="资金池名称" defaultValue={values.name} error={errors.name} maxLength={60} required />
            <SelectField
              name="sponsor"
              label="出资方 / 覆盖范围"
              options={SPONSOR_OPTIONS}
              placeholder="请选择"
              defaultValue={values.sponsor}
              error={errors.sponsor}
              hint="区县资金池只覆盖注册在该区县的企业"
              required
            />
          </div>
          <div className="form-row">
            <TextField
              name="capital"
              label="出资金额（万元）"
              inputMode="decimal"
              defaultValue={values.capital}
              error={errors.capital}
              required
            />
            <TextField
              name="lossShare"
              label="代偿比例（%）"
              inputMode="decimal"
              defaultValue={values.lossShare ?? "50"}
              error={errors.lossShare}
              hint="资金池承担损失的比例，其余由银行承担"
              required
            />
            <TextField
              name="leverageLimit"
              label="放大倍数上限（倍）"
              inputMode="numeric"
              defaultValue={values.leverageLimit ?? "10"}
              error={errors.leverageLimit}
              hint="在保余额不超过资金池余额的倍数"
              required
            />
          </div>
          <div className="form-row">
            <TextField
              name="capPerLoan"
              label="单笔代偿上限（万元）"
              inputMode="decimal"
              defaultValue={values.capPerLoan}
              error={errors.capPerLoan}
              required
            />
            <TextField
              name="capPerYear"
              label="年度代偿上限（万元）"
              inputMode="decimal"
              defaultValue={values.capPerYear}
              error={errors.capPerYear}
              hint="每个自然年内代偿合计"
              required
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              设立资金池
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
