import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ENTERPRISE_SIZE_LABELS } from "~/domain/accounts";
import { districtName, industryName } from "~/lib/reference";
import { dateOf } from "~/lib/time";
import { formatMoney } from "~/lib/money";
import { getEnterpriseSummary } from "~/services/accounts.server";
import { loansOfEnterprise } from "~/services/maturities.server";
import { TaskCards } from "~/ui/AppShell";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { LoanStatusTag, MaturityTag, RenewalHint } from "~/ui/StatusTag";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const db = getDb();
  const enterprise = getEnterpriseSummary(db, enterpriseIdOf(user));
  if (!enterprise) throw new Response("企业不存在", { status: 404 });
  return {
    loans: loansOfEnterprise(db, enterprise.id, Date.now()),
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
  const { enterprise, loans } = useLoaderData<typeof loader>();
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
      {loans.length > 0 ? (
        <section className="panel">
          <h2>我的贷款</h2>
          <DataTable
            caption="本企业在平台获得的贷款及到期日"
            rows={loans}
            rowKey={(l) => l.id}
            empty="暂无贷款"
            columns={[
              { key: "institution", header: "放款机构", cell: (l) => <Link to={`/sme/loans/${l.id}`}>{l.institutionName}</Link> },
              { key: "amount", header: "金额", numeric: true, cell: (l) => formatMoney(l.amountFen) },
              { key: "disbursed", header: "放款日 / 期限", cell: (l) => `${l.disbursedOn} / ${l.termMonths} 个月` },
              {
                key: "matures",
                header: "到期日",
                cell: (l) => (
                  <>
                    {l.maturesOn} {l.state === "settled" ? null : <MaturityTag state={l.state} />}
                  </>
                ),
              },
              {
                key: "status",
                header: "状态",
                cell: (l) => (
                  <>
                    <LoanStatusTag status={l.status} /> <RenewalHint renewal={l.renewal} />
                  </>
                ),
              },
            ]}
          />
        </section>
      ) : null}
      <h2>我要办理</h2>
      <TaskCards role="enterprise" />
    </>
  );
}
