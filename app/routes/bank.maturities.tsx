import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { MATURITY_REMINDER_DAYS, MATURITY_WINDOWS } from "~/domain/maturity";
import { CREDIT_GRADE_LABELS } from "~/domain/scoring";
import { formatMoney } from "~/lib/money";
import { maturingLoans } from "~/services/maturities.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { LoanStatusTag, MaturityTag, RenewalHint, StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "贷款到期 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const days = v.safeParse(
    v.pipe(v.string(), v.transform(Number), v.picklist(MATURITY_WINDOWS)),
    new URL(request.url).searchParams.get("days") ?? "",
  );
  const within = days.success ? days.output : MATURITY_WINDOWS[0];
  return { within, loans: maturingLoans(getDb(), institutionIdOf(user), within, Date.now()) };
}

export default function Maturities() {
  const { within, loans } = useLoaderData<typeof loader>();
  const pastDue = loans.filter((l) => l.state === "past_due").length;
  return (
    <>
      <PageHeader
        title="贷款到期"
        subtitle={`本机构未结清贷款中 ${within} 天内到期与已到期的；到期前 ${MATURITY_REMINDER_DAYS} 天平台会提醒企业与本机构，请及时联系企业还款或办理续贷`}
      />
      <nav className="panel filters" aria-label="到期时间范围">
        {MATURITY_WINDOWS.map((days) =>
          days === within ? (
            <strong key={days} aria-current="page">
              {days} 天内
            </strong>
          ) : (
            <Link key={days} to={`?days=${days}`}>
              {days} 天内
            </Link>
          ),
        )}
        {pastDue > 0 ? <StatusTag tone="danger">{`已到期未结清 ${pastDue} 笔`}</StatusTag> : null}
      </nav>
      <section className="panel">
        <DataTable
          caption={`${within} 天内到期及已到期未结清的贷款`}
          rows={loans}
          rowKey={(l) => l.id}
          empty={`${within} 天内没有到期的贷款`}
          columns={[
            { key: "enterprise", header: "企业", cell: (l) => <Link to={`/bank/loans/${l.id}`}>{l.enterpriseName}</Link> },
            { key: "amount", header: "放款金额", numeric: true, cell: (l) => formatMoney(l.amountFen) },
            { key: "disbursed", header: "放款日 / 期限", cell: (l) => `${l.disbursedOn} / ${l.termMonths} 个月` },
            {
              key: "matures",
              header: "到期日",
              cell: (l) => (
                <>
                  {l.maturesOn} <MaturityTag state={l.state} /> {l.daysLeft >= 0 ? `还有 ${l.daysLeft} 天` : `已过 ${-l.daysLeft} 天`}
                </>
              ),
            },
            {
              key: "status",
              header: "贷后状态",
              cell: (l) => (
                <>
                  <LoanStatusTag status={l.status} /> <RenewalHint renewal={l.renewal} />
                </>
              ),
            },
            {
              key: "score",
              header: "当前信用评分",
              cell: (l) => (l.score === null || l.grade === null ? "暂未评级" : `${l.score}（${l.grade} ${CREDIT_GRADE_LABELS[l.grade]}）`),
            },
            {
              key: "adverse",
              header: "放款后新增不良记录",
              numeric: true,
              cell: (l) => (l.adverseSince > 0 ? <StatusTag tone="danger">{`${l.adverseSince} 条`}</StatusTag> : "无"),
            },
          ]}
        />
      </section>
    </>
  );
}
