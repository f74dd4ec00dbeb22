import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { POLICY_BENEFIT_KIND_LABELS } from "~/domain/policies";
import { listPolicies } from "~/services/policies.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { PolicyStatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "政策直达 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  return { policies: listPolicies(getDb()) };
}

export default function Policies() {
  const { policies } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="政策直达"
        subtitle="发布贴息、担保费补贴、首贷奖励等惠企政策，平台按适用对象逐一通知符合条件的企业，并统计触达与阅读情况"
        actions={
          <Link className="button" to="/bureau/policies/new">
            新建政策
          </Link>
        }
      />
      <section className="panel">
        <DataTable
          caption="政策列表"
          rows={policies}
          rowKey={(p) => p.id}
          empty="还没有政策，点击“新建政策”起草第一项"
          columns={[
            { key: "title", header: "政策", cell: (p) => <Link to={`/bureau/policies/${p.id}`}>{p.title}</Link> },
            { key: "kind", header: "支持方式", cell: (p) => POLICY_BENEFIT_KIND_LABELS[p.benefitKind] },
            { key: "valid", header: "有效期", cell: (p) => `${p.validFrom} 至 ${p.validTo}` },
            { key: "status", header: "状态", cell: (p) => <PolicyStatusTag status={p.status} /> },
            { key: "notified", header: "已通知企业", numeric: true, cell: (p) => p.notified.toLocaleString("en-US") },
            { key: "read", header: "已阅读", numeric: true, cell: (p) => p.read.toLocaleString("en-US") },
          ]}
        />
      </section>
    </>
  );
}
