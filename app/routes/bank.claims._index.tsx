import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { CLAIM_STATUS_LABELS, CLAIM_STATUSES } from "~/domain/marketplace";
import { formatMoney } from "~/lib/money";
import { pageFromParam } from "~/lib/pagination";
import { claimListQuerySchema, lenientQuery } from "~/lib/validation/queries";
import { districtName } from "~/lib/reference";
import { DECIDE_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { formatDateTime } from "~/lib/time";
import { listInstitutionClaims } from "~/services/claim-views.server";
import { DataTable } from "~/ui/DataTable";
import { deadlineText } from "~/ui/Deadline";
import { SelectField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { ClaimStatusTag, LoanStatusTag, StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "我的业务 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const params = new URL(request.url).searchParams;
  const { output, values } = lenientQuery(claimListQuerySchema, params);
  const mine = output.mine === "1";
  const result = listInstitutionClaims(getDb(), user, { status: output.status, mine, page: pageFromParam(params.get("page")) }, Date.now());
  const exportQuery = new URLSearchParams(Object.entries(values) as [string, string][]).toString();
  return { ...result, status: output.status ?? "", mine, exportQuery };
}

export default function Claims() {
  const { rows, page, status, mine, exportQuery } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="我的业务"
        subtitle={`本机构受理的需求：授信决定须在受理后 ${DECIDE_WITHIN_WORKING_DAYS} 个工作日内作出；“超时未决”按今天计，指现在已过期限仍未决定的业务（金融管理部门的月度统计按期限届满的月份计）`}
      />
      <Form method="get" className="panel filters" aria-label="筛选业务">
        <SelectField
          name="status"
          label="状态"
          placeholder="全部"
          options={CLAIM_STATUSES.map((s) => ({ value: s, label: CLAIM_STATUS_LABELS[s] }))}
          defaultValue={status}
        />
        <SelectField
          name="mine"
          label="经办人"
          placeholder="全部经办人"
          options={[{ value: "1", label: "仅我经办" }]}
          defaultValue={mine ? "1" : ""}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            筛选
          </button>
          <a className="button button--secondary" href={`/bank/claims.csv${exportQuery ? `?${exportQuery}` : ""}`} download>
            导出 CSV（{page.total.toLocaleString("zh-CN")} 条）
          </a>
        </div>
      </Form>
      <section className="panel">
        <DataTable
          caption="本机构业务"
          rows={rows}
          rowKey={(r) => r.claim.id}
          empty="没有符合条件的业务"
          columns={[
            { key: "id", header: "业务", cell: (r) => <Link to={`/bank/claims/${r.claim.id}`}>需求 #{r.need.id}</Link> },
            { key: "enterprise", header: "企业", cell: (r) => `${r.enterprise.name}（${districtName(r.enterprise.districtCode)}）` },
            { key: "amount", header: "需求金额", numeric: true, cell: (r) => formatMoney(r.need.amountFen) },
            {
              key: "status",
              header: "状态",
              cell: (r) => (
                <>
                  <ClaimStatusTag status={r.claim.status} /> {r.overdue ? <StatusTag tone="danger">超时未决</StatusTag> : null}
                </>
              ),
            },
            {
              key: "loan",
              header: "贷款",
              cell: (r) =>
                r.loan?.id ? (
                  <>
                    {formatMoney(r.loan.amountFen!)} <LoanStatusTag status={r.loan.status!} />
                  </>
                ) : (
                  "—"
                ),
            },
            { key: "officer", header: "经办人", cell: (r) => r.officer },
            { key: "claimed", header: "受理时间", cell: (r) => formatDateTime(r.claim.claimedAt) },
            { key: "due", header: "决定期限", cell: (r) => (r.decideDueAt ? deadlineText(r.decideDueAt, r.decideDueProvisional) : "—") },
          ]}
        />
        <Pager info={page} />
      </section>
    </>
  );
}
