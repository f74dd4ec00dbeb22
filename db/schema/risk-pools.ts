/**
 * 风险补偿资金池 (app/domain/risk-pools.ts): the pools, the products covered, the loans enrolled, the
 * 代偿 claims and the ledger of every money movement. The ledger is append-only (triggers refuse
 * UPDATE and DELETE); a pool's balance is the sum of its rows. The monthly report counts:
 * - riskPoolEnrolments.enrolledAt / releasedAt → 新增入池 笔数/金额, 在保余额 at month end
 * - riskPoolLedger (payout)                    → 代偿 笔数/金额, by `at`
 * - riskPoolLedger (recovery)                  → 回收 金额, by `at`
 * - riskPoolLedger (all)                       → 资金池余额 at month end
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { COMPENSATION_STATUSES, POOL_LEDGER_KINDS, POOL_PRODUCT_STATUSES, POOL_RELEASE_REASONS } from "~/domain/risk-pools";
import { institutions, users } from "./accounts";
import { loans, products } from "./marketplace";

export const riskPools = sqliteTable(
  "risk_pools",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** The sponsoring district's code, or null for the city: a district's pool covers only firms of that district. */
    sponsorDistrictCode: text("sponsor_district_code"),
    /** The capital committed at creation (its ledger row is what counts for the balance). */
    capitalFen: integer("capital_fen").notNull(),
    /** The fund's share of a loss, basis points (5000 = 50 %). */
    lossShareBp: integer("loss_share_bp").notNull(),
    capPerLoanFen: integer("cap_per_loan_fen").notNull(),
    capPerYearFen: integer("cap_per_year_fen").notNull(),
    /** Covered outstanding may be at most this many times the balance. */
    leverageLimit: integer("leverage_limit").notNull(),
    /** Whether it enrols new loans. */
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id),
  },
  (t) => [
    check("risk_pools_capital_positive", sql`${t.capitalFen} > 0`),
    check("risk_pools_share_range", sql`${t.lossShareBp} > 0 AND ${t.lossShareBp} <= 10000`),
    check("risk_pools_caps_positive", sql`${t.capPerLoanFen} > 0 AND ${t.capPerYearFen} > 0`),
    check("risk_pools_leverage_positive", sql`${t.leverageLimit} > 0`),
  ],
);

/** A product a bank opted into a pool, and the bureau's decision. */
export const riskPoolProducts = sqliteTable(
  "risk_pool_products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    poolId: integer("pool_id")
      .notNull()
      .references(() => riskPools.id),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    status: text("status", { enum: POOL_PRODUCT_STATUSES }).notNull().default("requested"),
    requestedAt: integer("requested_at").notNull(),
    requestedByUserId: text("requested_by_user_id").references(() => users.id),
    decidedAt: integer("decided_at"),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    reason: text("reason"),
  },
  (t) => [
    // A product is asked for or in a pool once at a time.
    uniqueIndex("risk_pool_products_live")
      .on(t.poolId, t.productId)
      .where(sql`status IN ('requested', 'approved')`),
    index("risk_pool_products_product_idx").on(t.productId, t.status),
  ],
);

/** 入池: a loan covered by a pool from its disbursement until it is settled, renewed or compensated. */
export const riskPoolEnrolments = sqliteTable(
  "risk_pool_enrolments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    poolId: integer("pool_id")
      .notNull()
      .references(() => riskPools.id),
    loanId: integer("loan_id")
      .notNull()
      .unique()
      .references(() => loans.id),
    /** The loan's amount, covered. */
    amountFen: integer("amount_fen").notNull(),
    enrolledAt: integer("enrolled_at").notNull(),
    releasedAt: integer("released_at"),
    releaseReason: text("release_reason", { enum: POOL_RELEASE_REASONS }),
  },
  (t) => [
    index("risk_pool_enrolments_pool_idx").on(t.poolId, t.enrolledAt),
    check("risk_pool_enrolments_amount_positive", sql`${t.amountFen} > 0`),
  ],
);

/** 代偿申请: the bank asks the pool for its share of the loss on an enrolled loan reported npl. */
export const compensationClaims = sqliteTable(
  "compensation_claims",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    poolId: integer("pool_id")
      .notNull()
      .references(() => riskPools.id),
    loanId: integer("loan_id")
      .notNull()
      .references(() => loans.id),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    lossFen: integer("loss_fen").notNull(),
    /** Where the supporting documents are (the bank's file or case number). */
    documentsRef: text("documents_ref").notNull(),
    status: text("status", { enum: COMPENSATION_STATUSES }).notNull().default("filed"),
    filedAt: integer("filed_at").notNull(),
    filedByUserId: text("filed_by_user_id")
      .notNull()
      .references(() => users.id),
    decidedAt: integer("decided_at"),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    refuseReason: text("refuse_reason"),
    /** What the fund paid, once approved. */
    payoutFen: integer("payout_fen"),
  },
  (t) => [
    // One claim in review or paid per loan; a refused one may be filed again.
    uniqueIndex("compensation_claims_live")
      .on(t.loanId)
      .where(sql`status IN ('filed', 'approved')`),
    index("compensation_claims_pool_idx").on(t.poolId, t.status),
    check("compensation_claims_loss_positive", sql`${t.lossFen} > 0`),
  ],
);

/** Every money movement of a pool, append-only; the balance is the sum of amountFen. */
export const riskPoolLedger = sqliteTable(
  "risk_pool_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    poolId: integer("pool_id")
      .notNull()
      .references(() => riskPools.id),
    kind: text("kind", { enum: POOL_LEDGER_KINDS }).notNull(),
    /** Signed: capital and recoveries positive, payouts negative. */
    amountFen: integer("amount_fen").notNull(),
    /** For a payout the loss, for a recovery the amount recovered: what amountFen is the fund's share of. */
    basisFen: integer("basis_fen"),
    loanId: integer("loan_id").references(() => loans.id),
    compensationClaimId: integer("compensation_claim_id").references(() => compensationClaims.id),
    note: text("note").notNull().default(""),
    at: integer("at").notNull(),
    byUserId: text("by_user_id").references(() => users.id),
  },
  (t) => [
    index("risk_pool_ledger_pool_idx").on(t.poolId, t.at),
    index("risk_pool_ledger_at_idx").on(t.at),
    check("risk_pool_ledger_sign", sql`(${t.kind} = 'payout' AND ${t.amountFen} < 0) OR (${t.kind} <> 'payout' AND ${t.amountFen} > 0)`),
  ],
);
