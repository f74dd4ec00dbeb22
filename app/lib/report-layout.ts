/**
 * The official layout of the monthly 信易贷 statistics table, defined once for the HTML page, the
 * CSV and the XLSX: which rows and columns there are, their units, and each cell's value.
 *
 * The layout is versioned: a frozen report records the version it was frozen with
 * (monthly_reports.layout_version) and is always drawn with it, so its exports stay byte-for-byte what
 * they were; drafts and new freezes get the current version.
 *   1 — until issue 16: "首贷户数", no notes.
 *   2 — "平台首贷户数", with its definition in the notes (说明).
 *   3 — after the loan (issue 14): 其中续贷 and 其中数字人民币放款 in 总表, 到期未续未结清, 在保余额 and
 *       资金池余额 in 期末存量, a 风险补偿资金池 table, 续贷 and 到期未续未结清 columns in the breakdowns,
 *       and their definitions in the notes.
 */
import { formatWanYuan } from "./money";
import { CLAIM_WITHIN_WORKING_DAYS, DECIDE_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { ZONE_DEFINITION } from "~/domain/zones";
import { indicatorsOf, stocksOf, type Indicators, type Periods, type Stocks } from "./statistics";
import { formatMonthZh } from "./time";

export const REPORT_UNIT = "万元";

export const REPORT_LAYOUT_VERSION = 3;
export type LayoutVersion = 1 | 2 | 3;

/** A stored version as one this code can draw (versions are only ever added). */
export function layoutVersionOf(stored: number): LayoutVersion {
  return stored <= 1 ? 1 : stored === 2 ? 2 : 3;
}

const FIRST_LOAN_LABEL: Record<LayoutVersion, string> = { 1: "首贷户数", 2: "平台首贷户数", 3: "平台首贷户数" };

/** The definition of 平台首贷户, as the notes and the dashboard give it. */
export const PLATFORM_FIRST_LOAN_DEFINITION =
  "平台首贷户：在本平台首次获得放款的企业，按其在本平台第一笔放款的放款月份计入；只看本平台记录，不代表该企业此前从未在金融机构获得贷款。";

/** The definitions after the loan (layout 3), as the notes and the dashboard give them. */
export const AFTER_LOAN_DEFINITIONS = {
  renewals:
    "其中续贷：金融机构按无还本续贷方式为到期贷款办理的续贷，按续贷放款日期计入月份；续贷是一笔新的放款，已计入“放款笔数/金额”，不计为平台首贷户，也不计入平均放款时长（平均放款时长只算对应融资需求的放款）。",
  ecny: "其中数字人民币放款：放款渠道为企业数字人民币钱包的放款，按放款日期计入月份，已计入“放款笔数/金额”。",
  maturedUnsettled:
    "到期未续未结清：到期日（放款日期加期限，无对应日的取该月最后一天）在本月末或之前、截至本月末金融机构未报送结清且未办理续贷的贷款；办理续贷的原贷款在续贷当日结清。",
  coveredOutstanding: "在保余额：纳入风险补偿资金池、尚未结清、续贷或代偿的贷款金额合计（期末数）。",
  poolBalance: "资金池余额：各风险补偿资金池出资合计减去代偿支出、加上回收返还（期末数，按资金池台账逐笔合计）。",
} as const;

/** The notes (说明) printed under the tables. */
export function reportNotes(layout: LayoutVersion): string[] {
  if (layout === 1) return [];
  if (layout === 2) return [PLATFORM_FIRST_LOAN_DEFINITION];
  return [
    PLATFORM_FIRST_LOAN_DEFINITION,
    AFTER_LOAN_DEFINITIONS.renewals,
    AFTER_LOAN_DEFINITIONS.ecny,
    AFTER_LOAN_DEFINITIONS.maturedUnsettled,
    AFTER_LOAN_DEFINITIONS.coveredOutstanding,
    AFTER_LOAN_DEFINITIONS.poolBalance,
  ];
}

/** A label as the layout version words it. */
function labelIn(label: string, layout: LayoutVersion): string {
  return label === FIRST_LOAN_LABEL[REPORT_LAYOUT_VERSION] ? FIRST_LOAN_LABEL[layout] : label;
}

export const BREAKDOWNS = ["district", "industry", "size", "institution"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const BREAKDOWN_LABELS: Record<Breakdown, string> = {
  district: "按区县",
  industry: "按行业门类",
  size: "按企业规模",
  institution: "按金融机构",
};

/** One slice of a breakdown (a district, an institution …) and its three periods. */
export type Slice = { key: string; label: string; periods: Periods };

/** Service-level breaches whose deadline passed during the month (3 working days to claim, 10 to decide). */
export type ServiceLevels = {
  unclaimedNeeds: number;
  undecidedClaims: number;
  byInstitution: { key: string; label: string; unclaimedApplications: number; undecidedClaims: number }[];
};

/** Decisions for knocked-out enterprises (decision 021), counted over one period. */
export type InterceptionCounts = { interceptions: number; overrides: number; overriddenClaims: number; overriddenLoans: number };

/** 失信拦截 for the month, January to the month and since launch. */
export type InterceptionSection = { month: InterceptionCounts; ytd: InterceptionCounts; cumulative: InterceptionCounts };

/** One 专区's figures (app/domain/zones.ts): a loan counts in every zone of its product. */
export type ZoneSlice = {
  key: string;
  label: string;
  listedProducts: number;
  loansCount: number;
  loansAmountFen: number;
  ytdLoansCount: number;
  ytdLoansAmountFen: number;
};

/**
 * A month's report: the city's periods, every breakdown's slices, the service levels and, in reports
 * built since decision 021, the interception counts (a report frozen before has none, and shows none).
 */
export type ReportData = {
  month: string;
  total: Periods;
  breakdowns: Record<Breakdown, Slice[]>;
  serviceLevels: ServiceLevels;
  interception?: InterceptionSection;
  /** 按专区, in reports built since issue 15 (a report frozen before has none, and shows none). */
  zones?: ZoneSlice[];
};

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

/** `since`: the first layout version with the row (absent: every version). */
type FlowRow = { label: string; unit: string; value: (i: Indicators) => CellValue; since?: LayoutVersion };
const inLayout = (layout: LayoutVersion) => (row: { since?: LayoutVersion }) => (row.since ?? 1) <= layout;

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
  { label: "其中：续贷笔数", unit: "笔", value: (i) => count(i.renewalsCount), since: 3 },
  { label: "其中：续贷金额", unit: REPORT_UNIT, value: (i) => amount(i.renewalsAmountFen), since: 3 },
  { label: "其中：数字人民币放款笔数", unit: "笔", value: (i) => count(i.ecnyLoansCount), since: 3 },
  { label: "其中：数字人民币放款金额", unit: REPORT_UNIT, value: (i) => amount(i.ecnyLoansAmountFen), since: 3 },
  { label: FIRST_LOAN_LABEL[2], unit: "户", value: (i) => count(i.firstLoanEnterprises) },
  { label: "加权平均利率", unit: "%", value: (i) => ratio(i.weightedRate) },
  { label: "平均受理时长", unit: "小时", value: (i) => ratio(i.avgClaimHours, 1) },
  { label: "平均放款时长", unit: "天", value: (i) => ratio(i.avgDisburseDays, 1) },
];

type StockRow = { label: string; unit: string; value: (s: Stocks) => CellValue; since?: LayoutVersion };

/** 期末存量: values at the end of the month. */
export const STOCK_ROWS: StockRow[] = [
  { label: "入驻企业数", unit: "家", value: (s) => count(s.enterprises) },
  { label: "入驻金融机构数", unit: "家", value: (s) => count(s.institutions) },
  { label: "上架产品数", unit: "个", value: (s) => count(s.listedProducts) },
  { label: "贷款余额（未结清）", unit: REPORT_UNIT, value: (s) => amount(s.outstandingAmountFen) },
  { label: "不良贷款金额", unit: REPORT_UNIT, value: (s) => amount(s.nplAmountFen) },
  { label: "不良率", unit: "%", value: (s) => ratio(s.nplRatio) },
  { label: "到期未续未结清笔数", unit: "笔", value: (s) => count(s.maturedUnsettledCount), since: 3 },
  { label: "到期未续未结清金额", unit: REPORT_UNIT, value: (s) => amount(s.maturedUnsettledAmountFen), since: 3 },
  { label: "在保余额（风险补偿）", unit: REPORT_UNIT, value: (s) => amount(s.coveredOutstandingFen), since: 3 },
  { label: "风险补偿资金池余额", unit: REPORT_UNIT, value: (s) => amount(s.poolBalanceFen), since: 3 },
];

/** 风险补偿资金池 (layout 3): the pools' flows, for the month, 本年累计 and 累计. */
const POOL_ROWS: (FlowRow & { note: string })[] = [
  {
    label: "新增入池笔数",
    unit: "笔",
    value: (i) => count(i.poolEnrolmentsCount),
    note: "新增入池：放款时按所属产品和企业所在区县纳入风险补偿资金池的贷款（在杠杆上限内），按放款日期计入月份。",
  },
  { label: "新增入池金额", unit: REPORT_UNIT, value: (i) => amount(i.poolEnrolmentsAmountFen), note: "" },
  {
    label: "代偿笔数",
    unit: "笔",
    value: (i) => count(i.compensationsCount),
    note: "代偿：金融管理部门审核同意、由资金池按分担比例（受单笔和年度上限、资金池余额限制）支付的代偿，按支付时间计入月份。",
  },
  { label: "代偿金额", unit: REPORT_UNIT, value: (i) => amount(i.compensationsAmountFen), note: "" },
  {
    label: "回收金额",
    unit: REPORT_UNIT,
    value: (i) => amount(i.recoveriesAmountFen),
    note: "回收金额：代偿后金融机构追回的款项中按同一分担比例返还资金池的金额（不超过已代偿金额），按返还时间计入月份。",
  },
];

export type SummaryTable = {
  flows: { label: string; unit: string; month: CellValue; ytd: CellValue; cumulative: CellValue }[];
  stocks: { label: string; unit: string; end: CellValue; previousEnd: CellValue }[];
};

export function summaryTable(total: Periods, layout: LayoutVersion = REPORT_LAYOUT_VERSION): SummaryTable {
  const month = indicatorsOf(total.month);
  const ytd = indicatorsOf(total.ytd);
  const cumulative = indicatorsOf(total.cumulative);
  const end = stocksOf(total.cumulative);
  // The stock at the end of the previous month is the cumulative sum less this month's changes.
  const previous = stocksOf(
    Object.fromEntries(
      Object.entries(total.cumulative).map(([k, v]) => [k, v - total.month[k as keyof typeof total.month]]),
    ) as Periods["cumulative"],
  );
  return {
    flows: FLOW_ROWS.filter(inLayout(layout)).map((r) => ({
      label: r.label,
      unit: r.unit,
      month: r.value(month),
      ytd: r.value(ytd),
      cumulative: r.value(cumulative),
    })),
    stocks: STOCK_ROWS.filter(inLayout(layout)).map((r) => ({
      label: r.label,
      unit: r.unit,
      end: r.value(end),
      previousEnd: r.value(previous),
    })),
  };
}

export type BreakdownColumn = {
  group?: string;
  header: string;
  unit: string;
  value: (p: Periods) => CellValue;
  /** Breakdowns the column means nothing for (needs and registrations are not an institution's). */
  notFor?: Breakdown[];
  onlyFor?: Breakdown[];
  since?: LayoutVersion;
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
  { header: FIRST_LOAN_LABEL[2], unit: "户", value: (p) => count(p.month.firstLoans) },
  { header: "加权平均利率", unit: "%", value: (p) => ratio(indicatorsOf(p.month).weightedRate) },
  { header: "平均受理时长", unit: "小时", value: (p) => ratio(indicatorsOf(p.month).avgClaimHours, 1) },
  { header: "平均放款时长", unit: "天", value: (p) => ratio(indicatorsOf(p.month).avgDisburseDays, 1) },
  { header: "本年累计放款金额", unit: REPORT_UNIT, value: (p) => amount(p.ytd.loansAmount) },
  { header: "不良率", unit: "%", value: (p) => ratio(stocksOf(p.cumulative).nplRatio) },
  { group: "其中续贷", header: "笔数", unit: "笔", value: (p) => count(p.month.renewalsCount), since: 3 },
  { group: "其中续贷", header: "金额", unit: REPORT_UNIT, value: (p) => amount(p.month.renewalsAmount), since: 3 },
  { group: "到期未续未结清", header: "笔数", unit: "笔", value: (p) => count(p.cumulative.maturedUnsettledDelta), since: 3 },
  { group: "到期未续未结清", header: "金额", unit: REPORT_UNIT, value: (p) => amount(p.cumulative.maturedUnsettledAmountDelta), since: 3 },
  { header: "在保余额", unit: REPORT_UNIT, value: (p) => amount(p.cumulative.coveredOutstandingDelta), since: 3 },
];

export function columnsFor(kind: Breakdown, layout: LayoutVersion = REPORT_LAYOUT_VERSION): BreakdownColumn[] {
  return BREAKDOWN_COLUMNS.filter(inLayout(layout)).filter((c) => !c.notFor?.includes(kind) && (!c.onlyFor || c.onlyFor.includes(kind)));
}

/** "2026年3月苏州市信易贷工作统计表" */
export function reportTitle(month: string): string {
  return `${formatMonthZh(month)}苏州市信易贷工作统计表`;
}

/**
 * A table of the report as every output draws it. Header rows: for breakdowns, the group row
 * (发布需求, 授信 …, or the column's own header), the sub-header row ('' when the column has no
 * group) and the unit row. `unit` on a row is set for the summary tables, which list units per row.
 */
export type ReportTable = {
  name: string;
  headerRows: string[][];
  rows: { label: string; unit?: string; cells: CellValue[]; total?: boolean }[];
  /** 注: the definitions of the table's rows, printed under it. */
  notes?: string[];
};

const INTERCEPTION_ROWS: { label: string; unit: string; key: keyof InterceptionCounts; note: string }[] = [
  {
    label: "拦截次数",
    unit: "次",
    key: "interceptions",
    note: "拦截次数：金融机构受理、授信或放款时，企业按评分卡否决项（列入严重失信主体名单、存在未结案的法院强制执行、纳税信用 D 级，按操作当时的信用数据判定）被平台拒绝办理、且无本机构豁免的次数；按操作时间计入月份，同一笔业务多次尝试分别计数。",
  },
  {
    label: "豁免记录数",
    unit: "笔",
    key: "overrides",
    note: "豁免记录数：金融机构管理员就某一需求、针对企业当时的否决项记录豁免理由的笔数，按记录时间计入月份。",
  },
  {
    label: "豁免受理笔数",
    unit: "笔",
    key: "overriddenClaims",
    note: "豁免受理笔数：受理时企业存在否决项、凭本机构豁免受理的笔数，按受理时间计入月份（已计入“受理笔数”）。",
  },
  {
    label: "豁免放款笔数",
    unit: "笔",
    key: "overriddenLoans",
    note: "豁免放款笔数：登记放款时企业存在否决项、凭本机构豁免放款的笔数，按放款日期计入月份（已计入“放款笔数”）。",
  },
];

export function reportTables(data: ReportData, layout: LayoutVersion = REPORT_LAYOUT_VERSION): ReportTable[] {
  const summary = summaryTable(data.total, layout);
  const out: ReportTable[] = [
    {
      name: "总表",
      headerRows: [["指标", "单位", "本月", "本年累计", "累计"]],
      rows: summary.flows.map((r) => ({ label: labelIn(r.label, layout), unit: r.unit, cells: [r.month, r.ytd, r.cumulative] })),
    },
    {
      name: "期末存量",
      headerRows: [["指标", "单位", "本月末", "上月末"]],
      rows: summary.stocks.map((r) => ({ label: r.label, unit: r.unit, cells: [r.end, r.previousEnd] })),
    },
  ];
  const sla = data.serviceLevels;
  out.push({
    name: "服务时效",
    headerRows: [
      ["机构", `超过${CLAIM_WITHIN_WORKING_DAYS}个工作日未受理的产品申请`, `受理后超过${DECIDE_WITHIN_WORKING_DAYS}个工作日未决的业务`],
    ],
    rows: [
      ...sla.byInstitution.map((i) => ({
        label: i.label,
        cells: [count(BigInt(i.unclaimedApplications)), count(BigInt(i.undecidedClaims))],
      })),
      {
        label: "合计（未受理需求含面向所有机构的需求）",
        cells: [count(BigInt(sla.unclaimedNeeds)), count(BigInt(sla.undecidedClaims))],
        total: true,
      },
    ],
  });
  // 失信拦截 arrived with layout 2; a layout-1 report is drawn exactly as it was frozen.
  if (data.interception && layout >= 2) {
    const section = data.interception;
    out.push({
      name: "失信拦截",
      headerRows: [["指标", "单位", "本月", "本年累计", "累计"]],
      rows: INTERCEPTION_ROWS.map((r) => ({
        label: r.label,
        unit: r.unit,
        cells: [count(BigInt(section.month[r.key])), count(BigInt(section.ytd[r.key])), count(BigInt(section.cumulative[r.key]))],
      })),
      notes: INTERCEPTION_ROWS.map((r) => r.note),
    });
  }
  if (layout >= 3) {
    const [month, ytd, cumulative] = [indicatorsOf(data.total.month), indicatorsOf(data.total.ytd), indicatorsOf(data.total.cumulative)];
    out.push({
      name: "风险补偿资金池",
      headerRows: [["指标", "单位", "本月", "本年累计", "累计"]],
      rows: POOL_ROWS.map((r) => ({ label: r.label, unit: r.unit, cells: [r.value(month), r.value(ytd), r.value(cumulative)] })),
      notes: POOL_ROWS.filter((r) => r.note).map((r) => r.note),
    });
  }
  for (const kind of BREAKDOWNS) {
    const columns = columnsFor(kind, layout);
    out.push({
      name: BREAKDOWN_LABELS[kind],
      headerRows: [
        ["名称", ...columns.map((c) => c.group ?? labelIn(c.header, layout))],
        ["", ...columns.map((c) => (c.group ? c.header : ""))],
        ["", ...columns.map((c) => c.unit)],
      ],
      rows: [
        ...data.breakdowns[kind].map((s) => ({ label: s.label, cells: columns.map((c) => c.value(s.periods)) })),
        { label: "合计", cells: columns.map((c) => c.value(data.total)), total: true },
      ],
    });
  }
  if (data.zones && layout >= 3) {
    out.push({
      name: "按专区",
      headerRows: [
        ["专区", "上架产品数", "本月放款", "本月放款", "本年累计放款", "本年累计放款"],
        ["", "", "笔数", "金额", "笔数", "金额"],
        ["", "个", "笔", REPORT_UNIT, "笔", REPORT_UNIT],
      ],
      rows: data.zones.map((z) => ({
        label: z.label,
        cells: [
          count(BigInt(z.listedProducts)),
          count(BigInt(z.loansCount)),
          amount(BigInt(z.loansAmountFen)),
          count(BigInt(z.ytdLoansCount)),
          amount(BigInt(z.ytdLoansAmountFen)),
        ],
      })),
      notes: [ZONE_DEFINITION],
    });
  }
  return out;
}

/** How a breakdown's first header row spans: [start, end] column ranges of group headers. */
export function groupSpans(headerRows: string[][]): { start: number; end: number; grouped: boolean }[] {
  const [groups, subs] = [headerRows[0]!, headerRows[1] ?? []];
  const spans: { start: number; end: number; grouped: boolean }[] = [];
  let c = 0;
  while (c < groups.length) {
    let end = c;
    const grouped = Boolean(subs[c]);
    if (grouped) while (end + 1 < groups.length && groups[end + 1] === groups[c] && subs[end + 1]) end++;
    spans.push({ start: c, end, grouped });
    c = end + 1;
  }
  return spans;
}

/** The tables with every cell as the page shows it (thousands separators, "—" for no value). */
export type DisplayTable = Omit<ReportTable, "rows"> & {
  rows: { label: string; unit?: string; cells: string[]; total?: boolean }[];
};

export function displayTables(data: ReportData, layout: LayoutVersion = REPORT_LAYOUT_VERSION): DisplayTable[] {
  return reportTables(data, layout).map((t) => ({ ...t, rows: t.rows.map((r) => ({ ...r, cells: r.cells.map((c) => cellText(c)) })) }));
}
