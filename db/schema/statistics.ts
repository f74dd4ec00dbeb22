/**
 * Monthly 信易贷 statistics.
 *
 * `stat_cells` holds additive monthly aggregates of every fact the statistics count, kept exact by
 * SQLite triggers on the fact tables (migration 0005), so a report never scans millions of loans:
 * month M's figure is the cell of M, 本年累计 the sum from January, 累计 the sum since launch, and a
 * stock at the end of M (outstanding and NPL amounts, listed products, institutions, enterprises) the
 * sum of its monthly changes up to M. Each fact is counted once per dimension: `dim` is total,
 * district, industry, size or institution and `key` the value ('' for total). Enterprise dimensions are
 * those of the enterprise when the fact was recorded.
 *
 * `monthly_reports` keeps every frozen revision of a month's report: its numbers in canonical JSON and
 * their SHA-256, who froze it and when; a revision is opened by an admin with a stated reason.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

export const STAT_DIMENSIONS = ["total", "district", "industry", "size", "institution"] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];

const measure = (name: string) => integer(name).notNull().default(0);

export const statCells = sqliteTable(
  "stat_cells",
  {
    month: text("month").notNull(),
    dim: text("dim", { enum: STAT_DIMENSIONS }).notNull(),
    key: text("key").notNull(),
    /** Enterprises registered during the month. */
    enterprisesNew: measure("enterprises_new"),
    /** Change in institutions on the platform (+1 joined, −1 left). */
    institutionsDelta: measure("institutions_delta"),
    /** Change in listed products (+1 上架, −1 下架). */
    productsDelta: measure("products_delta"),
    needsCount: measure("needs_count"),
    needsAmount: measure("needs_amount"),
    claimsCount: measure("claims_count"),
    /** Σ (claimedAt − need postedAt), ms. */
    claimWaitMs: measure("claim_wait_ms"),
    grantsCount: measure("grants_count"),
    grantsAmount: measure("grants_amount"),
    loansCount: measure("loans_count"),
    loansAmount: measure("loans_amount"),
    /** Σ amount × rate (fen × bp), for the weighted average rate. */
    loansRateAmount: measure("loans_rate_amount"),
    creditLoansCount: measure("credit_loans_count"),
    creditLoansAmount: measure("credit_loans_amount"),
    /** Σ (disbursedAt − need postedAt), ms. */
    disburseWaitMs: measure("disburse_wait_ms"),
    /** Enterprises whose first loan on the platform was disbursed this month (首贷户). */
    firstLoans: measure("first_loans"),
    /** Change in the amount of loans not settled. */
    outstandingDelta: measure("outstanding_delta"),
    /** Change in the amount of loans in status npl. */
    nplDelta: measure("npl_delta"),
  },
  (t) => [primaryKey({ columns: [t.month, t.dim, t.key] })],
);

export const monthlyReports = sqliteTable(
  "monthly_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    month: text("month").notNull(),
    /** 1 for the first freeze; each admin-opened revision adds one. */
    revision: integer("revision").notNull(),
    /** open: a revision opened by an admin, not yet frozen again; frozen: numbers fixed. */
    status: text("status", { enum: ["open", "frozen"] }).notNull(),
    /** Why the revision was opened (required from revision 2 on). */
    reason: text("reason"),
    openedByUserId: text("opened_by_user_id").references(() => users.id),
    openedAt: integer("opened_at"),
    /** The report's numbers in canonical JSON (sorted keys), set when frozen. */
    payload: text("payload"),
    sha256: text("sha256"),
    frozenByUserId: text("frozen_by_user_id").references(() => users.id),
    frozenAt: integer("frozen_at"),
    /**
     * The version of the table layout (labels, notes; app/lib/report-layout.ts) the report was frozen
     * with, so its exports stay byte-for-byte what they were. Reports frozen before versions existed are 1.
     */
    layoutVersion: integer("layout_version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("monthly_reports_month_revision_unique").on(t.month, t.revision),
    index("monthly_reports_month_idx").on(t.month),
    check(
      "monthly_reports_frozen_complete",
      sql`${t.status} = 'open' OR (${t.payload} IS NOT NULL AND ${t.sha256} IS NOT NULL AND ${t.frozenAt} IS NOT NULL)`,
    ),
    check("monthly_reports_revision_reason", sql`${t.revision} = 1 OR ${t.reason} IS NOT NULL`),
  ],
);
