/**
 * Seed step for credit data (DESIGN.md §4): the data providers, then for every enterprise the months
 * before "as of" of the six monthly sources, tax grades of the last two assessed years and a few
 * public-record events. Everything goes through ingestBatch, one batch per source and month as a
 * provider would deliver it, so demo data traces to batches like real data.
 *
 * Each firm draws from its own generator (forked by USCC), so its figures do not depend on the others.
 * Weak firms (a minority, more often those whose loans went overdue in the marketplace step, which is
 * only read here) pay late, carry arrears, shrink, collect penalties and C/D grades.
 */
import { sql } from "drizzle-orm";
import { CREDIT_SOURCE_LABELS, CREDIT_SOURCES, PENALTY_SEVERITY_LABELS, type CreditSource, type TaxGrade } from "~/domain/credit";
import type { Rng } from "~/lib/random";
import { DISTRICT_CODES, INDUSTRY_CODES } from "~/lib/reference";
import { addDays, addMonths, dateOf, DAY_MS, monthBounds, monthOf, monthsBetween, startOfDate, startOfMonth } from "~/lib/time";
import { buildUscc } from "~/lib/uscc";
import { ingestBatch, type BatchSpec } from "~/services/credit-ingest.server";
import { dataProviders, enterprises } from "~db/schema";
import type { SeedContext, SeedStep } from "./context";
import { companyName, personName } from "./names";

export const DATA_PROVIDERS = [
  { name: "苏州市市场监督管理局", sources: ["registry"] },
  { name: "国网苏州供电公司", sources: ["electricity"] },
  { name: "苏州市水务集团", sources: ["water"] },
  { name: "苏州港华燃气有限公司", sources: ["gas"] },
  { name: "国家税务总局苏州市税务局", sources: ["tax", "tax_grade"] },
  { name: "苏州市社会保险基金管理中心", sources: ["social_insurance"] },
  { name: "苏州市住房公积金管理中心", sources: ["housing_fund"] },
  { name: "苏州市公共信用信息中心", sources: ["event"] },
] as const;

/** The fixed demo enterprises (db/seed/accounts.ts) and the cases README shows with them. */
export const CREDIT_DEMO = {
  clean: "9132050852601815XM",
  latePayer: "91320571908301663W",
  dishonest: "91320583131860916J",
} as const;

/**
 * A firm not on the portal whose data the whole-city files already carry (README): registering it with
 * this name and legal representative attaches a year of electricity data and gives it a score at once.
 */
export const UNREGISTERED_DEMO = {
  uscc: "91320506706142297F",
  name: "苏州吴中澄湖新材料科技有限公司",
  legalRepName: "陆建国",
  districtCode: "320506",
  industry: "C",
  size: "small" as const,
  establishedOn: "2016-04-12",
};

/** Firms in the city's files per firm on the portal: most of a utility's customers are not (yet) on it. */
const CITY_FIRMS_PER_REGISTERED = 1.5;
/** Months of the whole-city electricity file kept for firms not on the portal. */
const CITY_FEED_MONTHS = 12;

type Firm = {
  id: number;
  uscc: string;
  industry: string;
  size: "micro" | "small" | "medium";
  districtCode: string;
  establishedOn: string;
  rng: Rng;
  /** Pays late, carries arrears, collects penalties and weaker grades. */
  weak: boolean;
  /** First month a loan of this firm was reported overdue or bad, if ever. */
  troubleMonth: string | null;
};

/** Internal figures of one month; `due` is what should have been paid (bill, contribution or tax). */
type Month = { quantity: number | null; headcount: number | null; due: number; paid: number; onTime: boolean; arrears: number };

type Event = {
  kind: string;
  occurredOn: string;
  severity?: string;
  reference: string;
  authority: string;
  description: string;
  repairsReference?: string;
  /** A dishonest_exit names the listing it ends. */
  listingReference?: string;
};

const SEASON = [1.08, 0.72, 0.98, 0.95, 1.0, 1.08, 1.22, 1.25, 1.05, 0.95, 0.98, 1.1]; // electricity: Spring Festival dip, summer and winter peaks
const GAS_SEASON = [1.45, 1.2, 1.15, 0.95, 0.8, 0.75, 0.7, 0.7, 0.8, 0.95, 1.15, 1.4];
const HEAVY = new Set(["B", "C", "D"]);
/** kWh per employee and month. */
const POWER_PER_HEAD: Record<string, number> = { B: 3000, C: 1800, D: 5000, E: 300, F: 200, G: 500, H: 700, I: 150, K: 300 };
/** Yearly revenue per employee (元) and tax as a share of revenue. */
const REVENUE_PER_HEAD: Record<string, number> = {
  C: 700_000,
  D: 1_500_000,
  E: 500_000,
  F: 1_500_000,
  G: 600_000,
  H: 250_000,
  I: 500_000,
  L: 400_000,
  M: 450_000,
};
const TAX_RATE: Record<string, number> = { C: 0.032, E: 0.028, F: 0.01, I: 0.045 };
/** Average contribution base (元) by industry; Suzhou's floor is about 4,880 元. */
const WAGE: Record<string, number> = { C: 7500, D: 9000, F: 7000, H: 5200, I: 12_000, J: 11_000, M: 9500 };

const COURTS: Record<string, [string, string]> = {
  "320508": ["苏州市姑苏区人民法院", "苏0508"],
  "320505": ["苏州市虎丘区人民法院", "苏0505"],
  "320506": ["苏州市吴中区人民法院", "苏0506"],
  "320507": ["苏州市相城区人民法院", "苏0507"],
  "320509": ["苏州市吴江区人民法院", "苏0509"],
  "320571": ["苏州工业园区人民法院", "苏0591"],
  "320581": ["常熟市人民法院", "苏0581"],
  "320582": ["张家港市人民法院", "苏0582"],
  "320583": ["昆山市人民法院", "苏0583"],
  "320585": ["太仓市人民法院", "苏0585"],
};

const PENALTIES: { authority: string; prefix: string; what: string[] }[] = [
  {
    authority: "苏州市市场监督管理局",
    prefix: "苏市监罚",
    what: ["广告中使用“最佳”“国家级”等绝对化用语", "销售的产品经抽检不合格", "未按规定标注产品执行标准"],
  },
  {
    authority: "苏州市生态环境局",
    prefix: "苏环行罚",
    what: ["废气排放超过国家排放标准", "危险废物贮存不符合规定", "未按规定安装污染物排放自动监测设备"],
  },
  {
    authority: "苏州市应急管理局",
    prefix: "苏应急罚",
    what: ["未按规定对从业人员进行安全生产教育和培训", "未对安全设备进行经常性维护、保养"],
  },
  { authority: "苏州市消防救援支队", prefix: "苏消行罚决字", what: ["占用、堵塞疏散通道", "消防设施未保持完好有效"] },
  { authority: "国家税务总局苏州市税务局", prefix: "苏税罚", what: ["未按照规定期限办理纳税申报", "未按规定开具发票"] },
];
const SEVERITY_FINE = { general: [2000, 20_000], serious: [20_000, 200_000], grave: [200_000, 1_000_000] } as const;

/** Reference numbers run on per authority prefix and year, as an authority numbers its documents. */
class References {
  private next = new Map<string, number>();
  constructor(private readonly rng: Rng) {}
  take(prefix: string, year: string): string {
    const key = `${prefix}${year}`;
    const n = (this.next.get(key) ?? this.rng.int(20, 120)) + this.rng.int(1, 6);
    this.next.set(key, n);
    return `${prefix}〔${year}〕${n}号`;
  }
  case(court: string, year: string): string {
    const key = `case${court}${year}`;
    const n = (this.next.get(key) ?? this.rng.int(300, 1500)) + this.rng.int(1, 30);
    this.next.set(key, n);
    return `（${year}）${court}执${n}号`;
  }
}

const lognormal = (rng: Rng, sd: number) => Math.exp(rng.normal(0, sd));
const fenToYuan = (fen: number) => fen / 100;

export const creditStep: SeedStep = {
  label: "信用数据",
  run(ctx, report) {
    const rng = ctx.rng.fork("credit");
    const lastMonth = addMonths(monthOf(ctx.now), -1);
    const months = monthsBetween(addMonths(lastMonth, -(ctx.options.months - 1)), lastMonth);

    const providerAt = monthBounds(ctx.launchMonth).start;
    const providers = new Map<string, { id: number; sources: readonly string[] }>();
    for (const p of DATA_PROVIDERS) {
      const id = ctx.db
        .insert(dataProviders)
        .values({ name: p.name, sources: [...p.sources], createdAt: providerAt })
        .returning({ id: dataProviders.id })
        .get().id;
      for (const source of p.sources) providers.set(source, { id, sources: p.sources });
    }
    report(`数据提供单位 ${DATA_PROVIDERS.length} 家`);

    // Read only: loans that went overdue or bad mark their borrowers as more likely weak.
    const trouble = new Map(
      ctx.db
        .all<{ enterprise_id: number; first: string }>(
          sql`select l.enterprise_id, min(r.month) as first from loan_status_reports r join loans l on l.id = r.loan_id where r.status in ('overdue', 'npl') group by l.enterprise_id`,
        )
        .map((r) => [r.enterprise_id, r.first]),
    );
    const firms: Firm[] = ctx.db
      .select({
        id: enterprises.id,
        uscc: enterprises.uscc,
        industry: enterprises.industrySection,
        size: enterprises.size,
        districtCode: enterprises.districtCode,
        establishedOn: enterprises.establishedOn,
      })
      .from(enterprises)
      .orderBy(enterprises.id)
      .all()
      .map((e) => {
        const firmRng = rng.fork(e.uscc);
        const troubleMonth = trouble.get(e.id) ?? null;
        const weak = e.uscc === CREDIT_DEMO.clean ? false : e.uscc in DEMO_WEAK ? true : firmRng.chance(troubleMonth ? 0.6 : 0.08);
        return { ...e, rng: firmRng, weak, troubleMonth };
      });

    const rows = new Map<string, Record<string, unknown>[]>(); // "source|month" → rows of that batch
    const events: (Event & { uscc: string })[] = [];
    const grades = new Map<number, Record<string, unknown>[]>();
    const references = new References(rng.fork("references"));
    for (const firm of firms) {
      const series = monthlySeries(firm, months);
      if (firm.uscc === CREDIT_DEMO.latePayer) disputeWorthyMonth(series.electricity, months.length - 3);
      for (const source of CREDIT_SOURCES) {
        series[source].forEach((m, i) => {
          if (!m) return;
          const key = `${source}|${months[i]}`;
          const list = rows.get(key) ?? [];
          list.push(monthlyRow(firm.uscc, source, m));
          rows.set(key, list);
        });
      }
      const firmGrades = taxGrades(firm, ctx.now);
      for (const [year, grade] of firmGrades) {
        const list = grades.get(year) ?? [];
        list.push({ uscc: firm.uscc, year, grade });
        grades.set(year, list);
      }
      for (const e of firmEvents(firm, months, firmGrades, ctx.now, references)) events.push({ ...e, uscc: firm.uscc });
    }
    // The electricity company's files cover the whole city: its customers not on the portal are in them too.
    const city = cityFirms(ctx, rng.fork("city"), new Set(firms.map((f) => f.uscc)), Math.round(firms.length * CITY_FIRMS_PER_REGISTERED));
    const cityMonths = months.slice(-CITY_FEED_MONTHS);
    for (const firm of city) {
      const series = monthlySeries(firm, cityMonths);
      series.electricity.forEach((m, i) => {
        if (m) rows.get(`electricity|${cityMonths[i]}`)?.push(monthlyRow(firm.uscc, "electricity", m));
      });
    }

    const ingest = (spec: Omit<BatchSpec, "origin" | "allowedSources" | "providerId">, provider: string, at: number) => {
      const { id, sources } = providers.get(provider)!;
      const result = ingestBatch(ctx.db, { origin: "seed", providerId: id, allowedSources: sources, ...spec }, at);
      if (result.status !== "applied") {
        const first = result.rejections[0];
        throw new Error(
          `演示信用数据批次被拒绝（${spec.kind} ${spec.source ?? ""} ${spec.month ?? ""}）：第 ${first?.row} 行 ${first?.field} ${first?.reason}`,
        );
      }
      return result.rowsAccepted;
    };
    /** Month M's data arrives early in M+1, never after "now". */
    const deliveredAt = (month: string, day: number) =>
      Math.min(ctx.now - 3600_000, startOfMonth(addMonths(month, 1)) + (day - 1) * DAY_MS + 10 * 3600_000);

    const deliveryDay: Record<CreditSource, number> = { electricity: 5, water: 8, gas: 8, tax: 18, social_insurance: 12, housing_fund: 12 };
    for (const source of CREDIT_SOURCES) {
      const started = performance.now();
      let count = 0;
      for (const month of months) {
        const batch = rows.get(`${source}|${month}`);
        if (!batch) continue;
        count += ingest(
          { kind: "monthly", source, month, externalId: `seed-${source}-${month}`, rows: batch },
          source,
          deliveredAt(month, deliveryDay[source]),
        );
      }
      report(
        `${CREDIT_SOURCE_LABELS[source]}：${months.length} 个月，${count.toLocaleString("en-US")} 条（${((performance.now() - started) / 1000).toFixed(1)} 秒）`,
      );
    }

    let gradeCount = 0;
    for (const [year, list] of [...grades].sort((a, b) => a[0] - b[0])) {
      gradeCount += ingest({ kind: "tax_grade", externalId: `seed-tax-grade-${year}`, rows: list }, "tax_grade", gradesPublishedAt(year));
    }
    const eventMonths = [...new Set(events.map((e) => e.occurredOn.slice(0, 7)))].sort();
    for (const month of eventMonths) {
      const batch = events.filter((e) => e.occurredOn.startsWith(month));
      ingest({ kind: "event", externalId: `seed-event-${month}`, rows: batch }, "event", deliveredAt(month, 3));
    }
    const weak = firms.filter((f) => f.weak).length;
    report(
      `纳税信用等级 ${gradeCount.toLocaleString("en-US")} 条，公共信用记录 ${events.length} 条；经营偏弱（逾期、欠费）的企业 ${weak} 家`,
    );

    // 存续企业登记注册: the market regulator's records of every firm above, the registered ones as they registered.
    const registered = ctx.db
      .select({ uscc: enterprises.uscc, name: enterprises.name, legalRepName: enterprises.legalRepName })
      .from(enterprises)
      .all();
    const registry = [...registered, ...city].map((f) => ({ uscc: f.uscc, name: f.name, legalRepName: f.legalRepName, status: "存续" }));
    ingest({ kind: "registry", externalId: "seed-registry", rows: registry }, "registry", ctx.now - DAY_MS);
    ctx.db.update(enterprises).set({ registryCheck: "matched" }).run();
    report(
      `全市数据含未入驻企业 ${city.length.toLocaleString("en-US")} 家（近 ${CITY_FEED_MONTHS} 个月用电），登记注册信息 ${registry.length.toLocaleString("en-US")} 条`,
    );
  },
};

/** The fixed demo firms that play weak cases in README. */
const DEMO_WEAK: Record<string, true> = { [CREDIT_DEMO.latePayer]: true, [CREDIT_DEMO.dishonest]: true };
const isDemo = (firm: Firm) => firm.uscc === CREDIT_DEMO.clean || firm.uscc in DEMO_WEAK;

function monthlyRow(uscc: string, source: CreditSource, m: Month): Record<string, unknown> {
  const payment = { paidOnTime: m.onTime ? "是" : "否", arrearsFen: fenToYuan(m.arrears) };
  switch (source) {
    case "electricity":
    case "water":
    case "gas":
      return { uscc, quantity: m.quantity, billedFen: fenToYuan(m.due), paidFen: fenToYuan(m.paid), ...payment };
    case "tax":
      return { uscc, taxPaidFen: fenToYuan(m.paid), ...payment };
    case "social_insurance":
    case "housing_fund":
      return { uscc, headcount: m.headcount, billedFen: fenToYuan(m.due), paidFen: fenToYuan(m.paid), ...payment };
  }
}

/** Every source's months for one firm: null where there is no data (before establishment, gaps). */
function monthlySeries(firm: Firm, months: string[]): Record<CreditSource, (Month | null)[]> {
  const { rng, industry, size } = firm;
  const n = months.length;
  // Trajectory: yearly growth of staff and business; weak firms tend to shrink.
  const growth =
    firm.uscc === CREDIT_DEMO.clean ? 0.08 : Math.min(0.5, Math.max(-0.35, firm.weak ? rng.normal(-0.08, 0.12) : rng.normal(0.05, 0.12)));
  const [lo, hi] = size === "micro" ? [2, 19] : size === "small" ? [20, 199] : [200, 600];
  const staffNow = Math.round(Math.exp(Math.log(lo) + rng.next() * (Math.log(hi + 1) - Math.log(lo))));
  const founded = firm.establishedOn.slice(0, 7);
  const first =
    founded <= months[0]!
      ? 0
      : Math.max(
          0,
          months.findIndex((m) => m >= founded),
        );
  const isNew = founded >= months[0]!;
  const staffAt = (i: number) => {
    const ramp = isNew ? Math.min(1, 0.4 + (i - first) * 0.1) : 1; // a new firm hires over its first half year
    return Math.max(1, Math.round(staffNow * (1 + growth) ** ((i - (n - 1)) / 12) * ramp * (1 + rng.normal(0, 0.02))));
  };
  const power = (POWER_PER_HEAD[industry] ?? 220) * lognormal(rng, HEAVY.has(industry) ? 0.6 : 0.3);
  const powerPrice = HEAVY.has(industry) || industry === "E" ? 0.68 : 0.75;
  const water = (industry === "C" ? 5 : industry === "H" ? 20 : industry === "E" ? 8 : 2.2) * lognormal(rng, 0.3);
  const gas = (industry === "H" ? 50 : industry === "D" ? 10 : industry === "C" ? (rng.chance(0.4) ? 30 : 3) : 1.5) * lognormal(rng, 0.4);
  const revenue = ((REVENUE_PER_HEAD[industry] ?? 350_000) / 12) * lognormal(rng, 0.3);
  const taxRate = TAX_RATE[industry] ?? 0.035;
  const wage = Math.max(4880, (WAGE[industry] ?? 7000) * lognormal(rng, 0.15));
  const fundRate = rng.weighted([0.05, 0.08, 0.1, 0.12], [35, 25, 15, 25]);
  const fundShare = 0.6 + 0.4 * rng.next();
  const fundJoins = isDemo(firm)
    ? firm.uscc !== CREDIT_DEMO.latePayer
    : rng.chance(size === "medium" ? 0.9 : size === "small" ? 0.55 : 0.25);

  const series = {} as Record<CreditSource, (Month | null)[]>;
  const make = (fn: (i: number, calendarMonth: number, staff: number) => Omit<Month, "paid" | "onTime" | "arrears">) =>
    months.map((month, i) => {
      if (i < first) return null;
      const m = fn(i, Number(month.slice(5)) - 1, staffAt(i));
      return { ...m, paid: m.due, onTime: true, arrears: 0 };
    });
  const noise = () => 1 + rng.normal(0, 0.06);
  series.electricity = make((_, cm, staff) => {
    const season = 1 + (HEAVY.has(industry) ? 0.6 : 1) * (SEASON[cm]! - 1);
    const kwh = Math.round((300 + staff * power) * season * noise());
    return { quantity: kwh, headcount: null, due: Math.round(kwh * powerPrice * 100) };
  });
  series.water = make((_, cm, staff) => {
    const m3 = Math.max(3, Math.round(staff * water * (cm >= 5 && cm <= 8 ? 1.15 : 1) * noise()));
    return { quantity: m3, headcount: null, due: m3 * 460 };
  });
  series.gas = make((_, cm, staff) => {
    const m3 = Math.max(5, Math.round(staff * gas * GAS_SEASON[cm]! * noise()));
    return { quantity: m3, headcount: null, due: m3 * 375 };
  });
  series.tax = make((i, cm, staff) => {
    const sales = staff * revenue * (cm === 1 ? 0.7 : cm === 11 ? 1.2 : 1) * (1 + rng.normal(0, 0.15));
    // Small-scale taxpayers under 10万元 a month owe no VAT, only small surcharges.
    let tax = size === "micro" && sales < 100_000 ? sales * 0.0025 : sales * taxRate;
    if (cm % 3 === 0) tax += sales * 3 * 0.06 * (size === "medium" ? 0.25 : 0.05); // quarterly income-tax prepayment
    return { quantity: null, headcount: null, due: Math.max(0, Math.round(tax * 100)) };
  });
  const baseAt = (month: string) => wage * 1.04 ** (Number(month.slice(0, 4)) - 2024 + (Number(month.slice(5)) >= 7 ? 1 : 0)); // bases rise each July
  series.social_insurance = make((i, _, staff) => {
    const insured = Math.max(1, Math.round(staff * (size === "micro" ? 0.9 : 0.97)));
    return { quantity: null, headcount: insured, due: Math.round(insured * baseAt(months[i]!) * 38.5) };
  });
  series.housing_fund = fundJoins
    ? make((i, _, staff) => {
        const members = Math.max(1, Math.round(staff * fundShare));
        return { quantity: null, headcount: members, due: Math.round(members * baseAt(months[i]!) * 1.1 * fundRate * 2 * 100) };
      })
    : months.map(() => null);

  if (!isDemo(firm)) punchGaps(rng, series, first, n);
  if (firm.weak) payLate(firm, series, months, first);
  else if (!isDemo(firm) && rng.chance(0.04)) {
    // A good firm's one-off slip: paid a few days after the due date, nothing left owing.
    const source = rng.pick(["electricity", "water", "social_insurance"] as const);
    const m = series[source][rng.int(first, n - 1)];
    if (m) m.onTime = false;
  }
  return series;
}

/** Missing months are absent rows: a provider that connected the firm late, or a month it never sent. */
function punchGaps(rng: Rng, series: Record<CreditSource, (Month | null)[]>, first: number, n: number) {
  if (rng.chance(0.05) && n - first > 6) {
    const source = rng.pick(["water", "gas", "housing_fund", "social_insurance"] as const);
    const start = first + rng.int(3, Math.min(12, n - first - 3));
    for (let i = first; i < start; i++) series[source][i] = null;
  }
  for (const source of CREDIT_SOURCES) {
    if (n - first > 2 && rng.chance(0.025)) series[source][rng.int(first + 1, n - 1)] = null;
  }
}

type LateRun = { source: CreditSource; start: number; length: number };

/** A weak firm's late runs: part paid, arrears carried, then settled with the next bill (or still owing at the end). */
function payLate(firm: Firm, series: Record<CreditSource, (Month | null)[]>, months: string[], first: number) {
  const { rng } = firm;
  const n = months.length;
  const troubleAt = firm.troubleMonth ? months.indexOf(firm.troubleMonth) : -1;
  const runs: LateRun[] =
    firm.uscc === CREDIT_DEMO.latePayer
      ? [
          { source: "social_insurance", start: n - 8, length: 2 },
          { source: "tax", start: n - 5, length: 1 },
        ]
      : firm.uscc === CREDIT_DEMO.dishonest
        ? [
            { source: "electricity", start: n - 10, length: 2 },
            { source: "social_insurance", start: n - 6, length: 3 },
            { source: "tax", start: n - 4, length: 4 },
          ]
        : Array.from({ length: rng.int(1, 4) }, () => ({
            source: rng.weighted(CREDIT_SOURCES, [3, 2, 1, 2, 3, 1]),
            // Around the first overdue loan if there was one, otherwise more often recently.
            start: troubleAt >= first ? Math.min(n - 1, troubleAt + rng.int(-2, 2)) : n - 1 - Math.floor(rng.next() ** 2 * (n - first)),
            length: rng.int(1, 3),
          }));
  const used = new Set<string>();
  for (const { source, start, length } of runs) {
    if (start < first || Array.from({ length: length + 1 }, (_, k) => `${source}|${start + k}`).some((key) => used.has(key))) continue;
    let owing = 0;
    for (let i = start; i < n; i++) {
      const m = series[source][i];
      if (!m) continue;
      used.add(`${source}|${i}`);
      if (i >= start + length) {
        m.paid = m.due + owing;
        break;
      }
      m.paid = Math.round(m.due * (rng.chance(0.3) ? 0 : 0.2 + 0.6 * rng.next()));
      owing += m.due - m.paid;
      m.onTime = false;
      m.arrears = owing;
    }
  }
}

/** 博远's disputable month: a meter misread ten times the usual, billed and "unpaid". */
function disputeWorthyMonth(series: (Month | null)[], index: number) {
  const usual = series[index - 1] ?? series[index + 1];
  const m = series[index];
  if (!m || !usual || !usual.quantity) return;
  m.quantity = usual.quantity * 10 + 7;
  m.due = Math.round((usual.due / usual.quantity) * m.quantity);
  m.paid = usual.due;
  m.onTime = false;
  m.arrears = m.due - m.paid;
  const next = series[index + 1];
  if (next) next.arrears = m.arrears; // still shown as owing: the firm refuses to pay the misread
}

/** Grades are published each April for the year before. */
function gradesPublishedAt(year: number) {
  return startOfDate(`${year + 1}-04-20`) + 10 * 3600_000;
}

/** The last two assessed years' grades: M for a firm new in the year, weak firms lean to C and D. */
function taxGrades(firm: Firm, now: number): [number, TaxGrade][] {
  const { rng } = firm;
  let latest = Number(dateOf(now).slice(0, 4)) - 1;
  if (gradesPublishedAt(latest) > now) latest -= 1;
  const founded = Number(firm.establishedOn.slice(0, 4));
  const weights = firm.weak ? [3, 35, 10, 37, 15] : [25, 54, 9, 9.5, 2.5];
  const draw = (): TaxGrade => rng.weighted(["A", "B", "M", "C", "D"] as const, weights);
  const out: [number, TaxGrade][] = [];
  let later: TaxGrade | null = null;
  for (const year of [latest, latest - 1]) {
    if (founded > year) continue;
    const fixed: TaxGrade | null =
      firm.uscc === CREDIT_DEMO.clean
        ? "A"
        : firm.uscc === CREDIT_DEMO.dishonest
          ? year === latest
            ? "D"
            : "B"
          : firm.uscc === CREDIT_DEMO.latePayer
            ? "B"
            : null;
    // Grades persist: the year before is usually the same as the later one.
    const grade: TaxGrade = fixed ?? (founded === year ? "M" : later && later !== "M" && rng.chance(0.65) ? later : draw());
    out.push([year, grade]);
    later = grade;
  }
  return out;
}

/** Public records over the window: penalties, dishonesty listings, court enforcement, repairs, honours. */
function firmEvents(firm: Firm, months: string[], grades: [number, TaxGrade][], now: number, refs: References): Event[] {
  const { rng } = firm;
  const out: Event[] = [];
  const from = [`${months[0]}-01`, firm.establishedOn].sort()[1]!;
  const until = dateOf(monthBounds(months.at(-1)!).end - DAY_MS);
  if (from > until) return out;
  const span = Math.round((startOfDate(until) - startOfDate(from)) / DAY_MS);
  const someDay = () => addDays(from, rng.int(0, span));
  const year = (date: string) => date.slice(0, 4);
  const push = (e: Event) => {
    if (e.occurredOn <= until && e.occurredOn >= from) out.push(e);
  };
  const repair = (after: string, what: string, repairs: string) =>
    push({
      kind: "credit_repair",
      occurredOn: after,
      reference: refs.take("苏信修", year(after)),
      authority: "苏州市公共信用信息中心",
      description: `${what}已完成信用修复，停止公示`,
      repairsReference: repairs,
    });

  const demo =
    firm.uscc === CREDIT_DEMO.latePayer
      ? "late"
      : firm.uscc === CREDIT_DEMO.dishonest
        ? "dishonest"
        : firm.uscc === CREDIT_DEMO.clean
          ? "clean"
          : null;
  // Penalties: weak firms collect them, and heavier ones.
  const penalties =
    demo === "late" || demo === "dishonest"
      ? 1
      : demo === "clean"
        ? 0
        : rng.chance(firm.weak ? 0.3 : 0.035)
          ? rng.chance(0.1)
            ? 2
            : 1
          : 0;
  for (let k = 0; k < penalties; k++) {
    const source = demo === "dishonest" ? PENALTIES[1]! : demo === "late" ? PENALTIES[0]! : rng.pick(PENALTIES);
    const severity =
      demo === "late"
        ? "general"
        : demo === "dishonest"
          ? "serious"
          : rng.weighted(["general", "serious", "grave"] as const, firm.weak ? [50, 35, 15] : [70, 24, 6]);
    const on = demo === "late" ? addDays(until, -Math.min(span, 300)) : someDay();
    const fine = rng.int(SEVERITY_FINE[severity][0] / 100, SEVERITY_FINE[severity][1] / 100) * 100;
    const reference = refs.take(source.prefix, year(on));
    const what = rng.pick(source.what);
    push({
      kind: "penalty",
      occurredOn: on,
      severity: PENALTY_SEVERITY_LABELS[severity],
      reference,
      authority: source.authority,
      description: `${what}，责令改正并处罚款 ${fine.toLocaleString("en-US")} 元`,
    });
    // A general penalty may be repaired after three months of publicity, a serious one after a year.
    const repairAfter = severity === "general" ? rng.int(95, 240) : severity === "serious" ? rng.int(370, 500) : null;
    if (repairAfter !== null && (demo === "late" || (demo === null && rng.chance(severity === "general" ? 0.45 : 0.25)))) {
      repair(addDays(on, demo === "late" ? 120 : repairAfter), `行政处罚信息（${reference}）`, reference);
    }
  }
  // Serious-dishonesty list: a few weak firms; some leave it and repair their record.
  if (demo === "dishonest" || (demo === null && firm.weak && rng.chance(0.04))) {
    const on = demo === "dishonest" ? addDays(until, -Math.min(span, 150)) : someDay();
    const reference = refs.take("苏税稽失信", year(on));
    push({
      kind: "dishonest_entry",
      occurredOn: on,
      reference,
      authority: "国家税务总局苏州市税务局",
      description: "列入重大税收违法失信主体名单：逃避追缴欠税",
    });
    if (demo === null && rng.chance(0.5)) {
      const out = addDays(on, rng.int(150, 365));
      push({
        kind: "dishonest_exit",
        occurredOn: out,
        reference: refs.take("苏税稽移出", year(out)),
        authority: "国家税务总局苏州市税务局",
        description: `已缴清税款、滞纳金，移出重大税收违法失信主体名单（原列入文书 ${reference}）`,
        listingReference: reference,
      });
      repair(addDays(out, rng.int(5, 30)), `严重失信主体名单信息（${reference}）`, reference);
    }
  }
  // Court enforcement of an unpaid debt, often closed within months.
  if (demo === "dishonest" || (demo === null && rng.chance(firm.weak ? 0.12 : 0.008))) {
    const [court, code] = COURTS[firm.districtCode] ?? COURTS["320508"]!;
    const on = demo === "dishonest" ? addDays(until, -Math.min(span, 80)) : someDay();
    const reference = refs.case(code, year(on));
    const amount = rng.int(5, 300) * 10_000;
    push({
      kind: "enforcement_open",
      occurredOn: on,
      reference,
      authority: court,
      description: `被执行人，执行标的 ${amount.toLocaleString("en-US")} 元（买卖合同纠纷）`,
    });
    if (demo === null && rng.chance(0.55)) {
      push({
        kind: "enforcement_closed",
        occurredOn: addDays(on, rng.int(30, 300)),
        reference,
        authority: court,
        description: "已全部履行完毕，执行结案",
      });
    }
  }
  // Honours: every A-grade firm of the latest year is published as an A-grade taxpayer.
  const latest = grades[0];
  if (latest?.[1] === "A") {
    const on = dateOf(gradesPublishedAt(latest[0]));
    if (startOfDate(on) < now) {
      push({
        kind: "honour",
        occurredOn: on,
        reference: refs.take("苏税A级", String(latest[0] + 1)),
        authority: "国家税务总局苏州市税务局",
        description: `${latest[0]} 年度纳税信用 A 级纳税人`,
      });
    }
  }
  if (!firm.weak && (demo === "clean" || (demo === null && rng.chance(0.03)))) {
    const on = demo === "clean" ? addDays(until, -Math.min(span, 200)) : someDay();
    push({
      kind: "honour",
      occurredOn: on,
      reference: refs.take("苏市监守信", year(on)),
      authority: "江苏省市场监督管理局",
      description: "江苏省“守合同重信用”企业",
    });
  }
  if (!firm.weak && demo === null && firm.size !== "micro" && rng.chance(0.01)) {
    const on = someDay();
    push({
      kind: "honour",
      occurredOn: on,
      reference: refs.take("苏发改信用", year(on)),
      authority: "苏州市发展和改革委员会",
      description: "苏州市企业信用管理示范企业",
    });
  }
  return out;
}

type CityFirm = Firm & { name: string; legalRepName: string };

/** Firms of the city not on the portal, with what the registry knows of them; the README's demo firm first. */
function cityFirms(ctx: SeedContext, rng: Rng, taken: ReadonlySet<string>, n: number): CityFirm[] {
  const firm = (f: Omit<CityFirm, "rng" | "weak" | "troubleMonth" | "id">): CityFirm => {
    const firmRng = rng.fork(f.uscc);
    return { ...f, id: 0, rng: firmRng, weak: firmRng.chance(0.08), troubleMonth: null };
  };
  const out = [firm({ ...UNREGISTERED_DEMO })];
  const used = new Set([...taken, UNREGISTERED_DEMO.uscc]);
  while (out.length < n) {
    const districtCode = rng.pick(DISTRICT_CODES);
    const uscc = buildUscc("91", districtCode, String(rng.int(10_000_000, 99_999_999)));
    if (used.has(uscc)) continue;
    used.add(uscc);
    const industry = rng.pick(INDUSTRY_CODES);
    const yearsOld = 1 + 20 * rng.next() ** 2;
    out.push(
      firm({
        uscc,
        name: companyName(rng, districtCode, industry),
        legalRepName: personName(rng),
        districtCode,
        industry,
        size: rng.weighted(["micro", "small", "medium"] as const, [0.6, 0.3, 0.1]),
        establishedOn: dateOf(ctx.now - Math.round(yearsOld * 365.25) * DAY_MS),
      }),
    );
  }
  return out;
}
