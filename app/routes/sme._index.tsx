import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ENTERPRISE_SIZE_LABELS } from "~/domain/accounts";
import { districtName, industryName } from "~/lib/reference";
import { dateOf } from "~/lib/time";
import { getEnterpriseSummary } from "~/services/accounts.server";
import { TaskCards } from "~/ui/AppShell";
import { PageHeader } from "~/ui/PageHeader";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const enterprise = getEnterpriseSummary(getDb(), enterpriseIdOf(user));
  if (!enterprise) throw new Response("企业不存在", { status: 404 });
  return {
    enterprise: {
      name: enterprise.name,
      uscc: enterprise.uscc,
      district: districtName(enterprise.districtCode),
      industry: `${enterprise.industrySection} ${industryName(enterprise.industrySection)}`,
      size: ENTERPRISE_SIZE_LABELS[enterprise.size],
      establishedOn: enterprise.establishedOn,
      registeredOn: dateOf(enterprise.registeredAt),
    },
  };
}

export default function EnterpriseHome() {
  const { enterprise } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("welcome") ? (
        <p className="notice notice--ok" role="status">
          注册成功，欢迎入驻苏州市信易贷平台。
        </p>
      ) : null}
      <PageHeader title={enterprise.name} subtitle={`统一社会信用代码 ${enterprise.uscc}`} />
      <section className="panel">
        <h2>企业概况</h2>
        <dl className="grid" style={{ margin: 0 }}>
          {[
            ["所在区县", enterprise.district],
            ["行业门类", enterprise.industry],
            ["企业规模", enterprise.size],
            ["成立日期", enterprise.establishedOn],
            ["入驻平台", enterprise.registeredOn],
          ].map(([label, value]) => (
            <div key={label}>
              <dt className="muted">{label}</dt>
              <dd style={{ margin: 0 }}>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <h2>我要办理</h2>
      <TaskCards role="enterprise" />
    </>
  );
}
