import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { POLICY_BENEFIT_KIND_LABELS, targetingSummary } from "~/domain/policies";
import { readPolicy, targetingOf } from "~/services/policies.server";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "政策详情 · 苏州市信易贷平台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const id = Number(params.policyId);
  // A policy the enterprise does not qualify for (or not live) does not exist for it.
  const policy = Number.isInteger(id) && id > 0 ? readPolicy(getDb(), enterpriseIdOf(user), id, Date.now()) : undefined;
  if (!policy) throw new Response("没有这项政策", { status: 404 });
  return { policy, targeting: targetingSummary(targetingOf(policy)) };
}

export default function EnterprisePolicy() {
  const { policy, targeting } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/sme/policies">← 可享政策</Link>
      </p>
      <PageHeader
        title={policy.title}
        subtitle={`${policy.issuer} · ${POLICY_BENEFIT_KIND_LABELS[policy.benefitKind]} · 有效期 ${policy.validFrom} 至 ${policy.validTo}`}
      />
      <section className="panel">
        <p className="prewrap">{policy.body}</p>
      </section>
      <section className="panel">
        <h2>适用条件</h2>
        <p className="muted">本企业当前符合以下条件。享受政策时以发文单位审核为准。</p>
        <ul>
          {targeting.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
