import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ALL_INSTITUTIONS_LABEL } from "~/domain/authorizations";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { listQueryLog, type QueryLogRow } from "~/services/credit-profile.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";

export const meta: MetaFunction = () => [{ title: "查询记录 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  return listQueryLog(getDb(), enterpriseIdOf(user), pageFromParam(new URL(request.url).searchParams.get("page")));
}

export default function QueryLog() {
  const { rows, page } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="查询记录"
        subtitle="金融机构每一次查看本企业详细信用数据都记录在此，记录不可修改或删除。"
        actions={
          <Link className="button button--secondary" to="/sme/authorizations">
            授权管理
          </Link>
        }
      />
      <section className="panel">
        <DataTable<QueryLogRow>
          caption="信用数据查询记录"
          rows={rows}
          rowKey={(r) => r.id}
          empty="还没有金融机构查询过本企业的信用数据"
          columns={[
            { key: "at", header: "查询时间", cell: (r) => formatDateTime(r.at) },
            { key: "institution", header: "查询机构", cell: (r) => r.institutionName },
            { key: "officer", header: "查询人", cell: (r) => r.officerName },
            { key: "purpose", header: "查询用途", cell: (r) => r.purpose },
            {
              key: "authorization",
              header: "依据授权",
              cell: (r) => `授权 #${r.authorizationId}${r.authorizationForAll ? `（${ALL_INSTITUTIONS_LABEL}）` : ""}`,
            },
          ]}
        />
        <Pager info={page} />
        <p className="muted" style={{ marginTop: "var(--sp-3)" }}>
          查询人姓名仅显示姓氏；如对某次查询有疑问，可凭查询时间和机构向该机构或市金融管理部门核实。
        </p>
      </section>
    </>
  );
}
