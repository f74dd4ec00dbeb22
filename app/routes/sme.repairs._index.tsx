import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { REPAIR_DECISION_WORKING_DAYS } from "~/domain/credit-repairs";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { listEnterpriseRepairs, repairableRecords, type RepairableRecord, type RepairListRow } from "~/services/credit-repairs.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { RepairStatusTag } from "~/ui/RepairView";

export const meta: MetaFunction = () => [{ title: "信用修复 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const db = getDb();
  const now = Date.now();
  const enterpriseId = enterpriseIdOf(user);
  const page = pageFromParam(new URL(request.url).searchParams.get("page"));
  return { records: repairableRecords(db, enterpriseId, now), ...listEnterpriseRepairs(db, enterpriseId, page, now) };
}

export default function Repairs() {
  const { records, rows, page } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="信用修复"
        subtitle={`行政处罚、严重失信主体名单记录在最短公示期满后，纠正失信行为的企业可申请信用修复；市金融管理部门在 ${REPAIR_DECISION_WORKING_DAYS} 个工作日内审核。`}
      />
      <section className="panel">
        <h2>本企业的处罚与失信记录</h2>
        <p className="muted">
          一般行政处罚公示满 3 个月、较重和严重行政处罚及严重失信主体名单公示满 1
          年后可申请修复。修复后该记录标注“已修复”，不再计入信用评分。
        </p>
        <DataTable<RepairableRecord>
          caption="可申请修复的记录"
          rows={records}
          rowKey={(r) => r.eventId}
          empty="本企业没有行政处罚或失信名单记录"
          columns={[
            { key: "kind", header: "记录", cell: (r) => (r.severityLabel ? `${r.kindLabel}（${r.severityLabel}）` : r.kindLabel) },
            { key: "reference", header: "文书号", cell: (r) => r.reference },
            { key: "on", header: "公示日期", cell: (r) => r.occurredOn },
            { key: "authority", header: "作出机关", cell: (r) => r.authority },
            {
              key: "action",
              header: "修复",
              cell: (r) =>
                r.openRepairId !== null ? (
                  <Link to={`/sme/repairs/${r.openRepairId}`}>查看办理中的申请</Link>
                ) : r.refusal ? (
                  <span className="muted">{r.refusal}</span>
                ) : (
                  <Link className="button button--small" to={`/sme/repairs/new?event=${r.eventId}`}>
                    申请信用修复
                  </Link>
                ),
            },
          ]}
        />
      </section>
      <section className="panel">
        <h2>我的修复申请</h2>
        <DataTable<RepairListRow>
          caption="修复申请"
          rows={rows}
          rowKey={(r) => r.id}
          empty="尚未提出信用修复申请"
          columns={[
            { key: "id", header: "编号", cell: (r) => <Link to={`/sme/repairs/${r.id}`}>#{r.id}</Link> },
            { key: "record", header: "记录", cell: (r) => r.recordTitle },
            { key: "filed", header: "提交时间", cell: (r) => formatDateTime(r.filedAt) },
            { key: "status", header: "状态", cell: (r) => <RepairStatusTag status={r.status} label={r.statusLabel} /> },
          ]}
        />
        <Pager info={page} />
      </section>
    </>
  );
}
