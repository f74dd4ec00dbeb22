import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { BATCH_KIND_LABELS, BATCH_ORIGIN_LABELS, CREDIT_SOURCE_LABELS, type CreditSource } from "~/domain/credit";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { listBatches, type BatchRow } from "~/services/credit-batches.server";
import { BatchStatusTag } from "~/ui/CreditBatch";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";

export const meta: MetaFunction = () => [{ title: "信用数据 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  return listBatches(getDb(), pageFromParam(new URL(request.url).searchParams.get("page")));
}

const count = (n: number) => n.toLocaleString("zh-CN");

export default function CreditDataBatches() {
  const { batches, info } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="信用数据"
        subtitle="同步、上传、接口推送的每一批数据：整批入库，或有错误时整批退回并列明原因"
        actions={
          <>
            <Link className="button" to="/bureau/credit-data/upload">
              上传数据文件
            </Link>
            <Link className="button button--secondary" to="/bureau/credit-data/providers">
              数据提供方与令牌
            </Link>
          </>
        }
      />
      <section className="panel">
        <DataTable<BatchRow>
          caption="最近的数据批次"
          rows={batches}
          rowKey={(b) => b.id}
          empty="尚无数据批次"
          columns={[
            { key: "id", header: "批次", cell: (b) => <Link to={`/bureau/credit-data/batches/${b.id}`}>#{b.id}</Link> },
            { key: "at", header: "接收时间", cell: (b) => formatDateTime(b.createdAt) },
            { key: "origin", header: "渠道", cell: (b) => BATCH_ORIGIN_LABELS[b.origin] },
            { key: "provider", header: "提供方", cell: (b) => b.providerName ?? b.createdBy ?? "—" },
            { key: "kind", header: "类型", cell: (b) => BATCH_KIND_LABELS[b.kind] },
            {
              key: "source",
              header: "数据源",
              cell: (b) => (b.source ? (CREDIT_SOURCE_LABELS[b.source as CreditSource] ?? b.source) : "—"),
            },
            { key: "month", header: "月份", cell: (b) => b.month ?? "—" },
            { key: "total", header: "行数", numeric: true, cell: (b) => count(b.rowsTotal) },
            { key: "accepted", header: "入库", numeric: true, cell: (b) => count(b.rowsAccepted) },
            { key: "rejected", header: "有误", numeric: true, cell: (b) => count(b.rowsRejected) },
            { key: "unregistered", header: "未入驻企业", numeric: true, cell: (b) => count(b.rowsUnregistered) },
            { key: "status", header: "状态", cell: (b) => <BatchStatusTag status={b.status} /> },
          ]}
        />
        <Pager info={info} />
      </section>
    </>
  );
}
