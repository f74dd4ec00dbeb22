import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatMoney, formatRateBp } from "~/lib/money";
import { dateOf } from "~/lib/time";
import { coverRequestSchema } from "~/lib/validation/risk-pools";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";
import { pageFromParam } from "~/lib/pagination";
import { bankPoolsView, type PoolSummary } from "~/services/risk-pool-views.server";
import { requestPoolCover, withdrawPoolCover } from "~/services/risk-pools.server";
import { ActionNotices } from "~/ui/ActionNotices";
import { DataTable } from "~/ui/DataTable";
import { Pager } from "~/ui/Pager";
import { PageHeader } from "~/ui/PageHeader";
import { EnrolmentTable, PoolProductStatusTag } from "~/ui/RiskPools";
import { StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "风险补偿 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  return bankPoolsView(getDb(), institutionIdOf(user), pageFromParam(new URL(request.url).searchParams.get("page")));
}

const withdrawSchema = v.object({ poolProductId: v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number)) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const form = Object.fromEntries(await readFormData(request));
  const now = Date.now();
  if (form.intent === "request") {
    const parsed = v.safeParse(coverRequestSchema, form);
    if (!parsed.success) return data({ error: "请选择要申请纳入的产品" }, { status: 400 });
    const outcome = requestPoolCover(getDb(), user, parsed.output.productId, parsed.output.poolId, now);
    if (!outcome.ok) return data(...asError(outcome));
    return { notice: "已提交申请，待金融管理部门审核；审核通过后发放的贷款在资金池额度内自动入池" };
  }
  if (form.intent === "withdraw") {
    const parsed = v.safeParse(withdrawSchema, form);
    if (!parsed.success) return data({ error: "无法识别的操作" }, { status: 400 });
    const outcome = withdrawPoolCover(getDb(), user, parsed.output.poolProductId, now);
    if (!outcome.ok) return data(...asError(outcome));
    return { notice: "产品已退出该资金池；已入池的贷款继续在保" };
  }
  return data({ error: "无法识别的操作" }, { status: 400 });
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** Asks for a product's cover by one pool; products already asked in or covered by it are not offered again. */
function CoverRequestForm({ poolId, products, requests }: { poolId: number; products: Loaded["products"]; requests: Loaded["requests"] }) {
  const submitting = useNavigation().state === "submitting";
  if (products.length === 0) return <span className="muted">本机构还没有产品</span>;
  const live = new Set(
    requests.filter((r) => r.poolId === poolId && (r.status === "requested" || r.status === "approved")).map((r) => r.productId),
  );
  const choices = products.filter((product) => !live.has(product.id));
  if (choices.length === 0) return <span className="muted">本机构产品均已申请</span>;
  return (
    <Form method="post" className="form-actions">
      <input type="hidden" name="intent" value="request" />
      <input type="hidden" name="poolId" value={poolId} />
      <label htmlFor={`product-${poolId}`} className="visually-hidden">
        产品
      </label>
      <select id={`product-${poolId}`} name="productId">
        {choices.map((product) => (
          <option key={product.id} value={product.id}>
            {product.name}
            {product.listed ? "" : "（未上架）"}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small" disabled={submitting}>
        申请纳入
      </button>
    </Form>
  );
}

export default function BankPools() {
  const { pools, products, requests, enrolments, enrolmentsPage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const open = pools.filter((p) => p.active);
  return (
    <>
      <PageHeader
        title="风险补偿"
        subtitle="本机构产品纳入风险补偿资金池后，发放给覆盖范围内企业的贷款在资金池额度内自动入池；贷款不良后可申请代偿"
        actions={
          <Link className="button button--secondary" to="/bank/compensations">
            代偿申请与回收
          </Link>
        }
      />
      <ActionNotices
        notice={result && "notice" in result ? result.notice : undefined}
        error={result && "error" in result ? result.error : undefined}
      />
      <section className="panel">
        <h2>资金池</h2>
        <DataTable<PoolSummary>
          caption="风险补偿资金池"
          rows={open}
          rowKey={(p) => p.id}
          empty="目前没有接受入池的资金池"
          columns={[
            { key: "name", header: "资金池", cell: (p) => p.name },
            { key: "sponsor", header: "覆盖企业", cell: (p) => p.sponsor },
            { key: "share", header: "代偿比例", numeric: true, cell: (p) => formatRateBp(p.lossShareBp) },
            { key: "cap", header: "单笔代偿上限", numeric: true, cell: (p) => formatMoney(p.capPerLoanFen) },
            { key: "room", header: "剩余可入池额度", numeric: true, cell: (p) => formatMoney(p.roomFen) },
            {
              key: "request",
              header: "申请纳入产品",
              cell: (p) => <CoverRequestForm poolId={p.id} products={products} requests={requests} />,
            },
          ]}
        />
      </section>
      <section className="panel">
        <h2>本机构产品的纳入申请</h2>
        <DataTable
          caption="纳入申请"
          rows={requests}
          rowKey={(r) => r.id}
          empty="还没有申请"
          columns={[
            { key: "pool", header: "资金池", cell: (r) => r.poolName },
            { key: "product", header: "产品", cell: (r) => r.productName },
            { key: "requested", header: "申请日期", cell: (r) => dateOf(r.requestedAt) },
            { key: "status", header: "状态", cell: (r) => <PoolProductStatusTag status={r.status} /> },
            { key: "reason", header: "审核意见", cell: (r) => r.reason ?? (r.decidedAt ? dateOf(r.decidedAt) : "—") },
            {
              key: "withdraw",
              header: "操作",
              cell: (r) =>
                r.status === "requested" || r.status === "approved" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="withdraw" />
                    <input type="hidden" name="poolProductId" value={r.id} />
                    <button type="submit" className="button button--small button--secondary" disabled={submitting}>
                      {r.status === "requested" ? "撤回申请" : "退出资金池"}
                    </button>
                  </Form>
                ) : (
                  <span className="muted">—</span>
                ),
            },
          ]}
        />
      </section>
      <section className="panel">
        <h2>本机构入池贷款</h2>
        <p className="muted">
          {enrolments.some((e) => e.releasedAt === null && e.loanStatus === "npl") ? (
            <>
              有不良的在保贷款，可到 <Link to="/bank/compensations">代偿申请</Link> 提交申请。
            </>
          ) : (
            <StatusTag tone="neutral">在保贷款暂无不良</StatusTag>
          )}
        </p>
        <EnrolmentTable
          rows={enrolments}
          show="pool"
          action={(e) =>
            e.releasedAt === null && e.loanStatus === "npl" ? <Link to={`/bank/compensations/new?loanId=${e.loanId}`}>申请代偿</Link> : null
          }
        />
        <Pager info={enrolmentsPage} />
      </section>
    </>
  );
}
