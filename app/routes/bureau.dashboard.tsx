import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { PLATFORM_FIRST_LOAN_DEFINITION } from "~/lib/report-layout";
import { CLAIM_WITHIN_WORKING_DAYS, DECIDE_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { addMonths, formatMonthZh } from "~/lib/time";
import { monthParam } from "~/lib/validation/reports";
import { dashboard, latestClosedMonth, type Headline } from "~/services/statistics.server";
import { Chart } from "~/ui/Chart";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "统计看板 · 苏州市信易贷平台" }];

const querySchema = v.object({
  month: v.optional(monthParam),
  sort: v.optional(v.picklist(["amount", "response"]), "amount"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const params = new URL(request.url).searchParams;
  const query = v.safeParse(querySchema, { month: params.get("month") ?? undefined, sort: params.get("sort") ?? undefined });
  const now = Date.now();
  const latest = latestClosedMonth(now);
  const month = query.success && query.output.month && query.output.month <= latest ? query.output.month : latest;
  const sort = query.success ? query.output.sort : "amount";
  const board = dashboard(getDb(), month, now);
  const institutions = [...board.institutions].sort((a, b) =>
    sort === "response" ? (a.avgClaimHours ?? Infinity) - (b.avgClaimHours ?? Infinity) : b.loansWan - a.loansWan,
  );
  return { ...board, institutions, sort, latest, choices: Array.from({ length: 24 }, (_, i) => addMonths(latest, -i)) };
}

function HeadlineCard({ h }: { h: Headline }) {
  const direction = h.change === null ? null : Number(h.change) > 0 ? "up" : Number(h.change) < 0 ? "down" : "flat";
  const good = direction === "flat" || direction === null ? null : direction === h.better;
  const changeUnit = h.unit === "%" ? " 个百分点" : "%";
  return (
    <div className="card headline">
      <p>{h.label}</p>
      <span className="stat">
        {h.value}
        <small> {h.unit}</small>
      </span>
      <p className={good === null ? "muted" : good ? "change change--good" : "change change--bad"}>
        {direction === null
          ? "上月无可比数据"
          : direction === "flat"
            ? "与上月持平"
            : `较上月${direction === "up" ? "上升 ▲" : "下降 ▼"} ${h.change!.replace("-", "")}${changeUnit}`}
      </p>
    </div>
  );
}

export default function Dashboard() {
  const board = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const shortLabels = board.trend.labels.map((m) => formatMonthZh(m).replace(/^\d{4}年/, (y) => (m.endsWith("-01") ? y : "")));
  const sortLink = (sort: string) => {
    const next = new URLSearchParams(params);
    next.set("sort", sort);
    return `?${next}`;
  };
  return (
    <div className="dashboard">
      <PageHeader
        title={`${formatMonthZh(board.month)} 信易贷运行情况`}
        subtitle="最近一个已结束月份；金额单位：万元"
        actions={
          <Form method="get" className="form-actions">
            <label htmlFor="month" className="visually-hidden">
              月份
            </label>
            <select id="month" name="month" defaultValue={board.month} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              {board.choices.map((m) => (
                <option key={m} value={m}>
                  {formatMonthZh(m)}
                </option>
              ))}
            </select>
            <noscript>
              <button type="submit" className="button button--small">
                查看
              </button>
            </noscript>
            <Link className="button button--secondary button--small" to={`/bureau/reports/${board.month}`}>
              本月报表
            </Link>
          </Form>
        }
      />
      <section className="grid headlines" aria-label="本月主要指标">
        {board.headlines.map((h) => (
          <HeadlineCard key={h.label} h={h} />
        ))}
      </section>
      <p className="muted">注：{PLATFORM_FIRST_LOAN_DEFINITION}</p>
      <section className="chart-grid" aria-label="最近12个月趋势">
        <Chart
          title="需求、授信与放款金额（万元）"
          type="bar"
          unit="万元"
          labels={shortLabels}
          series={[
            { label: "发布需求", values: board.trend.needsWan },
            { label: "授信", values: board.trend.grantsWan },
            { label: "放款", values: board.trend.loansWan },
          ]}
        />
        <Chart
          title="信用贷款占比（%）"
          unit="%"
          labels={shortLabels}
          series={[{ label: "信用贷款占比", values: board.trend.creditShare, color: "#1b6e3a" }]}
        />
        <Chart
          title="平台首贷户数（户）"
          type="bar"
          unit="户"
          labels={shortLabels}
          series={[{ label: "平台首贷户", values: board.trend.firstLoans, color: "#b7791f" }]}
        />
        <Chart
          title="加权平均利率与不良率（%）"
          unit="%"
          labels={shortLabels}
          series={[
            { label: "加权平均利率", values: board.trend.weightedRate },
            { label: "不良率", values: board.trend.nplRatio, color: "#c8102e" },
          ]}
        />
      </section>
      <h2>贷后与风险补偿</h2>
      <section className="grid headlines" aria-label="贷后与风险补偿">
        {board.afterLoan.map((h) => (
          <HeadlineCard key={h.label} h={h} />
        ))}
      </section>
      <p className="muted">
        {`本月续贷 ${board.afterLoanCounts.renewals} 笔、数字人民币放款 ${board.afterLoanCounts.ecnyLoans} 笔（均已计入放款）；月末到期未续未结清 ${board.afterLoanCounts.maturedUnsettled} 笔；本月代偿 ${board.afterLoanCounts.compensations} 笔，回收返还 ${board.afterLoanCounts.recoveriesWan.toLocaleString("en-US", { minimumFractionDigits: 2 })} 万元。`}
        <Link to={`/bureau/reports/${board.month}`}>口径见月度报表说明</Link>
      </p>
      <section className="chart-grid" aria-label="贷后趋势">
        <Chart
          title="续贷与数字人民币放款金额（万元）"
          type="bar"
          unit="万元"
          labels={shortLabels}
          series={[
            { label: "其中续贷", values: board.trend.renewalsWan },
            { label: "其中数字人民币", values: board.trend.ecnyWan, color: "#b7791f" },
          ]}
        />
        <Chart
          title="在保余额与资金池余额（万元，月末）"
          unit="万元"
          labels={shortLabels}
          series={[
            { label: "在保余额", values: board.trend.coveredWan },
            { label: "资金池余额", values: board.trend.poolBalanceWan, color: "#1b6e3a" },
          ]}
        />
      </section>
      <section aria-label="区县比较" style={{ marginBottom: "var(--sp-5)" }}>
        <Chart
          title={`各区县放款金额（万元）：${formatMonthZh(board.month)}与本年累计`}
          type="bar"
          unit="万元"
          height={320}
          labels={board.districts.map((d) => d.label)}
          series={[
            { label: "本月", values: board.districts.map((d) => d.loansWan) },
            { label: "本年累计", values: board.districts.map((d) => d.ytdLoansWan), color: "#9bb7d4" },
          ]}
        />
      </section>
      <section aria-label="金融机构榜单">
        <div className="panel league">
          <h2>金融机构榜单</h2>
          <p className="muted">
            {`${formatMonthZh(board.month)}超时（处理期限在该月届满的，与月度报表同一口径）：${board.serviceLevels.unclaimedNeeds} 笔需求超过${CLAIM_WITHIN_WORKING_DAYS}个工作日无人受理，${board.serviceLevels.undecidedClaims} 笔业务受理后超过${DECIDE_WITHIN_WORKING_DAYS}个工作日未决。`}
          </p>
          <p className="form-actions">
            排序：
            {board.sort === "amount" ? <strong>按放款金额</strong> : <Link to={sortLink("amount")}>按放款金额</Link>}
            {board.sort === "response" ? <strong>按受理速度</strong> : <Link to={sortLink("response")}>按受理速度</Link>}
          </p>
          <DataTable
            caption="金融机构榜单"
            stack={false}
            rows={board.institutions}
            rowKey={(i) => i.key}
            columns={[
              { key: "rank", header: "名次", cell: (i) => board.institutions.indexOf(i) + 1 },
              { key: "name", header: "机构", cell: (i) => <span className="nowrap">{i.label}</span> },
              { key: "claims", header: "受理笔数", numeric: true, cell: (i) => i.claims },
              { key: "hours", header: "平均受理时长（小时）", numeric: true, cell: (i) => i.avgClaimHours?.toFixed(1) ?? "—" },
              { key: "days", header: "平均放款时长（天）", numeric: true, cell: (i) => i.avgDisburseDays?.toFixed(1) ?? "—" },
              { key: "sla", header: "本月超时件数", numeric: true, cell: (i) => i.breaches },
              { key: "loans", header: "放款笔数", numeric: true, cell: (i) => i.loans },
              {
                key: "amount",
                header: "放款金额",
                numeric: true,
                cell: (i) => i.loansWan.toLocaleString("en-US", { minimumFractionDigits: 2 }),
              },
              {
                key: "ytd",
                header: "本年累计放款",
                numeric: true,
                cell: (i) => i.ytdLoansWan.toLocaleString("en-US", { minimumFractionDigits: 2 }),
              },
            ]}
          />
        </div>
      </section>
    </div>
  );
}
