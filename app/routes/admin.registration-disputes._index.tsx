import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { listRegistrationDisputes, type DisputeRow } from "~/services/registration-disputes.server";
import { registrationsNeedingReview, type RegistrationNeedingReview } from "~/services/registry-checks.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { RegistryCheckSummary } from "~/ui/RegistryCheck";
import { RegistrationDisputeStatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "冒名注册申诉 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = getDb();
  return {
    ...listRegistrationDisputes(db, pageFromParam(new URL(request.url).searchParams.get("page"))),
    review: registrationsNeedingReview(db),
  };
}

export default function RegistrationDisputes() {
  const { rows, page, open, review } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="冒名注册申诉"
        subtitle={`企业称其统一社会信用代码被他人注册。待处理 ${open} 件：请电话核实营业执照与法定代表人后处理。`}
      />
      <section className="panel" id="registry-review" aria-labelledby="registry-review-title">
        <h2 id="registry-review-title">登记信息已变化的注册</h2>
        <p className="muted">
          {
            "注册后收到的市场监管部门登记信息显示企业已注销、营业执照被吊销，或企业名称、法定代表人与注册时填写的不一致。请电话核实营业执照：不应继续使用平台的，在用户管理中停用其账号；有冒名注册申诉的，处理申诉即可停用该注册。"
          }
        </p>
        <DataTable<RegistrationNeedingReview>
          caption="登记信息已变化的注册"
          rows={review}
          rowKey={(r) => r.enterpriseId}
          empty="暂无：所有注册与最新登记信息一致或平台暂无其登记信息"
          columns={[
            { key: "uscc", header: "统一社会信用代码", cell: (r) => r.uscc },
            { key: "registered", header: "平台注册名称（法定代表人）", cell: (r) => `${r.name}（${r.legalRepName}）` },
            {
              key: "check",
              header: "登记信息核验",
              cell: (r) => <RegistryCheckSummary view={r} />,
            },
            {
              key: "actions",
              header: "操作",
              cell: (r) => (
                <div className="row-actions" style={{ whiteSpace: "nowrap" }}>
                  <Link to={`/admin/users?q=${encodeURIComponent(r.uscc)}`}>停用其账号</Link>
                  {r.openDisputeId !== null ? (
                    <Link to={`/admin/registration-disputes/${r.openDisputeId}`}>处理申诉 #{r.openDisputeId}</Link>
                  ) : null}
                </div>
              ),
            },
          ]}
        />
      </section>
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
