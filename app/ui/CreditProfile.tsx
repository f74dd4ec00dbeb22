/**
 * An enterprise's credit data: charts of consumption, tax and headcount over the window (missing
 * months are gaps), then a table per source, the tax grades and the public-record events. Items
 * with an open objection carry the "异议处理中" tag; the enterprise's own view adds "提出异议".
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { CREDIT_EVENT_KIND_LABELS, CREDIT_SOURCE_LABELS, CREDIT_SOURCES, PENALTY_SEVERITY_LABELS } from "~/domain/credit";
import type { CreditItemType } from "~/domain/objections";
import { formatMonthlyValue, monthlyFieldLabel, monthlyFieldsOf, monthlySeries } from "~/lib/credit-items";
import { FEN_PER_WAN_YUAN } from "~/lib/money";
import { formatMonthZh } from "~/lib/time";
import type { EnterpriseCreditData, EventRecord, MonthlyRecord, TaxGradeRecord } from "~/services/credit-profile.server";
import { Chart, type Series } from "./Chart";
import { DataTable } from "./DataTable";
import { DisputedTag, StatusTag } from "./StatusTag";

/** For the enterprise's own view: where "提出异议" leads, and where an open objection is shown. */
export type ObjectionLinks = {
  file: (itemType: CreditItemType, itemId: number) => string;
  show: (objectionId: number) => string;
};

const twoDecimals = (v: number) => v.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function ChartOrNote({
  title,
  series,
  note,
  ...rest
}: { title: string; series: Series[]; note: string } & Omit<Parameters<typeof Chart>[0], "title" | "series">) {
  const any = series.some((s) => s.values.some((v) => v !== null));
  return any ? <Chart title={title} series={series} {...rest} /> : <p className="chart empty">{note}</p>;
}

export function CreditCharts({ credit }: { credit: EnterpriseCreditData }) {
  const { months, monthly } = credit;
  const labels = months;
  return (
    <div className="chart-grid">
      <ChartOrNote
        title="月用电量"
        unit="千瓦时"
        labels={labels}
        series={[{ label: "用电量", values: monthlySeries(months, monthly.electricity, (r) => r.quantity) }]}
        note="近 24 个月暂无用电数据"
      />
      <ChartOrNote
        title="月用水量与用气量"
        unit="立方米"
        labels={labels}
        series={[
          { label: "用水量", values: monthlySeries(months, monthly.water, (r) => r.quantity) },
          { label: "用气量", values: monthlySeries(months, monthly.gas, (r) => r.quantity) },
        ]}
        note="近 24 个月暂无用水、用气数据"
      />
      <ChartOrNote
        title="月纳税额"
        unit="万元"
        type="bar"
        labels={labels}
        format={twoDecimals}
        series={[
          {
            label: "纳税额",
            values: monthlySeries(months, monthly.tax, (r) => (r.taxPaidFen === null ? null : r.taxPaidFen / FEN_PER_WAN_YUAN)),
          },
        ]}
        note="近 24 个月暂无纳税数据"
      />
      <ChartOrNote
        title="参保与公积金缴存人数"
        unit="人"
        labels={labels}
        series={[
          { label: "社保参保人数", values: monthlySeries(months, monthly.social_insurance, (r) => r.headcount) },
          { label: "公积金缴存人数", values: monthlySeries(months, monthly.housing_fund, (r) => r.headcount) },
        ]}
        note="近 24 个月暂无社保、公积金数据"
      />
    </div>
  );
}

function ItemState({
  type,
  id,
  openObjectionId,
  links,
}: {
  type: CreditItemType;
  id: number;
  openObjectionId: number | null;
  links?: ObjectionLinks;
}): ReactNode {
  if (openObjectionId !== null) {
    return links ? (
      <Link to={links.show(openObjectionId)}>
        <DisputedTag />
      </Link>
    ) : (
      <DisputedTag />
    );
  }
  return links ? (
    <Link to={links.file(type, id)} className="button button--secondary button--small">
      提出异议
    </Link>
  ) : (
    <span className="muted">—</span>
  );
}

export function CreditTables({ credit, links }: { credit: EnterpriseCreditData; links?: ObjectionLinks }) {
  const stateHeader = links ? "异议" : "状态";
  return (
    <>
      {CREDIT_SOURCES.map((source) => {
        const rows = [...credit.monthly[source]].reverse();
        return (
          <section key={source} className="panel" aria-labelledby={`source-${source}`}>
            <h2 id={`source-${source}`}>
              {CREDIT_SOURCE_LABELS[source]}数据 <small className="muted">近 24 个月有 {rows.length} 个月报送</small>
            </h2>
            <DataTable<MonthlyRecord>
              caption={`${CREDIT_SOURCE_LABELS[source]}月度数据`}
              rows={rows}
              rowKey={(r) => r.id}
              empty={`近 24 个月暂无${CREDIT_SOURCE_LABELS[source]}数据`}
              columns={[
                { key: "month", header: "月份", cell: (r) => formatMonthZh(r.month) },
                ...monthlyFieldsOf(source).map((field) => ({
                  key: field,
                  header: monthlyFieldLabel(field, source),
                  numeric: field !== "paidOnTime",
                  cell: (r: MonthlyRecord) => formatMonthlyValue(field, r, source, false),
                })),
                {
                  key: "state",
                  header: stateHeader,
                  cell: (r) => <ItemState type="monthly" id={r.id} openObjectionId={r.openObjectionId} links={links} />,
                },
              ]}
            />
          </section>
        );
      })}
      <section className="panel" aria-labelledby="tax-grades">
        <h2 id="tax-grades">纳税信用等级</h2>
        <DataTable<TaxGradeRecord>
          caption="纳税信用等级"
          rows={credit.taxGrades}
          rowKey={(r) => r.id}
          empty="暂无纳税信用等级评价"
          columns={[
            { key: "year", header: "评价年度", cell: (r) => `${r.year} 年度` },
            { key: "grade", header: "等级", cell: (r) => r.grade },
            {
              key: "state",
              header: stateHeader,
              cell: (r) => <ItemState type="tax_grade" id={r.id} openObjectionId={r.openObjectionId} links={links} />,
            },
          ]}
        />
      </section>
      <section className="panel" aria-labelledby="credit-events">
        <h2 id="credit-events">公共信用记录</h2>
        <DataTable<EventRecord>
          caption="公共信用记录"
          rows={credit.events}
          rowKey={(r) => r.id}
          empty="暂无行政处罚、失信、被执行或表彰等记录"
          columns={[
            { key: "date", header: "日期", cell: (r) => r.occurredOn },
            {
              key: "kind",
              header: "类型",
              cell: (r) => (
                <>
                  {`${CREDIT_EVENT_KIND_LABELS[r.kind]}${r.severity ? `（${PENALTY_SEVERITY_LABELS[r.severity]}）` : ""}`}
                  {r.repairedOn ? (
                    <>
                      {" "}
                      <StatusTag tone="ok">{`已信用修复（${r.repairedOn}）`}</StatusTag>
                    </>
                  ) : null}
                </>
              ),
            },
            { key: "reference", header: "文书号", cell: (r) => r.reference },
            { key: "authority", header: "作出机关", cell: (r) => r.authority },
            {
              key: "description",
              header: "事项说明",
              cell: (r) => (r.repairsReference ? `${r.description}（修复对象：${r.repairsReference}）` : r.description),
            },
            {
              key: "state",
              header: stateHeader,
              cell: (r) => <ItemState type="event" id={r.id} openObjectionId={r.openObjectionId} links={links} />,
            },
          ]}
        />
      </section>
    </>
  );
}
