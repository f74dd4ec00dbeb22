import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { GUARANTEE_MODE_LABELS } from "~/domain/marketplace";
import { POLICY_BENEFIT_KIND_LABELS } from "~/domain/policies";
import { formatMoney, formatRateBp } from "~/lib/money";
import { formatDateTime } from "~/lib/time";
import { enterpriseWorkbench, type NeedStage, type WorkbenchScore } from "~/services/workbench.server";
import { TaskCards } from "~/ui/AppShell";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { GradeTag, LoanStatusTag, MaturityTag, NeedStatusTag, RenewalHint, StatusTag, type Tone } from "~/ui/StatusTag";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const workbench = enterpriseWorkbench(getDb(), user, Date.now());
  if (!workbench) throw new Response("企业不存在", { status: 404 });
  return workbench;
}

const STAGES: Record<NeedStage, { tone: Tone; label: string }> = {
  offer: { tone: "ok", label: "有授信待您决定" },
  claimed: { tone: "info", label: "机构审查中" },
  waiting: { tone: "neutral", label: "等待受理" },
};

export default function EnterpriseHome() {
  const { enterprise, needs, offers, score, messages, maturing, loans, policies } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("welcome") ? (
        <p className="notice notice--ok" role="status">
          注册成功，欢迎入驻苏州市信易贷平台。
        </p>
      ) : null}
      <PageHeader title={enterprise.name} subtitle={`统一社会信用代码 ${enterprise.uscc}`} />

      <section className="grid workbench-figures" aria-label="待办概览">
        <ScoreFigure score={score} />
        <Figure label="待决定授信" value={offers.length} unit="笔" to={offers[0] ? `/sme/needs/${offers[0].needId}` : "/sme/needs"} />
        <Figure label="进行中需求" value={needs.total} unit="笔" to="/sme/needs" />
        <Figure label="未读消息" value={messages.unread} unit="条" to="/account/notifications" />
        <Figure label="临近到期贷款" value={maturing.length} unit="笔" to={maturing[0] ? `/sme/loans/${maturing[0].id}` : "#my-loans"} />
        <Figure label="可享政策" value={policies.total} unit="项" to="/sme/policies" />
      </section>

      {offers.length > 0 ? (
        <section className="panel" aria-labelledby="offers-heading">
          <h2 id="offers-heading">待您决定的授信</h2>
          <ul className="workbench-list">
            {offers.map((o) => (
              <li key={o.claimId}>
                <p>
                  <strong>{o.institution}</strong> 授信 <strong>{formatMoney(o.amountFen)}</strong>
                </p>
                <p className="muted">
                  年利率 {formatRateBp(o.rateBp)} · 期限 {o.termMonths} 个月 ·{" "}
                  {o.guaranteeMode ? `${GUARANTEE_MODE_LABELS[o.guaranteeMode]} · ` : ""}
                  {formatDateTime(o.grantedAt)} 授信
                </p>
                <p>
                  <Link to={`/sme/needs/${o.needId}`}>查看需求 #{o.needId} 并决定</Link>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="needs-heading">
        <h2 id="needs-heading">进行中的融资需求</h2>
        {needs.rows.length === 0 ? (
          <p className="empty">没有进行中的需求。</p>
        ) : (
          <ul className="workbench-list">
            {needs.rows.map((n) => (
              <li key={n.id}>
                <p>
                  <Link to={`/sme/needs/${n.id}`}>
                    需求 #{n.id} · {formatMoney(n.amountFen)} / {n.termMonths} 个月
                  </Link>{" "}
                  <StatusTag tone={STAGES[n.stage].tone}>{STAGES[n.stage].label}</StatusTag>
                  {n.status !== "open" ? (
                    <>
                      {" "}
                      <NeedStatusTag status={n.status} />
                    </>
                  ) : null}
                </p>
                <p className="muted">
                  {n.applied ? `申请：${n.applied.institution}“${n.applied.product}”` : "面向全部机构"}
                  {n.inProgress > 0 ? ` · ${n.inProgress} 家机构办理中` : ""} · 有效期至 {n.expiresOn}
                </p>
              </li>
            ))}
          </ul>
        )}
        <p className="form-actions">
          <Link className="button button--small" to="/sme/needs/new">
            发布融资需求
          </Link>
          <Link to="/sme/needs">{needs.total > needs.rows.length ? `全部需求（进行中 ${needs.total} 笔）` : "全部需求"}</Link>
        </p>
      </section>

      <div className="workbench-columns">
        <section className="panel" aria-labelledby="messages-heading">
          <h2 id="messages-heading">未读消息</h2>
          {messages.latest.length === 0 ? (
            <p className="empty">没有未读消息。</p>
          ) : (
            <ul className="workbench-list">
              {messages.latest.map((m) => (
                <li key={m.id}>
                  <p>{m.link ? <Link to={m.link}>{m.title}</Link> : <strong>{m.title}</strong>}</p>
                  <p className="muted">
                    {formatDateTime(m.createdAt)} · {m.body}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/account/notifications">{messages.unread > 0 ? `全部消息（${messages.unread} 条未读）` : "全部消息"}</Link>
          </p>
        </section>

        <section className="panel" aria-labelledby="maturing-heading">
          <h2 id="maturing-heading">临近到期的贷款</h2>
          {maturing.length === 0 ? (
            <p className="empty">30 天内没有到期的贷款。</p>
          ) : (
            <ul className="workbench-list">
              {maturing.map((l) => (
                <li key={l.id}>
                  <p>
                    <Link to={`/sme/loans/${l.id}`}>
                      {l.institutionName} {formatMoney(l.amountFen)}
                    </Link>{" "}
                    <MaturityTag state={l.state} /> <RenewalHint renewal={l.renewal} />
                  </p>
                  <p className="muted">
                    {l.maturesOn} 到期（{l.daysLeft >= 0 ? `还有 ${l.daysLeft} 天` : `已过 ${-l.daysLeft} 天`}）
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="panel" aria-labelledby="policies-heading">
        <h2 id="policies-heading">可享政策</h2>
        {policies.rows.length === 0 ? (
          <p className="empty">暂无适用于本企业的政策；有新政策发布时会通知您。</p>
        ) : (
          <ul className="workbench-list">
            {policies.rows.map((p) => (
              <li key={p.id}>
                <p>
                  <Link to={`/sme/policies/${p.id}`}>{p.title}</Link> {p.read ? null : <StatusTag tone="info">未读</StatusTag>}
                </p>
                <p className="muted">
                  {POLICY_BENEFIT_KIND_LABELS[p.benefitKind]} · {p.issuer} · 有效期至 {p.validTo}
                </p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/sme/policies">{`全部可享政策（${policies.total} 项${policies.unread > 0 ? `，${policies.unread} 项未读` : ""}）`}</Link>
        </p>
      </section>

      {loans.length > 0 ? (
        <section className="panel" id="my-loans">
          <h2>我的贷款</h2>
          <DataTable
            caption="本企业在平台获得的贷款及到期日"
            rows={loans}
            rowKey={(l) => l.id}
            empty="暂无贷款"
            columns={[
              { key: "institution", header: "放款机构", cell: (l) => <Link to={`/sme/loans/${l.id}`}>{l.institutionName}</Link> },
              { key: "amount", header: "金额", numeric: true, cell: (l) => formatMoney(l.amountFen) },
              { key: "disbursed", header: "放款日 / 期限", cell: (l) => `${l.disbursedOn} / ${l.termMonths} 个月` },
              {
                key: "matures",
                header: "到期日",
                cell: (l) => (
                  <>
                    {l.maturesOn} {l.state === "settled" ? null : <MaturityTag state={l.state} />}
                  </>
                ),
              },
              {
                key: "status",
                header: "状态",
                cell: (l) => (
                  <>
                    <LoanStatusTag status={l.status} /> <RenewalHint renewal={l.renewal} />
                  </>
                ),
              },
            ]}
          />
        </section>
      ) : null}

      <section className="panel">
        <h2>企业概况</h2>
        <dl className="grid" style={{ margin: 0 }}>
          {[
            ["所在区县", enterprise.district],
            ["行业门类", enterprise.industry],
            ["企业规模", enterprise.size],
            ["成立日期", enterprise.establishedOn],
            ["入驻平台", enterprise.registeredOn],
          ].map(([label, value]) => (
            <div key={label}>
              <dt className="muted">{label}</dt>
              <dd style={{ margin: 0 }}>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <h2>我要办理</h2>
      <TaskCards role="enterprise" />
    </>
  );
}

/** One figure of the overview: a number, what it counts, where to act on it. */
function Figure({ label, value, unit, to }: { label: string; value: number; unit: string; to: string }) {
  return (
    <Link to={to} className="card card--link workbench-figure" aria-label={`${label} ${value} ${unit}`}>
      <p>{label}</p>
      <span className="stat">
        {value.toLocaleString("en-US")}
        <small> {unit}</small>
      </span>
    </Link>
  );
}

function ScoreFigure({ score }: { score: WorkbenchScore | null }) {
  if (!score) {
    return (
      <Link to="/sme/score" className="card card--link workbench-figure" aria-label="信用评分 尚未评分">
        <p>信用评分</p>
        <span className="stat">—</span>
        <p>尚未评分</p>
      </Link>
    );
  }
  const change =
    score.change === null
      ? "上月无评分"
      : score.change === 0
        ? "与上月持平"
        : `较上月${score.change > 0 ? "上升" : "下降"} ${Math.abs(score.change)} 分`;
  return (
    <Link
      to="/sme/score"
      className="card card--link workbench-figure"
      aria-label={`信用评分 ${score.score} 分，${score.grade} 级，${change}`}
    >
      <p>信用评分</p>
      <span className="stat">
        {score.score} <GradeTag grade={score.grade} knockedOut={score.knockedOut} />
      </span>
      <p className={score.change ? `change change--${score.change > 0 ? "good" : "bad"}` : "change"}>
        {score.change === null || score.change === 0 ? change : `${change} ${score.change > 0 ? "▲" : "▼"}`}
        {score.previous && !score.previous.sameModel ? "（评分模型已更新）" : ""}
      </p>
      {score.knockedOut ? <p className="change change--bad">存在否决项：{score.knockOuts.join("；")}</p> : null}
    </Link>
  );
}
