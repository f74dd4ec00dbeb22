/**
 * An enterprise's credit data: charts of consumption, tax and headcount over the window (missing
 * months are gaps), then one tab per source, the tax grades and the public-record events (the tab
 * and "更多" are query parameters, so they work without scripts). A source shows its latest
 * 12 months until "更多" asks for the rest. Items with an open objection carry the "异议处理中" tag;
 * the enterprise's own view adds a small per-row menu of actions ("提出异议", later "申请信用修复").
 */
import { Link, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import {
  CREDIT_EVENT_KIND_LABELS,
  CREDIT_SOURCE_LABELS,
  CREDIT_SOURCES,
  PENALTY_SEVERITY_LABELS,
  type CreditEventKind,
  type CreditSource,
} from "~/domain/credit";
import type { CreditItemType } from "~/domain/objections";
import { formatMonthlyValue, monthlyFieldLabel, monthlyFieldsOf, monthlySeries } from "~/lib/credit-items";
import { FEN_PER_WAN_YUAN } from "~/lib/money";
import { formatMonthZh } from "~/lib/time";
import type { EnterpriseCreditData, EventRecord, MonthlyRecord, TaxGradeRecord } from "~/services/credit-profile.server";
import { Chart, type Series } from "./Chart";
import { DataTable } from "./DataTable";
import { DisputedTag, StatusTag } from "./StatusTag";

/**
 * For the enterprise's own view, what a row's menu offers: where "提出异议" leads and where an open
 * objection is shown; optional actions join the menu of the rows they return a link for (null: not
 * offered on that row).
 */
export type CreditRowActions = {
  file: (itemType: CreditItemType, itemId: number) => string;
  show: (objectionId: number) => string;
  /** "申请信用修复" on a public-record row (a penalty or dishonest-list entry), when it may be asked. */
  repair?: (eventId: number, kind: CreditEventKind) => string | null;
};
/** The earlier name of {@link CreditRowActions}; same shape. */
export type ObjectionLinks = CreditRowActions;

/** How many months a source shows before "更多". */
export const CREDIT_MONTHS_SHOWN = 12;
const TAB_PARAM = "tab";
const ALL_PARAM = "months";

const EXTRA_TABS = { tax_grades: "纳税信用等级", events: "公共信用记录" } as const;
type CreditTab = CreditSource | keyof typeof EXTRA_TABS;
const CREDIT_TABS: { id: CreditTab; label: string }[] = [
  ...CREDIT_SOURCES.map((source) => ({ id: source as CreditTab, label: CREDIT_SOURCE_LABELS[source] })),
  ...Object.entries(EXTRA_TABS).map(([id, label]) => ({ id: id as CreditTab, label })),
];

/**
 * For the routes showing {@link CreditTables}: switching tab or "更多" re-reads nothing (the page
 * holds all 24 months of every source), so an institution's view does not log a second query.
 */
export const creditTabsShouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  if (formMethod || currentUrl.pathname !== nextUrl.pathname) return defaultShouldRevalidate;
  const rest = (url: URL) => {
    const params = new URLSearchParams(url.search);
    params.delete(TAB_PARAM);
    params.delete(ALL_PARAM);
    params.sort();
    return params.toString();
  };
  return rest(currentUrl) === rest(nextUrl) ? false : defaultShouldRevalidate;
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

type RowAction = { label: string; to: string };

/** A row's actions as a small menu; a <details> so it opens without scripts too. */
function RowMenu({ label, actions }: { label: string; actions: RowAction[] }) {
  if (actions.length === 0) return <span className="muted">—</span>;
  return (
    <details className="row-menu">
      <summary aria-label={`${label}：操作`}>
        操作<span aria-hidden="true"> ▾</span>
      </summary>
      <ul>
        {actions.map((a) => (
          <li key={a.label}>
            <Link to={a.to}>{a.label}</Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

function ItemState({
  type,
  id,
  label,
  openObjectionId,
  links,
  extra = [],
}: {
  type: CreditItemType;
  id: number;
  /** The row as a person names it ("2026年3月用电"), for the menu's accessible name. */
  label: string;
  openObjectionId: number | null;
  links?: CreditRowActions;
  extra?: RowAction[];
}): ReactNode {
  if (!links) return openObjectionId !== null ? <DisputedTag /> : <span className="muted">—</span>;
  const actions: RowAction[] = openObjectionId === null ? [{ label: "提出异议", to: links.file(type, id) }, ...extra] : extra;
  return (
    <span className="row-state">
      {openObjectionId !== null ? (
        <Link to={links.show(openObjectionId)}>
          <DisputedTag />
        </Link>
      ) : null}
      {actions.length > 0 ? <RowMenu label={label} actions={actions} /> : null}
    </span>
  );
}

function eventExtras(links: CreditRowActions | undefined, r: EventRecord): RowAction[] {
  // A record already repaired has nothing left to apply for.
  const to = r.repairedOn ? null : (links?.repair?.(r.id, r.kind) ?? null);
  return to ? [{ label: "申请信用修复", to }] : [];
}

function MonthlyTable({
  source,
  credit,
  links,
  all,
  moreHref,
}: {
  source: CreditSource;
  credit: EnterpriseCreditData;
  links?: CreditRowActions;
  all: boolean;
  moreHref: (all: boolean) => string;
}) {
  const label = CREDIT_SOURCE_LABELS[source];
  const rows = [...credit.monthly[source]].reverse();
  const shown = all ? rows : rows.slice(0, CREDIT_MONTHS_SHOWN);
  return (
    <>
      <h2 id={`source-${source}`}>
        {label}数据 <small className="muted">近 24 个月有 {rows.length} 个月报送</small>
      </h2>
      <DataTable<MonthlyRecord>
        caption={`${label}月度数据`}
        rows={shown}
        rowKey={(r) => r.id}
        empty={`近 24 个月暂无${label}数据`}
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
            header: links ? "异议" : "状态",
            cell: (r) => (
              <ItemState
                type="monthly"
                id={r.id}
                label={`${formatMonthZh(r.month)}${label}`}
                openObjectionId={r.openObjectionId}
                links={links}
              />
            ),
          },
        ]}
      />
      {rows.length > CREDIT_MONTHS_SHOWN ? (
        <p className="more-rows">
          {all ? (
            <Link to={moreHref(false)} preventScrollReset>
              收起，只看近 {CREDIT_MONTHS_SHOWN} 个月
            </Link>
          ) : (
            <Link to={moreHref(true)} preventScrollReset className="button button--secondary button--small">
              更多（另有 {rows.length - CREDIT_MONTHS_SHOWN} 个月）
            </Link>
          )}
        </p>
      ) : null}
    </>
  );
}

export function CreditTables({ credit, links }: { credit: EnterpriseCreditData; links?: CreditRowActions }) {
  const [params] = useSearchParams();
  const asked = params.get(TAB_PARAM);
  const tab: CreditTab = CREDIT_TABS.find((t) => t.id === asked)?.id ?? "electricity";
  const all = params.get(ALL_PARAM) === "all";
  const href = (next: CreditTab, showAll: boolean) => {
    const search = new URLSearchParams(params);
    search.set(TAB_PARAM, next);
    if (showAll) search.set(ALL_PARAM, "all");
    else search.delete(ALL_PARAM);
    return `?${search.toString()}`;
  };
  const stateHeader = links ? "异议" : "状态";
  // On a phone the tab strip scrolls sideways: keep the open tab in sight (the page stays put).
  const strip = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const current = strip.current?.querySelector<HTMLElement>("[aria-current=page]");
    if (strip.current && current) strip.current.scrollLeft = Math.max(0, current.offsetLeft - strip.current.offsetLeft - 24);
  }, [tab]);
  // A tab holding an item under objection says so, so it is found without opening every tab.
  const disputed = (t: CreditTab) =>
    (t === "tax_grades" ? credit.taxGrades : t === "events" ? credit.events : credit.monthly[t]).some((r) => r.openObjectionId !== null);
  const count = (t: CreditTab) =>
    t === "tax_grades" ? credit.taxGrades.length : t === "events" ? credit.events.length : credit.monthly[t].length;
  return (
    <section className="panel credit-tabs" aria-label="信用数据明细">
      <nav className="tabs" aria-label="数据类别">
        <ul ref={strip}>
          {CREDIT_TABS.map((t) => (
            <li key={t.id}>
              <Link to={href(t.id, false)} aria-current={t.id === tab ? "page" : undefined} preventScrollReset replace>
                {t.label}
                <small className="tabs__count">{count(t.id)}</small>
                {disputed(t.id) ? (
                  <>
                    {" "}
                    <DisputedTag />
                  </>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="tabs__panel">
        {tab === "tax_grades" ? (
          <>
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
                  cell: (r) => (
                    <ItemState
                      type="tax_grade"
                      id={r.id}
                      label={`${r.year} 年度纳税信用等级`}
                      openObjectionId={r.openObjectionId}
                      links={links}
                    />
                  ),
                },
              ]}
            />
          </>
        ) : tab === "events" ? (
          <>
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
                  cell: (r) =>
                    r.repairsReference
                      ? `${r.description}（修复对象：${r.repairsReference}）`
                      : r.listingReference
                        ? `${r.description}（移出对象：${r.listingReference}）`
                        : r.description,
                },
                {
                  key: "state",
                  header: stateHeader,
                  cell: (r) => (
                    <ItemState
                      type="event"
                      id={r.id}
                      label={`${r.occurredOn}${CREDIT_EVENT_KIND_LABELS[r.kind]}`}
                      openObjectionId={r.openObjectionId}
                      links={links}
                      extra={eventExtras(links, r)}
                    />
                  ),
                },
              ]}
            />
          </>
        ) : (
          <MonthlyTable source={tab} credit={credit} links={links} all={all} moreHref={(showAll) => href(tab, showAll)} />
        )}
      </div>
    </section>
  );
}
