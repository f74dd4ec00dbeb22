import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatMoney } from "~/lib/money";
import { pageFromParam } from "~/lib/pagination";
import { dateOf } from "~/lib/time";
import { listEnterpriseNeeds, type EnterpriseNeedRow } from "~/services/needs.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { NeedStatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "融资需求 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const page = pageFromParam(new URL(request.url).searchParams.get("page"));
  return listEnterpriseNeeds(getDb(), enterpriseIdOf(user), page, Date.now());
}

export default function Needs() {
  const { rows, page } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="融资需求"
        subtitle="发布后各金融机构可受理；也可在金融超市选择产品直接申请"
        actions={
          <>
            <Link className="button button--secondary" to="/products">
              去金融超市
            </Link>
            <Link className="button" to="/sme/needs/new">
              发布融资需求
            </Link>
          </>
        }
      />
      <section className="panel">
        <DataTable<EnterpriseNeedRow>
          caption="我的融资需求"
          rows={rows}
          rowKey={(r) => r.id}
          empty="还没有发布融资需求"
          columns={[
            { key: "id", header: "编号", cell: (r) => <Link to={`/sme/needs/${r.id}`}>#{r.id}</Link> },
            { key: "amount", header: "金额", numeric: true, cell: (r) => formatMoney(r.amountFen) },
            { key: "term", header: "期限", cell: (r) => `${r.termMonths} 个月` },
            { key: "purpose", header: "用途", cell: (r) => r.purpose },
            { key: "product", header: "申请产品", cell: (r) => r.targetProductName ?? "面向所有机构" },
            { key: "status", header: "状态", cell: (r) => <NeedStatusTag status={r.status} /> },
            { key: "claims", header: "受理 / 授信", cell: (r) => `${r.claims} / ${r.offers}` },
            { key: "posted", header: "发布日期", cell: (r) => dateOf(r.postedAt) },
          ]}
        />
        <Pager info={page} />
      </section>
    </>
  );
}
