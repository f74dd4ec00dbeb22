/**
 * The official layout of the monthly 信易贷 statistics table, defined once for the HTML page, the
 * CSV and the XLSX: which rows and columns there are, their units, and each cell's value.
 */
import { formatWanYuan } from "./money";
import { indicatorsOf, stocksOf, type Indicators, type Periods, type Stocks } from "./statistics";
import { formatMonthZh } from "./time";

export const REPORT_UNIT = "万元";

/** A value as the table holds it; `null` ratio or a column that does not apply shows as "—". */
export type CellValue =
  | { kind: "count"; value: bigint }
  | { kind: "amount"; fen: bigint }
  | { kind: "ratio"; text: string | null; decimals: number }
  | { kind: "none" };

export function cellText(cell: CellValue, options: { grouping: boolean } = { grouping: true }): string {
  switch (cell.kind) {
    case "count":
      return options.grouping ? cell.value.toLocaleString("en-US") : cell.value.toString();
    case "amount":
      return options.grouping ? formatWanYuan(Number(cell.fen)) : formatWanYuan(Number(cell.fen)).replace(/,/g, "");
    case "ratio":
      return cell.text ?? "—";
    case "none":
      return "—";
  }
}

const count = (value: bigint): CellValue => ({ kind: "count", value });
const amount = (fen: bigint): CellValue => ({ kind: "amount", fen });
const ratio = (text: string | null, decimals = 2): CellValue => ({ kind: "ratio", text, decimals });

type FlowRow = { label: string; unit: string; value: (i: Indicators) => CellValue };

/** 业务流量: each for the month, January to the month (本年累计) and since launch (累计). */
export const FLOW_ROWS: FlowRow[] = [
  { label: "新增入驻企业数", unit: "家", value: (i) => count(i.enterprisesNew) },
  { label: "发布需求笔数", unit: "笔", value: (i) => count(i.needsCount) },
  { label: "发布需求金额", unit: REPORT_UNIT, value: (i) => amount(i.needsAmountFen) },
  { label: "受理笔数", unit: "笔", value: (i) => count(i.claimsCount) },
  { label: "授信笔数", unit: "笔", value: (i) => count(i.grantsCount) },
  { label: "授信金额", unit: REPORT_UNIT, value: (i) => amount(i.grantsAmountFen) },
  { label: "放款笔数", unit: "笔", value: (i) => count(i.loansCount) },
  { label: "放款金额", unit: REPORT_UNIT, value: (i) => amount(i.loansAmountFen) },
  { label: "其中：信用贷款笔数", unit: "笔", value: (i) => count(i.creditLoansCount) },
  { label: "其中：信用贷款金额", unit: REPORT_UNIT, value: (i) => amount(i.creditLoansAmountFen) },
  { label: "信用贷款占比", unit: "%", value: (i) => ratio(i.creditShare) },
  { label: "首贷户数", unit: "户", value: (i) => count(i.firstLoanEnterprises) },
  { label: "加权平均利率", unit: "%", value: (i) => ratio(i.weightedRate) },
  { label: "平均受理时长", unit: "小时", value: (i) => ratio(i.avgClaimHours, 1) },
  { label: "平均放款时长", unit: "天", value: (i) => ratio(i.avgDisburseDays, 1) },
];

type StockRow = { label: string; unit: string; value: (s: Stocks) => CellValue };

/** 期末存量: values at the end of the month. */
export const STOCK_ROWS: StockRow[] = [
  { label: "入驻企业数", unit: "家", value: (s) => count(s.enterprises) },
  { label: "入驻金融机构数", unit: "家", value: (s) => count(s.institutions) },
  { label: "上架产品数", unit: "个", value: (s) => count(s.listedProducts) },
  { label: "贷款余额（未结清）", unit: REPORT_UNIT, value: (s) => amount(s.outstandingAmountFen) },
  { label: "不良贷款金额", unit: REPORT_UNIT, value: (s) => amount(s.nplAmountFen) },
  { label: "不良率", unit: "%", value: (s) => ratio(s.nplRatio) },
];

export type SummaryTable = {
  flows: { label: string; unit: string; month: CellValue; ytd: CellValue; cumulative: CellValue }[];
  stocks: { label: string; unit: string; end: CellValue; previousEnd: CellValue }[];
};

export function summaryTable(total: Periods): SummaryTable {
  const month = indicatorsOf(total.month);
  const ytd = indicatorsOf(total.ytd);
  const cumulative = indicatorsOf(total.cumulative);
  const end = stocksOf(total.cumulative);
  // The stock at the end of the previous month is the cumulative sum less this month's changes.
  const previous = stocksOf(
    Object.fromEntries(Object.entries(total.cumulative).map(([k, v]) => [k, v - total.month[k as keyof typeof total.month]])) as Periods["cumulative"],
  );
  return {
    flows: FLOW_ROWS.map((r) => ({ label: r.label, unit: r.unit, month: r.value(month), ytd: r.value(ytd), cumulative: r.value(cumulative) })),
    stocks: STOCK_ROWS.map((r) => ({ label: r.label, unit: r.unit, end: r.value(end), previousEnd: r.value(previous) })),
  };
}

export type BreakdownKind = "district" | "industry" | "size" | "institution";

export type BreakdownColumn = {
  group?: string;
  header: string;
  unit: string;
  value: (p: Periods) => CellValue;
  /** Breakdowns the column means nothing for (needs and registrations are not an institution's). */
  notFor?: BreakdownKind[];
  onlyFor?: BreakdownKind[];
};

export const BREAKDOWN_COLUMNS: BreakdownColumn[] = [
  { header: "入驻企业数", unit: "家", value: (p) => count(stocksOf(p.cumulative).enterprises), notFor: ["institution"] },
  { header: "上架产品数", unit: "个", value: (p) => count(stocksOf(p.cumulative).listedProducts), onlyFor: ["institution"] },
  { group: "发布需求", header: "笔数", unit: "笔", value: (p) => count(p.month.needsCount), notFor: ["institution"] },
  { group: "发布需求", header: "金额", unit: REPORT_UNIT, value: (p) => amount(p.month.needsAmount), notFor: ["institution"] },
  { header: "受理笔数", unit: "笔", value: (p) => count(p.month.claimsCount) },
  { group: "授信", header: "笔数", unit: "笔", value: (p) => count(p.month.grantsCount) },
  { group: "授信", header: "金额", unit: REPORT_UNIT, value: (p) => amount(p.month.grantsAmount) },
  { group: "放款", header: "笔数", unit: "笔", value: (p) => count(p.month.loansCount) },
  { group: "放款", header: "金额", unit: REPORT_UNIT, value: (p) => amount(p.month.loansAmount) },
  { group: "其中信用贷款", header: "金额", unit: REPORT_UNIT, value: (p) => amount(p.month.creditLoansAmount) },
  { group: "其中信用贷款", header: "占比", unit: "%", value: (p) => ratio(indicatorsOf(p.month).creditShare) },
  { header: "首贷户数", unit: "户", value: (p) => count(p.month.firstLoans) },
  { header: "加权平均利率", unit: "%", value: (p) => ratio(indicatorsOf(p.month).weightedRate) },
  { header: "平均受理时长", unit: "小时", value: (p) => ratio(indicatorsOf(p.month).avgClaimHours, 1) },
  { header: "平均放款时长", unit: "天", value: (p) => ratio(indicatorsOf(p.month).avgDisburseDays, 1) },
  { header: "本年累计放款金额", unit: REPORT_UNIT, value: (p) => amount(p.ytd.loansAmount) },
  { header: "不良率", unit: "%", value: (p) => ratio(stocksOf(p.cumulative).nplRatio) },
];

export function columnsFor(kind: BreakdownKind): BreakdownColumn[] {
  return BREAKDOWN_COLUMNS.filter((c) => !c.notFor?.includes(kind) && (!c.onlyFor || c.onlyFor.includes(kind)));
}

/** "2026年3月苏州市信易贷工作统计表" */
export function reportTitle(month: string): string {
  return `${formatMonthZh(month)}苏州市信易贷工作统计表`;
}
