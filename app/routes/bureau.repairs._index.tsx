import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { REPAIR_DECISION_WORKING_DAYS } from "~/domain/credit-repairs";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { recentBreaches, type BreachRow } from "~/services/commitments.server";
import { listRepairsForBureau, type RepairListRow } from "~/services/credit-repairs.server";
import { DataTable } from "~/ui/DataTable";
import { deadlineText } from "~/ui/Deadline";
import { FilterTabs } from "~/ui/FilterTabs";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { RepairStatusTag } from "~/ui/RepairView";
import { StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "信用修复审核 · 苏州市信易贷平台" }];

const FILTERS = { waiting: "待审核", all: "全部" } as const;
const filterSchema = v.optional(v.picklist(["waiting", "all"]), "waiting");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const params = new URL(request.url).searchParams;
  const parsed = v.safeParse(filterSchema, params.get("status") ?? undefined);
  const filter = parsed.success ? parsed.output : "waiting";
  const db = getDb();
  return { ...listRepairsForBureau(db, filter, pageFromParam(params.get("page")), Date.now()), filter, breaches: recentBreaches(db, 20) };
}

export default function RepairQueue() {
  const { rows, page, filter, waiting, breaches } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="信用修复审核"
        subtitle={`企业提交（或补充材料后重新提交）修复申请后 ${REPAIR_DECISION_WORKING_DAYS} 个工作日内审核。当前待审核 ${waiting} 件。`}
      />
      <FilterTabs label="筛选修复申请" filters={FILTERS} current={filter} />
      <section className="panel">
        <DataTable<RepairListRow>
          caption="修复申请"
          rows={rows}
          rowKey={(r) => r.id}
          empty={filter === "waiting" ? "没有待审核的修复申请" : "没有修复申请"}
          columns={[
            { key: "id", header: "编号", cell: (r) => <Link to={`/bureau/repairs/${r.id}`}>#{r.id}</Link> },
            { key: "enterprise", header: "企业", cell: (r) => r.enterpriseName },
            { key: "record", header: "记录", cell: (r) => r.recordTitle },
            { key: "submitted", header: "提交时间", cell: (r) => formatDateTime(r.submittedAt) },
            {
              key: "due",
              header: "审核期限",
              cell: (r) =>
                r.status !== "submitted" ? (
                  "—"
                ) : r.overdue ? (
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
                  <RepairStatusTag status={r.status} label={r.statusLabel} />{" "}
                  {r.overdue ? <StatusTag tone="danger">已超期</StatusTag> : null}
                </>
              ),
            },
          ]}
        />
        <Pager info={page} />
      </section>
      <section className="panel">
        <h2>最近的违诺记录</h2>
        <p className="muted">金融机构或本部门核实企业承诺的材料不实时记录，计入企业信用评分（“信用承诺履约”），企业可提出异议。</p>
        <DataTable<BreachRow>
          caption="违诺记录"
          rows={breaches}
          rowKey={(r) => r.id}
          empty="暂无违诺记录"
          columns={[
            { key: "at", header: "记录时间", cell: (r) => formatDateTime(r.recordedAt) },
            { key: "enterprise", header: "企业", cell: (r) => `${r.enterpriseName}（${r.uscc}）` },
            { key: "commitment", header: "承诺", cell: (r) => r.commitmentTitle },
            { key: "reason", header: "违诺事由", cell: (r) => r.reason },
            { key: "by", header: "记录机构", cell: (r) => r.recordedBy },
            { key: "reference", header: "编号", cell: (r) => r.reference },
          ]}
        />
      </section>
    </>
  );
}
