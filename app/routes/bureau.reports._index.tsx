import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatMonthZh, formatDateTime } from "~/lib/time";
import { listReportMonths, type MonthListing } from "~/services/statistics.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "月度报表 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau", "admin");
  return { months: listReportMonths(getDb(), Date.now()) };
}

function state(m: MonthListing) {
  if (!m.closed) return <StatusTag tone="info">本月进行中</StatusTag>;
  if (!m.latest) return <StatusTag tone="warn">草稿，待冻结</StatusTag>;
  if (m.latest.status === "open") return <StatusTag tone="warn">{`第${m.latest.revision}版修订中`}</StatusTag>;
  return <StatusTag tone="ok">{m.latest.revision > 1 ? `已冻结（第${m.latest.revision}版）` : "已冻结"}</StatusTag>;
}

export default function Reports() {
  const { months } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="月度报表" subtitle="每月结束后核对并冻结当月报表；冻结后的报表不随后续数据变化，更正须开启修订。" />
      <section className="panel">
        <DataTable<MonthListing>
          caption="各月报表"
          rows={months}
          rowKey={(m) => m.month}
          columns={[
            { key: "month", header: "月份", cell: (m) => <Link to={`/bureau/reports/${m.month}`}>{formatMonthZh(m.month)}</Link> },
            { key: "state", header: "状态", cell: state },
            { key: "frozen", header: "冻结时间", cell: (m) => (m.latest?.frozenAt ? formatDateTime(m.latest.frozenAt) : "—") },
            {
              key: "files",
              header: "导出",
              cell: (m) => (
                <span className="form-actions">
                  <a href={`/bureau/reports/${m.month}.xlsx`} download>
                    XLSX
                  </a>
                  <a href={`/bureau/reports/${m.month}.csv`} download>
                    CSV
                  </a>
                </span>
              ),
            },
          ]}
        />
      </section>
    </>
  );
}
