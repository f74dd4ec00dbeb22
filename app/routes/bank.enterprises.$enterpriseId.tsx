import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { dateOf, formatDateTime, formatMonthZh } from "~/lib/time";
import { readProfileAsOfficer } from "~/services/credit-profile.server";
import { CreditCharts, creditTabsShouldRevalidate, CreditTables } from "~/ui/CreditProfile";
import { PageHeader } from "~/ui/PageHeader";
import { RegistryCheckSummary } from "~/ui/RegistryCheck";
import { ReasonList, ScoreHeadline } from "~/ui/ScoreSummary";

export const meta: MetaFunction = () => [{ title: "企业信用信息 · 苏州市信易贷平台" }];

function enterpriseParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这家企业", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  // The one door to an enterprise's detailed data for an institution: authorization checked, read logged.
  const profile = readProfileAsOfficer(getDb(), user, enterpriseParam(params.enterpriseId), Date.now());
  if (!profile) throw new Response("没有这家企业", { status: 404 });
  return { profile };
}

/** A tab or "更多" re-reads nothing, so it is not logged as another query. */
export const shouldRevalidate = creditTabsShouldRevalidate;

export default function EnterpriseProfile() {
  const { profile } = useLoaderData<typeof loader>();
  const s = profile.summary;
  return (
    <>
      <PageHeader
        title={s.name}
        subtitle={
          <>
            企业信用信息 · 登记信息核验 <RegistryCheckSummary view={s.registry} recordOnlyIfDifferent />
          </>
        }
      />
      <section className="panel">
        <h2>企业概况</h2>
        <dl className="terms">
          <dt>所在区县</dt>
          <dd>{s.district}</dd>
          <dt>行业门类</dt>
          <dd>{s.industry}</dd>
          <dt>企业规模</dt>
          <dd>{s.size}</dd>
          <dt>经营年限</dt>
          <dd>{s.yearsInOperation} 年</dd>
        </dl>
      </section>
      <section className="panel" aria-label="信用评分">
        <h2>信用评分</h2>
        {s.score ? (
          <ScoreHeadline score={s.score} knockOutLead="该企业触及以下否决项，信用等级为 D 级：">
            <p className="muted">
              评分卡版本 {s.score.modelVersion} · 数据截至{formatMonthZh(s.score.asOfMonth)} · <Link to="/credit/method">评分方法</Link>
            </p>
          </ScoreHeadline>
        ) : (
          <p className="muted">暂未评级：该企业尚无足够的信用数据或尚未完成评分。</p>
        )}
        {profile.access === "detailed" && profile.explanation ? (
          <div className="split">
            <div>
              <h3>加分的主要原因</h3>
              <ReasonList items={profile.explanation.up} empty="暂无加分项" />
            </div>
            <div>
              <h3>减分的主要原因</h3>
              <ReasonList items={profile.explanation.down} empty="暂无减分项" />
            </div>
          </div>
        ) : s.score ? (
          <p className="muted">评分的加减分原因依据企业的详细信用数据，企业授权后可查看。</p>
        ) : null}
      </section>
      {profile.access === "detailed" ? (
        <>
          <p className="notice" role="status">
            依据授权 #{profile.authorization.id}（{profile.authorization.forAllInstitutions ? "面向全部金融机构" : "授权本机构"}，用途：
            {profile.authorization.purpose}，有效期至 {dateOf(profile.authorization.expiresAt - 1)}
            ）查看。本次查询已记入该企业可见的查询记录。
          </p>
          {profile.credit.hasData ? (
            <>
              <CreditCharts credit={profile.credit} />
              <CreditTables credit={profile.credit} />
            </>
          ) : (
            <section className="panel">
              <p className="empty">该企业暂无信用数据：各部门尚未报送其水电气、纳税、社保等数据。</p>
            </section>
          )}
          {profile.repairs.length > 0 ? (
            <section className="panel">
              <h2>信用修复申请</h2>
              <p className="muted">企业就行政处罚、失信名单记录提出的修复申请及证明材料；查看材料同样记入企业可见的查询记录。</p>
              <ul>
                {profile.repairs.map((r) => (
                  <li key={r.id}>
                    {r.recordTitle} · {r.statusLabel} · {formatDateTime(r.filedAt)}
                    {r.files.map((f) => (
                      <span key={f.id}>
                        {" "}
                        · <a href={`/repairs/files/${f.id}`}>{f.filename}</a>
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : (
        <section className="panel">
          <p className="notice notice--warn" role="status">
            该企业未向本机构授权查询信用数据
          </p>
          <p className="muted">
            企业发布融资需求或在“授权管理”中授权后，本机构方可在授权期限内查看其详细信用数据；每次查看都会记入企业可见的查询记录。
          </p>
        </section>
      )}
    </>
  );
}
