import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { listRegistrationDisputes, type DisputeRow } from "~/services/registration-disputes.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { RegistrationDisputeStatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "冒名注册申诉 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return listRegistrationDisputes(getDb(), pageFromParam(new URL(request.url).searchParams.get("page")));
}

export default function RegistrationDisputes() {
  const { rows, page, open } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="冒名注册申诉"
        subtitle={`企业称其统一社会信用代码被他人注册。待处理 ${open} 件：请电话核实营业执照与法定代表人后处理。`}
      />
      <section className="panel">
        <DataTable<DisputeRow>
          caption="申诉"
          rows={rows}
          rowKey={(r) => r.id}
          empty="暂无申诉"
          columns={[
            { key: "id", header: "编号", cell: (r) => <Link to={`/admin/registration-disputes/${r.id}`}>#{r.id}</Link> },
            { key: "uscc", header: "统一社会信用代码", cell: (r) => r.uscc },
            { key: "claimant", header: "申诉企业", cell: (r) => r.claimantName },
            { key: "registered", header: "平台注册名称", cell: (r) => r.registeredName },
            { key: "filed", header: "提交时间", cell: (r) => formatDateTime(r.filedAt) },
            { key: "status", header: "状态", cell: (r) => <RegistrationDisputeStatusTag status={r.status} /> },
          ]}
        />
        <Pager info={page} />
      </section>
    </>
  );
}
