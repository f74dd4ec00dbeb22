import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { districtName } from "~/lib/reference";
import { formatDateTime, formatMonthZh } from "~/lib/time";
import { institutionLists } from "~/services/recommendations.server";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { GradeTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "推荐名单 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  return { lists: institutionLists(getDb(), institutionIdOf(user), Date.now()) };
}

export default function BankRecommendations() {
  const { lists } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="推荐名单" subtitle="金融管理部门推送给本机构的各区县优质企业名单：信用等级 A/B、无否决项、有在办融资需求。" />
      {lists.length === 0 ? (
        <p className="empty panel">尚未收到推荐名单。</p>
      ) : (
        lists.map((l) => (
          <section key={l.id} className="panel">
            <h2>
              {districtName(l.districtCode)} · {formatMonthZh(l.month)}
            </h2>
            <p className="muted">推送于 {formatDateTime(l.pushedAt)}</p>
            <DataTable
              caption={`${districtName(l.districtCode)}推荐名单`}
              rows={l.entries}
              rowKey={(e) => e.id}
              empty="名单中的企业均已移出"
              columns={[
                { key: "name", header: "企业", cell: (e) => e.enterpriseName },
                { key: "score", header: "评分", numeric: true, cell: (e) => e.score },
                { key: "grade", header: "等级", cell: (e) => <GradeTag grade={e.grade} /> },
                {
                  key: "needs",
                  header: "在办需求",
                  cell: (e) =>
                    e.openNeeds > 0 ? (
                      <Link to={`/bank/applicants?enterprise=${e.enterpriseId}`}>{`${e.openNeeds} 笔，查看 →`}</Link>
                    ) : (
                      "暂无在办需求"
                    ),
                },
              ]}
            />
          </section>
        ))
      )}
    </>
  );
}
