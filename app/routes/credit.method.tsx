import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { REPAIR_DECISION_WORKING_DAYS } from "~/domain/credit-repairs";
import { formatPoints, pointsTable } from "~/lib/scorecard/model";
import { activeModel } from "~/services/scoring.server";
import { PublicShell } from "~/ui/AppShell";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { GradeTag } from "~/ui/StatusTag";

export const meta: MetaFunction = () => [{ title: "信用评分方法 · 苏州市信易贷平台" }];

/** Public: the active version's points table, for anyone, signed in or not. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { viewer: await getViewer(request), table: pointsTable(activeModel(getDb(), Date.now())) };
}

export default function CreditMethod() {
  const { viewer, table } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <PageHeader title="信用评分方法" subtitle={`现行评分卡：${table.name}（版本 ${table.version}）`} />
      <section className="panel">
        <h2>怎样计算</h2>
        <p>
          评分 = 基础分 {table.basePoints} 分 + 各项得分之和。每项按所在区间得分，缺少数据的项得中性分（0 分）。评分范围 {table.bounds.min}–
          {table.bounds.max} 分。
        </p>
        <p>{table.scaling.text}。</p>
        <p>{table.missingRule}</p>
      </section>
      <section className="panel">
        <h2>信用等级</h2>
        <ul>
          {table.grades.map((g) => (
            <li key={g.grade}>
              <GradeTag grade={g.grade} />：{g.range}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel">
        <h2>否决项</h2>
        <p>出现以下任一情形，信用等级直接评为 D 级，并且不进入金融机构的推荐排序和推荐名单（评分仍计算并展示）：</p>
        <ul>
          {table.knockOutRules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <h3>信用修复</h3>
        <p>
          每一次信用修复针对一条具体的行政处罚或严重失信主体名单记录（以其文书号为准），只对该条记录生效：修复完成后，该条处罚不再计入评分，该次列入不再作为否决项；
          其他未修复的记录照常计算。已修复的记录仍在信用数据中展示，并标注“已信用修复”。
        </p>
      </section>
      <section className="panel">
        <h2>评分项与分值</h2>
        <p className="muted">每一评分项的区间与得分，点开查看。</p>
        {table.features.map((f) => (
          <details key={f.key} className="method-item">
            <summary>
              <h3>{f.label}</h3>
            </summary>
            <p className="muted">{f.description}</p>
            <DataTable<(typeof f.rows)[number]>
              caption={f.label}
              stack={false}
              rows={f.rows}
              rowKey={(r) => r.label}
              columns={[
                { key: "bin", header: "区间", cell: (r) => r.label },
                { key: "points", header: "得分", numeric: true, cell: (r) => formatPoints(r.points) },
              ]}
            />
          </details>
        ))}
      </section>
      <section className="panel">
        <h2>信用修复与信用承诺</h2>
        <p>
          行政处罚和严重失信主体名单记录在最短公示期满后可申请信用修复：一般行政处罚公示满 3
          个月，较重、严重行政处罚及严重失信主体名单公示满 1
          年。企业在“信用修复”中提交整改说明、证明材料并签署信用修复承诺书，市金融管理部门在 {REPAIR_DECISION_WORKING_DAYS}{" "}
          个工作日内审核；同意修复后，该条记录标注“已修复”，不再计入“行政处罚”评分项，严重失信名单的否决随之解除，评分当即重新计算。
        </p>
        <p>
          企业发布融资需求、申请信用修复时须勾选信用承诺（承诺书按版本保存）。金融机构或市金融管理部门核实企业提交的材料不实的，记录“违诺”，计入“信用承诺履约”评分项（近
          36 个月）。企业对违诺记录有异议的，可在“信用数据”中提出异议，经核实撤销的不再计入。
        </p>
      </section>
      <p>
        <Link to="/">返回首页</Link>
      </p>
    </PublicShell>
  );
}
