/**
 * The measures of the monthly statistics (DESIGN.md §5): the additive numbers kept for every month and
 * cell in `stat_cells`, one integer column each. This list is the only place they are named: the
 * stat_cells columns (db/schema/statistics.ts), the statistics arithmetic (app/lib/statistics.ts), the
 * engine's reads (app/services/statistics.server.ts) and the trigger generator all take them from here,
 * in this order. Which facts feed each measure, and how, is described next to the generator in
 * db/statistics/facts.ts. To add a measure: docs/statistics.md.
 *
 * Pure data with no imports, so that app/lib and db can both depend on it (app/lib and app/domain never
 * import db).
 */
export type MeasureDefinition = {
  /** The name in code (Measures, the frozen reports' canonical JSON). */
  readonly name: string;
  /** The stat_cells column. */
  readonly column: string;
  /** What one cell of the month counts. Flows are summed over the month; "change in …" measures are stocks, summed up to the month. */
  readonly counts: string;
};

export const MEASURE_DEFINITIONS = [
  { name: "enterprisesNew", column: "enterprises_new", counts: "Enterprises registered during the month." },
  { name: "institutionsDelta", column: "institutions_delta", counts: "Change in institutions on the platform (+1 joined, −1 left)." },
  { name: "productsDelta", column: "products_delta", counts: "Change in listed products (+1 上架, −1 下架)." },
  { name: "needsCount", column: "needs_count", counts: "Needs posted during the month." },
  { name: "needsAmount", column: "needs_amount", counts: "Σ amount of the needs posted during the month, fen." },
  { name: "claimsCount", column: "claims_count", counts: "Claims made during the month." },
  { name: "claimWaitMs", column: "claim_wait_ms", counts: "Σ (claimedAt − need postedAt) over the claims made during the month, ms." },
  { name: "grantsCount", column: "grants_count", counts: "Claims granted during the month." },
  { name: "grantsAmount", column: "grants_amount", counts: "Σ granted amount of the claims granted during the month, fen." },
  { name: "loansCount", column: "loans_count", counts: "Loans disbursed during the month." },
  { name: "loansAmount", column: "loans_amount", counts: "Σ amount of the loans disbursed during the month, fen." },
  {
    name: "loansRateAmount",
    column: "loans_rate_amount",
    counts: "Σ amount × rate (fen × bp) of the loans disbursed during the month, for the weighted average rate.",
  },
  { name: "creditLoansCount", column: "credit_loans_count", counts: "Loans disbursed during the month with guarantee mode credit." },
  { name: "creditLoansAmount", column: "credit_loans_amount", counts: "Σ amount of those credit loans, fen." },
  {
    name: "disburseWaitMs",
    column: "disburse_wait_ms",
    counts: "Σ (disbursedAt − need postedAt) over the loans disbursed during the month, ms.",
  },
  { name: "firstLoans", column: "first_loans", counts: "Enterprises whose first loan on the platform was disbursed this month (首贷户)." },
  { name: "outstandingDelta", column: "outstanding_delta", counts: "Change in the amount of loans not settled, fen." },
  { name: "nplDelta", column: "npl_delta", counts: "Change in the amount of loans in status npl, fen." },
  { name: "renewalsCount", column: "renewals_count", counts: "Renewal loans (无还本续贷) disbursed during the month; also in loansCount." },
  { name: "renewalsAmount", column: "renewals_amount", counts: "Σ amount of those renewal loans, fen." },
  { name: "ecnyLoansCount", column: "ecny_loans_count", counts: "Loans disbursed during the month into an e-CNY (数字人民币) wallet." },
  { name: "ecnyLoansAmount", column: "ecny_loans_amount", counts: "Σ amount of those e-CNY loans, fen." },
  {
    name: "maturedUnsettledDelta",
    column: "matured_unsettled_delta",
    counts:
      "Change in the number of loans past their maturity month and not settled (到期未续未结清; a renewal settles the loan it renews).",
  },
  { name: "maturedUnsettledAmountDelta", column: "matured_unsettled_amount_delta", counts: "Change in the amount of those loans, fen." },
  {
    name: "poolEnrolmentsCount",
    column: "pool_enrolments_count",
    counts: "Loans enrolled in a risk-compensation pool (入池) during the month.",
  },
  { name: "poolEnrolmentsAmount", column: "pool_enrolments_amount", counts: "Σ amount of the loans enrolled during the month, fen." },
  {
    name: "coveredOutstandingDelta",
    column: "covered_outstanding_delta",
    counts: "Change in the amount of enrolled loans still covered (在保余额), fen.",
  },
  { name: "compensationsCount", column: "compensations_count", counts: "代偿 payouts made by the pools during the month." },
  { name: "compensationsAmount", column: "compensations_amount", counts: "Σ those payouts, fen." },
  { name: "recoveriesAmount", column: "recoveries_amount", counts: "Σ recoveries returned to the pools during the month, fen." },
  {
    name: "poolBalanceDelta",
    column: "pool_balance_delta",
    counts: "Change in the pools' balance (capital − payouts + recoveries), fen; city total only.",
  },
] as const satisfies readonly MeasureDefinition[];

export type Measure = (typeof MEASURE_DEFINITIONS)[number]["name"];

/** The measures' names, in order. */
export const MEASURES: readonly Measure[] = MEASURE_DEFINITIONS.map((m) => m.name);

/** Each measure's stat_cells column. */
export const MEASURE_COLUMNS = Object.fromEntries(MEASURE_DEFINITIONS.map((m) => [m.name, m.column])) as Record<Measure, string>;
