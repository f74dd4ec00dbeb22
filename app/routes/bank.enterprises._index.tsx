import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { enterpriseSearchSchema, lenientQuery } from "~/lib/validation/queries";
import { FIRM_SEARCH_LIMIT, searchFirmsForOfficer } from "~/services/credit-profile.server";
import { DataTable } from "~/ui/DataTable";
import { TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { GradeTag, StatusTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "企业查询 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const { values, output, invalid } = lenientQuery(enterpriseSearchSchema, new URL(request.url).searchParams);
  const found = output.q ? searchFirmsForOfficer(getDb(), user, output.q, Date.now()) : null;
  return { q: values.q ?? "", found, tooShort: invalid, limit: FIRM_SEARCH_LIMIT };
}

export default function EnterpriseSearch() {
  const { q, found, tooShort, limit } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="企业查询"
        subtitle="按企业名称或统一社会信用代码查找与本机构有业务往来（待受理需求、受理、贷款、推荐名单）或已授权本机构的企业"
      />
      <Form method="get" className="panel filters" role="search" aria-label="查询企业">
        <TextField
          name="q"
          label="企业名称或统一社会信用代码"
          type="search"
          defaultValue={q}
          maxLength={50}
          error={tooShort ? "请输入至少 2 个字，最多 50 个字" : undefined}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            查询
          </button>
        </div>
      </Form>
      {found ? (
        <section className="panel" aria-label="查询结果">
          <p className="muted" role="status">
            {found.rows.length === 0
              ? `没有找到与“${q}”相符、且本机构可以查看的企业。`
              : `找到 ${found.rows.length}${found.more ? "+" : ""} 家企业${found.more ? `，仅显示前 ${limit} 家，请输入更完整的名称或代码` : ""}。`}
          </p>
          <DataTable
            caption="企业查询结果"
            rows={found.rows}
            rowKey={(r) => r.id}
            empty="—"
            columns={[
              { key: "name", header: "企业名称", cell: (r) => <Link to={`/bank/enterprises/${r.id}`}>{r.name}</Link> },
              { key: "uscc", header: "统一社会信用代码", cell: (r) => r.uscc },
              { key: "district", header: "区县", cell: (r) => r.district },
              { key: "industry", header: "行业门类", cell: (r) => r.industry },
              { key: "grade", header: "信用等级", cell: (r) => (r.grade ? <GradeTag grade={r.grade} /> : "暂未评级") },
              {
                key: "access",
                header: "详细信用数据",
                cell: (r) => (r.authorized ? <StatusTag tone="ok">已授权</StatusTag> : <StatusTag tone="neutral">未授权</StatusTag>),
              },
            ]}
          />
        </section>
      ) : (
        <p className="muted">查看企业的详细信用数据须经企业授权；每次查看都会记入企业可见的查询记录。</p>
      )}
    </>
  );
}
