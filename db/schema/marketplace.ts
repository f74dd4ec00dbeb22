/**
 * The financing marketplace: credit products (金融超市), financing needs (融资需求), claims by
 * institutions (接单/受理) with their decision (授信 or rejection), loans (放款) and their monthly
 * status (贷后状态), and the append-only event log of every transition.
 *
 * Money is integer fen, rates integer basis points (annual), terms whole months, instants epoch ms.
 * The statistics (DESIGN.md §5) read these tables directly, so their meaning is fixed here:
 * - needs.postedAt         → 发布需求 (needs posted during M)
 * - claims.claimedAt       → 受理, and 平均受理时长 = claimedAt − needs.postedAt
 * - claims.grantedAt       → 授信 (granted amount = claims.grantedAmountFen)
 * - loans.disbursedAt      → 放款 (00:00 Shanghai on loans.disbursedOn), 首贷户, 加权平均利率, 平均放款时长;
 *                            renewals (renewsLoanId) apart as 其中续贷, e-CNY (channel) as 其中数字人民币
 * - loanStatusReports      → 不良率 at the end of M: each loan's latest report with month ≤ M
 * - productListings        → 上架产品数 at the end of M
 */
import { sql } from "drizzle-orm";
import { check, index, type AnySQLiteColumn, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  CLAIM_STATUSES,
  DISBURSEMENT_CHANNELS,
  GUARANTEE_MODES,
  LOAN_STATUSES,
  NEED_STATUSES,
  REJECT_REASON_CODES,
  type GuaranteeMode,
} from "~/domain/marketplace";
import { CREDIT_GRADES } from "~/domain/scoring";
import { enterprises, institutions, users } from "./accounts";
import { authorizations } from "./authorizations";

/** 信贷产品. JSON columns hold arrays; a null eligibility list means "all". */
export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    amountMinFen: integer("amount_min_fen").notNull(),
    amountMaxFen: integer("amount_max_fen").notNull(),
    rateMinBp: integer("rate_min_bp").notNull(),
    rateMaxBp: integer("rate_max_bp").notNull(),
    termMinMonths: integer("term_min_months").notNull(),
    termMaxMonths: integer("term_max_months").notNull(),
    /** JSON array of GuaranteeMode, at least one. */
    guaranteeModes: text("guarantee_modes", { mode: "json" }).$type<GuaranteeMode[]>().notNull(),
    /** JSON array of district codes, or null for every district. */
    eligibleDistricts: text("eligible_districts", { mode: "json" }).$type<string[] | null>(),
    /** JSON array of industry section letters, or null for every section. */
    eligibleIndustries: text("eligible_industries", { mode: "json" }).$type<string[] | null>(),
    /** The lowest credit grade served (A best); null serves every grade except knock-outs. */
    minGrade: text("min_grade", { enum: CREDIT_GRADES }),
    minYearsInOperation: integer("min_years_in_operation").notNull().default(0),
    /** JSON array of tags such as 首贷, 续贷, 科技, 绿色, 三农. */
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    /** Whether it is on the market now; the history of listings is in product_listings. */
    listed: integer("listed", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("products_institution_idx").on(t.institutionId),
    check("products_amount_range", sql`${t.amountMinFen} > 0 AND ${t.amountMinFen} <= ${t.amountMaxFen}`),
    check("products_rate_range", sql`${t.rateMinBp} > 0 AND ${t.rateMinBp} <= ${t.rateMaxBp}`),
    check("products_term_range", sql`${t.termMinMonths} > 0 AND ${t.termMinMonths} <= ${t.termMaxMonths}`),
  ],
);

/** Each period a product was on the market (上架 … 下架); delistedAt null while it still is. */
export const productListings = sqliteTable(
  "product_listings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    listedAt: integer("listed_at").notNull(),
    delistedAt: integer("delisted_at"),
  },
  (t) => [index("product_listings_product_idx").on(t.productId, t.listedAt)],
);

/**
 * 融资需求. Open to every institution, or aimed at one product (申请), in which case only that
 * product's institution may claim it.
 */
export const needs = sqliteTable(
  "needs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    amountFen: integer("amount_fen").notNull(),
    termMonths: integer("term_months").notNull(),
    purpose: text("purpose").notNull(),
    /** The preferred guarantee mode, or null for "any". */
    guaranteeMode: text("guarantee_mode", { enum: GUARANTEE_MODES }),
    /** The highest annual rate the enterprise accepts, or null. */
    rateCeilingBp: integer("rate_ceiling_bp"),
    /** The product applied to (申请), or null for a need open to all institutions. */
    targetProductId: integer("target_product_id").references(() => products.id),
    /** The authorization given when posting, letting institutions read the credit profile for this need. */
    authorizationId: integer("authorization_id").references(() => authorizations.id),
    status: text("status", { enum: NEED_STATUSES }).notNull().default("open"),
    postedAt: integer("posted_at").notNull(),
    /** Last day it accepts claims (Asia/Shanghai date); it expires at the end of that day. */
    expiresOn: text("expires_on").notNull(),
    updatedAt: integer("updated_at").notNull(),
    closedAt: integer("closed_at"),
  },
  (t) => [
    index("needs_enterprise_idx").on(t.enterpriseId),
    index("needs_status_idx").on(t.status, t.postedAt),
    index("needs_posted_at_idx").on(t.postedAt),
    index("needs_target_product_idx").on(t.targetProductId),
    check("needs_amount_positive", sql`${t.amountFen} > 0`),
    check("needs_term_positive", sql`${t.termMonths} > 0`),
  ],
);

/** 接单: one institution's handling of one need, from claim to decision. */
export const claims = sqliteTable(
  "claims",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    officerUserId: text("officer_user_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: CLAIM_STATUSES }).notNull().default("claimed"),
    claimedAt: integer("claimed_at").notNull(),
    /** When it was granted or rejected. */
    decidedAt: integer("decided_at"),
    grantedAt: integer("granted_at"),
    grantedProductId: integer("granted_product_id").references(() => products.id),
    grantedAmountFen: integer("granted_amount_fen"),
    grantedRateBp: integer("granted_rate_bp"),
    grantedTermMonths: integer("granted_term_months"),
    grantedGuaranteeMode: text("granted_guarantee_mode", { enum: GUARANTEE_MODES }),
    rejectReasonCode: text("reject_reason_code", { enum: REJECT_REASON_CODES }),
    rejectNote: text("reject_note"),
    /** The officer's internal note; visible only inside the institution. */
    internalNote: text("internal_note"),
  },
  (t) => [
    uniqueIndex("claims_need_institution_unique").on(t.needId, t.institutionId),
    index("claims_institution_idx").on(t.institutionId, t.status),
    index("claims_claimed_at_idx").on(t.claimedAt),
    index("claims_granted_at_idx").on(t.grantedAt),
  ],
);

/**
 * 放款: money paid out on a granted claim, or a 无还本续贷 renewal of an earlier loan (renewsLoanId, no
 * claim: the renewal keeps the original's need, so the need's timeline shows the chain).
 */
export const loans = sqliteTable(
  "loans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The granted claim it was disbursed on; null for a renewal. */
    claimId: integer("claim_id")
      .unique()
      .references(() => claims.id),
    /** The loan this one renews (settled the day this one was disbursed); null for a claim's loan. */
    renewsLoanId: integer("renews_loan_id")
      .unique()
      .references((): AnySQLiteColumn => loans.id),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    productId: integer("product_id").references(() => products.id),
    amountFen: integer("amount_fen").notNull(),
    rateBp: integer("rate_bp").notNull(),
    termMonths: integer("term_months").notNull(),
    guaranteeMode: text("guarantee_mode", { enum: GUARANTEE_MODES }).notNull(),
    /** The disbursement date the bank reports (Asia/Shanghai), never in the future. */
    disbursedOn: text("disbursed_on").notNull(),
    /** 00:00 Shanghai on disbursedOn, epoch ms: what month arithmetic uses. */
    disbursedAt: integer("disbursed_at").notNull(),
    /** When the officer recorded it. */
    recordedAt: integer("recorded_at").notNull(),
    /** The latest reported status (kept in step with loan_status_reports). */
    status: text("status", { enum: LOAN_STATUSES }).notNull().default("normal"),
    /** Where the money went: the firm's bank account or its 数字人民币 wallet. */
    channel: text("channel", { enum: DISBURSEMENT_CHANNELS }).notNull().default("bank_account"),
  },
  (t) => [
    check("loans_one_origin", sql`(${t.claimId} IS NULL) <> (${t.renewsLoanId} IS NULL)`),
    index("loans_disbursed_at_idx").on(t.disbursedAt),
    index("loans_enterprise_idx").on(t.enterpriseId, t.disbursedAt),
    index("loans_institution_idx").on(t.institutionId, t.disbursedAt),
    check("loans_amount_positive", sql`${t.amountFen} > 0`),
  ],
);

/** 贷后状态: the bank's monthly report of each loan's status; at most one per loan and month. */
export const loanStatusReports = sqliteTable(
  "loan_status_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    loanId: integer("loan_id")
      .notNull()
      .references(() => loans.id),
    month: text("month").notNull(),
    status: text("status", { enum: LOAN_STATUSES }).notNull(),
    reportedAt: integer("reported_at").notNull(),
    reportedByUserId: text("reported_by_user_id").references(() => users.id),
  },
  (t) => [uniqueIndex("loan_status_reports_loan_month_unique").on(t.loanId, t.month), index("loan_status_reports_month_idx").on(t.month)],
);

/**
 * Every transition of a need, its claims and loans: who, when, what. Append-only (triggers refuse
 * UPDATE and DELETE). The enterprise's timeline is read from here.
 */
export const needEvents = sqliteTable(
  "need_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    claimId: integer("claim_id").references(() => claims.id),
    loanId: integer("loan_id").references(() => loans.id),
    /** posted, edited, withdrawn, expired, claimed, granted, rejected, cancelled, disbursed, loan_status, sla_flagged, interception_overridden … */
    type: text("type").notNull(),
    actorUserId: text("actor_user_id").references(() => users.id),
    actorInstitutionId: integer("actor_institution_id").references(() => institutions.id),
    at: integer("at").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("need_events_need_idx").on(t.needId, t.at)],
);
