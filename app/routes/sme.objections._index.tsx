import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { listEnterpriseObjections, type ObjectionRow } from "~/services/objections.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { deadlineText } from "~/ui/Deadline";
import { ObjectionStatusTag, StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "我的异议 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  return listEnterpriseObjections(getDb(), enterpriseIdOf(user), pageFromParam(new URL(request.url).searchParams.get("page")), Date.now());
}

export default function Objections() {
  const { rows, page } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="我的异议"
        subtitle="对本企业信用数据提出的异议及处理结果"
        actions={
          <Link className="button button--secondary" to="/sme/credit">
            去信用数据提出异议
          </Link>
        }
      />
      <section className="panel">
        <DataTable<ObjectionRow>
          caption="我的异议"
          rows={rows}
          rowKey={(r) => r.id}
          empty="还没有提出过异议。如发现信用数据有误，可在“信用数据”页面对该条数据提出异议。"
          columns={[
            { key: "item", header: "数据项", cell: (r) => <Link to={`/sme/objections/${r.id}`}>{r.itemTitle}</Link> },
            { key: "filed", header: "提出时间", cell: (r) => formatDateTime(r.filedAt) },
            { key: "due", header: "答复期限", cell: (r) => deadlineText(r.dueAt, r.dueProvisional) },
            {
              key: "status",
              header: "状态",
              cell: (r) => (
                <>
                  <ObjectionStatusTag status={r.status} /> {r.overdue ? <StatusTag tone="danger">已超期</StatusTag> : null}
                </>
              ),
            },
            {
              key: "resolution",
              header: "处理结果",
              cell: (r) =>
                r.resolvedAt === null ? <span className="muted">待处理</span> : `${formatDateTime(r.resolvedAt)} ${r.resolution}`,
            },
          ]}
        />
        <Pager info={page} />
      </section>
    </>
  );
}
