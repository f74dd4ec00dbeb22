import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { POLICY_BENEFIT_KIND_LABELS } from "~/domain/policies";
import { policiesForEnterprise } from "~/services/policies.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "可享政策 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  return { policies: policiesForEnterprise(getDb(), enterpriseIdOf(user), Date.now()) };
}

export default function EnterprisePolicies() {
  const { policies } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="可享政策" subtitle="按本企业所在区县、行业、规模、信用等级和贷款情况筛选出的、当前有效的惠企政策" />
      <section className="panel">
        <DataTable
          caption="可享政策"
          rows={policies}
          rowKey={(p) => p.id}
          empty="暂无适用于本企业的政策；有新政策发布时会通知您"
          columns={[
            {
              key: "title",
              header: "政策",
              cell: (p) => (
                <>
                  <Link to={`/sme/policies/${p.id}`}>{p.title}</Link> {p.read ? null : <StatusTag tone="info">未读</StatusTag>}
                </>
              ),
            },
            { key: "kind", header: "支持方式", cell: (p) => POLICY_BENEFIT_KIND_LABELS[p.benefitKind] },
            { key: "issuer", header: "发文单位", cell: (p) => p.issuer },
            { key: "valid", header: "有效期至", cell: (p) => p.validTo },
          ]}
        />
      </section>
    </>
  );
}
