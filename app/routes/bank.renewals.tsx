import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { RENEWAL_WINDOW_DAYS } from "~/domain/renewals";
import { formatMoney } from "~/lib/money";
import { formatDateTime } from "~/lib/time";
import { institutionRenewals } from "~/services/renewals.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { RenewalStatusTag, StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "续贷申请 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  return { rows: institutionRenewals(getDb(), institutionIdOf(user), Date.now()) };
}

export default function Renewals() {
  const { rows } = useLoaderData<typeof loader>();
  const open = rows.filter((r) => r.renewal.status === "requested").length;
  return (
    <>
      <PageHeader
        title="续贷申请"
        subtitle={`企业在贷款到期前 ${RENEWAL_WINDOW_DAYS} 天内提出的无还本续贷申请；请在原贷款到期前审批，到期未审批的申请自动失效`}
      />
      <section className="panel">
        <p>{open > 0 ? <StatusTag tone="info">{`待审批 ${open} 笔`}</StatusTag> : "目前没有待审批的续贷申请。"}</p>
        <DataTable
          caption="本机构收到的续贷申请，待审批的在前"
          rows={rows}
          rowKey={(r) => r.renewal.id}
          empty="尚未收到续贷申请"
          columns={[
            { key: "enterprise", header: "企业", cell: (r) => <Link to={`/bank/loans/${r.loan.id}`}>{r.enterpriseName}</Link> },
            { key: "loan", header: "原贷款", numeric: true, cell: (r) => `#${r.loan.id} ${formatMoney(r.loan.amountFen)}` },
            {
              key: "matures",
              header: "原贷款到期日",
              cell: (r) =>
                r.renewal.status === "requested"
                  ? `${r.maturesOn}（${r.daysLeft >= 0 ? `还有 ${r.daysLeft} 天` : `已过 ${-r.daysLeft} 天`}）`
                  : r.maturesOn,
            },
            {
              key: "asked",
              header: "申请续贷",
              numeric: true,
              cell: (r) => `${formatMoney(r.renewal.amountFen)} / ${r.renewal.termMonths} 个月`,
            },
            { key: "at", header: "申请时间", cell: (r) => formatDateTime(r.renewal.requestedAt) },
            {
              key: "status",
              header: "状态",
              cell: (r) => (
                <>
                  <RenewalStatusTag status={r.renewal.status} />
                  {r.renewal.newLoanId !== null ? (
                    <>
                      {" "}
                      <Link to={`/bank/loans/${r.renewal.newLoanId}`}>{`新贷款 #${r.renewal.newLoanId}`}</Link>
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      </section>
    </>
  );
}
