import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatDateTime, formatMonthZh } from "~/lib/time";
import { currentScore, scoreHistory, scoreScale } from "~/services/scoring.server";
import { formatPoints } from "~/lib/scorecard/model";
import { Chart } from "~/ui/Chart";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { ReasonList, ScoreHeadline } from "~/ui/ScoreSummary";

export const meta: MetaFunction = () => [{ title: "信用评分 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const db = getDb();
  const enterpriseId = enterpriseIdOf(user);
  const score = currentScore(db, enterpriseId);
  return { score, history: scoreHistory(db, enterpriseId), scale: score ? roundedScale(scoreScale(db, score.modelVersion)) : null };
}

/** The version's score range widened to whole hundreds, for readable axis ticks. */
function roundedScale({ min, max }: { min: number; max: number }) {
  return { min: Math.floor(min / 100) * 100, max: Math.ceil(max / 100) * 100 };
}

/** A point per score: its data month, with the day it was computed when a month was scored more than once. */
function historyLabels(history: { asOfMonth: string; computedAt: number }[]): string[] {
  return history.map((h) => {
    const repeated = history.filter((x) => x.asOfMonth === h.asOfMonth).length > 1;
    return repeated ? `${formatMonthZh(h.asOfMonth)}（${formatDateTime(h.computedAt).slice(0, 10)}）` : formatMonthZh(h.asOfMonth);
  });
}

export default function SmeScore() {
  const { score, history, scale } = useLoaderData<typeof loader>();
  if (!score) {
    return (
      <>
        <PageHeader title="信用评分" />
        <p className="empty panel">
          本企业尚未评分。平台每月为全部企业评分，收到新的信用数据后也会重新评分。<Link to="/credit/method">了解评分方法</Link>
        </p>
      </>
    );
  }
  const { reasons } = score;
  return (
    <>
      <PageHeader
        title="信用评分"
        subtitle={`评分卡版本 ${score.modelVersion} · 数据截至${formatMonthZh(score.asOfMonth)} · 计算于 ${formatDateTime(score.computedAt)}`}
      />
      <section className="panel" aria-label="当前评分">
        <ScoreHeadline
          score={{ ...score, knockOuts: reasons.knockOuts }}
          knockOutLead="因以下否决项，信用等级为 D 级，暂不进入金融机构的推荐排序："
        />
        <p>
          <Link to="/credit/method">评分方法与分值表 →</Link>
        </p>
      </section>
      <div className="split">
        <section className="panel">
          <h2>加分的主要原因</h2>
          <ReasonList items={reasons.up} empty="暂无加分项" />
          <h2>减分的主要原因</h2>
          <ReasonList items={reasons.down} empty="暂无减分项" />
        </section>
        <section className="panel">
          <h2>怎样提高评分</h2>
          {reasons.improvements.length ? (
            <ul>
              {reasons.improvements.map((i) => (
                <li key={i.text}>{i.text}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">各项已达最高档，请继续保持。</p>
          )}
        </section>
      </div>
      <section className="panel">
        <h2>评分历史</h2>
        <Chart
          title="信用评分历史"
          labels={historyLabels(history)}
          series={[{ label: "信用评分", values: history.map((h) => h.score) }]}
          unit="分"
          range={scale ?? undefined}
          height={220}
        />
      </section>
      <section className="panel">
        <h2>各项得分明细</h2>
        <DataTable<(typeof score.contributions)[number]>
          caption="各项得分明细"
          rows={score.contributions}
          rowKey={(c) => c.factor}
          columns={[
            { key: "factor", header: "评分项", cell: (c) => c.label },
            { key: "bin", header: "所在区间", cell: (c) => c.bin },
            { key: "points", header: "得分", numeric: true, cell: (c) => formatPoints(c.points) },
          ]}
        />
      </section>
    </>
  );
}
