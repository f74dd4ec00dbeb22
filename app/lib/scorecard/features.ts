/**
 * Scorecard features from an enterprise's credit data as of a date (issue 5, DESIGN.md §4). Pure: the
 * service reads the rows, this turns them into named values the model bins, plus the knock-outs.
 *
 * Missing rule: every monthly measure is taken over REPORTED months only, and a period counts only
 * when at least half of its months are reported; otherwise the feature is `null` (missing) and scores
 * the model's neutral points. A month without a row is never late, never zero use, never zero tax.
 * Payment features are the NUMBER of late months among reported months, not the on-time ratio: the
 * ratio falls when an on-time month goes missing (9/10 → 8/9), which would let a gap count partly as
 * late. A late month is evidence on its own, so a payment feature is defined as soon as one month is
 * late; a clean record needs half the window reported to earn the "no late month" bin.
 */
import type { CreditEventKind, CreditSource, PenaltySeverity, TaxGrade } from "~/domain/credit";
import { BREACH_MONTHS } from "~/domain/commitments";
import type { RepairableEventKind } from "~/domain/credit-repairs";
import type { KnockOutCode } from "~/domain/scoring";
import { addMonths, addMonthsToDate, monthsBetween, startOfDate, yearsSince } from "../time";

export type MonthlyRecord = {
  source: CreditSource;
  month: string;
  quantity: number | null;
  paidOnTime: boolean | null;
  arrearsFen: number | null;
  headcount: number | null;
  taxPaidFen: number | null;
};

export type TaxGradeRecord = { year: number; grade: TaxGrade };

export type CreditEventRecord = {
  kind: CreditEventKind;
  /** YYYY-MM-DD */
  occurredOn: string;
  severity: PenaltySeverity | null;
  reference: string;
  /** A credit_repair's target: the reference of the penalty or listing it repairs; null for other kinds. */
  repairsReference: string | null;
  /** A credit_repair's target kind; null (or absent) when not known: it then lifts any record with that reference. */
  repairsKind?: RepairableEventKind | null;
  /** A dishonest_exit's target: the reference of the listing it ends; null (or absent) for other kinds. */
  listingReference?: string | null;
};

export type FeatureInput = {
  /** The day the score is taken (YYYY-MM-DD); events after it are ignored. */
  asOf: string;
  /** The last month of the data window (YYYY-MM), usually the last month delivered in full. */
  lastMonth: string;
  establishedOn: string | null;
  monthly: readonly MonthlyRecord[];
  taxGrades: readonly TaxGradeRecord[];
  events: readonly CreditEventRecord[];
};

export const PAYMENT_FEATURES = {
  electricityLate: "electricity",
  waterLate: "water",
  gasLate: "gas",
  taxLate: "tax",
  socialInsuranceLate: "social_insurance",
} as const satisfies Record<string, CreditSource>;
export type PaymentFeature = keyof typeof PAYMENT_FEATURES;

export const FEATURE_KEYS = [
  ...(Object.keys(PAYMENT_FEATURES) as PaymentFeature[]),
  "arrearsMonths",
  "electricityTrend",
  "electricityVariation",
  "taxTrend",
  "headcountTrend",
  "housingFundCoverage",
  "taxGrade",
  "yearsInOperation",
  "penaltyLoad",
  "honours",
  "commitmentBreaches",
] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

/** Numbers for every feature except `taxGrade` (a grade letter); null = missing. */
export type FeatureValues = Record<FeatureKey, number | string | null>;

/**
 * A knock-out: its code, the reason in zh-CN, and the records behind it (the listings' and cases'
 * references, the tax grade's year), which an interception override covers one by one.
 */
export type KnockOut = { code: KnockOutCode; reason: string; references: string[] };

export type Features = {
  values: FeatureValues;
  knockOuts: KnockOut[];
  /**
   * For the late-month counts (payments, arrears): months of clean record needed before every late
   * month has left the 12-month window; for a short clean record, the months to reach half a window;
   * absent when nothing at all was reported.
   */
  monthsToClean: Partial<Record<PaymentFeature | "arrearsMonths", number>>;
};

/** Window of the payment, arrears and variation measures. */
export const WINDOW_MONTHS = 12;
const MIN_REPORTED = WINDOW_MONTHS / 2;
/** Ratios are capped so a zero base gives a finite, storable value. */
export const RATIO_CAP = 10;
export const PENALTY_WEIGHTS: Record<PenaltySeverity, number> = { general: 1, serious: 3, grave: 6 };
/** A penalty weighs in full for its first year, half in its second, nothing after. */
const PENALTY_FULL_MONTHS = 12;
const PENALTY_HALF_MONTHS = 24;
const HONOUR_MONTHS = 36;
/** Tax grades older than this many evaluation years are ignored. */
const TAX_GRADE_MAX_AGE_YEARS = 2;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Reported values of one field of one source, by month. */
function series<T>(input: FeatureInput, source: CreditSource, pick: (r: MonthlyRecord) => T | null): Map<string, T> {
  const byMonth = new Map<string, T>();
  for (const row of input.monthly) {
    if (row.source !== source) continue;
    const value = pick(row);
    if (value !== null) byMonth.set(row.month, value);
  }
  return byMonth;
}

function reportedIn<T>(byMonth: Map<string, T>, months: readonly string[]): T[] {
  const out: T[] = [];
  for (const m of months) {
    const value = byMonth.get(m);
    if (value !== undefined) out.push(value);
  }
  return out;
}

type Windows = { readonly [K in "last12" | "last6" | "prior6" | "prior12"]: readonly string[] };
let lastWindows: { lastMonth: string; windows: Windows } | null = null;

/** The month lists of a window end; a full re-score asks for the same end 100,000 times, so the last one is kept. */
function windowsEnding(lastMonth: string): Windows {
  if (lastWindows?.lastMonth !== lastMonth) {
    const months = (fromAgo: number, toAgo: number) => monthsBetween(addMonths(lastMonth, -fromAgo), addMonths(lastMonth, -toAgo));
    lastWindows = { lastMonth, windows: { last12: months(11, 0), last6: months(5, 0), prior6: months(11, 6), prior12: months(23, 12) } };
  }
  return lastWindows.windows;
}

/**
 * Late months among reported months of the window; monthsToClean = months until the latest late
 * month leaves the window (or until half the window is reported, for a short clean record).
 */
function lateCount(flags: Map<string, boolean>, window: readonly string[]) {
  let reported = 0;
  let late = 0;
  let latestLateAgo = 0;
  window.forEach((m, i) => {
    const flag = flags.get(m);
    if (flag !== undefined) reported += 1;
    if (flag === false) {
      late += 1;
      latestLateAgo = window.length - 1 - i;
    }
  });
  if (late > 0) return { value: late, monthsToClean: window.length - latestLateAgo };
  if (reported >= MIN_REPORTED) return { value: 0, monthsToClean: 0 };
  // Nothing reported at all: likely not a customer of that utility, so no advice to pay it.
  return { value: null, monthsToClean: reported > 0 ? MIN_REPORTED : undefined };
}

/** Mean of the recent period over the mean of the prior one, each at least half reported. */
function trend(byMonth: Map<string, number>, recent: readonly string[], prior: readonly string[]): number | null {
  const a = reportedIn(byMonth, recent);
  const b = reportedIn(byMonth, prior);
  if (a.length * 2 < recent.length || b.length * 2 < prior.length) return null;
  const recentMean = mean(a);
  const priorMean = mean(b);
  if (priorMean === 0) return recentMean === 0 ? 0 : RATIO_CAP;
  return Math.min(RATIO_CAP, recentMean / priorMean);
}

/** Coefficient of variation (population sd / mean); no use at all counts as the most unsteady. */
function variation(values: readonly number[]): number | null {
  if (values.length < MIN_REPORTED) return null;
  const m = mean(values);
  if (m === 0) return RATIO_CAP;
  const sd = Math.sqrt(mean(values.map((x) => (x - m) ** 2)));
  return Math.min(RATIO_CAP, sd / m);
}

type Case = { on: string; reference: string };

/** What a completed credit repair (修复) lifted: a penalty or listing, by kind and reference. */
export type Repaired = { has(kind: RepairableEventKind, reference: string): boolean };

/**
 * The penalties and listings lifted by a completed credit repair as of the events given: a repair
 * names the one record it repairs and lifts nothing else. A repair that does not say which kind it
 * repaired (recorded before the kind was kept) lifts the record of either kind with that reference.
 */
export function repairedRecords(events: readonly CreditEventRecord[]): Repaired {
  const exact = new Set<string>();
  const anyKind = new Set<string>();
  for (const e of events) {
    if (e.kind !== "credit_repair" || e.repairsReference === null) continue;
    if (e.repairsKind) exact.add(`${e.repairsKind}|${e.repairsReference}`);
    else anyKind.add(e.repairsReference);
  }
  return { has: (kind, reference) => anyKind.has(reference) || exact.has(`${kind}|${reference}`) };
}

/** Listings (严重失信) entered and not yet ended, in date order: a listing ends only by the exit that names it, or its own repair. */
function openListings(events: readonly CreditEventRecord[], repaired: Repaired): Case[] {
  const exited = new Set<string>();
  for (const e of events) if (e.kind === "dishonest_exit" && e.listingReference) exited.add(e.listingReference);
  return events
    .filter((e) => e.kind === "dishonest_entry" && !exited.has(e.reference) && !repaired.has("dishonest_entry", e.reference))
    .map((e) => ({ on: e.occurredOn, reference: e.reference }))
    .sort((x, y) => x.on.localeCompare(y.on) || x.reference.localeCompare(y.reference));
}

/**
 * Court enforcement cases opened and not yet closed, in date order. A closure closes the case with
 * its own reference (案号), else the oldest case still open on its date (closure documents often
 * carry their own number).
 */
function openCases(events: readonly CreditEventRecord[]): Case[] {
  const rank = (kind: CreditEventKind) => (kind === "enforcement_open" ? 0 : 1);
  const relevant = events
    .filter((e) => e.kind === "enforcement_open" || e.kind === "enforcement_closed")
    .sort((x, y) => x.occurredOn.localeCompare(y.occurredOn) || rank(x.kind) - rank(y.kind) || x.reference.localeCompare(y.reference));
  const open: Case[] = [];
  for (const e of relevant) {
    if (e.kind === "enforcement_open") open.push({ on: e.occurredOn, reference: e.reference });
    else {
      const i = open.findIndex((c) => c.reference === e.reference);
      if (i >= 0) open.splice(i, 1);
      else if (open.length > 0) open.shift();
    }
  }
  return open;
}

function knockOuts(events: readonly CreditEventRecord[], grade: TaxGradeRecord | null): KnockOut[] {
  const out: KnockOut[] = [];
  const listed = openListings(events, repairedRecords(events));
  const references = (cases: Case[]) => cases.map((c) => c.reference);
  if (listed.length > 0) {
    out.push({
      code: "dishonest",
      reason: `列入严重失信主体名单（${listed[0]!.on} 列入），尚未移出或完成信用修复`,
      references: references(listed),
    });
  }
  const enforcement = openCases(events);
  if (enforcement.length > 0) {
    const count = enforcement.length > 1 ? `共 ${enforcement.length} 件，` : "";
    out.push({
      code: "enforcement",
      reason: `存在未结案的法院强制执行（${count}最早 ${enforcement[0]!.on} 立案）`,
      references: references(enforcement),
    });
  }
  if (grade?.grade === "D") {
    out.push({ code: "tax_grade_d", reason: `${grade.year} 年度纳税信用等级为 D 级`, references: [taxGradeReference(grade.year)] });
  }
  return out;
}

/** How a tax grade is named among a knock-out's records: by its year. */
export const taxGradeReference = (year: number) => `${year} 年度纳税信用等级`;

/** Penalties weighted by severity and age; a penalty whose own record was credit-repaired counts no more. */
function penaltyLoad(events: readonly CreditEventRecord[], asOf: string): number {
  const repaired = repairedRecords(events);
  const fullFrom = addMonthsToDate(asOf, -PENALTY_FULL_MONTHS);
  const halfFrom = addMonthsToDate(asOf, -PENALTY_HALF_MONTHS);
  let load = 0;
  for (const e of events) {
    if (e.kind !== "penalty" || e.severity === null || repaired.has("penalty", e.reference) || e.occurredOn <= halfFrom) continue;
    load += PENALTY_WEIGHTS[e.severity] * (e.occurredOn > fullFrom ? 1 : 0.5);
  }
  return load;
}

/** 违诺 recorded in the last BREACH_MONTHS, less those revoked (an upheld 异议 writes a breach_revoked of the same reference). */
function commitmentBreaches(events: readonly CreditEventRecord[], asOf: string): number {
  const revoked = new Set(events.filter((e) => e.kind === "breach_revoked").map((e) => e.reference));
  const from = addMonthsToDate(asOf, -BREACH_MONTHS);
  return events.filter((e) => e.kind === "commitment_breach" && e.occurredOn > from && !revoked.has(e.reference)).length;
}

/** The latest evaluated tax grade no older than two years (grades for year Y are known during Y+1). */
function latestTaxGrade(grades: readonly TaxGradeRecord[], asOf: string): TaxGradeRecord | null {
  const year = Number(asOf.slice(0, 4));
  const usable = grades.filter((g) => g.year < year && g.year >= year - TAX_GRADE_MAX_AGE_YEARS);
  return usable.reduce<TaxGradeRecord | null>((best, g) => (best === null || g.year > best.year ? g : best), null);
}

export function computeFeatures(input: FeatureInput): Features {
  if (input.lastMonth > input.asOf.slice(0, 7)) throw new Error(`window end ${input.lastMonth} is after ${input.asOf}`);
  const { last12, last6, prior6, prior12 } = windowsEnding(input.lastMonth);
  const events = input.events.filter((e) => e.occurredOn <= input.asOf);

  const values = {} as FeatureValues;
  const monthsToClean: Features["monthsToClean"] = {};
  for (const [feature, source] of Object.entries(PAYMENT_FEATURES) as [PaymentFeature, CreditSource][]) {
    const late = lateCount(
      series(input, source, (r) => r.paidOnTime),
      last12,
    );
    values[feature] = late.value;
    if (late.monthsToClean !== undefined) monthsToClean[feature] = late.monthsToClean;
  }

  // A month is clean when every source that states arrears states none; arrears anywhere make it "late".
  const clean = new Map<string, boolean>();
  for (const row of input.monthly) {
    if (row.arrearsFen !== null) clean.set(row.month, clean.get(row.month) !== false && row.arrearsFen === 0);
  }
  const arrearsLate = lateCount(clean, last12);
  values.arrearsMonths = arrearsLate.value;
  if (arrearsLate.monthsToClean !== undefined) monthsToClean.arrearsMonths = arrearsLate.monthsToClean;

  const kwh = series(input, "electricity", (r) => r.quantity);
  values.electricityTrend = trend(kwh, last6, prior6);
  values.electricityVariation = variation(reportedIn(kwh, last12));
  values.taxTrend = trend(
    series(input, "tax", (r) => r.taxPaidFen),
    last12,
    prior12,
  );
  const insured = series(input, "social_insurance", (r) => r.headcount);
  values.headcountTrend = trend(insured, last6, prior6);

  const fundHeads = reportedIn(
    series(input, "housing_fund", (r) => r.headcount),
    last12,
  );
  const insuredHeads = reportedIn(insured, last12);
  values.housingFundCoverage =
    fundHeads.length >= MIN_REPORTED && insuredHeads.length >= MIN_REPORTED && mean(insuredHeads) > 0
      ? Math.min(1, mean(fundHeads) / mean(insuredHeads))
      : null;

  const grade = latestTaxGrade(input.taxGrades, input.asOf);
  values.taxGrade = grade?.grade ?? null;
  values.yearsInOperation = input.establishedOn === null ? null : yearsSince(input.establishedOn, startOfDate(input.asOf));
  values.penaltyLoad = penaltyLoad(events, input.asOf);
  const honoursFrom = addMonthsToDate(input.asOf, -HONOUR_MONTHS);
  values.honours = events.filter((e) => e.kind === "honour" && e.occurredOn > honoursFrom).length;
  values.commitmentBreaches = commitmentBreaches(events, input.asOf);

  return { values, knockOuts: knockOuts(events, grade), monthsToClean };
}
