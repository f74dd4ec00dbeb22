import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { BATCH_ORIGIN_LABELS } from "~/domain/credit";
import { formatDateTime } from "~/lib/time";
import { batchLocation } from "~/lib/validation/credit-batches";
import { getBatch, REJECTIONS_ON_PAGE } from "~/services/credit-batches.server";
import { batchContentText, BatchStatusTag } from "~/ui/CreditBatch";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { TermList } from "~/ui/TermList";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `数据批次 #${data?.batch.id ?? ""} · 苏州市信易贷平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const batchId = batchLocation(params.batchId);
  const found = batchId === undefined ? undefined : getBatch(getDb(), batchId);
  if (!found) throw new Response("没有这个数据批次", { status: 404 });
  return found;
}

const count = (n: number) => n.toLocaleString("zh-CN");

export default function BatchReport() {
  const { batch, rejections, storedRejections } = useLoaderData<typeof loader>();
  const terms: [string, string][] = [
    ["内容", batchContentText(batch)],
    ["渠道", BATCH_ORIGIN_LABELS[batch.origin]],
    ["提供方", batch.providerName ?? "—"],
    ["接收时间", formatDateTime(batch.createdAt)],
    ...(batch.externalId ? [["发送方批次号", batch.externalId] as [string, string]] : []),
    ...(batch.filename ? [["文件", batch.filename] as [string, string]] : []),
    ...(batch.createdBy ? [["操作人", batch.createdBy] as [string, string]] : []),
  ];
  return (
    <>
      <PageHeader
        title={`数据批次 #${batch.id}`}
        subtitle={<BatchStatusTag status={batch.status} />}
        actions={
          <Link className="button button--secondary" to="/bureau/credit-data">
            返回数据批次
          </Link>
        }
      />
      {batch.status === "rejected" ? (
        <p className="notice notice--danger" role="status">
          本批次有 {count(batch.rowsRejected)} 行数据有误，整批未入库（其余行也未写入）。请发送方按下列原因更正后重新报送。
        </p>
      ) : (
        <p className="notice notice--ok" role="status">
          本批次 {count(batch.rowsAccepted)} 行已全部入库：新增或更正 {count(batch.rowsAccepted - batch.rowsUnchanged)} 行（其中更正原有数据{" "}
          {count(batch.rowsSuperseded)} 行，原值保留为历史），与现有数据相同 {count(batch.rowsUnchanged)} 行。
          {batch.rowsUnregistered > 0
            ? ` 其中未入驻企业 ${count(batch.rowsUnregistered)} 行：按统一社会信用代码留存，企业入驻时自动归集。`
            : null}
        </p>
      )}
      <section className="panel">
        <TermList terms={terms} />
      </section>
      <section className="grid" aria-label="行数" style={{ marginBottom: "var(--sp-5)" }}>
        {(
          [
            ["总行数", batch.rowsTotal],
            ["入库", batch.rowsAccepted],
            ["有误", batch.rowsRejected],
            ["更正原有数据", batch.rowsSuperseded],
            ["与现有数据相同", batch.rowsUnchanged],
            ["未入驻企业", batch.rowsUnregistered],
          ] as const
        ).map(([label, n]) => (
          <div className="card" key={label}>
            <p>{label}</p>
            <span className="stat">{count(n)}</span>
          </div>
        ))}
      </section>
      {storedRejections > 0 ? (
        <section className="panel">
          <div className="page-header">
            <h2>错误明细</h2>
            <a className="button button--secondary button--small" href={`/bureau/credit-data/batches/${batch.id}.csv`} download>
              下载错误报告（CSV）
            </a>
          </div>
          {storedRejections > rejections.length ? (
            <p className="muted">
              共 {count(storedRejections)} 条，页面显示前 {REJECTIONS_ON_PAGE} 条，完整内容请下载错误报告。
            </p>
          ) : null}
          <DataTable
            caption="错误明细"
            rows={rejections}
            rowKey={(r) => r.id}
            columns={[
              { key: "row", header: "行号", numeric: true, cell: (r) => r.row },
              { key: "field", header: "字段", cell: (r) => r.field },
              { key: "reason", header: "原因", cell: (r) => r.reason },
              { key: "value", header: "原值", cell: (r) => r.value ?? "—" },
            ]}
          />
        </section>
      ) : null}
    </>
  );
}
