/**
 * The arithmetic of the monthly 信易贷 statistics (DESIGN.md §5), pure and exact. Sums are BigInt
 * (city-wide Σ amount × rate exceeds 2^53); ratios are rounded half up only when shown.
 */
import { MEASURES, type Measure } from "~/domain/statistics-measures";

/** The measures are listed once, in app/domain/statistics-measures.ts (with their stat_cells columns). */
export { MEASURES, type Measure };
export type Measures = Record<Measure, bigint>;

export function zeroMeasures(): Measures {
  return Object.fromEntries(MEASURES.map((m) => [m, 0n])) as Measures;
}

export function addMeasures(into: Measures, other: Measures): Measures {
  for (const m of MEASURES) into[m] += other[m];
  return into;
}

/**
 * Month M's three periods from monthly cells: the month itself, January to M (本年累计), and
 * everything up to M (累计). Summed up to M, the stock measures (deltas) give the value at the end of M.
 */
export type Periods = { month: Measures; ytd: Measures; cumulative: Measures };

/** a / b rounded half up to `decimals` places, as text; null when b is 0 (shown as "—"). */
export function ratioText(numerator: bigint, denominator: bigint, decimals: number, scale = 1n): string | null {
  if (denominator === 0n) return null;
  const factor = 10n ** BigInt(decimals);
  const n = numerator * scale * factor;
  const negative = n < 0n !== denominator < 0n;
  const absN = n < 0n ? -n : n;
  const absD = denominator < 0n ? -denominator : denominator;
  const rounded = (absN * 2n + absD) / (absD * 2n);
  const whole = rounded / factor;
  const frac = (rounded % factor).toString().padStart(decimals, "0");
  const text = decimals > 0 ? `${whole}.${frac}` : `${whole}`;
  return negative && rounded !== 0n ? `-${text}` : text;
}

const MS_PER_HOUR = 3_600_000n;
const MS_PER_DAY = 86_400_000n;

/**
 * What the statistics table shows for one period and one slice (the whole city, a district, an
 * institution …). Counts and amounts (fen) are exact; ratios are text with their decimals, or null.
 */
export type Indicators = {
  enterprisesNew: bigint;
  needsCount: bigint;
  needsAmountFen: bigint;
  claimsCount: bigint;
  grantsCount: bigint;
  grantsAmountFen: bigint;
  loansCount: bigint;
  loansAmountFen: bigint;
  creditLoansCount: bigint;
  creditLoansAmountFen: bigint;
  /** 信用贷款占比 by amount, %, two decimals. */
  creditShare: string | null;
  firstLoanEnterprises: bigint;
  /** 加权平均利率 Σ(amount × rate) / Σ amount, %, two decimals. */
  weightedRate: string | null;
  /** 平均受理时长, hours, one decimal. */
  avgClaimHours: string | null;
  /** 平均放款时长, days, one decimal: over the loans answering a need (renewals answer none). */
  avgDisburseDays: string | null;
  /** 其中续贷 (无还本续贷): renewal loans, also counted in loansCount / loansAmountFen. */
  renewalsCount: bigint;
  renewalsAmountFen: bigint;
  /** 其中数字人民币放款. */
  ecnyLoansCount: bigint;
  ecnyLoansAmountFen: bigint;
  /** 风险补偿: 新增入池, 代偿, 回收. */
  poolEnrolmentsCount: bigint;
  poolEnrolmentsAmountFen: bigint;
  compensationsCount: bigint;
  compensationsAmountFen: bigint;
  recoveriesAmountFen: bigint;
};

export function indicatorsOf(m: Measures): Indicators {
  return {
    enterprisesNew: m.enterprisesNew,
    needsCount: m.needsCount,
    needsAmountFen: m.needsAmount,
    claimsCount: m.claimsCount,
    grantsCount: m.grantsCount,
    grantsAmountFen: m.grantsAmount,
    loansCount: m.loansCount,
    loansAmountFen: m.loansAmount,
    creditLoansCount: m.creditLoansCount,
    creditLoansAmountFen: m.creditLoansAmount,
    creditShare: ratioText(m.creditLoansAmount, m.loansAmount, 2, 100n),
    firstLoanEnterprises: m.firstLoans,
    // rate is in basis points: bp / 100 = %.
    weightedRate: ratioText(m.loansRateAmount, m.loansAmount * 100n, 2),
    avgClaimHours: ratioText(m.claimWaitMs, m.claimsCount * MS_PER_HOUR, 1),
    avgDisburseDays: ratioText(m.disburseWaitMs, (m.loansCount - m.renewalsCount) * MS_PER_DAY, 1),
    renewalsCount: m.renewalsCount,
    renewalsAmountFen: m.renewalsAmount,
    ecnyLoansCount: m.ecnyLoansCount,
    ecnyLoansAmountFen: m.ecnyLoansAmount,
    poolEnrolmentsCount: m.poolEnrolmentsCount,
    poolEnrolmentsAmountFen: m.poolEnrolmentsAmount,
    compensationsCount: m.compensationsCount,
    compensationsAmountFen: m.compensationsAmount,
    recoveriesAmountFen: m.recoveriesAmount,
  };
}

/** Stocks at the end of the month, from the cumulative sums of their monthly changes. */
export type Stocks = {
  enterprises: bigint;
  institutions: bigint;
  listedProducts: bigint;
  outstandingAmountFen: bigint;
  nplAmountFen: bigint;
  /** 不良率: npl amount ÷ amount not settled, %, two decimals. */
  nplRatio: string | null;
  /** 到期未续未结清: loans whose maturity date has passed by the end of the month, neither settled nor renewed. */
  maturedUnsettledCount: bigint;
  maturedUnsettledAmountFen: bigint;
  /** 在保余额: loans enrolled in a risk-compensation pool and still covered. */
  coveredOutstandingFen: bigint;
  /** 资金池余额: the pools' capital − payouts + recoveries. */
  poolBalanceFen: bigint;
};

export function stocksOf(cumulative: Measures): Stocks {
  return {
    enterprises: cumulative.enterprisesNew,
    institutions: cumulative.institutionsDelta,
    listedProducts: cumulative.productsDelta,
    outstandingAmountFen: cumulative.outstandingDelta,
    nplAmountFen: cumulative.nplDelta,
    nplRatio: ratioText(cumulative.nplDelta, cumulative.outstandingDelta, 2, 100n),
    maturedUnsettledCount: cumulative.maturedUnsettledDelta,
    maturedUnsettledAmountFen: cumulative.maturedUnsettledAmountDelta,
    coveredOutstandingFen: cumulative.coveredOutstandingDelta,
    poolBalanceFen: cumulative.poolBalanceDelta,
  };
}

/** Change of `current` against `previous` in %, one decimal; null when there is nothing to compare. */
export function changePercent(current: bigint, previous: bigint): string | null {
  if (previous === 0n) return null;
  return ratioText(current - previous, previous, 1, 100n);
}
