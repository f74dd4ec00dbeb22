import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { OBJECTION_DUE_WORKING_DAYS } from "~/domain/objections";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { listObjectionsForBureau, type ObjectionRow } from "~/services/objections.server";
import { DataTable } from "~/ui/DataTable";
import { FilterTabs } from "~/ui/FilterTabs";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { deadlineText } from "~/ui/Deadline";
import { ObjectionStatusTag, StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "异议处理 · 苏州市信易贷平台" }];

const FILTERS = { open: "待处理", closed: "已处理", all: "全部" } as const;
const filterSchema = v.optional(v.picklist(["open", "closed", "all"]), "open");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const params = new URL(request.url).searchParams;
  const parsed = v.safeParse(filterSchema, params.get("status") ?? undefined);
  const filter = parsed.success ? parsed.output : "open";
  return { ...listObjectionsForBureau(getDb(), filter, pageFromParam(params.get("page")), Date.now()), filter };
}

export default function ObjectionQueue() {
  const { rows, page, filter, openCount } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="异议处理"
        subtitle={`企业对信用数据提出的异议，须在提出后 ${OBJECTION_DUE_WORKING_DAYS} 个工作日内答复。当前待处理 ${openCount} 件。`}
      />
      <FilterTabs label="筛选异议" filters={FILTERS} current={filter} />
      <section className="panel">
        <DataTable<ObjectionRow>
          caption="异议列表"
          rows={rows}
          rowKey={(r) => r.id}
          empty={filter === "open" ? "没有待处理的异议" : "没有异议"}
          columns={[
            { key: "id", header: "编号", cell: (r) => <Link to={`/bureau/objections/${r.id}`}>#{r.id}</Link> },
            { key: "enterprise", header: "企业", cell: (r) => r.enterpriseName },
            { key: "item", header: "数据项", cell: (r) => r.itemTitle },
            { key: "filed", header: "提出时间", cell: (r) => formatDateTime(r.filedAt) },
            {
              key: "due",
              header: "答复期限",
              cell: (r) =>
                r.overdue ? (
                  <strong style={{ color: "var(--c-danger)" }}>{formatDateTime(r.dueAt)}</strong>
                ) : (
                  deadlineText(r.dueAt, r.dueProvisional)
                ),
            },
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
              key: "action",
              header: "操作",
              cell: (r) => (
                <Link
                  to={`/bureau/objections/${r.id}`}
                  className={`button button--small ${r.status === "open" ? "" : "button--secondary"}`}
                >
                  {r.status === "open" ? "处理" : "查看"}
                </Link>
              ),
            },
          ]}
        />
        <Pager info={page} />
      </section>
    </>
  );
}
