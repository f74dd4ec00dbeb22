/**
 * How the facts feed the statistics: for each fact table, what one row adds to the monthly cells of
 * stat_cells (the measures themselves are listed in app/domain/statistics-measures.ts). The generator
 * (./generate-triggers.ts, `npm run db:statistics`) turns this into the view and triggers of the
 * latest drizzle/*_statistics_triggers.sql; nothing else writes trigger SQL by hand. docs/statistics.md
 * says how to add a measure.
 *
 * Conventions:
 * - Every SQL text is written for the row as inserted, `NEW.…`; for the old row of an update and for a
 *   delete the generator writes `OLD.…` instead and takes the contribution back (opposite signs).
 * - A step adds to the cells of one month: total, the enterprise's dimensions (district, industry
 *   section, size — of the enterprise as it is when the trigger runs) and the institution, where the
 *   fact has them. Its values are "+ expr" or "- expr" ("+ 1" counts one).
 * - An update of a watched column takes the old row's contribution back and adds the new row's.
 *
 * Pure data and types: no drizzle, no I/O.
 */
import { maturesOnSql } from "~/domain/maturity";
import type { Measure } from "~/domain/statistics-measures";

/** SQL text, written with `NEW.` for the fact row. */
export type Sql = string;

/** The month (text YYYY-MM, Asia/Shanghai) of a timestamp in ms. */
export const monthOf = (ms: Sql): Sql => `strftime('%Y-%m', (${ms}) / 1000, 'unixepoch', '+8 hours')`;

/** The cells one step adds to, besides the total. */
export type Cells = {
  /**
   * The enterprise whose dimensions (district, industry, size) get the fact: a column or a SELECT giving
   * its id, read through the `enterprise_dims` view; `own` on the enterprises table itself.
   */
  readonly enterprise?: "own" | Sql;
  /** The institution that gets the fact: a column or a SELECT giving its id. */
  readonly institution?: Sql;
};

/** A signed value: "+ expr" adds expr, "- expr" subtracts it; "+ 1" counts one. */
export type Signed = `${"+" | "-"} ${string}`;

export type Step = {
  /** What the step counts (for readers). */
  readonly about: string;
  /** The month of the cells (text YYYY-MM): usually monthOf(a timestamp column). */
  readonly month: Sql;
  readonly cells: Cells;
  /** Further FROM items, each row of which adds once (e.g. a loan's status segments). */
  readonly join?: Sql;
  /** Only when this holds. */
  readonly when?: Sql;
  /** What the step adds to each measure, in the order written. */
  readonly add: Partial<Record<Measure, Signed>>;
};

export type Fact = {
  readonly table: string;
  /** The columns whose update re-counts the row (AFTER UPDATE OF …); every column a step reads but `id`. */
  readonly watch: readonly string[];
  /** Columns that may never change: a BEFORE UPDATE trigger refuses the change. */
  readonly immutable?: readonly { readonly column: string; readonly because: string }[];
  /**
   * What one row adds, step by step. A list of steps is one hand-over: when the row is removed its
   * steps are taken back in reverse order (e.g. 首贷户: "the previous first loan stops being first,
   * then this one is first" becomes "this one stops being first, then the next one is").
   */
  readonly adds: readonly (Step | readonly Step[])[];
};

/** The enterprise dimensions, each with its enterprises column (the `enterprise_dims` view). */
export const ENTERPRISE_DIMENSIONS = [
  { dim: "district", column: "district_code" },
  { dim: "industry", column: "industry_section" },
  { dim: "size", column: "size" },
] as const;

// ---- loans ----------------------------------------------------------------------------------------

/** The enterprise's earliest loan other than this one (by disbursement, then id). */
const OTHER_FIRST_LOAN =
  "(SELECT id FROM loans WHERE enterprise_id = NEW.enterprise_id AND id != NEW.id ORDER BY disbursed_at, id LIMIT 1)";
/** No other loan of the enterprise comes before this one. */
const IS_FIRST_LOAN =
  "NOT EXISTS (SELECT 1 FROM loans WHERE enterprise_id = NEW.enterprise_id AND id != NEW.id AND (disbursed_at < NEW.disbursed_at OR (disbursed_at = NEW.disbursed_at AND id < NEW.id)))";
/** The loan's status reports, each with the status before it ('normal' before the first). */
const STATUS_SEGMENTS =
  "(SELECT month, status, lag(status, 1, 'normal') OVER (ORDER BY month) AS prev FROM loan_status_reports WHERE loan_id = NEW.id) AS seg";

/** The month the loan matures in (到期未续未结清 counts from its end). */
const MATURED_MONTH = `substr(${maturesOnSql("NEW.disbursed_on", "NEW.term_months")}, 1, 7)`;
/** A status segment's change into (+1) or out of (−1) settled. */
const SETTLED_CHANGE = "((seg.status = 'settled') - (seg.prev = 'settled'))";

// ---- loan status reports --------------------------------------------------------------------------

const REPORTED_AMOUNT = "(SELECT amount_fen FROM loans WHERE id = NEW.loan_id)";
/** The loan's status before this report: its latest earlier report, else 'normal'. */
const STATUS_BEFORE =
  "coalesce((SELECT status FROM loan_status_reports WHERE loan_id = NEW.loan_id AND id != NEW.id AND month < NEW.month ORDER BY month DESC LIMIT 1), 'normal')";
/** The month of the loan's next later report. */
const NEXT_REPORT_MONTH =
  "(SELECT month FROM loan_status_reports WHERE loan_id = NEW.loan_id AND id != NEW.id AND month > NEW.month ORDER BY month LIMIT 1)";
/** The reported loan's maturity month. */
const REPORTED_MATURED_MONTH = `(SELECT substr(${maturesOnSql("disbursed_on", "term_months")}, 1, 7) FROM loans WHERE id = NEW.loan_id)`;
/** A report before the loan was disbursed counts from the disbursement month. */
const DISBURSED_MONTH = monthOf("(SELECT disbursed_at FROM loans WHERE id = NEW.loan_id)");
/** The loan a row names by loan_id (a status report, a pool's enrolment or ledger row): its enterprise and institution. */
const LOAN_OF_ROW: Cells = {
  enterprise: "SELECT enterprise_id FROM loans WHERE id = NEW.loan_id",
  institution: "SELECT institution_id FROM loans WHERE id = NEW.loan_id",
};
/** The change this report makes to the loan's status (from the status before it). */
const REPORTED_CHANGE = (sign: "+" | "-"): Step["add"] => ({
  nplDelta: `${sign} ${REPORTED_AMOUNT} * ((NEW.status = 'npl') - (${STATUS_BEFORE} = 'npl'))`,
  outstandingDelta: `${sign === "+" ? "-" : "+"} ${REPORTED_AMOUNT} * ((NEW.status = 'settled') - (${STATUS_BEFORE} = 'settled'))`,
});

/** The change this report makes to 到期未续未结清 (counted from the maturity month). */
const REPORTED_MATURED_CHANGE = (sign: "+" | "-"): Step["add"] => {
  const settled = `((NEW.status = 'settled') - (${STATUS_BEFORE} = 'settled'))`;
  const minus = sign === "+" ? "-" : "+";
  return { maturedUnsettledDelta: `${minus} ${settled}`, maturedUnsettledAmountDelta: `${minus} ${REPORTED_AMOUNT} * ${settled}` };
};

const LOAN: Cells = { enterprise: "NEW.enterprise_id", institution: "NEW.institution_id" };
const CLAIM: Cells = { enterprise: "SELECT enterprise_id FROM needs WHERE id = NEW.need_id", institution: "NEW.institution_id" };

/** The fact tables, in the order their triggers are written. */
export const FACTS: readonly Fact[] = [
  {
    table: "enterprises",
    watch: ["registered_at", "district_code", "industry_section", "size"],
    adds: [{ about: "入驻企业 (新增)", month: monthOf("NEW.registered_at"), cells: { enterprise: "own" }, add: { enterprisesNew: "+ 1" } }],
  },
  {
    table: "institutions",
    watch: ["joined_at", "disabled_at"],
    adds: [
      { about: "an institution joins", month: monthOf("NEW.joined_at"), cells: {}, add: { institutionsDelta: "+ 1" } },
      {
        about: "and leaves (not before it joined)",
        month: monthOf("max(NEW.joined_at, NEW.disabled_at)"),
        cells: {},
        when: "NEW.disabled_at IS NOT NULL",
        add: { institutionsDelta: "- 1" },
      },
    ],
  },
  {
    table: "product_listings",
    watch: ["product_id", "listed_at", "delisted_at"],
    adds: [
      {
        about: "上架",
        month: monthOf("NEW.listed_at"),
        cells: { institution: "SELECT institution_id FROM products WHERE id = NEW.product_id" },
        add: { productsDelta: "+ 1" },
      },
      {
        about: "下架 (not before 上架)",
        month: monthOf("max(NEW.listed_at, NEW.delisted_at)"),
        cells: { institution: "SELECT institution_id FROM products WHERE id = NEW.product_id" },
        when: "NEW.delisted_at IS NOT NULL",
        add: { productsDelta: "- 1" },
      },
    ],
  },
  {
    table: "needs",
    watch: ["enterprise_id", "amount_fen"],
    immutable: [
      {
        column: "posted_at",
        because: "Waiting times of claims and loans are measured from the need's posting: it may never move.",
      },
    ],
    adds: [
      {
        about: "发布需求",
        month: monthOf("NEW.posted_at"),
        cells: { enterprise: "NEW.enterprise_id" },
        add: { needsCount: "+ 1", needsAmount: "+ NEW.amount_fen" },
      },
    ],
  },
  {
    table: "claims",
    watch: ["need_id", "institution_id", "claimed_at", "granted_at", "granted_amount_fen"],
    adds: [
      {
        about: "受理, and the wait since the need was posted",
        month: monthOf("NEW.claimed_at"),
        cells: CLAIM,
        add: { claimsCount: "+ 1", claimWaitMs: "+ (NEW.claimed_at - (SELECT posted_at FROM needs WHERE id = NEW.need_id))" },
      },
      {
        about: "授信",
        month: monthOf("NEW.granted_at"),
        cells: CLAIM,
        when: "NEW.granted_at IS NOT NULL",
        add: { grantsCount: "+ 1", grantsAmount: "+ coalesce(NEW.granted_amount_fen, 0)" },
      },
    ],
  },
  {
    table: "loans",
    watch: [
      "need_id",
      "enterprise_id",
      "institution_id",
      "amount_fen",
      "rate_bp",
      "guarantee_mode",
      "disbursed_at",
      "renews_loan_id",
      "channel",
      "disbursed_on",
      "term_months",
    ],
    adds: [
      {
        about:
          "放款 (credit, renewal and e-CNY loans apart), rate × amount, the wait since the need was posted (not for a renewal); outstanding from disbursement",
        month: monthOf("NEW.disbursed_at"),
        cells: LOAN,
        add: {
          loansCount: "+ 1",
          loansAmount: "+ NEW.amount_fen",
          loansRateAmount: "+ NEW.amount_fen * NEW.rate_bp",
          creditLoansCount: "+ (NEW.guarantee_mode = 'credit')",
          creditLoansAmount: "+ NEW.amount_fen * (NEW.guarantee_mode = 'credit')",
          disburseWaitMs: "+ (NEW.renews_loan_id IS NULL) * (NEW.disbursed_at - (SELECT posted_at FROM needs WHERE id = NEW.need_id))",
          outstandingDelta: "+ NEW.amount_fen",
          renewalsCount: "+ (NEW.renews_loan_id IS NOT NULL)",
          renewalsAmount: "+ NEW.amount_fen * (NEW.renews_loan_id IS NOT NULL)",
          ecnyLoansCount: "+ (NEW.channel = 'ecny')",
          ecnyLoansAmount: "+ NEW.amount_fen * (NEW.channel = 'ecny')",
        },
      },
      {
        about: "到期未续未结清 from the end of the maturity month",
        month: MATURED_MONTH,
        cells: LOAN,
        add: { maturedUnsettledDelta: "+ 1", maturedUnsettledAmountDelta: "+ NEW.amount_fen" },
      },
      {
        about: "each status report already recorded: settled takes the loan out of 到期未续未结清 (not before its maturity month)",
        month: `max(seg.month, ${MATURED_MONTH})`,
        cells: LOAN,
        join: STATUS_SEGMENTS,
        add: { maturedUnsettledDelta: `- ${SETTLED_CHANGE}`, maturedUnsettledAmountDelta: `- NEW.amount_fen * ${SETTLED_CHANGE}` },
      },
      {
        about: "each status report already recorded for the loan: into or out of npl, settled",
        month: `max(seg.month, ${monthOf("NEW.disbursed_at")})`,
        cells: LOAN,
        join: STATUS_SEGMENTS,
        add: {
          nplDelta: "+ NEW.amount_fen * ((seg.status = 'npl') - (seg.prev = 'npl'))",
          outstandingDelta: "- NEW.amount_fen * ((seg.status = 'settled') - (seg.prev = 'settled'))",
        },
      },
      [
        {
          about: "首贷户: the enterprise's previous first loan stops being first if this one comes before it",
          month: monthOf(`(SELECT disbursed_at FROM loans WHERE id = ${OTHER_FIRST_LOAN})`),
          cells: { enterprise: "NEW.enterprise_id", institution: `SELECT institution_id FROM loans WHERE id = ${OTHER_FIRST_LOAN}` },
          when: `${OTHER_FIRST_LOAN} IS NOT NULL AND ${IS_FIRST_LOAN}`,
          add: { firstLoans: "- 1" },
        },
        {
          about: "首贷户: this loan is the enterprise's first",
          month: monthOf("NEW.disbursed_at"),
          cells: LOAN,
          when: IS_FIRST_LOAN,
          add: { firstLoans: "+ 1" },
        },
      ],
    ],
  },
  {
    table: "loan_status_reports",
    watch: ["loan_id", "month", "status"],
    adds: [
      {
        about: "the loan's status changes in the report's month (not before disbursement)",
        month: `max(NEW.month, ${DISBURSED_MONTH})`,
        cells: LOAN_OF_ROW,
        add: REPORTED_CHANGE("+"),
      },
      {
        about: "the next report's change was counted from the status before this one: correct it",
        month: `max(${NEXT_REPORT_MONTH}, ${DISBURSED_MONTH})`,
        cells: LOAN_OF_ROW,
        when: `${NEXT_REPORT_MONTH} IS NOT NULL`,
        add: REPORTED_CHANGE("-"),
      },
      {
        about: "到期未续未结清: settled in the report's month takes the loan out (not before its maturity month)",
        month: `max(NEW.month, ${REPORTED_MATURED_MONTH})`,
        cells: LOAN_OF_ROW,
        add: REPORTED_MATURED_CHANGE("+"),
      },
      {
        about: "and the next report's change to it, counted from the status before this one: correct it",
        month: `max(${NEXT_REPORT_MONTH}, ${REPORTED_MATURED_MONTH})`,
        cells: LOAN_OF_ROW,
        when: `${NEXT_REPORT_MONTH} IS NOT NULL`,
        add: REPORTED_MATURED_CHANGE("-"),
      },
    ],
  },
  {
    table: "risk_pool_enrolments",
    watch: ["loan_id", "amount_fen", "enrolled_at", "released_at"],
    adds: [
      {
        about: "新增入池, and covered from enrolment (在保余额)",
        month: monthOf("NEW.enrolled_at"),
        cells: LOAN_OF_ROW,
        add: { poolEnrolmentsCount: "+ 1", poolEnrolmentsAmount: "+ NEW.amount_fen", coveredOutstandingDelta: "+ NEW.amount_fen" },
      },
      {
        about: "no longer covered once released (settled, renewed or compensated; not before enrolment)",
        month: monthOf("max(NEW.enrolled_at, NEW.released_at)"),
        cells: LOAN_OF_ROW,
        when: "NEW.released_at IS NOT NULL",
        add: { coveredOutstandingDelta: "- NEW.amount_fen" },
      },
    ],
  },
  {
    table: "risk_pool_ledger",
    watch: ["kind", "amount_fen", "loan_id", "at"],
    adds: [
      {
        about: "资金池余额: every movement (city total only)",
        month: monthOf("NEW.at"),
        cells: {},
        add: { poolBalanceDelta: "+ NEW.amount_fen" },
      },
      {
        about: "代偿: a payout (its amount is negative in the ledger)",
        month: monthOf("NEW.at"),
        cells: LOAN_OF_ROW,
        when: "NEW.kind = 'payout'",
        add: { compensationsCount: "+ 1", compensationsAmount: "- NEW.amount_fen" },
      },
      {
        about: "回收: a recovery returned to the pool",
        month: monthOf("NEW.at"),
        cells: LOAN_OF_ROW,
        when: "NEW.kind = 'recovery'",
        add: { recoveriesAmount: "+ NEW.amount_fen" },
      },
    ],
  },
];

/**
 * How a measure's column is filled from the facts already there when the measure is introduced (the
 * triggers only see later writes). Emitted once, in the trigger migration that introduces the measure.
 */
export type Backfill = {
  /** `SELECT month, dim, key, value …` (lines), giving the measure's cells. */
  readonly select: readonly Sql[];
  /**
   * Whether the cells may exist already, so the values are added to them (ON CONFLICT … DO UPDATE).
   * Only a backfill into an empty stat_cells — the very first trigger migration's — may do without.
   */
  readonly merge: boolean;
};

/** A loan's maturity month, of loans aliased l. */
const LOAN_MATURED_MONTH = `substr(${maturesOnSql("l.disbursed_on", "l.term_months")}, 1, 7)`;
/** Every loan's status segments, as STATUS_SEGMENTS gives one loan's. */
const ALL_STATUS_SEGMENTS =
  "(SELECT loan_id, month, status, lag(status, 1, 'normal') OVER (PARTITION BY loan_id ORDER BY month) AS prev FROM loan_status_reports) AS seg";
/** The loans enrolled in a pool, with enrolled_at and covered_fen. */
const ENROLLED_LOANS =
  "(SELECT l.*, r.enrolled_at, r.amount_fen AS covered_fen FROM loans l JOIN risk_pool_enrolments r ON r.loan_id = l.id)";
/** Ledger rows of one kind about a loan, with the loan's columns, at and moved_fen. */
const ledgerOfLoans = (kind: string): Sql =>
  `(SELECT l.*, g.at, g.amount_fen AS moved_fen FROM loans l JOIN risk_pool_ledger g ON g.loan_id = l.id WHERE g.kind = '${kind}')`;

/**
 * The backfill of a measure counted per loan-like row (`from`, aliased l, with enterprise_id and
 * institution_id): `value` in the cells of `month`, for the total, the enterprise's dimensions and the institution.
 */
function perLoanBackfill(month: Sql, value: Sql, from: Sql = "loans"): Backfill {
  return {
    select: [
      `SELECT month, dim, key, sum(v) FROM (SELECT ${month} AS month, d.dim, d.key, ${value} AS v FROM ${from} l JOIN (SELECT enterprise_id, dim, key FROM enterprise_dims UNION ALL SELECT id, 'total', '' FROM enterprises) d ON d.enterprise_id = l.enterprise_id UNION ALL SELECT ${month}, 'institution', CAST(l.institution_id AS TEXT), ${value} FROM ${from} l)`,
      "GROUP BY 1, 2, 3",
    ],
    merge: true,
  };
}

/** Backfills, by measure. A measure added after the first trigger migration must have one. */
export const BACKFILLS: Partial<Record<Measure, Backfill>> = {
  enterprisesNew: {
    select: [
      `SELECT ${monthOf("e.registered_at")}, d.dim, d.key, count(*) FROM enterprises e JOIN (SELECT enterprise_id, dim, key FROM enterprise_dims UNION ALL SELECT id, 'total', '' FROM enterprises) d ON d.enterprise_id = e.id`,
      "GROUP BY 1, 2, 3",
    ],
    merge: false,
  },
  institutionsDelta: {
    select: [
      `SELECT m, 'total', '', sum(n) FROM (SELECT ${monthOf("joined_at")} AS m, 1 AS n FROM institutions UNION ALL SELECT ${monthOf("disabled_at")}, -1 FROM institutions WHERE disabled_at IS NOT NULL)`,
      "GROUP BY m",
    ],
    merge: true,
  },
  renewalsCount: perLoanBackfill(monthOf("l.disbursed_at"), "(l.renews_loan_id IS NOT NULL)"),
  renewalsAmount: perLoanBackfill(monthOf("l.disbursed_at"), "l.amount_fen * (l.renews_loan_id IS NOT NULL)"),
  ecnyLoansCount: perLoanBackfill(monthOf("l.disbursed_at"), "(l.channel = 'ecny')"),
  ecnyLoansAmount: perLoanBackfill(monthOf("l.disbursed_at"), "l.amount_fen * (l.channel = 'ecny')"),
  // +1 at the maturity month, then each status segment's change into or out of settled, not before it.
  maturedUnsettledDelta: perLoanBackfill(
    `m`,
    "v",
    `(SELECT l.*, ${LOAN_MATURED_MONTH} AS m, 1 AS v FROM loans l UNION ALL SELECT l.*, max(seg.month, ${LOAN_MATURED_MONTH}), -((seg.status = 'settled') - (seg.prev = 'settled')) FROM loans l JOIN ${ALL_STATUS_SEGMENTS} ON seg.loan_id = l.id)`,
  ),
  maturedUnsettledAmountDelta: perLoanBackfill(
    `m`,
    "v",
    `(SELECT l.*, ${LOAN_MATURED_MONTH} AS m, l.amount_fen AS v FROM loans l UNION ALL SELECT l.*, max(seg.month, ${LOAN_MATURED_MONTH}), -l.amount_fen * ((seg.status = 'settled') - (seg.prev = 'settled')) FROM loans l JOIN ${ALL_STATUS_SEGMENTS} ON seg.loan_id = l.id)`,
  ),
  poolEnrolmentsCount: perLoanBackfill(monthOf("l.enrolled_at"), "1", ENROLLED_LOANS),
  poolEnrolmentsAmount: perLoanBackfill(monthOf("l.enrolled_at"), "l.covered_fen", ENROLLED_LOANS),
  coveredOutstandingDelta: perLoanBackfill(
    "m",
    "v",
    `(SELECT l.*, ${monthOf("r.enrolled_at")} AS m, r.amount_fen AS v FROM loans l JOIN risk_pool_enrolments r ON r.loan_id = l.id UNION ALL SELECT l.*, ${monthOf("max(r.enrolled_at, r.released_at)")}, -r.amount_fen FROM loans l JOIN risk_pool_enrolments r ON r.loan_id = l.id WHERE r.released_at IS NOT NULL)`,
  ),
  compensationsCount: perLoanBackfill(monthOf("l.at"), "1", ledgerOfLoans("payout")),
  compensationsAmount: perLoanBackfill(monthOf("l.at"), "-l.moved_fen", ledgerOfLoans("payout")),
  recoveriesAmount: perLoanBackfill(monthOf("l.at"), "l.moved_fen", ledgerOfLoans("recovery")),
  poolBalanceDelta: { select: [`SELECT ${monthOf("at")}, 'total', '', sum(amount_fen) FROM risk_pool_ledger`, "GROUP BY 1"], merge: true },
};
