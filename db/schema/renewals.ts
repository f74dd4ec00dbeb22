/**
 * 无还本续贷 requests (app/domain/renewals.ts): the enterprise asks the lending institution to renew a
 * loan maturing soon, under a fresh authorization; an approval makes the new loan (loans.renewsLoanId).
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { RENEWAL_STATUSES } from "~/domain/renewals";
import { enterprises, institutions, users } from "./accounts";
import { authorizations } from "./authorizations";
import { loans } from "./marketplace";

export const loanRenewals = sqliteTable(
  "loan_renewals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The loan to renew. */
    loanId: integer("loan_id")
      .notNull()
      .references(() => loans.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    amountFen: integer("amount_fen").notNull(),
    termMonths: integer("term_months").notNull(),
    /** The enterprise's reasons / business situation, for the bank. */
    note: text("note").notNull().default(""),
    /** The authorization given with the request: the bank reads the current credit profile under it. */
    authorizationId: integer("authorization_id").references(() => authorizations.id),
    status: text("status", { enum: RENEWAL_STATUSES }).notNull().default("requested"),
    requestedAt: integer("requested_at").notNull(),
    requestedByUserId: text("requested_by_user_id")
      .notNull()
      .references(() => users.id),
    decidedAt: integer("decided_at"),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    declineReason: text("decline_reason"),
    /** The renewal loan, once approved. */
    newLoanId: integer("new_loan_id").references(() => loans.id),
  },
  (t) => [
    // One open request per loan at a time.
    uniqueIndex("loan_renewals_one_open")
      .on(t.loanId)
      .where(sql`status = 'requested'`),
    index("loan_renewals_institution_idx").on(t.institutionId, t.status),
    index("loan_renewals_enterprise_idx").on(t.enterpriseId),
    check("loan_renewals_amount_positive", sql`${t.amountFen} > 0`),
    check("loan_renewals_term_positive", sql`${t.termMonths} > 0`),
  ],
);
